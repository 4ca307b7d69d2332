import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router.ts';
import { setApi } from './api/client.ts';
import { detectApi } from './api/detect.ts';
import './lib/echarts.ts';
import './style.css';

setApi(detectApi(window));
createApp(App).use(createPinia()).use(router).mount('#app');

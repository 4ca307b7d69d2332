import { createRouter, createWebHashHistory } from 'vue-router';

// Hash history: the same URLs work from the desktop app's custom protocol and from the server.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'projects', component: () => import('./views/ProjectsView.vue') },
    { path: '/projects/:id', name: 'runs', component: () => import('./views/RunsView.vue'), props: (r) => ({ projectId: Number(r.params.id) }) },
    { path: '/new', name: 'new-run', component: () => import('./views/NewRunView.vue') },
    { path: '/runs/:id', name: 'run', component: () => import('./views/RunDetailView.vue'), props: (r) => ({ runId: Number(r.params.id) }) },
    { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue') },
    { path: '/sweeps/:id', name: 'sweep', component: () => import('./views/SweepView.vue'), props: (r) => ({ sweepId: Number(r.params.id) }) },
  ],
});

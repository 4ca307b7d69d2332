import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const THEME_KEY = 'nclab.theme';

/** Per-user view preferences, kept in localStorage. */
export const useSettingsStore = defineStore('settings', () => {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(THEME_KEY);
  const prefersDark = typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = ref<'light' | 'dark'>(stored === 'dark' || stored === 'light' ? stored : prefersDark ? 'dark' : 'light');
  watch(theme, (t) => {
    if (typeof localStorage !== 'undefined') localStorage.setItem(THEME_KEY, t);
  });
  function toggleTheme() {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }
  return { theme, toggleTheme };
});

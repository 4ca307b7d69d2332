import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PluginInfo, PluginLoadError } from '../../../src-main/service/contract.ts';
import { api } from '../api/client.ts';

/** The installed plugins and their manifests (forms, metric definitions, panels). */
export const usePluginsStore = defineStore('plugins', () => {
  const plugins = ref<PluginInfo[]>([]);
  const loadErrors = ref<PluginLoadError[]>([]);
  const error = ref<string | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= api()
      .call('plugins.list', {})
      .then((r) => {
        plugins.value = r.plugins;
        loadErrors.value = r.errors;
        loaded.value = true;
        error.value = null;
      })
      .catch((e: Error) => {
        error.value = e.message;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  const byId = computed(() => new Map(plugins.value.map((p) => [p.id, p])));

  /** A metric's declaration (label, definition, scale), or undefined for metrics a plugin did not declare. */
  function metric(pluginId: string, key: string) {
    return byId.value.get(pluginId)?.metrics.find((m) => m.key === key);
  }

  return { plugins, loadErrors, error, loaded, load, byId, metric };
});

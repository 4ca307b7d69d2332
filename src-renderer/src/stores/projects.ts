import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Project } from '../../../src-main/service/contract.ts';
import { api } from '../api/client.ts';

/** Projects with their run counts by status. */
export const useProjectsStore = defineStore('projects', () => {
  const projects = ref<Project[]>([]);
  const includeArchived = ref(false);
  const error = ref<string | null>(null);
  const loading = ref(false);

  async function load() {
    loading.value = true;
    try {
      projects.value = await api().call('projects.list', { includeArchived: includeArchived.value });
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  function replace(p: Project) {
    const i = projects.value.findIndex((x) => x.id === p.id);
    if (p.archived && !includeArchived.value) {
      if (i >= 0) projects.value.splice(i, 1);
    } else if (i >= 0) projects.value[i] = p;
    else projects.value.push(p);
    return p;
  }

  const create = async (name: string, description?: string) => replace(await api().call('projects.create', { name, description }));
  const rename = async (id: number, name: string) => replace(await api().call('projects.update', { id, name }));
  const setArchived = async (id: number, archived: boolean) => replace(await api().call('projects.update', { id, archived }));
  async function remove(id: number) {
    await api().call('projects.delete', { id });
    projects.value = projects.value.filter((p) => p.id !== id);
  }

  const byId = computed(() => new Map(projects.value.map((p) => [p.id, p])));
  return { projects, includeArchived, error, loading, load, create, rename, setArchived, remove, byId };
});

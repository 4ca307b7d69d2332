import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { EngineEvent, InputOf, Run, RunStatus } from '../../../src-main/service/contract.ts';
import { api } from '../api/client.ts';
import { isActive, type ParamFilter } from '../lib/run-filter.ts';

export interface RunFilter {
  projectId?: number;
  plugin?: string;
  status: RunStatus[];
  tag?: string;
  text: string;
  /** Parameter ranges, e.g. {lr: {min: 0.01, max: 1}}, or exact values, e.g. {bias: {eq: true}}. */
  params: Record<string, ParamFilter>;
  sort: string;
  order: 'asc' | 'desc';
}

/** The runs table of a project and every run seen (detail views), kept live by engine events. */
export const useRunsStore = defineStore('runs', () => {
  const filter = reactive<RunFilter>({ status: [], text: '', params: {}, sort: 'id', order: 'desc' });
  /** Ids in table order. */
  const list = ref<number[]>([]);
  const byId = reactive(new Map<number, Run>());
  const selected = ref<number[]>([]);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  /** Status events seen per run: a state change pushed while a request was on its way is newer than its response. */
  const statusEvents = new Map<number, number>();
  const eventCount = (id: number) => statusEvents.get(id) ?? 0;

  /**
   * Stores a run read by a request issued when `seen` status events of it had arrived. If the
   * event stream has moved the run on since, the response is older than what is shown: keep the
   * live state and take only the user's metadata from the response.
   */
  function putFresh(run: Run, seen: number): Run {
    const prev = byId.get(run.id);
    if (prev && eventCount(run.id) !== seen) {
      byId.set(run.id, { ...prev, name: run.name, tags: run.tags, notes: run.notes, color: run.color });
      return byId.get(run.id)!;
    }
    return put(run);
  }

  function put(run: Run): Run {
    const prev = byId.get(run.id);
    // A status event may be older than the last progress event: keep the live progress.
    byId.set(run.id, prev && run.status === 'running' && !run.progress && prev.progress ? { ...run, progress: prev.progress } : run);
    return byId.get(run.id)!;
  }

  function query(): InputOf<'runs.list'> {
    const params = Object.fromEntries(Object.entries(filter.params).filter(([, r]) => isActive(r)));
    return {
      projectId: filter.projectId,
      plugin: filter.plugin || undefined,
      status: filter.status.length ? filter.status : undefined,
      tag: filter.tag || undefined,
      text: filter.text.trim() || undefined,
      params: Object.keys(params).length ? params : undefined,
      sort: filter.sort,
      order: filter.order,
    };
  }

  async function load() {
    loading.value = true;
    try {
      const seen = new Map(statusEvents);
      const runs = await api().call('runs.list', query());
      list.value = runs.map((r) => putFresh(r, seen.get(r.id) ?? 0).id);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  function scheduleReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void load();
    }, 300);
  }

  async function fetch(id: number): Promise<Run> {
    const seen = eventCount(id);
    return putFresh(await api().call('runs.get', { id }), seen);
  }

  function applyEvent(event: EngineEvent) {
    if (event.type === 'run-status') {
      statusEvents.set(event.run.id, (statusEvents.get(event.run.id) ?? 0) + 1);
      put(event.run);
      // A run new to the table (created elsewhere: CLI, a sweep) arrives through a reload, so filters and order hold.
      if (!list.value.includes(event.run.id) && (filter.projectId === undefined || filter.projectId === event.run.projectId)) scheduleReload();
    } else if (event.type === 'progress') {
      const run = byId.get(event.runId);
      if (run) {
        if (event.unit === 'steps') run.step = event.step;
        run.progress = { done: event.step, total: event.total, unit: event.unit, stepsPerSec: event.stepsPerSec, eta: event.eta };
        if (run.status === 'queued') run.status = 'running';
      }
    }
  }

  /** Keeps runs live; returns the unsubscribe function. */
  function connect(): () => void {
    return api().subscribe(applyEvent);
  }

  /** Sends a request that returns a run, and stores the run unless the event stream has moved past it meanwhile. */
  const track = async (request: () => Promise<Run>) => {
    const seen = new Map(statusEvents);
    const response = await request();
    const run = putFresh(response, seen.get(response.id) ?? 0);
    if (!list.value.includes(run.id) && (filter.projectId === undefined || filter.projectId === run.projectId)) list.value = [run.id, ...list.value];
    return run;
  };
  const create = (input: InputOf<'runs.create'>) => track(() => api().call('runs.create', input));
  const clone = (input: InputOf<'runs.clone'>) => track(() => api().call('runs.clone', input));
  /** Same plugin, config and seed: the numbers must come out identical. */
  const rerun = (run: Run) => clone({ id: run.id, seed: run.seed });
  /** "cancelled" may arrive over the event stream before the response that still says "running": track() keeps it. */
  const control = (op: 'runs.pause' | 'runs.resume' | 'runs.cancel' | 'runs.start', id: number): Promise<Run> => track(() => api().call(op, { id }));
  const pause = (id: number) => control('runs.pause', id);
  const resume = (id: number) => control('runs.resume', id);
  const cancel = (id: number) => control('runs.cancel', id);
  const start = (id: number) => control('runs.start', id);
  const update = (input: InputOf<'runs.update'>) => track(() => api().call('runs.update', input));
  /** A perturbed-ufm run on a run's saved features (its H0), queued right away. */
  const featuresToInput = (input: InputOf<'runs.featuresToInput'>) => track(() => api().call('runs.featuresToInput', input));
  async function remove(id: number) {
    await api().call('runs.delete', { id });
    byId.delete(id);
    list.value = list.value.filter((x) => x !== id);
    selected.value = selected.value.filter((x) => x !== id);
  }
  async function createSweep(input: InputOf<'sweeps.create'>) {
    const r = await api().call('sweeps.create', input);
    for (const run of r.runs) put(run);
    scheduleReload();
    return r;
  }

  return { filter, list, byId, selected, error, loading, load, fetch, applyEvent, connect, create, clone, rerun, pause, resume, cancel, start, update, featuresToInput, remove, createSweep };
});

import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { Artifact, ArtifactInfo, PluginInfo, Run } from '../../../src-main/service/contract.ts';
import { api } from '../api/client.ts';
import { distance, etfReference, gramOf, scrubSteps, stepAtOrBefore, type Matrix } from '../lib/geometry.ts';
import { usePluginsStore } from './plugins.ts';

/** One run's heat map at the scrubbed step. */
export interface GeometryCell {
  run: Run;
  /** The run's own saved step shown for the scrubbed step (null: it saved none of this artifact). */
  step: number | null;
  /** Unit-Frobenius Gram, null while loading or when the artifact is not a Gram. */
  gram: Matrix | null;
  /** ||G/||G||_F - P_K/sqrt(K-1)||_F. */
  distance: number | null;
}

/** Artifacts that have a Gram to show: square matrices, and labelled features (their class means). */
const isGeometry = (info: ArtifactInfo, kind: PluginInfo['artifacts'][number]['kind'] | undefined) =>
  kind !== 'spectrum' && ((info.rows === info.cols && info.rows > 1) || info.hasLabels);

/**
 * Geometry of compared runs: which Gram artifacts they share, one step scrubber for all of them,
 * and each run's Gram at that step, fetched once and cached.
 */
export const useGeometryStore = defineStore('geometry', () => {
  const plugins = usePluginsStore();
  const runs = ref<Run[]>([]);
  const infos = reactive(new Map<number, ArtifactInfo[]>());
  const name = ref<string | null>(null);
  /** Index into `steps`; null follows the newest step. */
  const stepIndex = ref<number | null>(null);
  const cache = reactive(new Map<string, Artifact>());
  const error = ref<string | null>(null);
  const key = (runId: number, artifact: string, step: number) => `${runId}|${artifact}|${step}`;

  /** Artifact names with a Gram, with their label, over every compared run. */
  const names = computed(() => {
    const out = new Map<string, { label: string; runs: number }>();
    for (const r of runs.value) {
      const declared = plugins.byId.get(r.plugin)?.artifacts ?? [];
      for (const info of infos.get(r.id) ?? []) {
        const d = declared.find((a) => a.name === info.name);
        if (!isGeometry(info, d?.kind)) continue;
        const e = out.get(info.name);
        if (e) e.runs++;
        else out.set(info.name, { label: (d?.label ?? info.name) + (info.hasLabels ? ' (class-mean Gram)' : ''), runs: 1 });
      }
    }
    return out;
  });

  const infoOf = (runId: number) => infos.get(runId)?.find((a) => a.name === name.value);
  const steps = computed(() => scrubSteps(runs.value.map((r) => infoOf(r.id)?.steps ?? [])));
  const step = computed(() => {
    const s = steps.value;
    if (!s.length) return null;
    return s[stepIndex.value === null ? s.length - 1 : Math.min(stepIndex.value, s.length - 1)];
  });

  const cells = computed<GeometryCell[]>(() =>
    runs.value.map((run) => {
      const info = infoOf(run.id);
      const at = info && step.value !== null ? stepAtOrBefore(info.steps, step.value) : null;
      const a = at !== null && name.value ? cache.get(key(run.id, name.value, at)) : undefined;
      const gram = a ? gramOf(a) : null;
      return { run, step: at, gram, distance: gram ? distance(gram, etfReference(gram.length)) : null };
    }),
  );

  /** Simplex ETF references, one per class count among the shown Grams. */
  const references = computed(() => [...new Set(cells.value.flatMap((c) => (c.gram ? [c.gram.length] : [])))].sort((a, b) => a - b).map((K) => ({ K, gram: etfReference(K) })));

  /** One colour range for every heat map shown, so they read alike. */
  const range = computed(() => {
    let m = 0;
    for (const g of [...cells.value.map((c) => c.gram), ...references.value.map((r) => r.gram)]) for (const row of g ?? []) for (const v of row) m = Math.max(m, Math.abs(v));
    return { min: -(m || 1), max: m || 1 };
  });

  async function fetchShown() {
    const jobs = cells.value.flatMap((c) => {
      if (c.step === null || !name.value) return [];
      const k = key(c.run.id, name.value, c.step);
      if (cache.has(k)) return [];
      return [api().call('artifacts.get', { runId: c.run.id, name: name.value, step: c.step }).then((a) => void cache.set(k, a))];
    });
    try {
      await Promise.all(jobs);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  /** Lists the runs' artifacts (again: running runs save more) and shows the chosen Gram. */
  async function load(compared: Run[]) {
    runs.value = compared;
    try {
      await plugins.load();
      const lists = await Promise.all(compared.map((r) => api().call('artifacts.list', { runId: r.id })));
      compared.forEach((r, i) => infos.set(r.id, lists[i]));
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
    if (!name.value || !names.value.has(name.value)) {
      // A Gram of class means first: the geometry neural collapse is about.
      const all = [...names.value.keys()];
      name.value = all.find((n) => n === 'gramH') ?? all.find((n) => n === 'features') ?? all[0] ?? null;
    }
    await fetchShown();
  }

  async function setName(n: string) {
    name.value = n;
    stepIndex.value = null;
    await fetchShown();
  }

  async function setStepIndex(i: number) {
    stepIndex.value = i >= steps.value.length - 1 ? null : i;
    await fetchShown();
  }

  return { runs, names, name, steps, step, stepIndex, cells, references, range, error, load, setName, setStepIndex };
});

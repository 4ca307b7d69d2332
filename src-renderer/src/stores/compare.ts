import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { Run, Series } from '../../../src-main/service/contract.ts';
import { api } from '../api/client.ts';
import { buildCompareModel, type CompareSettings, type MetricMeta } from '../lib/compare-model.ts';
import { configDiff, metricDeltas } from '../lib/runs-compare.ts';
import { rangeStats, seriesStats, type RangeStats } from '../lib/series.ts';
import { runCurve } from '../lib/compare-model.ts';
import { usePluginsStore } from './plugins.ts';
import { useRunsStore } from './runs.ts';

/** Points per curve: about a chart's width in pixels, so nothing visible is lost. */
export const MAX_POINTS = 1200;

/** The comparison: which runs, which metrics, how they are drawn, and the series fetched for them. */
export const useCompareStore = defineStore('compare', () => {
  const runsStore = useRunsStore();
  const pluginsStore = usePluginsStore();
  const runIds = ref<number[]>([]);
  const metrics = ref<string[]>([]);
  const baselineId = ref<number | null>(null);
  const layout = ref<'overlay' | 'multiples'>('overlay');
  const settings = reactive<CompareSettings>({
    xMode: 'step',
    xMetric: null,
    xScale: 'lin',
    yScale: 'auto',
    group: { kind: 'none' },
    showTheory: true,
    showRange: false,
    zoom: null,
  });
  const overview = reactive(new Map<string, Series>());
  const detail = reactive(new Map<string, Series>());
  const error = ref<string | null>(null);
  const loading = ref(false);

  const key = (runId: number, metric: string) => `${runId}|${metric}`;
  const bucketing = () => (settings.xScale !== 'lin' && settings.xMode === 'step' ? 'log' : 'lin');
  let overviewBucketing: 'lin' | 'log' = 'lin';

  const runs = computed(() => runIds.value.map((id) => runsStore.byId.get(id)).filter((r): r is Run => !!r));

  /**
   * Every metric the compared runs' plugins declare, with its meta. Plugins may define the same key
   * differently: then every plugin's definition is shown, and the title is the neutral key.
   */
  const availableMetrics = computed(() => {
    const decls = new Map<string, { plugin: string; label: string; definition: string; scale: 'lin' | 'log' }[]>();
    for (const r of runs.value) {
      const p = pluginsStore.byId.get(r.plugin);
      const add = (key: string, d: { label: string; definition: string; scale: 'lin' | 'log' }) => {
        const list = decls.get(key) ?? [];
        if (!list.some((e) => e.plugin === r.plugin)) list.push({ plugin: r.plugin, ...d });
        decls.set(key, list);
      };
      for (const m of p?.metrics ?? []) add(m.key, { label: m.label, definition: m.definition, scale: m.scale });
      for (const k of Object.keys(r.final)) if (!p?.metrics.some((m) => m.key === k)) add(k, { label: k, definition: 'Not declared by the plugin.', scale: 'lin' });
    }
    const out = new Map<string, MetricMeta & { plugins: string[] }>();
    for (const [key, list] of decls) {
      const sameLabel = list.every((e) => e.label === list[0].label);
      const sameDef = list.every((e) => e.definition === list[0].definition);
      out.set(key, {
        label: sameLabel ? list[0].label : key,
        definition: sameDef ? list[0].definition : list.map((e) => `${e.plugin}: ${e.definition}`).join('; '),
        scale: list[0].scale,
        plugins: list.map((e) => e.plugin),
      });
    }
    return out;
  });

  /** The metrics to fetch: those shown, plus the x metric. */
  const needed = () => [...new Set([...metrics.value, ...(settings.xMode === 'metric' && settings.xMetric ? [settings.xMetric] : [])])];

  /** Overview requests in flight, so overlapping loads (runs and metrics set together) share them. */
  const inflight = new Map<string, Promise<void>>();

  async function fetchSeries(target: Map<string, Series>, from?: number, to?: number, only?: number[]) {
    const jobs: Promise<void>[] = [];
    for (const r of runs.value) {
      if (only && !only.includes(r.id)) continue;
      for (const metric of needed()) {
        if (!(metric in r.final)) continue;
        const k = key(r.id, metric);
        const isOverview = target === overview && !only;
        if (isOverview && (overview.has(k) || inflight.has(k))) {
          if (inflight.has(k)) jobs.push(inflight.get(k)!);
          continue;
        }
        const job = api()
          .call('series.get', { runId: r.id, metric, from, to, maxPoints: MAX_POINTS, bucketing: bucketing() })
          .then((s) => {
            target.set(k, s);
          })
          .finally(() => {
            if (isOverview) inflight.delete(k);
          });
        if (isOverview) inflight.set(k, job);
        jobs.push(job);
      }
    }
    await Promise.all(jobs);
  }

  async function load() {
    loading.value = true;
    try {
      await pluginsStore.load();
      await Promise.all(runIds.value.filter((id) => !runsStore.byId.has(id)).map((id) => runsStore.fetch(id)));
      // Assign only a real change: a fresh empty array would re-trigger watchers of `metrics` forever.
      if (metrics.value.length === 0) {
        const d = defaultMetrics();
        if (d.length > 0) metrics.value = d;
      }
      if (baselineId.value === null || !runIds.value.includes(baselineId.value)) baselineId.value = runIds.value[0] ?? null;
      if (overviewBucketing !== bucketing()) {
        overview.clear();
        detail.clear();
        overviewBucketing = bucketing();
      }
      await fetchSeries(overview);
      if (settings.zoom) await fetchSeries(detail, settings.zoom.from, settings.zoom.to);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  /** Metrics shared by the most runs first: the natural starting point of a comparison. */
  function defaultMetrics(): string[] {
    const entries = [...availableMetrics.value.entries()].filter(([k]) => runs.value.some((r) => k in r.final));
    entries.sort((a, b) => b[1].plugins.length - a[1].plugins.length);
    return entries.slice(0, 4).map(([k]) => k);
  }

  function setRuns(ids: number[]) {
    runIds.value = [...new Set(ids)];
    return load();
  }

  /** After a zoom (x by step): fetch the visible range at full resolution. */
  async function setZoom(range: { from: number; to: number } | null) {
    settings.zoom = range;
    detail.clear();
    if (!range) return;
    try {
      await fetchSeries(detail, range.from, range.to);
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  /** New points of compared runs: refresh their overview. */
  async function refreshRuns(ids: number[]) {
    try {
      await fetchSeries(overview, undefined, undefined, ids);
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  const lookup = {
    overview: (runId: number, metric: string) => overview.get(key(runId, metric)),
    detail: (runId: number, metric: string) => detail.get(key(runId, metric)),
  };

  const models = computed(() =>
    metrics.value.map((m) => buildCompareModel(m, availableMetrics.value.get(m) ?? { label: m, definition: '', scale: 'lin' }, runs.value, lookup, settings)),
  );

  const diff = computed(() => (baselineId.value === null ? [] : configDiff(runs.value, baselineId.value)));
  const deltas = computed(() => (baselineId.value === null ? [] : metricDeltas(runs.value, baselineId.value, metrics.value)));

  /**
   * Start, end, min, max and step at min of every shown (run, metric) over the visible range: exact
   * (the engine's stats of the queried range) from the overview when not zoomed, from the detail
   * fetched for the zoom range when zoomed; from the buckets only while that detail is in flight.
   */
  const stats = computed(() => {
    const zoom = settings.zoom;
    const rows: { runId: number; metric: string; stats: RangeStats }[] = [];
    for (const metric of metrics.value) {
      for (const r of runs.value) {
        const exact = zoom ? detail.get(key(r.id, metric)) : overview.get(key(r.id, metric));
        if (exact) {
          rows.push({ runId: r.id, metric, stats: seriesStats(exact) });
          continue;
        }
        const c = runCurve(r, metric, lookup, { ...settings, xMode: 'step' });
        if (c) rows.push({ runId: r.id, metric, stats: rangeStats(c, zoom?.from ?? -Infinity, zoom?.to ?? Infinity) });
      }
    }
    return rows;
  });

  return { runIds, runs, metrics, baselineId, layout, settings, overview, detail, error, loading, availableMetrics, load, setRuns, setZoom, refreshRuns, models, diff, deltas, stats };
});

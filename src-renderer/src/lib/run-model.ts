/** Charts of one run: a panel of the plugin's manifest drawn from the run's series. */
import type { PluginInfo, Run, Series } from '../../../src-main/service/contract.ts';
import { colorAt, type ChartModel } from './chart.ts';
import { curveOf } from './series.ts';

type Panel = PluginInfo['panels'][number];

export function panelModel(panel: Panel, run: Run, plugin: PluginInfo | undefined, series: Map<string, Series>): ChartModel {
  const lines: ChartModel['lines'] = [];
  let shown = 0;
  let total = 0;
  panel.metrics.forEach((metric, i) => {
    const s = series.get(metric);
    if (!s) return;
    const c = curveOf(s, panel.x === 'time' ? 'time' : 'step');
    const label = plugin?.metrics.find((m) => m.key === metric)?.label ?? metric;
    lines.push({ name: label, color: colorAt(i), runId: run.id, step: c.step, x: c.x, y: c.y });
    shown += s.steps.length;
    total += s.total;
  });
  const theory = run.theory
    .filter((t) => panel.metrics.includes(t.metric))
    .map((t) => ({ value: t.value, label: t.label, color: colorAt(panel.metrics.indexOf(t.metric)) }));
  const firstScale = plugin?.metrics.find((m) => m.key === panel.metrics[0])?.scale ?? 'lin';
  return {
    title: panel.title,
    metric: panel.metrics.join('+'),
    definition: '',
    xLabel: panel.x === 'time' ? 'time (s)' : 'step',
    xScale: panel.xScale ?? 'lin',
    yScale: panel.yScale ?? firstScale,
    lines,
    bands: [],
    theory,
    shown,
    total,
  };
}

/** Panels of the manifest, plus one panel per logged metric no panel mentions. */
export function runPanels(plugin: PluginInfo | undefined, run: Run): Panel[] {
  const panels = [...(plugin?.panels ?? [])];
  const covered = new Set(panels.flatMap((p) => p.metrics));
  for (const key of Object.keys(run.final)) {
    if (covered.has(key) || key.startsWith('_')) continue;
    const m = plugin?.metrics.find((x) => x.key === key);
    panels.push({ title: m?.label ?? key, metrics: [key], x: 'step', xScale: 'lin', yScale: m?.scale ?? 'lin' });
  }
  return panels;
}

/** Statuses after which a run logs nothing more (paused and interrupted runs may still resume). */
const finalStatuses: ReadonlySet<Run['status']> = new Set(['completed', 'failed', 'cancelled', 'diverged']);

/**
 * Splits a run's panels into those to draw and the metrics a finished run never logged (e.g. the
 * Mixon errors of a regularised MSE UFM run): an empty chart for those says nothing, one line does.
 * While the run can still log, every panel stays, drawn as waiting for points.
 */
export function splitPanels(panels: Panel[], run: Run, plugin: PluginInfo | undefined): { shown: Panel[]; notLogged: { key: string; label: string }[] } {
  if (!finalStatuses.has(run.status)) return { shown: panels, notLogged: [] };
  const shown: Panel[] = [];
  const notLogged: { key: string; label: string }[] = [];
  for (const panel of panels) {
    if (panel.metrics.some((m) => m in run.final)) shown.push(panel);
    else for (const key of panel.metrics) if (!notLogged.some((n) => n.key === key)) notLogged.push({ key, label: plugin?.metrics.find((m) => m.key === key)?.label ?? key });
  }
  return { shown, notLogged };
}

/**
 * Gram matrix of the centred class means, normalised to unit diagonal mean, from a d x N feature
 * matrix (column-major) with labels: the geometry the simplex ETF predicts (1 on the diagonal,
 * -1/(K-1) off it).
 */
export function classMeanGram(rows: number, cols: number, data: ArrayLike<number>, labels: ArrayLike<number>): { K: number; gram: number[][] } {
  const K = Math.max(...Array.from(labels)) + 1;
  const means = Array.from({ length: K }, () => new Float64Array(rows));
  const counts = new Array(K).fill(0);
  for (let j = 0; j < cols; j++) {
    const k = labels[j];
    counts[k]++;
    for (let i = 0; i < rows; i++) means[k][i] += data[i + j * rows];
  }
  const global = new Float64Array(rows);
  for (let k = 0; k < K; k++) for (let i = 0; i < rows; i++) global[i] += (means[k][i] /= Math.max(1, counts[k])) / K;
  for (let k = 0; k < K; k++) for (let i = 0; i < rows; i++) means[k][i] -= global[i];
  const gram = means.map((a) => means.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  const scale = gram.reduce((s, r, k) => s + r[k], 0) / K || 1;
  return { K, gram: gram.map((r) => r.map((v) => v / scale)) };
}

export function etfGram(K: number): number[][] {
  return Array.from({ length: K }, (_, a) => Array.from({ length: K }, (_, b) => (a === b ? 1 : -1 / (K - 1))));
}

/**
 * Seconds a run has run as of `now` (ms). The stored `elapsed` only changes with status events, so
 * while running it is extrapolated from when it was last seen (`seenAt`, ms), or from `startedAt`
 * for a first run segment (elapsed still 0) that started before the page saw it.
 */
export function liveElapsed(run: Pick<Run, 'status' | 'elapsed' | 'startedAt'>, seenAt: number, now: number): number {
  if (run.status !== 'running') return run.elapsed;
  const sinceSeen = run.elapsed + Math.max(0, now - seenAt) / 1000;
  const sinceStart = run.elapsed === 0 && run.startedAt ? Math.max(0, now - Date.parse(run.startedAt)) / 1000 : 0;
  return Math.max(sinceSeen, sinceStart);
}

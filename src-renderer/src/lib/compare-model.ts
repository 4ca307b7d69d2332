/** Builds the compare view's chart of one metric from runs, their fetched series and the view settings. */
import type { Run, Series } from '../../../src-main/service/contract.ts';
import type { XScale } from './axes.ts';
import { colorAt, type ChartBand, type ChartLine, type ChartModel } from './chart.ts';
import { groupRuns, type GroupMode } from './runs-compare.ts';
import { curveOf, groupCurve, mergeDetail, type Curve, type XMode } from './series.ts';

export interface CompareSettings {
  xMode: XMode;
  /** The metric on x when xMode is 'metric'. */
  xMetric: string | null;
  xScale: XScale;
  /** 'auto' takes the metric's declared preferred scale. */
  yScale: 'auto' | 'lin' | 'log';
  group: GroupMode;
  showTheory: boolean;
  /** Shade each run's bucket min..max (what downsampling folded away). */
  showRange: boolean;
  /** Visible step range after a zoom (x by step only); null = everything. */
  zoom: { from: number; to: number } | null;
}

export interface SeriesLookup {
  /** Whole history, downsampled. */
  overview(runId: number, metric: string): Series | undefined;
  /** The zoomed range at full resolution (up to maxPoints). */
  detail(runId: number, metric: string): Series | undefined;
}

export interface MetricMeta {
  label: string;
  definition: string;
  scale: 'lin' | 'log';
}

/** A run's name in legends and series: always with its id, since names need not be unique. */
export const runLabel = (r: Run) => (r.name ? `${r.name} #${r.id}` : `#${r.id} ${r.plugin}`);

/** The run's colour: its pinned colour, or the palette entry of its position among the compared runs. */
export function runColor(runs: Run[], run: Run): string {
  return run.color ?? colorAt(runs.indexOf(run));
}

export function runCurve(run: Run, metric: string, series: SeriesLookup, s: CompareSettings): Curve | null {
  const ov = series.overview(run.id, metric);
  if (!ov) return null;
  const xs = s.xMode === 'metric' && s.xMetric ? series.overview(run.id, s.xMetric) : undefined;
  if (s.xMode === 'metric' && !xs) return null;
  const base = curveOf(ov, s.xMode, xs);
  const det = s.zoom && s.xMode === 'step' ? series.detail(run.id, metric) : undefined;
  return det && s.zoom ? mergeDetail(base, curveOf(det, 'step'), s.zoom.from, s.zoom.to) : base;
}

export function buildCompareModel(metric: string, meta: MetricMeta, runs: Run[], series: SeriesLookup, s: CompareSettings): ChartModel {
  const lines: ChartLine[] = [];
  const bands: ChartBand[] = [];
  let shown = 0;
  let total = 0;
  const withMetric = runs.filter((r) => series.overview(r.id, metric));
  for (const r of withMetric) {
    const det = s.zoom && s.xMode === 'step' ? series.detail(r.id, metric) : undefined;
    const src = det ?? series.overview(r.id, metric)!;
    shown += src.steps.length;
    total += src.total;
  }
  const groups = groupRuns(withMetric, s.group);
  groups.forEach((g, gi) => {
    const curves = g.runs.map((r) => ({ run: r, curve: runCurve(r, metric, series, s) })).filter((c): c is { run: Run; curve: Curve } => !!c.curve);
    if (s.group.kind === 'none') {
      for (const { run, curve } of curves) {
        const color = runColor(runs, run);
        lines.push({ name: runLabel(run), color, runId: run.id, step: curve.step, x: curve.x, y: curve.y });
        if (s.showRange) bands.push({ name: `${runLabel(run)} range`, color, x: curve.x, lo: curve.lo, hi: curve.hi });
      }
      return;
    }
    const color = g.runs[0].color ?? colorAt(gi);
    const gc = groupCurve(curves.map((c) => c.curve));
    lines.push({ name: `${g.label} · mean of ${curves.length}`, color, runId: null, step: [], x: gc.x, y: gc.mean, width: 2.2 });
    if (curves.length > 1) bands.push({ name: `${g.label} spread`, color, x: gc.x, lo: gc.lo, hi: gc.hi });
  });
  const theory: ChartModel['theory'] = [];
  if (s.showTheory) {
    const seen = new Set<string>();
    for (const r of withMetric) {
      for (const t of r.theory) {
        const key = `${t.label}|${t.value}`;
        if (t.metric !== metric || seen.has(key)) continue;
        seen.add(key);
        theory.push({ value: t.value, label: `${t.label} (#${r.id})`, color: runColor(runs, r) });
      }
    }
  }
  const xLabel = s.xMode === 'step' ? 'step' : s.xMode === 'time' ? 'time (s)' : (s.xMetric ?? 'x');
  return {
    title: meta.label,
    metric,
    definition: meta.definition,
    xLabel,
    xScale: s.xScale,
    yScale: s.yScale === 'auto' ? meta.scale : s.yScale,
    lines,
    bands,
    theory,
    shown,
    total,
  };
}

/** The sweep summary chart: a reduced metric against one swept parameter, one line per setting of the others. */
import type { SweepSummary } from '../../../src-main/service/contract.ts';
import { toAxisX, type XScale, type YScale } from './axes.ts';
import { colorAt, type ChartModel } from './chart.ts';

export function sweepModel(summary: SweepSummary, metric: string, xParam: string, xScale: XScale, yScale: YScale, definition = ''): ChartModel {
  const others = summary.params.filter((p) => p !== xParam);
  const groups = new Map<string, { x: number; y: number; runId: number }[]>();
  let total = 0;
  for (const row of summary.rows) {
    const v = row.values[metric];
    const x = row.params[xParam];
    if (v === null || v === undefined || typeof x !== 'number') continue;
    const key = others.map((p) => `${p}=${row.params[p]}`).join(', ') || metric;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ x, y: v, runId: row.runId });
    total++;
  }
  const lines = [...groups].map(([name, pts], i) => {
    pts.sort((a, b) => a.x - b.x);
    return { name, color: colorAt(i), markers: true, runId: null, step: pts.map((p) => p.runId), x: pts.map((p) => p.x), y: pts.map((p) => p.y) };
  });
  // A swept value the log scale cannot place (λ = 0 is a usual one) would vanish while the count
  // still says every point is drawn: fall back to a linear axis, and say why.
  const hidden = [...new Set(lines.flatMap((l) => l.x.filter((x) => toAxisX(x, xScale) === null)))].sort((a, b) => a - b);
  const scale: XScale = hidden.length ? 'lin' : xScale;
  const note = hidden.length ? `${xParam} = ${hidden.join(', ')} cannot be placed on a ${xScale === 'log' ? 'log' : 'log log'} axis: shown on a linear axis.` : undefined;
  return {
    title: `${summary.reduce} ${metric} vs ${xParam}`,
    metric,
    definition,
    xLabel: xParam,
    xScale: scale,
    note,
    yScale,
    lines,
    bands: [],
    theory: [],
    shown: total,
    total: summary.rows.length,
  };
}

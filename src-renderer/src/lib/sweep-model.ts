/** The sweep summary chart: a reduced metric against one swept parameter, one line per setting of the others. */
import type { SweepSummary } from '../../../src-main/service/contract.ts';
import type { XScale, YScale } from './axes.ts';
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
  return {
    title: `${summary.reduce} ${metric} vs ${xParam}`,
    metric,
    definition,
    xLabel: xParam,
    xScale,
    yScale,
    lines,
    bands: [],
    theory: [],
    shown: total,
    total: summary.rows.length,
  };
}

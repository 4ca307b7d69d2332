/** Exports of what a chart plots: CSV and JSON of its data, SVG and PNG of its picture. */
import { init, type EChartsCoreOption } from 'echarts/core';
import './echarts.ts';
import type { ChartModel } from './chart.ts';

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** Long format: one row per plotted point, full precision, raw x (not the axis transform). */
export function chartCsv(model: ChartModel): string {
  const rows = [['series', 'run_id', 'metric', 'step', model.xLabel === 'step' ? 'x_step' : `x_${model.xLabel}`, model.metric].join(',')];
  for (const line of model.lines) {
    for (let i = 0; i < line.x.length; i++) {
      rows.push([csvCell(line.name), csvCell(line.runId), csvCell(model.metric), csvCell(line.step[i] ?? null), csvCell(line.x[i]), csvCell(line.y[i])].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * Wide format of a run's whole history (`series.export`): one row per logged step, one column per
 * metric, empty where a metric was not logged at that step.
 */
export function historyCsv(history: { metrics: string[]; steps: number[]; rows: (number | null)[][] }): string {
  const lines = [['step', ...history.metrics].map(csvCell).join(',')];
  history.steps.forEach((step, i) => lines.push([step, ...history.rows[i]].map(csvCell).join(',')));
  return lines.join('\n') + '\n';
}

export function chartJson(model: ChartModel): string {
  return JSON.stringify(
    {
      title: model.title,
      metric: model.metric,
      definition: model.definition,
      x: model.xLabel,
      xScale: model.xScale,
      yScale: model.yScale,
      pointsShown: model.shown,
      pointsTotal: model.total,
      theory: model.theory.map(({ value, label }) => ({ value, label })),
      series: model.lines.map((l) => ({ name: l.name, runId: l.runId, step: l.step, x: l.x, y: l.y })),
    },
    null,
    2,
  );
}

/** Renders an option to an SVG document with ECharts' server-side renderer (no DOM needed). */
export function optionSvg(option: EChartsCoreOption, width: number, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Saves a file through the browser's download (Electron shows its save dialog). */
export function download(filename: string, data: string | Blob, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function safeFileName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
}

/**
 * A `data:` URL (what ECharts' getDataURL returns) as a Blob, decoded in place: `fetch(dataURL)`
 * is refused by the CSP's connect-src. Throws on anything that is not a base64 data URL.
 */
export function dataUrlToBlob(url: string): Blob {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (!m) throw new Error('the chart gave no base64 image (expected a data: URL)');
  const bin = atob(m[2]);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: m[1] });
}

/**
 * A chart as data (ChartModel) and its ECharts option. Views build models; the same option
 * builder draws the live chart, the SVG/PNG export and the small-multiples figure, so what is
 * exported is what is seen.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { fmt, fromAxisX, loglogTicks, toAxisX, toAxisY, type XScale, type YScale } from './axes.ts';

export interface ChartLine {
  name: string;
  color: string;
  runId: number | null;
  step: number[];
  x: number[];
  y: number[];
  dashed?: boolean;
  width?: number;
  /** Draw every point as a marker (few points, e.g. one per sweep run). */
  markers?: boolean;
}

/** A shaded range between lo and hi (bucket min/max of a run, or the spread of a group). */
export interface ChartBand {
  name: string;
  color: string;
  x: number[];
  lo: number[];
  hi: number[];
}

export interface ChartModel {
  title: string;
  metric: string;
  definition: string;
  xLabel: string;
  xScale: XScale;
  yScale: YScale;
  lines: ChartLine[];
  bands: ChartBand[];
  theory: { value: number; label: string; color: string }[];
  /** Points drawn, and points stored for the visible range. */
  shown: number;
  /** Shown under the title: why the chart differs from what was asked (e.g. a scale fallback). */
  note?: string;
  total: number;
}

export interface OptionStyle {
  dark: boolean;
  /** Zoom window in raw x units; undefined shows everything. */
  zoom?: { from: number; to: number };
  interactive?: boolean;
}

const palette = ['#3b6fd8', '#e4572e', '#17a589', '#a05dd6', '#f2a900', '#d6336c', '#2f9e44', '#6c757d', '#1098ad', '#8d6e63'];
export const colorAt = (i: number) => palette[i % palette.length];

function pairs(model: ChartModel, x: number[], y: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < x.length; i++) {
    const ax = toAxisX(x[i], model.xScale);
    const ay = toAxisY(y[i], model.yScale);
    if (ax !== null && ay !== null) out.push([ax, ay]);
  }
  return out;
}

function bandSeries(model: ChartModel, band: ChartBand, axisIndex: number) {
  const upper = pairs(model, band.x, band.hi);
  const lower = pairs(model, band.x, band.lo);
  return {
    type: 'custom',
    name: band.name,
    xAxisIndex: axisIndex,
    yAxisIndex: axisIndex,
    silent: true,
    clip: true,
    z: 1,
    tooltip: { show: false },
    // Two data points give the band an extent; the polygon is drawn once, from all points.
    data: upper.length ? [upper[0], upper[upper.length - 1]] : [],
    renderItem: (params: { dataIndex: number }, api: { coord: (p: [number, number]) => number[] }) => {
      if (params.dataIndex !== 0) return null;
      const points = [...upper.map((p) => api.coord(p)), ...lower.reverse().map((p) => api.coord(p))];
      lower.reverse();
      return { type: 'polygon', shape: { points }, style: { fill: band.color, opacity: 0.16 } };
    },
  };
}

/** Smallest and largest raw x the chart can draw on its x scale, or null without data. */
function xExtent(model: ChartModel): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [...model.lines.map((l) => l.x), ...model.bands.map((b) => b.x)]) {
    for (const x of xs) {
      if (toAxisX(x, model.xScale) === null) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return lo <= hi ? { lo, hi } : null;
}

function axes(model: ChartModel, style: OptionStyle, gridIndex: number) {
  const text = style.dark ? '#c9ccd1' : '#444';
  const split = style.dark ? '#33363b' : '#ececec';
  // log(log t) is drawn on a linear axis of transformed values: limit it to the data and put the
  // ticks at readable t (powers of ten), since the axis's own ticks would be arbitrary t.
  const ext = model.xScale === 'loglog' ? xExtent(model) : null;
  const ticks = ext ? loglogTicks(ext.lo, ext.hi).map((t) => toAxisX(t, 'loglog')!) : null;
  const loglog = ext && ticks
    ? { min: toAxisX(ext.lo, 'loglog')!, max: toAxisX(ext.hi, 'loglog')!, axisTick: { customValues: ticks }, splitLine: { show: true, lineStyle: { color: split } } }
    : {};
  return {
    xAxis: {
      gridIndex,
      type: model.xScale === 'log' ? 'log' : 'value',
      name: model.xScale === 'loglog' ? `${model.xLabel} (log log scale)` : model.xLabel,
      nameLocation: 'middle',
      nameGap: 26,
      scale: true,
      // exp(exp(log(log t))) is t only to ~1e-12 relative: round before formatting, or 1e5 reads 99999.99.
      axisLabel: { color: text, formatter: (v: number) => fmt(Number(fromAxisX(v, model.xScale).toPrecision(12))), ...(ticks ? { customValues: ticks } : {}) },
      // Not at y = 0: on log or shifted y ranges that line sits inside (or off) the plot.
      axisLine: { onZero: false, lineStyle: { color: text } },
      splitLine: { show: true, lineStyle: { color: split } },
      ...loglog,
    },
    yAxis: {
      gridIndex,
      type: model.yScale === 'log' ? 'log' : 'value',
      scale: true,
      axisLabel: { color: text, formatter: (v: number) => fmt(v) },
      axisLine: { onZero: false, lineStyle: { color: text } },
      splitLine: { lineStyle: { color: split } },
    },
  };
}

function seriesOf(model: ChartModel, axisIndex: number) {
  const out: object[] = [];
  for (const band of model.bands) out.push(bandSeries(model, band, axisIndex));
  for (const line of model.lines) {
    out.push({
      type: 'line',
      name: line.name,
      xAxisIndex: axisIndex,
      yAxisIndex: axisIndex,
      data: pairs(model, line.x, line.y),
      showSymbol: !!line.markers,
      symbolSize: line.markers ? 7 : 4,
      animation: false,
      z: 3,
      color: line.color,
      lineStyle: { color: line.color, width: line.width ?? 1.6, type: line.dashed ? 'dashed' : 'solid' },
      emphasis: { focus: 'series' },
    });
  }
  const xs = out.length && model.lines[0]?.x.length ? pairs(model, model.lines[0].x, model.lines[0].y) : [];
  for (const t of model.theory) {
    const ty = toAxisY(t.value, model.yScale);
    if (ty === null) continue;
    // An invisible point puts the theory value inside the y extent; the mark line draws it.
    out.push({
      type: 'scatter',
      name: t.label,
      xAxisIndex: axisIndex,
      yAxisIndex: axisIndex,
      data: xs.length ? [[xs[0][0], ty]] : [],
      symbolSize: 0,
      silent: true,
      color: t.color,
      tooltip: { show: false },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: t.color, type: 'dotted', width: 1.5 },
        label: { formatter: `${t.label}: ${fmt(t.value, 4)}`, position: 'insideEndTop', color: t.color },
        data: [{ yAxis: ty }],
      },
    });
  }
  return out;
}

/** The option of one interactive chart. */
export function chartOption(model: ChartModel, style: OptionStyle): EChartsCoreOption {
  const { xAxis, yAxis } = axes(model, style, 0);
  const zoom = style.zoom && {
    startValue: toAxisX(style.zoom.from, model.xScale) ?? undefined,
    endValue: toAxisX(style.zoom.to, model.xScale) ?? undefined,
  };
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    grid: { left: 12, right: 24, top: 36, bottom: style.interactive ? 62 : 36, containLabel: true },
    legend: { type: 'scroll', top: 0, textStyle: { color: style.dark ? '#ddd' : '#333' } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'cross', label: { formatter: (p: { value: number; axisDimension: string }) => fmt(p.axisDimension === 'x' ? fromAxisX(p.value, model.xScale) : p.value, 4) } },
      valueFormatter: (v: unknown) => fmt(Array.isArray(v) ? (v[1] as number) : (v as number), 4),
    },
    xAxis,
    yAxis,
    dataZoom: style.interactive
      ? [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none', ...zoom },
          { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 8, ...zoom, labelFormatter: (v: number) => fmt(fromAxisX(v, model.xScale)) },
        ]
      : [],
    series: seriesOf(model, 0),
  };
}

/** A paper figure: one panel per model in a grid of `cols` columns, one shared legend. */
export function figureOption(models: ChartModel[], cols: number, style: OptionStyle, panel = { width: 360, height: 260 }): EChartsCoreOption {
  const rows = Math.ceil(models.length / cols);
  const top = 40;
  const grids: object[] = [];
  const xAxes: object[] = [];
  const yAxes: object[] = [];
  const titles: object[] = [];
  const series: object[] = [];
  models.forEach((m, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const left = col * panel.width + 56;
    const y = top + row * panel.height + 28;
    grids.push({ left, top: y, width: panel.width - 80, height: panel.height - 76 });
    const { xAxis, yAxis } = axes(m, style, i);
    xAxes.push(xAxis);
    yAxes.push(yAxis);
    titles.push({ text: m.title, left: left, top: y - 24, textStyle: { fontSize: 13, color: style.dark ? '#eee' : '#222' } });
    series.push(...seriesOf(m, i));
  });
  return {
    backgroundColor: style.dark ? '#18181c' : '#ffffff',
    animation: false,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    title: titles,
    legend: { top: 4, type: 'plain', data: [...new Set(models.flatMap((m) => m.lines.map((l) => l.name)))], textStyle: { color: style.dark ? '#ddd' : '#333' } },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    width: cols * panel.width,
    height: top + rows * panel.height,
  };
}

export const figureSize = (count: number, cols: number, panel = { width: 360, height: 260 }) => ({
  width: cols * panel.width,
  height: 40 + Math.ceil(count / cols) * panel.height,
});

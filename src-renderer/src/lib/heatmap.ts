/** ECharts option of a matrix heat map, shared by the run's artifact view and the compare view's geometry. */
import { fmt } from './axes.ts';

/** Heat maps beyond this many cells are strided: a screen cannot show more. */
const MAX_CELLS = 160_000;

export interface HeatStyle {
  textColor: string;
  /** Diverging colours around 0 (signed matrices such as Grams). */
  symmetric: boolean;
  /** A fixed colour range, so several heat maps side by side read on one scale. */
  range?: { min: number; max: number };
  /** Hide the colour bar (small multiples share one). */
  hideScale?: boolean;
}

export function heatOption(title: string, rows: number, cols: number, at: (i: number, j: number) => number, style: HeatStyle) {
  const stride = Math.max(1, Math.ceil(Math.sqrt((rows * cols) / MAX_CELLS)));
  const data: [number, number, number][] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows; i += stride)
    for (let j = 0; j < cols; j += stride) {
      const v = at(i, j);
      data.push([j / stride, i / stride, v]);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  const range = style.range ?? (style.symmetric ? { min: -m, max: m } : { min: lo, max: hi });
  const text = style.textColor;
  return {
    title: { text: stride > 1 ? `${title} (every ${stride}th entry)` : title, textStyle: { fontSize: 13, color: text }, left: 'center' },
    tooltip: { formatter: (p: { value: [number, number, number] }) => `(${p.value[1] * stride}, ${p.value[0] * stride}) = ${fmt(p.value[2], 5)}` },
    // Room under the x labels for the colour bar and the value labels of its handles, drawn above it.
    grid: { left: 40, right: 20, top: 30, bottom: style.hideScale ? 24 : 88 },
    xAxis: { type: 'category', data: Array.from({ length: Math.ceil(cols / stride) }, (_, j) => j * stride), axisLabel: { color: text } },
    yAxis: { type: 'category', inverse: true, data: Array.from({ length: Math.ceil(rows / stride) }, (_, i) => i * stride), axisLabel: { color: text } },
    visualMap: {
      show: !style.hideScale,
      min: range.min,
      max: range.max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      textStyle: { color: text },
      inRange: { color: style.symmetric ? ['#2c59b8', '#f7f7f7', '#c0392b'] : ['#0d0887', '#7e03a8', '#cc4778', '#f89540', '#f0f921'] },
      formatter: (v: number) => fmt(v),
    },
    series: [{ type: 'heatmap', data, progressive: 0, animation: false }],
  };
}

/**
 * Turning downsampled series (one bucket per point: last step/value, bucket min/max) into
 * plotted lines, with x by step, wall time or another metric.
 */
import type { Series } from '../../../src-main/service/contract.ts';

export type XMode = 'step' | 'time' | 'metric';

/** A plotted curve: parallel arrays; `step` keeps the step of every point whatever x is. */
export interface Curve {
  step: number[];
  x: number[];
  y: number[];
  lo: number[];
  hi: number[];
}

/**
 * Values of (steps, values) at `at`, linear in step between neighbours, NaN outside the
 * logged range. Both step arrays must be increasing.
 */
export function interpolateAt(steps: ArrayLike<number>, values: ArrayLike<number>, at: ArrayLike<number>): Float64Array {
  const out = new Float64Array(at.length).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    const s = at[i];
    while (j + 1 < steps.length && steps[j + 1] <= s) j++;
    if (steps.length === 0 || s < steps[0] || s > steps[steps.length - 1]) continue;
    if (steps[j] === s || j + 1 >= steps.length) out[i] = values[j];
    else {
      const w = (s - steps[j]) / (steps[j + 1] - steps[j]);
      out[i] = values[j] + w * (values[j + 1] - values[j]);
    }
  }
  return out;
}

/** The curve of a series against step, time, or another series of the same run (interpolated at its steps). */
export function curveOf(series: Series, xMode: XMode, xSeries?: Series): Curve {
  const n = series.steps.length;
  let xs: ArrayLike<number>;
  if (xMode === 'step') xs = series.steps;
  else if (xMode === 'time') xs = series.time;
  else {
    if (!xSeries) throw new Error('x by metric needs the x metric series');
    xs = interpolateAt(xSeries.steps, xSeries.last, series.steps);
  }
  const c: Curve = { step: [], x: [], y: [], lo: [], hi: [] };
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i])) continue;
    c.step.push(series.steps[i]);
    c.x.push(xs[i]);
    c.y.push(series.last[i]);
    c.lo.push(series.min[i]);
    c.hi.push(series.max[i]);
  }
  return c;
}

/**
 * The overview (whole history, coarse) outside [from, to] joined with the detail fetched for
 * [from, to] after a zoom, so panning out never shows a hole while the next query runs.
 */
export function mergeDetail(overview: Curve, detail: Curve, from: number, to: number): Curve {
  const out: Curve = { step: [], x: [], y: [], lo: [], hi: [] };
  const push = (c: Curve, i: number) => {
    out.step.push(c.step[i]);
    out.x.push(c.x[i]);
    out.y.push(c.y[i]);
    out.lo.push(c.lo[i]);
    out.hi.push(c.hi[i]);
  };
  for (let i = 0; i < overview.step.length && overview.step[i] < from; i++) push(overview, i);
  for (let i = 0; i < detail.step.length; i++) if (detail.step[i] >= from && detail.step[i] <= to) push(detail, i);
  for (let i = 0; i < overview.step.length; i++) if (overview.step[i] > to) push(overview, i);
  return out;
}

export interface RangeStats {
  start: number | null;
  end: number | null;
  min: number | null;
  max: number | null;
  /** Step of the minimum: exact from `seriesStats`; from `rangeStats`, the step of the bucket holding it. */
  stepAtMin: number | null;
  points: number;
}

/**
 * Exact statistics of the range a series was queried for, from the engine's `stats` (every stored
 * point, not the buckets: a bucket's value is its last point, so a bucket-based start is wrong).
 */
export function seriesStats(series: Series): RangeStats {
  const st = series.stats;
  if (!st) return { start: null, end: null, min: null, max: null, stepAtMin: null, points: 0 };
  return { start: st.first, end: st.last, min: st.min, max: st.max, stepAtMin: st.minStep, points: series.total };
}

/**
 * Statistics of a curve over the steps in [from, to], read from its buckets: only a stopgap while
 * the exact query for that range is in flight (see `seriesStats`).
 */
export function rangeStats(c: Curve, from = -Infinity, to = Infinity): RangeStats {
  const s: RangeStats = { start: null, end: null, min: null, max: null, stepAtMin: null, points: 0 };
  for (let i = 0; i < c.step.length; i++) {
    const step = c.step[i];
    if (step < from || step > to) continue;
    s.points++;
    if (s.start === null) s.start = c.y[i];
    s.end = c.y[i];
    if (s.min === null || c.lo[i] < s.min) {
      s.min = c.lo[i];
      s.stepAtMin = step;
    }
    if (s.max === null || c.hi[i] > s.max) s.max = c.hi[i];
  }
  return s;
}

export interface GroupCurve {
  x: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

/**
 * Mean and spread (min-max across members) of curves sharing an x meaning, on the x grid of the
 * densest member; members are interpolated onto it and ignored where they have no data.
 */
export function groupCurve(curves: Curve[]): GroupCurve {
  const out: GroupCurve = { x: [], mean: [], lo: [], hi: [] };
  if (curves.length === 0) return out;
  const grid = curves.reduce((a, b) => (b.x.length > a.x.length ? b : a)).x;
  const sorted = curves.map((c) => {
    const idx = c.x.map((_, i) => i).sort((a, b) => c.x[a] - c.x[b]);
    return interpolateAt(idx.map((i) => c.x[i]), idx.map((i) => c.y[i]), grid);
  });
  for (let i = 0; i < grid.length; i++) {
    let sum = 0;
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of sorted) {
      const y = v[i];
      if (Number.isNaN(y)) continue;
      sum += y;
      n++;
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    if (n === 0) continue;
    out.x.push(grid[i]);
    out.mean.push(sum / n);
    out.lo.push(lo);
    out.hi.push(hi);
  }
  return out;
}

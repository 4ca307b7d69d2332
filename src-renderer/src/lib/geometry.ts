/**
 * Geometry views: Gram matrices (of class means, of classifier rows) scaled to unit Frobenius norm,
 * so runs of any scale and the simplex ETF reference P_K/sqrt(K-1) share one colour scale, and a
 * step scrubber shared by runs whose matrices were saved at different steps.
 */
import { classMeanGram } from './run-model.ts';

export type Matrix = number[][];

/** A K x K matrix from column-major data (as artifacts travel). */
export function fromColumnMajor(rows: number, cols: number, data: ArrayLike<number>): Matrix {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i + j * rows]));
}

export function frobenius(m: Matrix): number {
  let s = 0;
  for (const row of m) for (const v of row) s += v * v;
  return Math.sqrt(s);
}

/** m / ||m||_F; a zero matrix (everything collapsed to 0) stays zero rather than becoming NaN. */
export function unitFrobenius(m: Matrix): Matrix {
  const n = frobenius(m);
  return n > 0 ? m.map((r) => r.map((v) => v / n)) : m.map((r) => r.map(() => 0));
}

/**
 * P_K / sqrt(K-1) with P_K = I - 11^T/K: the Gram of a simplex ETF at unit Frobenius norm
 * (P_K is a projector of rank K-1, so ||P_K||_F = sqrt(K-1)).
 */
export function etfReference(K: number): Matrix {
  const s = Math.sqrt(K - 1);
  return Array.from({ length: K }, (_, a) => Array.from({ length: K }, (_, b) => ((a === b ? 1 : 0) - 1 / K) / s));
}

/** ||a - b||_F: with unit-norm Grams against the reference, the NC2 distance of the plugins. */
export function distance(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) s += (a[i][j] - b[i][j]) ** 2;
  return Math.sqrt(s);
}

/**
 * The unit-norm Gram an artifact stands for: a square matrix artifact is a Gram already; a
 * labelled d x N feature matrix gives the Gram of its centred class means. Null for anything else.
 */
export function gramOf(a: { rows: number; cols: number; data: ArrayLike<number>; labels: ArrayLike<number> | null }): Matrix | null {
  if (a.labels) return unitFrobenius(classMeanGram(a.rows, a.cols, a.data, a.labels).gram);
  if (a.rows === a.cols && a.rows > 1) return unitFrobenius(fromColumnMajor(a.rows, a.cols, a.data));
  return null;
}

/** Every step any run saved, ascending: the positions of the shared scrubber. */
export function scrubSteps(stepLists: number[][]): number[] {
  return [...new Set(stepLists.flat())].sort((a, b) => a - b);
}

/**
 * The step a run shows when the scrubber is at `step`: its latest saved step at or before it
 * (the state the run was in then), or its first when it saved nothing that early.
 */
export function stepAtOrBefore(steps: number[], step: number): number | null {
  if (steps.length === 0) return null;
  let best: number | null = null;
  for (const s of steps) if (s <= step && (best === null || s > best)) best = s;
  return best ?? Math.min(...steps);
}

/**
 * The cross-entropy unconstrained layer-peeled objective (spec §2) and its gradient, in the
 * layout the hot loop wants:
 *  - `W`: K x d stored row by row (w_k = W[k*d .. k*d+d)),
 *  - `H`: d x N stored column by column (h_i = H[i*d .. i*d+d)), columns class by class,
 *    so the label of column i is floor(i / n).
 * Every inner loop then runs over contiguous d-vectors. In MatrixData terms `W` is the
 * column-major d x K matrix W^T and `H` is the column-major d x N matrix H.
 *
 * Written by hand (not with ml-matrix) because one step is three small matrix products plus a
 * softmax, and allocating Matrix objects per step would cost more than the arithmetic at the
 * paper's size (K, n, d) = (5, 10, 20), where 10^5 steps must run in well under a second.
 */
import type { MatrixData } from '../../src-main/engine/plugin-api.ts';

/** Problem sizes and the reduction: 'mean' divides the paper's sum by N = K n. */
export type UlpmShape = { K: number; n: number; d: number; reduction: 'sum' | 'mean' };

/** Scratch buffers reused by every step, so a step allocates nothing. */
export interface UlpmWorkspace {
  gW: Float64Array;
  p: Float64Array;
  acc: Float64Array;
}

export function createWorkspace(shape: UlpmShape): UlpmWorkspace {
  return { gW: new Float64Array(shape.K * shape.d), p: new Float64Array(shape.K), acc: new Float64Array(shape.d) };
}

/**
 * Softmax-cross-entropy of one column: writes s * (softmax(z) - e_y) into p and returns the
 * sample's loss log Σ_j exp(z_j) - z_y, computed with the max subtracted so large margins
 * (the ULPM's logits grow like log t without bound) neither overflow nor lose the loss.
 */
function softmaxGrad(p: Float64Array, K: number, y: number, s: number): number {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (p[k] > max) max = p[k];
  // The non-label mass is summed on its own (not as sum − p_y, which cancels to 0 once the
  // label dominates) so log1p keeps full relative accuracy of losses down to ~1e-300.
  let other = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(p[k] - max);
    p[k] = e;
    if (k !== y) other += e;
  }
  const sum = other + p[y];
  const loss = Math.log1p(other / p[y]);
  const inv = s / sum;
  for (let k = 0; k < K; k++) p[k] *= inv;
  // s (p_y − 1) written as −s · other / sum: the same number without the cancellation.
  p[y] = -other * inv;
  return loss;
}

/**
 * One gradient-descent step in place, fused: logits, softmax, both gradients and both updates
 * in one pass over the samples. h_i is updated as soon as its gradient W^T g_i is known (that
 * gradient uses the old W only); W is updated after the pass (its gradient uses the old H,
 * which is read before h_i is overwritten). Returns the loss at the parameters before the step.
 *
 * Classes are processed four at a time: one load of h_i (resp. of the four g_k) feeds four
 * independent multiply-adds, which roughly doubles the speed of the plain loops in V8 (the
 * single-accumulator dot product is bound by the latency of the floating-point add).
 */
export function gdStep(shape: UlpmShape, W: Float64Array, H: Float64Array, lr: number, ws: UlpmWorkspace): number {
  const { K, n, d } = shape;
  const N = K * n;
  const s = shape.reduction === 'mean' ? 1 / N : 1;
  const { gW, p, acc } = ws;
  const K4 = K & ~3;
  gW.fill(0);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    const hi = i * d;
    let k = 0;
    for (; k < K4; k += 4) {
      const w0 = k * d;
      const w1 = w0 + d;
      const w2 = w1 + d;
      const w3 = w2 + d;
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      for (let j = 0; j < d; j++) {
        const h = H[hi + j];
        z0 += W[w0 + j] * h;
        z1 += W[w1 + j] * h;
        z2 += W[w2 + j] * h;
        z3 += W[w3 + j] * h;
      }
      p[k] = z0;
      p[k + 1] = z1;
      p[k + 2] = z2;
      p[k + 3] = z3;
    }
    for (; k < K; k++) {
      const w0 = k * d;
      let z0 = 0;
      let z1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        z0 += W[w0 + j] * H[hi + j];
        z1 += W[w0 + j + 1] * H[hi + j + 1];
      }
      if (j < d) z0 += W[w0 + j] * H[hi + j];
      p[k] = z0 + z1;
    }
    loss += softmaxGrad(p, K, (i / n) | 0, s);
    acc.fill(0);
    for (k = 0; k < K4; k += 4) {
      const w0 = k * d;
      const w1 = w0 + d;
      const w2 = w1 + d;
      const w3 = w2 + d;
      const g0 = p[k];
      const g1 = p[k + 1];
      const g2 = p[k + 2];
      const g3 = p[k + 3];
      for (let j = 0; j < d; j++) {
        const h = H[hi + j];
        gW[w0 + j] += g0 * h;
        gW[w1 + j] += g1 * h;
        gW[w2 + j] += g2 * h;
        gW[w3 + j] += g3 * h;
        acc[j] += g0 * W[w0 + j] + g1 * W[w1 + j] + g2 * W[w2 + j] + g3 * W[w3 + j];
      }
    }
    for (; k < K; k++) {
      const w0 = k * d;
      const g0 = p[k];
      for (let j = 0; j < d; j++) {
        gW[w0 + j] += g0 * H[hi + j];
        acc[j] += g0 * W[w0 + j];
      }
    }
    for (let j = 0; j < d; j++) H[hi + j] -= lr * acc[j];
  }
  for (let q = 0; q < K * d; q++) W[q] -= lr * gW[q];
  return loss * s;
}

/** A compiled GD step: updates W and H in place (the loss is measured separately, at logging steps). */
export type StepKernel = (W: Float64Array, H: Float64Array, lr: number, ws: UlpmWorkspace) => void;

/** Up to this many classes the step is compiled for the exact K (see stepKernel). */
const UNROLL_MAX_K = 16;

/**
 * The fastest step for this shape. Up to 16 classes the step is compiled once for the exact K:
 * the K logits, softmax weights and classifier rows live in named locals (V8 keeps locals in
 * registers but not short arrays), the feature update needs no scratch vector, the loops run
 * over j only, and the loss (a log per sample) is not computed. Measured (bench/theory.bench.ts)
 * ~1.6x faster than gdStep at (K, n, d) = (5, 10, 20) and (10, 100, 512); beyond 16 classes the
 * unrolled body would spill registers and gdStep's blocks of four are used. Same arithmetic as
 * gdStep up to the summation order.
 */
export function stepKernel(shape: UlpmShape): StepKernel {
  const { K, n, d } = shape;
  if (K > UNROLL_MAX_K) return (W, H, lr, ws) => void gdStep(shape, W, H, lr, ws);
  const N = K * n;
  const ks = Array.from({ length: K }, (_, k) => k);
  const each = (f: (k: number) => string, sep = ' ') => ks.map(f).join(sep);
  const src = `
    const s = ${shape.reduction === 'mean' ? `1 / ${N}` : '1'};
    return function ulpmStep(W, H, lr, ws) {
      const gW = ws.gW;
      gW.fill(0);
      for (let i = 0; i < ${N}; i++) {
        const hi = i * ${d};
        ${each((k) => `let z${k} = 0;`)}
        for (let j = 0; j < ${d}; j++) {
          const h = H[hi + j];
          ${each((k) => `z${k} += W[${k * d} + j] * h;`)}
        }
        let max = z0;
        ${each((k) => (k === 0 ? '' : `if (z${k} > max) max = z${k};`))}
        ${each((k) => `let e${k} = Math.exp(z${k} - max);`)}
        let other = 0;
        let ey = 0;
        switch ((i / ${n}) | 0) {
          ${each((k) => `case ${k}: ey = e${k}; other = ${ks.filter((q) => q !== k).map((q) => `e${q}`).join(' + ') || '0'}; break;`)}
        }
        const inv = s / (other + ey);
        ${each((k) => `e${k} *= inv;`)}
        switch ((i / ${n}) | 0) {
          ${each((k) => `case ${k}: e${k} = -other * inv; break;`)}
        }
        for (let j = 0; j < ${d}; j++) {
          const h = H[hi + j];
          ${each((k) => `gW[${k * d} + j] += e${k} * h;`)}
          H[hi + j] = h - lr * (${each((k) => `e${k} * W[${k * d} + j]`, ' + ')});
        }
      }
      for (let q = 0; q < ${K * d}; q++) W[q] -= lr * gW[q];
    };`;
  return new Function(src)() as StepKernel;
}

/** Loss and both gradients at (W, H) without changing them (for metrics and tests). */
export function lossAndGrad(shape: UlpmShape, W: Float64Array, H: Float64Array): { loss: number; gW: Float64Array; gH: Float64Array } {
  const { K, n, d } = shape;
  const N = K * n;
  const s = shape.reduction === 'mean' ? 1 / N : 1;
  const gW = new Float64Array(K * d);
  const gH = new Float64Array(d * N);
  const p = new Float64Array(K);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    const hi = i * d;
    for (let k = 0; k < K; k++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += W[k * d + j] * H[hi + j];
      p[k] = z;
    }
    loss += softmaxGrad(p, K, (i / n) | 0, s);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) {
        gW[k * d + j] += p[k] * H[hi + j];
        gH[hi + j] += p[k] * W[k * d + j];
      }
    }
  }
  return { loss: loss * s, gW, gH };
}

/** Loss only (finite-difference checks, sphere line searches in tests). */
export function lossOnly(shape: UlpmShape, W: Float64Array, H: Float64Array): number {
  return lossAndGrad(shape, W, H).loss;
}

/**
 * Margins q_{k,i} = w_k^T h_{k,i} - max_{j≠k} w_j^T h_{k,i}; returns their minimum q_min
 * (spec §2, the neural-collapse margin).
 */
export function minMargin(shape: UlpmShape, W: Float64Array, H: Float64Array): number {
  const { K, n, d } = shape;
  let qmin = Infinity;
  for (let i = 0; i < K * n; i++) {
    const y = (i / n) | 0;
    const hi = i * d;
    let own = 0;
    let other = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += W[k * d + j] * H[hi + j];
      if (k === y) own = z;
      else if (z > other) other = z;
    }
    if (own - other < qmin) qmin = own - other;
  }
  return qmin;
}

/** Σ x_i^2. */
export function sumSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** Σ x_i y_i. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The row-major K x d classifier as column-major K x d MatrixData (what ncMetrics and artifacts take). */
export function classifierMatrix(W: Float64Array, K: number, d: number): MatrixData {
  const data = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) data[k + j * K] = W[k * d + j];
  return { rows: K, cols: d, data };
}

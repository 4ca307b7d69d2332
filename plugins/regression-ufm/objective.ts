/**
 * The regression UFM objective (spec §4):
 *   L(H, W, b) = (1/(2M)) ||W H + b 1ᵀ − Y||_F² + (λ_H/(2M)) ||H||_F² + (λ_W/2) ||W||_F²,
 * with W: n x d stored row by row (w_a = W[a*d ..)), H: d x M by columns (h_i = H[i*d ..)),
 * Y: n x M by columns (y_i = Y[i*n ..)), b: n.
 *
 * Written by hand for the same reason as the ULPM kernel: one step is three thin matrix
 * products (n is 1-10), fused into one pass over the samples with no allocation per step.
 */

export type RegressionShape = { n: number; M: number; d: number; lambdaH: number; lambdaW: number };

export interface RegressionWorkspace {
  gW: Float64Array;
  e: Float64Array;
  acc: Float64Array;
  gb: Float64Array;
}

export function createWorkspace(s: RegressionShape): RegressionWorkspace {
  return { gW: new Float64Array(s.n * s.d), e: new Float64Array(s.n), acc: new Float64Array(s.d), gb: new Float64Array(s.n) };
}

/**
 * One preconditioned gradient step in place: W and b move by `lr` times their gradient, every
 * feature column by `lr · M` times its gradient. Each h_i enters L with weight 1/M, so its
 * plain gradient is O(1/M); the factor M is gradient descent in the per-sample metric, which
 * keeps the number of steps to converge independent of M without changing any stationary
 * point. Returns the objective before the step.
 */
export function gdStep(s: RegressionShape, W: Float64Array, H: Float64Array, b: Float64Array, Y: Float64Array, lr: number, ws: RegressionWorkspace): number {
  const { n, M, d, lambdaH, lambdaW } = s;
  const { gW, e, acc, gb } = ws;
  const invM = 1 / M;
  const lrH = lr * M;
  gW.fill(0);
  gb.fill(0);
  let sse = 0;
  let hh = 0;
  for (let i = 0; i < M; i++) {
    const hi = i * d;
    for (let a = 0; a < n; a++) {
      const wa = a * d;
      let z0 = 0;
      let z1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        z0 += W[wa + j] * H[hi + j];
        z1 += W[wa + j + 1] * H[hi + j + 1];
      }
      if (j < d) z0 += W[wa + j] * H[hi + j];
      const r = z0 + z1 + b[a] - Y[i * n + a];
      sse += r * r;
      e[a] = r * invM;
      gb[a] += r * invM;
    }
    acc.fill(0);
    for (let a = 0; a < n; a++) {
      const wa = a * d;
      const g = e[a];
      for (let j = 0; j < d; j++) {
        gW[wa + j] += g * H[hi + j];
        acc[j] += g * W[wa + j];
      }
    }
    const shrink = lambdaH * invM;
    for (let j = 0; j < d; j++) {
      const h = H[hi + j];
      hh += h * h;
      H[hi + j] = h - lrH * (acc[j] + shrink * h);
    }
  }
  let ww = 0;
  for (let q = 0; q < n * d; q++) {
    const w = W[q];
    ww += w * w;
    W[q] = w - lr * (gW[q] + lambdaW * w);
  }
  for (let a = 0; a < n; a++) b[a] -= lr * gb[a];
  return 0.5 * invM * sse + 0.5 * lambdaH * invM * hh + 0.5 * lambdaW * ww;
}

/** A compiled GD step (same update as gdStep; the loss is measured separately, at logging steps). */
export type StepKernel = (W: Float64Array, H: Float64Array, b: Float64Array, Y: Float64Array, lr: number, ws: RegressionWorkspace) => void;

/** Target dimensions up to this get a step compiled for their exact n (see stepKernel). */
const UNROLL_MAX_N = 16;

/**
 * The step compiled once for the exact n (n is 1-10 in practice): the n predictions, residuals
 * and head rows are named locals, so one pass over j computes the n dot products and one more
 * pass does both gradient updates with no scratch vector. Written as generated code because V8
 * keeps locals in registers but not short arrays; ~2.4x faster than gdStep at (3, 1000, 256)
 * (bench/theory.bench.ts). Same arithmetic as gdStep up to the summation order.
 */
export function stepKernel(s: RegressionShape): StepKernel {
  const { n, M, d } = s;
  if (n > UNROLL_MAX_N) return (W, H, b, Y, lr, ws) => void gdStep(s, W, H, b, Y, lr, ws);
  const as = Array.from({ length: n }, (_, a) => a);
  const each = (f: (a: number) => string, sep = ' ') => as.map(f).join(sep);
  const src = `
    const invM = 1 / ${M};
    const lrH = ${M};
    const shrink = ${s.lambdaH} / ${M};
    return function regressionStep(W, H, b, Y, lr, ws) {
      const gW = ws.gW;
      gW.fill(0);
      ${each((a) => `let gb${a} = 0;`)}
      for (let i = 0; i < ${M}; i++) {
        const hi = i * ${d};
        ${each((a) => `let z${a} = 0;`)}
        for (let j = 0; j < ${d}; j++) {
          const h = H[hi + j];
          ${each((a) => `z${a} += W[${a * d} + j] * h;`)}
        }
        ${each((a) => `const e${a} = (z${a} + b[${a}] - Y[i * ${n} + ${a}]) * invM; gb${a} += e${a};`)}
        for (let j = 0; j < ${d}; j++) {
          const h = H[hi + j];
          ${each((a) => `gW[${a * d} + j] += e${a} * h;`)}
          H[hi + j] = h - lr * lrH * (${each((a) => `e${a} * W[${a * d} + j]`, ' + ')} + shrink * h);
        }
      }
      for (let q = 0; q < ${n * d}; q++) W[q] -= lr * (gW[q] + ${s.lambdaW} * W[q]);
      ${each((a) => `b[${a}] -= lr * gb${a};`)}
    };`;
  return new Function(src)() as StepKernel;
}

/** Objective and its exact gradients at (W, H, b), unchanged (metrics and tests). */
export function lossAndGrad(s: RegressionShape, W: Float64Array, H: Float64Array, b: Float64Array, Y: Float64Array): { loss: number; gW: Float64Array; gH: Float64Array; gb: Float64Array; residual: Float64Array } {
  const { n, M, d, lambdaH, lambdaW } = s;
  const gW = new Float64Array(n * d);
  const gH = new Float64Array(d * M);
  const gb = new Float64Array(n);
  const residual = new Float64Array(n * M);
  let loss = 0;
  for (let i = 0; i < M; i++) {
    for (let a = 0; a < n; a++) {
      let z = b[a];
      for (let j = 0; j < d; j++) z += W[a * d + j] * H[i * d + j];
      const r = z - Y[i * n + a];
      residual[i * n + a] = r;
      loss += (0.5 * r * r) / M;
      gb[a] += r / M;
      for (let j = 0; j < d; j++) {
        gW[a * d + j] += (r * H[i * d + j]) / M;
        gH[i * d + j] += (r * W[a * d + j]) / M;
      }
    }
    for (let j = 0; j < d; j++) {
      const h = H[i * d + j];
      loss += (0.5 * lambdaH * h * h) / M;
      gH[i * d + j] += (lambdaH * h) / M;
    }
  }
  for (let q = 0; q < n * d; q++) {
    loss += 0.5 * lambdaW * W[q] * W[q];
    gW[q] += lambdaW * W[q];
  }
  return { loss, gW, gH, gb, residual };
}

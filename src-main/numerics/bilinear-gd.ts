/**
 * Full-batch gradient descent on the bilinear least-squares model with ridge penalties
 *
 *   f(W, H, b) = (alpha/2) ||W H + b 1^T - Y||_F^2 + (cW/2) ||W||_F^2 + (cH/2) ||H||_F^2 + (cb/2) ||b||^2,
 *
 * W: K x d, H: d x N, b: K (or absent), Y one-hot from integer labels. Every MSE unconstrained
 * features model is this objective with its own constants (spec §1). Gradients, with the
 * residual E = W H + b 1^T - Y:
 *   dW = alpha E H^T + cW W,   dH = alpha W^T E + cH H,   db = alpha E 1 + cb b.
 *
 * Two interchangeable implementations share this interface: a pure-JS one (always available,
 * the reference) and a WebAssembly SIMD one (bilinear-gd-wasm.ts). Both keep the point in their
 * own layout and copy it in and out only when the caller needs it (logging, checkpoints).
 */

import { useWasmProducts, WasmProducts } from './wasm-products.ts';

export type BilinearShape = {
  K: number;
  d: number;
  /** Number of samples (columns of H). */
  N: number;
  /** Class of every column of H (row of the one-hot Y that is 1); ignored with `targets`. */
  labels: Int32Array;
  /** Real targets Y (K x N column-major) in place of the one-hot labels (the regression UFM). */
  targets?: Float64Array;
};

export type BilinearCoefs = {
  /** Weight of the data term. */
  alpha: number;
  cW: number;
  cH: number;
  /** Ignored without a bias. */
  cb: number;
  bias: boolean;
  /**
   * H moves by lr * hStep times its gradient (default 1). The regression UFM preconditions the
   * features by M (per-sample metric), which no rescaling of the other constants expresses.
   */
  hStep?: number;
};

/** A point of the model in the public layouts: W K x d and H d x N, both column-major. */
export interface BilinearPoint {
  W: Float64Array;
  H: Float64Array;
  b: Float64Array;
}

export interface BilinearGd {
  /** Which implementation runs the steps (recorded with the run). */
  readonly backend: string;
  /** Implementation details recorded next to the backend (e.g. the SIMD variant). */
  readonly details: Record<string, string>;
  /** Copies a point in (W K x d and H d x N column-major; b is ignored without a bias). */
  setPoint(p: BilinearPoint): void;
  /** Copies the current point out into fresh arrays. */
  getPoint(): BilinearPoint;
  /** Runs `count` gradient steps of size `lr`. */
  step(lr: number, count: number): void;
  /** f at the current point. */
  objective(): number;
}

export function checkShape(shape: BilinearShape): void {
  const { K, d, N, labels } = shape;
  for (const [name, v] of [['K', K], ['d', d], ['N', N]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`bilinear GD: ${name} must be a positive integer, got ${v}`);
  }
  if (shape.targets) {
    if (shape.targets.length !== K * N) throw new Error(`bilinear GD: targets must have K N = ${K * N} entries, got ${shape.targets.length}`);
    return;
  }
  if (labels.length !== N) throw new Error(`bilinear GD: labels must have N = ${N} entries, got ${labels.length}`);
  for (let j = 0; j < N; j++) if (!(labels[j] >= 0 && labels[j] < K)) throw new Error(`bilinear GD: labels[${j}] = ${labels[j]} is outside 0..${K - 1}`);
}

/**
 * The reference implementation in plain JS. The step is one fused pass over the columns of H,
 * written by hand rather than as three matrix products because that removes every temporary
 * (no E, no dH matrix, no allocation per step) and reads H once per step instead of three
 * times: for each column h_j it forms e_j = alpha (W h_j + b - y_j), adds e_j h_j^T to dW (old
 * h_j), then updates h_j with W^T e_j (old W). W and b are updated after the pass, so this is
 * exactly simultaneous gradient descent.
 */
export class JsBilinearGd implements BilinearGd {
  readonly backend = 'js-f64';
  readonly details: Record<string, string> = {};
  private readonly K: number;
  private readonly d: number;
  private readonly N: number;
  private readonly labels: Int32Array;
  private readonly targets: Float64Array | undefined;
  private readonly coefs: BilinearCoefs;
  /** W^T, d x K: row w_k of W is contiguous, which the inner loops run along. */
  private readonly Wt: Float64Array;
  private readonly H: Float64Array;
  private readonly b: Float64Array;
  private readonly gWt: Float64Array;
  private readonly gb: Float64Array;
  private readonly e: Float64Array;

  constructor(shape: BilinearShape, coefs: BilinearCoefs) {
    checkShape(shape);
    this.K = shape.K;
    this.d = shape.d;
    this.N = shape.N;
    this.labels = shape.labels;
    this.targets = shape.targets;
    this.coefs = coefs;
    this.Wt = new Float64Array(this.d * this.K);
    this.H = new Float64Array(this.d * this.N);
    this.b = new Float64Array(this.K);
    this.gWt = new Float64Array(this.d * this.K);
    this.gb = new Float64Array(this.K);
    this.e = new Float64Array(this.K);
  }

  setPoint(p: BilinearPoint): void {
    const { K, d } = this;
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) this.Wt[i + k * d] = p.W[k + i * K];
    this.H.set(p.H);
    if (this.coefs.bias) this.b.set(p.b);
    else this.b.fill(0);
  }

  getPoint(): BilinearPoint {
    const { K, d } = this;
    const W = new Float64Array(K * d);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) W[k + i * K] = this.Wt[i + k * d];
    return { W, H: this.H.slice(), b: this.b.slice() };
  }

  step(lr: number, count: number): void {
    const { K, d, N, labels, targets, Wt, H, b, gWt, gb, e } = this;
    const { alpha, cW, cH, cb, bias } = this.coefs;
    const lrH = lr * (this.coefs.hStep ?? 1);
    const shrinkH = 1 - lrH * cH;
    const shrinkW = 1 - lr * cW;
    const shrinkB = 1 - lr * cb;
    for (let t = 0; t < count; t++) {
      gWt.fill(0);
      gb.fill(0);
      for (let j = 0; j < N; j++) {
        const hj = j * d;
        const y = labels[j];
        for (let k = 0; k < K; k++) {
          const wk = k * d;
          let s = b[k] - (targets ? targets[k + j * K] : k === y ? 1 : 0);
          for (let i = 0; i < d; i++) s += Wt[wk + i] * H[hj + i];
          e[k] = alpha * s;
        }
        for (let k = 0; k < K; k++) {
          const ek = e[k];
          const wk = k * d;
          for (let i = 0; i < d; i++) gWt[wk + i] += ek * H[hj + i];
          gb[k] += ek;
        }
        for (let i = 0; i < d; i++) {
          let g = 0;
          for (let k = 0; k < K; k++) g += e[k] * Wt[k * d + i];
          H[hj + i] = shrinkH * H[hj + i] - lrH * g;
        }
      }
      for (let q = 0; q < d * K; q++) Wt[q] = shrinkW * Wt[q] - lr * gWt[q];
      if (bias) for (let k = 0; k < K; k++) b[k] = shrinkB * b[k] - lr * gb[k];
    }
  }

  objective(): number {
    return bilinearObjective({ K: this.K, d: this.d, N: this.N, labels: this.labels, targets: this.targets }, this.coefs, this.getPoint());
  }
}

/**
 * f at a point in the public layouts (used by every implementation, so all report the same value).
 * The rows of W are transposed once so the K N dot products run over contiguous memory, and on
 * large problems they run on the wasm products kernel (the metric pass of a 512-d model calls
 * this at every logged step); the value is the same for every GD implementation.
 */
export function bilinearObjective(shape: BilinearShape, coefs: BilinearCoefs, p: BilinearPoint): number {
  const { K, d, N, labels, targets } = shape;
  const Wt = new Float64Array(d * K);
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) Wt[i + k * d] = p.W[k + i * K];
  let data = 0;
  if (useWasmProducts('auto', d, K, N)) {
    const P = WasmProducts.open(d)!;
    const Z = P.products(P.put(Wt, K), K, P.put(p.H, N), N);
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        const s = (coefs.bias ? p.b[k] : 0) - (targets ? targets[k + j * K] : labels[j] === k ? 1 : 0) + Z[k + j * K];
        data += s * s;
      }
  } else
    for (let j = 0; j < N; j++) {
      const hj = j * d;
      for (let k = 0; k < K; k++) {
        const wk = k * d;
        let s = (coefs.bias ? p.b[k] : 0) - (targets ? targets[k + j * K] : labels[j] === k ? 1 : 0);
        for (let i = 0; i < d; i++) s += Wt[wk + i] * p.H[hj + i];
        data += s * s;
      }
    }
  let w2 = 0;
  for (let q = 0; q < K * d; q++) w2 += p.W[q] * p.W[q];
  let h2 = 0;
  for (let q = 0; q < d * N; q++) h2 += p.H[q] * p.H[q];
  let b2 = 0;
  if (coefs.bias) for (let k = 0; k < K; k++) b2 += p.b[k] * p.b[k];
  return 0.5 * (coefs.alpha * data + coefs.cW * w2 + coefs.cH * h2 + (coefs.bias ? coefs.cb * b2 : 0));
}

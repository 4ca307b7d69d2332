/**
 * The vicinity ("perturbed") UFM of Tirer, Huang, Niles-Weed (spec §3), bias-free, TB units:
 *   f(W, H; H0) = (1/2N)||WH − Y||² + (λ_W/2K)||W||² + (λ_H/2N)||H||² + (β/2N)||H − H0||²,
 * N = total number of samples (K n when balanced), Y one-hot. With unbalanced classes every
 * sample weighs 1/N, and the "n" of the closed forms becomes the mean class size ñ = N/K.
 *
 * Layout: W is K x d column-major (w_k[j] = W[k + j K]), H and H0 are d x N column-major.
 * The d x d and K x K systems go through ml-matrix (Cholesky / LU); the O(K d N) products
 * are plain loops, with Y never formed (Y h-products are class sums).
 */
import { CholeskyDecomposition, inverse, Matrix } from 'ml-matrix';

export type VicinityProblem = {
  K: number;
  d: number;
  N: number;
  labels: Int32Array;
  H0: Float64Array;
  lambdaW: number;
  lambdaH: number;
  beta: number;
};

/** W H (K x N). */
function logits(p: VicinityProblem, W: Float64Array, H: Float64Array): Float64Array {
  const { K, d, N } = p;
  const Z = new Float64Array(K * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < d; j++) {
      const h = H[j + i * d];
      for (let k = 0; k < K; k++) Z[k + i * K] += W[k + j * K] * h;
    }
  return Z;
}

/** E = W H − Y (K x N). */
export function residual(p: VicinityProblem, W: Float64Array, H: Float64Array): Float64Array {
  const E = logits(p, W, H);
  for (let i = 0; i < p.N; i++) E[p.labels[i] + i * p.K] -= 1;
  return E;
}

function sumSq(x: Float64Array): number {
  let s = 0;
  for (let q = 0; q < x.length; q++) s += x[q] * x[q];
  return s;
}

/** f(W, H; H0). */
export function objective(p: VicinityProblem, W: Float64Array, H: Float64Array): number {
  const E = residual(p, W, H);
  let dev = 0;
  for (let q = 0; q < H.length; q++) dev += (H[q] - p.H0[q]) ** 2;
  return (sumSq(E) + p.lambdaH * sumSq(H) + p.beta * dev) / (2 * p.N) + (p.lambdaW / (2 * p.K)) * sumSq(W);
}

/** ∂f/∂W = (1/N) E Hᵀ + (λ_W/K) W and ∂f/∂H = (1/N)(Wᵀ E + λ_H H + β(H − H0)). */
export function gradient(p: VicinityProblem, W: Float64Array, H: Float64Array): { gW: Float64Array; gH: Float64Array } {
  const { K, d, N } = p;
  const E = residual(p, W, H);
  const gW = new Float64Array(K * d);
  const gH = new Float64Array(d * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      const h = H[j + i * d];
      for (let k = 0; k < K; k++) {
        gW[k + j * K] += E[k + i * K] * h;
        s += W[k + j * K] * E[k + i * K];
      }
      gH[j + i * d] = (s + p.lambdaH * h + p.beta * (h - p.H0[j + i * d])) / N;
    }
  for (let q = 0; q < K * d; q++) gW[q] = gW[q] / N + (p.lambdaW / K) * W[q];
  return { gW, gH };
}

/** Class sums S = H Yᵀ (d x K): column k is the sum of the features of class k. */
function classSums(p: VicinityProblem, H: Float64Array): Float64Array {
  const { K, d, N } = p;
  const S = new Float64Array(d * K);
  for (let i = 0; i < N; i++) {
    const k = p.labels[i];
    for (let j = 0; j < d; j++) S[j + k * d] += H[j + i * d];
  }
  return S;
}

/**
 * W*(H) = Y Hᵀ (H Hᵀ + ñ λ_W I_d)^{-1}, ñ = N/K: the exact minimiser over W. The d x d matrix
 * is symmetric positive definite for λ_W > 0 (Cholesky); with λ_W = 0 and rank-deficient H it
 * would be singular, which the manifest rules out (λ_W > 0, as Theorem 3.1 assumes).
 */
export function optimalW(p: VicinityProblem, H: Float64Array): Float64Array {
  const { K, d, N } = p;
  const A = new Matrix(d, d);
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += H[a + i * d] * H[b + i * d];
      A.set(a, b, s);
      A.set(b, a, s);
    }
  const reg = (N / K) * p.lambdaW;
  for (let a = 0; a < d; a++) A.set(a, a, A.get(a, a) + reg);
  const S = classSums(p, H);
  const rhs = new Matrix(d, K);
  for (let k = 0; k < K; k++) for (let a = 0; a < d; a++) rhs.set(a, k, S[a + k * d]);
  const X = new CholeskyDecomposition(A).solve(rhs); // X = Wᵀ (d x K)
  const W = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let a = 0; a < d; a++) W[k + a * K] = X.get(a, k);
  return W;
}

/**
 * H*(W) = (WᵀW + s I_d)^{-1} (WᵀY + β H0), s = λ_H + β, through the Woodbury identity
 * (WᵀW + sI)^{-1} = (1/s)(I − Wᵀ(WWᵀ + sI_K)^{-1}W): a K x K solve instead of d x d.
 */
export function optimalH(p: VicinityProblem, W: Float64Array): Float64Array {
  const { K, d, N } = p;
  const s = p.lambdaH + p.beta;
  const B = new Float64Array(d * N);
  for (let i = 0; i < N; i++) {
    const y = p.labels[i];
    for (let j = 0; j < d; j++) B[j + i * d] = W[y + j * K] + p.beta * p.H0[j + i * d];
  }
  const G = new Matrix(K, K);
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) {
      let v = a === b ? s : 0;
      for (let j = 0; j < d; j++) v += W[a + j * K] * W[b + j * K];
      G.set(a, b, v);
    }
  const Ginv = inverse(G);
  const H = new Float64Array(d * N);
  const wb = new Float64Array(K);
  const c = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    wb.fill(0);
    for (let j = 0; j < d; j++) for (let k = 0; k < K; k++) wb[k] += W[k + j * K] * B[j + i * d];
    for (let a = 0; a < K; a++) {
      let v = 0;
      for (let b = 0; b < K; b++) v += Ginv.get(a, b) * wb[b];
      c[a] = v;
    }
    for (let j = 0; j < d; j++) {
      let v = B[j + i * d];
      for (let k = 0; k < K; k++) v -= W[k + j * K] * c[k];
      H[j + i * d] = v / s;
    }
  }
  return H;
}

/**
 * N ∇L(H) for the central-path objective L(H) = f(W*(H), H) without the β term; by the
 * envelope theorem N ∇L(H) = W*(H)ᵀ (W*(H) H − Y) + λ_H H.
 */
export function centralPathDirection(p: VicinityProblem, H: Float64Array): Float64Array {
  const { K, d, N } = p;
  const W = optimalW(p, H);
  const E = residual(p, W, H);
  const G = new Float64Array(d * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < d; j++) {
      let s = p.lambdaH * H[j + i * d];
      for (let k = 0; k < K; k++) s += W[k + j * K] * E[k + i * K];
      G[j + i * d] = s;
    }
  return G;
}

/**
 * The first-order closed form of the minimiser (spec §3): H_{1/β} ≈ H0 − (1/β) N ∇L(H0), one
 * explicit Euler step of length 1/β on the central path (the exact minimiser is the implicit
 * step), with error O(β^{-2}).
 */
export function firstOrderApproximation(p: VicinityProblem): Float64Array {
  const G = centralPathDirection(p, p.H0);
  const out = new Float64Array(G.length);
  for (let q = 0; q < G.length; q++) out[q] = p.H0[q] - G[q] / p.beta;
  return out;
}

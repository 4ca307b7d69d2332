/**
 * The sensitivity matrix F = ∂vec(Ĥ)/∂vec(H0) of the vicinity model's minimiser (Theorem 4.1):
 * differentiating the stationarity conditions ∇f(Ŵ, Ĥ; H0) = 0 in H0 gives
 *   [A_WW A_WH; A_HW A_HH] [dW; dH] = [0; (β/N) dH0]  ⇒  F = (β/N) S^{-1},
 * S = A_HH − A_HW A_WW^{-1} A_WH (Schur complement of the Hessian). Computed exactly (dense,
 * through ml-matrix), so its blocks can be held against Theorem 4.2's O(1/β) predictions.
 *
 * Index conventions: vec is column stacking; vec(W) entry (k, j) at k + j K, vec(H) entry
 * (j, i) at j + i d. Hessian blocks at (W, H), with E = W H − Y:
 *   A_WW = (1/N)(H Hᵀ ⊗ I_K) + (λ_W/K) I,
 *   A_HH = (1/N)(I_N ⊗ WᵀW) + ((λ_H + β)/N) I,
 *   A_WH[(k,j),(j',i)] = (W_{k j'} H_{j i} + δ_{j j'} E_{k i}) / N.
 */
import { Matrix, inverse } from 'ml-matrix';
import { singularValues } from '../../src-main/numerics/linalg.ts';
import { residual } from './model.ts';
import type { VicinityProblem } from './model.ts';

/** Dense F is (dN)²: above this many feature entries it is skipped (O((dN)³) work). */
export const SENSITIVITY_MAX_ENTRIES = 1200;

export function sensitivityMatrix(p: VicinityProblem, W: Float64Array, H: Float64Array): Matrix {
  const { K, d, N } = p;
  const nW = K * d;
  const nH = d * N;
  const E = residual(p, W, H);
  // A_WW = ((1/N) H Hᵀ + (λ_W/K) I_d) ⊗ I_K, inverted through its d x d factor.
  const C = new Matrix(d, d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += H[a + i * d] * H[b + i * d];
      C.set(a, b, s / N + (a === b ? p.lambdaW / K : 0));
    }
  const Cinv = inverse(C);
  const AWH = new Matrix(nW, nH);
  for (let i = 0; i < N; i++)
    for (let jp = 0; jp < d; jp++) {
      const col = jp + i * d;
      for (let j = 0; j < d; j++)
        for (let k = 0; k < K; k++) {
          let v = W[k + jp * K] * H[j + i * d];
          if (j === jp) v += E[k + i * K];
          AWH.set(k + j * K, col, v / N);
        }
    }
  // A_WW^{-1} A_WH: row (k, j) mixes rows (k, j'') with Cinv[j, j''].
  const X = new Matrix(nW, nH);
  for (let col = 0; col < nH; col++)
    for (let k = 0; k < K; k++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let jj = 0; jj < d; jj++) s += Cinv.get(j, jj) * AWH.get(k + jj * K, col);
        X.set(k + j * K, col, s);
      }
  const S = AWH.transpose().mmul(X).neg();
  for (let i = 0; i < N; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let v = 0;
        for (let k = 0; k < K; k++) v += W[k + a * K] * W[k + b * K];
        if (a === b) v += p.lambdaH + p.beta;
        S.set(a + i * d, b + i * d, S.get(a + i * d, b + i * d) + v / N);
      }
  return inverse(S).mul(p.beta / N);
}

/** Singular values (descending) of the block F[class k rows, class k' columns]. */
export function blockSingularValues(p: VicinityProblem, F: Matrix, k: number, kp: number): Float64Array {
  const { d, N } = p;
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < N; i++) {
    if (p.labels[i] === k) for (let j = 0; j < d; j++) rows.push(j + i * d);
    if (p.labels[i] === kp) for (let j = 0; j < d; j++) cols.push(j + i * d);
  }
  const data = new Float64Array(rows.length * cols.length);
  cols.forEach((c, b) => rows.forEach((r, a) => (data[a + b * rows.length] = F.get(r, c))));
  return singularValues({ rows: rows.length, cols: cols.length, data });
}

/** Theorem 4.2 (near collapse, H0 a TB minimiser, λ_H λ_W < 1, β ≫ max(1, λ_H)). */
export function theorem42(lambdaH: number, lambdaW: number, beta: number): { sigmaMaxIntra: number; sigmaMinIntra: number; sigmaMaxInter: number } {
  return {
    sigmaMaxIntra: 1,
    sigmaMinIntra: 1 - Math.sqrt(lambdaH / lambdaW) / beta,
    sigmaMaxInter: (2 * lambdaH * (1 - Math.sqrt(lambdaH * lambdaW))) / beta,
  };
}

/** Block spectra summarised as Theorem 4.2 states them, plus the spectra of F_00 and F_01. */
export function sensitivitySummary(p: VicinityProblem, W: Float64Array, H: Float64Array) {
  const F = sensitivityMatrix(p, W, H);
  let sigmaMaxIntra = -Infinity;
  let sigmaMinIntra = Infinity;
  let sigmaMaxInter = -Infinity;
  let sigma2Inter = -Infinity;
  let intra0: Float64Array = new Float64Array(0);
  let inter01: Float64Array = new Float64Array(0);
  for (let k = 0; k < p.K; k++)
    for (let kp = 0; kp < p.K; kp++) {
      const s = blockSingularValues(p, F, k, kp);
      if (k === kp) {
        sigmaMaxIntra = Math.max(sigmaMaxIntra, s[0]);
        sigmaMinIntra = Math.min(sigmaMinIntra, s[s.length - 1]);
        if (k === 0) intra0 = s;
      } else {
        sigmaMaxInter = Math.max(sigmaMaxInter, s[0]);
        sigma2Inter = Math.max(sigma2Inter, s.length > 1 ? s[1] : 0);
        if (k === 0 && kp === 1) inter01 = s;
      }
    }
  return { sigmaMaxIntra, sigmaMinIntra, sigmaMaxInter, sigma2Inter, intra0, inter01 };
}

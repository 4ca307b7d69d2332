/**
 * Closed forms of the regression UFM (Andriopoulos et al., Theorem 4.1 / Corollary 4.2;
 * spec §4), as functions of the eigen-decomposition Sigma = V diag(λ) Vᵀ of the target
 * covariance and c = λ_W λ_H (no square root, unlike the Tirer-Bruna c).
 */
import type { MatrixData } from '../../src-main/engine/plugin-api.ts';

export type SigmaEigen = { values: Float64Array; vectors: MatrixData };

/** Optimal value L* = Σ_j [√(c λ_j) − c/2 if λ_j > c, else λ_j/2]. */
export function optimalLoss(sigma: SigmaEigen, c: number): number {
  let L = 0;
  for (const l of sigma.values) L += l > c ? Math.sqrt(c * l) - c / 2 : l / 2;
  return L;
}

/** V diag(f(λ_j)) Vᵀ (n x n, column-major). */
function spectral(sigma: SigmaEigen, f: (l: number) => number): Float64Array {
  const n = sigma.values.length;
  const V = sigma.vectors.data;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const fj = f(sigma.values[j]);
    for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) out[a + b * n] += V[a + j * n] * fj * V[b + j * n];
  }
  return out;
}

/** W* W*ᵀ = √(λ_H/λ_W) V diag((√λ_j − √c)_+) Vᵀ (needs λ_W > 0). */
export function optimalHeadGram(sigma: SigmaEigen, lambdaH: number, lambdaW: number): Float64Array {
  const c = lambdaH * lambdaW;
  const s = Math.sqrt(lambdaH / lambdaW);
  return spectral(sigma, (l) => s * Math.max(Math.sqrt(Math.max(l, 0)) - Math.sqrt(c), 0));
}

/**
 * Residual covariance at the optimum, (1/M) E Eᵀ = V diag(min(λ_j, c)) Vᵀ: variance c (white)
 * in every direction that is fitted (λ_j > c), the whole target variance in the others.
 */
export function optimalResidualCovariance(sigma: SigmaEigen, c: number): Float64Array {
  return spectral(sigma, (l) => Math.min(l, c));
}

/** ||R − c I||_F / ||c I||_F (the residual-whiteness measure); null when c = 0. */
export function whiteness(R: Float64Array, n: number, c: number): number | null {
  if (!(c > 0)) return null;
  let s = 0;
  for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) s += (R[a + b * n] - (a === b ? c : 0)) ** 2;
  return Math.sqrt(s) / (c * Math.sqrt(n));
}

/** Which regime c is in: 'full' (c < λ_min), 'partial', or 'zero' (c ≥ λ_max). */
export function collapseRegime(sigma: SigmaEigen, c: number): 'full' | 'partial' | 'zero' {
  const lmax = sigma.values[0];
  const lmin = sigma.values[sigma.values.length - 1];
  return c < lmin ? 'full' : c < lmax ? 'partial' : 'zero';
}

/** Simplex equiangular tight frames: the collapsed geometry, for fixtures and reference views. */
import type { MatrixData, Rng } from '../engine/plugin-api.ts';
import { orthonormalColumns, zeros } from './linalg.ts';

/**
 * An orthonormal basis of the complement of the all-ones vector in R^K (K x (K-1), Helmert
 * basis): column j is (1, ..., 1, -(j+1), 0, ..., 0)/sqrt((j+1)(j+2)) with j+1 ones. Written in
 * closed form so fixtures are exact to the last bit rather than the output of an eigen-solver.
 */
export function helmertBasis(K: number): MatrixData {
  if (!Number.isInteger(K) || K < 2) throw new Error(`helmertBasis: K must be an integer >= 2, got ${K}`);
  const v = zeros(K, K - 1);
  for (let j = 0; j < K - 1; j++) {
    const s = 1 / Math.sqrt((j + 1) * (j + 2));
    for (let i = 0; i <= j; i++) v.data[i + j * K] = s;
    v.data[j + 1 + j * K] = -(j + 1) * s;
  }
  return v;
}

/**
 * A d x K simplex ETF with columns of norm `scale`: M^T M = scale^2 (K/(K-1)) (I_K - J).
 * It lives in the first K-1 coordinates (needs d >= K-1); with `rng` it is rotated by a random
 * orthogonal d x d matrix so fixtures do not sit on coordinate axes.
 */
export function simplexEtf(d: number, K: number, options: { scale?: number; rng?: Rng } = {}): MatrixData {
  if (!Number.isInteger(d) || d < K - 1) throw new Error(`simplexEtf: d must be an integer >= K-1 = ${K - 1}, got ${d}`);
  const scale = options.scale ?? 1;
  const v = helmertBasis(K);
  const c = scale * Math.sqrt(K / (K - 1));
  // M = c [V^T; 0]: row j (< K-1) of M is column j of V.
  const m = zeros(d, K);
  for (let k = 0; k < K; k++) for (let j = 0; j < K - 1; j++) m.data[j + k * d] = c * v.data[k + j * K];
  if (!options.rng) return m;
  const g = zeros(d, d);
  options.rng.fillNormal(g.data);
  const q = orthonormalColumns(g);
  const out = zeros(d, K);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < K - 1; j++) {
      const mjk = m.data[j + k * d];
      for (let i = 0; i < d; i++) out.data[i + k * d] += q.data[i + j * d] * mjk;
    }
  return out;
}

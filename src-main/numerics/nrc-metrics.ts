/**
 * Neural regression collapse metrics (Andriopoulos et al., NeurIPS 2024; spec/models.md §4) of
 * features H (d x M, one column per sample), a regression head W (n x d) and targets Y (n x M).
 * Written by hand around ml-matrix decompositions because the conventions are the point:
 *
 * - normalised features h~_i = h_i / ||h_i||; a zero feature has no direction and contributes 0
 *   to NRC1/NRC2 (it is neither near nor far from any subspace);
 * - principal components are those of the CENTRED features (covariance (1/M) Hc Hc^T, as
 *   scikit-learn's PCA in the authors' code), while the projection in NRC1 is applied to the
 *   UN-centred normalised features, as in the paper and the authors' final code revision
 *   (earlier revisions used raw features and a mean over all M d entries: not reproduced);
 * - NRC3 uses a fixed gamma (the regression UFM predicts gamma = c = lambda_W lambda_H); the
 *   authors' MuJoCo scripts instead grid-search gamma on [0, lambda_min(Sigma)] for the final W
 *   (spec §4, pitfall 6): `bestGamma` implements that search for callers who want it;
 * - Sigma = (1/M)(Y - Ybar)(Y - Ybar)^T, divisor M.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { MatrixData } from '../engine/plugin-api.ts';
import { symmetricEigen } from './linalg.ts';

export interface NrcMetrics {
  /** (1/M) Σ ||h~_i − P_PC h~_i||², P_PC onto the top-n principal components of H. */
  nrc1: number | null;
  /** (1/M) Σ ||h~_i − P_W h~_i||², P_W onto the row space of W. */
  nrc2: number | null;
  /** || WWᵀ/||WWᵀ||_F − A/||A||_F ||_F², A = Σ^{1/2} − √γ I (paper definition, squared). */
  nrc3: number | null;
  /**
   * The same distance with A replaced by its positive part V diag((√λ_j − √γ)_+) Vᵀ, which is
   * the UFM optimum's WWᵀ direction for every gamma (partial collapse included), so it goes to
   * 0 there while the paper's NRC3 cannot once gamma > lambda_min.
   */
  nrc3Plus: number | null;
  /** Explained variance ratios of the first 5 (or d) principal components of H. */
  evr: Float64Array;
}

/** Eigen-decomposition of the centred feature covariance (1/M) Hc Hcᵀ, descending. */
export function featureCovarianceEigen(H: MatrixData): { values: Float64Array; vectors: MatrixData } {
  const d = H.rows;
  const M = H.cols;
  if (M < 1) throw new Error('featureCovarianceEigen: H has no columns');
  // Rows of the centred H stored contiguously so every covariance entry is one dot product
  // over M contiguous values (four accumulators: the add latency, not the loads, bounds it).
  const rows = new Float64Array(d * M);
  for (let a = 0; a < d; a++) {
    let mean = 0;
    for (let i = 0; i < M; i++) mean += H.data[a + i * d];
    mean /= M;
    for (let i = 0; i < M; i++) rows[a * M + i] = H.data[a + i * d] - mean;
  }
  const C = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const ra = a * M;
      const rb = b * M;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < M; i += 4) {
        s0 += rows[ra + i] * rows[rb + i];
        s1 += rows[ra + i + 1] * rows[rb + i + 1];
        s2 += rows[ra + i + 2] * rows[rb + i + 2];
        s3 += rows[ra + i + 3] * rows[rb + i + 3];
      }
      for (; i < M; i++) s0 += rows[ra + i] * rows[rb + i];
      const v = (s0 + s1 + s2 + s3) / M;
      C[a + b * d] = v;
      C[b + a * d] = v;
    }
  return symmetricEigen({ rows: d, cols: d, data: C });
}

/** Explained-variance ratios from covariance eigenvalues (round-off negatives clipped to 0). */
function ratios(values: Float64Array, k: number): Float64Array {
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  const out = new Float64Array(Math.min(k, values.length));
  if (total > 0) for (let j = 0; j < out.length; j++) out[j] = Math.max(values[j], 0) / total;
  return out;
}

/**
 * Explained variance ratio of the first k principal components of H (d x M): the j-th
 * eigenvalue of the centred covariance over the sum of all eigenvalues. All zeros when H has no
 * variance (every ratio is then 0/0; zeros keep the series plottable and say "no variance").
 */
export function explainedVariance(H: MatrixData, k: number): Float64Array {
  return ratios(featureCovarianceEigen(H).values, k);
}

/** Target covariance Sigma = (1/M)(Y − Ȳ)(Y − Ȳ)ᵀ (n x n, column-major). */
export function targetCovariance(Y: MatrixData): MatrixData {
  const n = Y.rows;
  const M = Y.cols;
  const mean = new Float64Array(n);
  for (let i = 0; i < M; i++) for (let a = 0; a < n; a++) mean[a] += Y.data[a + i * n];
  for (let a = 0; a < n; a++) mean[a] /= M;
  const S = new Float64Array(n * n);
  for (let i = 0; i < M; i++)
    for (let b = 0; b < n; b++) {
      const yb = Y.data[b + i * n] - mean[b];
      for (let a = 0; a < n; a++) S[a + b * n] += (Y.data[a + i * n] - mean[a]) * yb;
    }
  for (let q = 0; q < n * n; q++) S[q] /= M;
  return { rows: n, cols: n, data: S };
}

/** Mean over samples of ||h~_i − B Bᵀ h~_i||² for an orthonormal basis B (d x r, column-major). */
function residualAfterProjection(H: MatrixData, B: Float64Array, r: number): number | null {
  const d = H.rows;
  const M = H.cols;
  let sum = 0;
  let counted = 0;
  for (let i = 0; i < M; i++) {
    const off = i * d;
    let nn = 0;
    for (let a = 0; a < d; a++) nn += H.data[off + a] ** 2;
    if (nn === 0) continue;
    counted++;
    // ||h~ − B Bᵀ h~||² = 1 − ||Bᵀ h~||² for orthonormal B; clipped at 0 against round-off.
    let proj = 0;
    for (let q = 0; q < r; q++) {
      let c = 0;
      for (let a = 0; a < d; a++) c += B[a + q * d] * H.data[off + a];
      proj += c * c;
    }
    sum += Math.max(0, 1 - proj / nn);
  }
  return counted === 0 ? null : sum / M;
}

/**
 * Orthonormal basis of the row space of W (n x d) from its SVD, keeping singular values above
 * max(n, d) · eps · σ_max: a partially collapsed head (UFM with lambda_min < c) has rank < n,
 * and its round-off singular values must not add directions.
 */
function rowSpaceBasis(W: MatrixData): { basis: Float64Array; rank: number } {
  const n = W.rows;
  const d = W.cols;
  const Wt = new Matrix(d, n);
  for (let a = 0; a < d; a++) for (let b = 0; b < n; b++) Wt.set(a, b, W.data[b + a * n]);
  const svd = new SingularValueDecomposition(Wt, { computeLeftSingularVectors: true, computeRightSingularVectors: false, autoTranspose: true });
  const s = svd.diagonal;
  const U = svd.leftSingularVectors;
  const smax = Math.max(0, ...s);
  const tol = Math.max(n, d) * Number.EPSILON * smax;
  const keep: number[] = [];
  for (let q = 0; q < s.length; q++) if (s[q] > tol && smax > 0) keep.push(q);
  const basis = new Float64Array(d * keep.length);
  keep.forEach((q, col) => {
    for (let a = 0; a < d; a++) basis[a + col * d] = U.get(a, q);
  });
  return { basis, rank: keep.length };
}

/** || X/||X||_F − T/||T||_F ||_F² for two n x n matrices; null if either is zero. */
function normalisedDistance2(X: Float64Array, T: Float64Array): number | null {
  let nx = 0;
  let nt = 0;
  for (let q = 0; q < X.length; q++) {
    nx += X[q] * X[q];
    nt += T[q] * T[q];
  }
  if (nx === 0 || nt === 0) return null;
  const ix = 1 / Math.sqrt(nx);
  const it = 1 / Math.sqrt(nt);
  let s = 0;
  for (let q = 0; q < X.length; q++) s += (X[q] * ix - T[q] * it) ** 2;
  return s;
}

/** V diag(f(λ_j)) Vᵀ from an eigen-decomposition. */
function spectralFunction(values: Float64Array, vectors: MatrixData, f: (lambda: number) => number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const fj = f(values[j]);
    for (let b = 0; b < n; b++)
      for (let a = 0; a < n; a++) out[a + b * n] += vectors.data[a + j * n] * fj * vectors.data[b + j * n];
  }
  return out;
}

/** W Wᵀ (n x n) of an n x d column-major W. */
function headGram(W: MatrixData): Float64Array {
  const n = W.rows;
  const d = W.cols;
  const G = new Float64Array(n * n);
  for (let a = 0; a < d; a++)
    for (let q = 0; q < n; q++) {
      const wq = W.data[q + a * n];
      for (let p = 0; p < n; p++) G[p + q * n] += W.data[p + a * n] * wq;
    }
  return G;
}

/** NRC3 for one gamma, from the eigen-decomposition of Sigma (paper definition, squared). */
function nrc3For(G: Float64Array, sigma: { values: Float64Array; vectors: MatrixData }, gamma: number, positivePart: boolean): number | null {
  const sg = Math.sqrt(gamma);
  const target = spectralFunction(sigma.values, sigma.vectors, (l) => {
    const v = Math.sqrt(Math.max(l, 0)) - sg;
    return positivePart ? Math.max(v, 0) : v;
  });
  return normalisedDistance2(G, target);
}

function checkShapes(H: MatrixData, W: MatrixData, Y: MatrixData): void {
  if (W.cols !== H.rows) throw new Error(`W: expected n x d with d = ${H.rows} (rows of H), got ${W.rows}x${W.cols}`);
  if (Y.cols !== H.cols) throw new Error(`Y: expected one target column per feature column (${H.cols}), got ${Y.cols}`);
  if (Y.rows !== W.rows) throw new Error(`Y: expected ${W.rows} rows (outputs of W), got ${Y.rows}`);
}

/** NRC1-3 (and the explained variance of PC1..PC5) at one point. */
export function nrcMetrics(H: MatrixData, W: MatrixData, Y: MatrixData, gamma: number): NrcMetrics {
  checkShapes(H, W, Y);
  if (!(gamma >= 0)) throw new Error(`gamma must be >= 0, got ${gamma}`);
  const d = H.rows;
  const n = W.rows;
  const pca = featureCovarianceEigen(H);
  const k = Math.min(n, d);
  const nrc1 = residualAfterProjection(H, pca.vectors.data.subarray(0, d * k), k);
  const { basis, rank } = rowSpaceBasis(W);
  const nrc2 = residualAfterProjection(H, basis, rank);
  const sigma = symmetricEigen(targetCovariance(Y));
  const G = headGram(W);
  return {
    nrc1,
    nrc2,
    nrc3: nrc3For(G, sigma, gamma, false),
    nrc3Plus: nrc3For(G, sigma, gamma, true),
    evr: ratios(pca.values, 5),
  };
}

/**
 * The authors' choice of gamma for NRC3: the minimiser of the (paper, squared) NRC3 of W over a
 * uniform grid of `points` values from 0 to lambda_min(Sigma) inclusive.
 */
export function bestGamma(W: MatrixData, Y: MatrixData, points = 1000): { gamma: number; nrc3: number | null } {
  const sigma = symmetricEigen(targetCovariance(Y));
  const lmin = Math.max(0, sigma.values[sigma.values.length - 1]);
  const G = headGram(W);
  let best = { gamma: 0, nrc3: null as number | null };
  for (let q = 0; q < points; q++) {
    const gamma = points === 1 ? 0 : (lmin * q) / (points - 1);
    const v = nrc3For(G, sigma, gamma, false);
    if (v !== null && (best.nrc3 === null || v < best.nrc3)) best = { gamma, nrc3: v };
  }
  return best;
}

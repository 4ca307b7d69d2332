/**
 * Neural-collapse metrics of a feature matrix H (d x N, one column per sample) with integer
 * labels, and optionally a classifier W (K x d) and bias b. Definitions: spec/models.md §5 and
 * the Figure-2 measures of §2. Written by hand (not through a library) because the conventions
 * are the point: which mean, which divisor, squared or not, and what is undefined.
 *
 * Conventions shared by every metric:
 * - class means mu_k over the samples of class k; global mean mu_G = mean of the class means
 *   (equal to the sample mean for balanced data; for unequal counts this is the reference
 *   notebook's choice, so every class weighs the same in Sigma_B);
 * - Sigma_W = (1/N) sum_i (h_i - mu_{y_i})(h_i - mu_{y_i})^T over all N samples,
 *   Sigma_B = (1/K) sum_k (mu_k - mu_G)(mu_k - mu_G)^T;
 * - a value is null when it is undefined at this point (0/0, a zero vector whose direction is
 *   needed, a classifier that is identically zero), never NaN.
 */
import type { MatrixData } from '../engine/plugin-api.ts';
import { normalisedCopy, scaleByPow2, symmetricEigen } from './linalg.ts';
import type { ProductsKind } from './wasm-products.ts';
import { useWasmProducts, WasmProducts } from './wasm-products.ts';

/** The NC metrics at one point; null = undefined at this point (e.g. all features zero). */
export interface NcMetrics {
  /** (1/K) Tr(Sigma_W Sigma_B^+). */
  nc1: number | null;
  /** Tr Sigma_W / Tr Sigma_B. */
  nc1Tilde: number | null;
  /** || G/||G||_F - P_K/sqrt(K-1) ||_F with G = M~^T M~ (centred class means). */
  nc2: number | null;
  /** The same with G = W W^T (classifier rows, not centred). */
  nc2W: number | null;
  /** || W^T/||W||_F - M~/||M~||_F ||_F, not squared. */
  nc3: number | null;
  /** Fraction of samples where argmax_k (W h + b)_k differs from argmin_k ||h - mu_k||. */
  nc4: number | null;
  /** std/mean of ||mu_k - mu_G|| (unbiased K-1 std). */
  cvH: number | null;
  /** std/mean of ||w_k|| (unbiased K-1 std). */
  cvW: number | null;
  /** mean over k != k' of |cos(mu_k - mu_G, mu_k' - mu_G) + 1/(K-1)|. */
  angH: number | null;
  /** mean over k != k' of |cos(w_k, w_k') + 1/(K-1)|. */
  angW: number | null;
  /** mean_i ||h_i - mu_{y_i}|| / mean_i ||h_i - mu_G||. */
  withinClass: number | null;
  /** mean_k || (mu_k - mu_G)/||mu_k - mu_G|| - w_k/||w_k|| ||. */
  selfDuality: number | null;
  /** Tr Sigma_W. */
  trSigmaW: number | null;
  /** Tr Sigma_B. */
  trSigmaB: number | null;
}

/**
 * Eigenvalues of the centred-means Gram below this fraction of the largest are treated as zero
 * in Sigma_B^+. The Gram squares the singular values of M~, and forming it in floating point
 * leaves eigenvalues of size ~K * eps * lambda_max in directions that are exactly null (the
 * all-ones direction, always; more when two means coincide or d < K-1). 1e-12 sits well above
 * that noise (K <= ~1e3) and keeps directions down to a 1e-6 relative singular value.
 */
const SIGMA_B_RELATIVE_CUTOFF = 1e-12;

function checkLabels(H: MatrixData, labels: Int32Array, K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new Error(`K must be an integer >= 2, got ${K}`);
  if (H.data.length !== H.rows * H.cols) throw new Error(`H: ${H.rows}x${H.cols} needs ${H.rows * H.cols} values, got ${H.data.length}`);
  if (labels.length !== H.cols) throw new Error(`labels: expected one label per column of H (${H.cols}), got ${labels.length}`);
}

/**
 * Class means (d x K), the global mean mu_G (mean of the class means) and the class counts.
 * Every class must have at least one sample: a class mean of no samples is undefined.
 */
export function classMeans(H: MatrixData, labels: Int32Array, K: number): { means: MatrixData; global: Float64Array; counts: Int32Array } {
  checkLabels(H, labels, K);
  const d = H.rows;
  const N = H.cols;
  const sums = new Float64Array(d * K);
  const counts = new Int32Array(K);
  for (let j = 0; j < N; j++) {
    const k = labels[j];
    if (!(k >= 0 && k < K)) throw new Error(`labels[${j}] = ${k} is outside 0..${K - 1}`);
    counts[k]++;
    const off = j * d;
    const dst = k * d;
    for (let i = 0; i < d; i++) sums[dst + i] += H.data[off + i];
  }
  const global = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    if (counts[k] === 0) throw new Error(`labels: class ${k} has no samples, its mean is undefined`);
    const inv = 1 / counts[k];
    for (let i = 0; i < d; i++) {
      sums[k * d + i] *= inv;
      global[i] += sums[k * d + i];
    }
  }
  for (let i = 0; i < d; i++) global[i] /= K;
  return { means: { rows: d, cols: K, data: sums }, global, counts };
}

/** a/b, or null when b is zero (0/0 or x/0: undefined at this point). */
function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** || G/||G||_F - P_K/sqrt(K-1) ||_F for a K x K Gram matrix; null when G = 0. */
export function etfDistance(G: Float64Array, K: number): number | null {
  let norm2 = 0;
  for (let i = 0; i < K * K; i++) norm2 += G[i] * G[i];
  if (norm2 === 0) return null;
  const inv = 1 / Math.sqrt(norm2);
  const s = 1 / Math.sqrt(K - 1);
  let dist2 = 0;
  for (let j = 0; j < K; j++)
    for (let i = 0; i < K; i++) {
      const target = ((i === j ? 1 : 0) - 1 / K) * s;
      const diff = G[i + j * K] * inv - target;
      dist2 += diff * diff;
    }
  return Math.sqrt(dist2);
}

/** Coefficient of variation std/mean with the unbiased (K-1) std; null when the mean is 0. */
function coefficientOfVariation(values: Float64Array): number | null {
  const K = values.length;
  let mean = 0;
  for (let k = 0; k < K; k++) mean += values[k];
  mean /= K;
  if (mean === 0) return null;
  let v = 0;
  for (let k = 0; k < K; k++) v += (values[k] - mean) ** 2;
  return Math.sqrt(v / (K - 1)) / mean;
}

/** Mean over ordered pairs k != k' of |cos + 1/(K-1)| from a Gram matrix; null if a vector is 0. */
function equiangularity(G: Float64Array, K: number): number | null {
  for (let k = 0; k < K; k++) if (!(G[k + k * K] > 0)) return null;
  let sum = 0;
  for (let j = 0; j < K; j++)
    for (let i = 0; i < K; i++) {
      if (i === j) continue;
      const cos = G[i + j * K] / Math.sqrt(G[i + i * K] * G[j + j * K]);
      sum += Math.abs(cos + 1 / (K - 1));
    }
  return sum / (K * (K - 1));
}

/** A^T A for a column-major rows x K matrix (K x K result). */
function columnGram(a: Float64Array, rows: number, K: number): Float64Array {
  const G = new Float64Array(K * K);
  for (let j = 0; j < K; j++)
    for (let i = 0; i <= j; i++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r + i * rows] * a[r + j * rows];
      G[i + j * K] = s;
      G[j + i * K] = s;
    }
  return G;
}

/**
 * Z[k + j K] = a_k . b_j (or ||b_j - a_k||^2 when `dist`) for column-major A (d x K) and B (d x N):
 * the JS reference of the wasm products (one sequential sum per entry).
 */
function jsProducts(A: Float64Array, K: number, B: Float64Array, N: number, d: number, dist: boolean): Float64Array {
  const Z = new Float64Array(K * N);
  for (let j = 0; j < N; j++) {
    const off = j * d;
    for (let k = 0; k < K; k++) {
      const ao = k * d;
      let s = 0;
      if (dist)
        for (let i = 0; i < d; i++) {
          const diff = B[off + i] - A[ao + i];
          s += diff * diff;
        }
      else for (let i = 0; i < d; i++) s += A[ao + i] * B[off + i];
      Z[k + j * K] = s;
    }
  }
  return Z;
}

/** Options of ncMetrics. */
export type NcOptions = {
  /**
   * Where the O(K N d) products run: 'auto' (WebAssembly SIMD for large problems, see
   * wasm-products.ts), 'js' or 'wasm'. The paths agree to round-off (~1e-15 relative).
   */
  kernel?: ProductsKind;
};

/**
 * All NC metrics of features H (d x N) with labels in 0..K-1, and of the classifier W (K x d)
 * with bias b when given (classifier metrics are null without W).
 */
export function ncMetrics(Hin: MatrixData, labels: Int32Array, K: number, Win?: MatrixData, b?: Float64Array, options: NcOptions = {}): NcMetrics {
  checkLabels(Hin, labels, K);
  const d = Hin.rows;
  const N = Hin.cols;
  if (Win && (Win.rows !== K || Win.cols !== d)) throw new Error(`W: expected ${K}x${d} (K x d), got ${Win.rows}x${Win.cols}`);
  if (b && !Win) throw new Error('b: a bias needs the classifier W');
  if (b && b.length !== K) throw new Error(`b: expected ${K} values, got ${b.length}`);
  // Everything below runs on H / 2^eH and W / 2^eW; only the traces and the logits in NC4
  // depend on the scales, and they put them back.
  const hs = normalisedCopy(Hin.data);
  const H: MatrixData = { rows: d, cols: N, data: hs.data };
  const ws = Win ? normalisedCopy(Win.data) : null;
  const W: MatrixData | undefined = Win && ws ? { rows: K, cols: d, data: ws.data } : undefined;
  const { means, global } = classMeans(H, labels, K);
  const wasm = useWasmProducts(options.kernel ?? 'auto', d, K, N);

  // Centred means M~ (d x K) and their Gram G = M~^T M~.
  const centred = new Float64Array(d * K);
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) centred[i + k * d] = means.data[i + k * d] - global[i];
  const G = columnGram(centred, d, K);
  let trG = 0;
  for (let k = 0; k < K; k++) trG += G[k + k * K];
  const trSigmaB = trG / K;

  // Within-class residuals r_i = h_i - mu_{y_i}, their norms, and distances to mu_G.
  const resid = new Float64Array(d * N);
  let trSigmaW = 0;
  let sumWithin = 0;
  let sumTotal = 0;
  for (let j = 0; j < N; j++) {
    const k = labels[j];
    let rr = 0;
    let tt = 0;
    for (let i = 0; i < d; i++) {
      const h = H.data[i + j * d];
      const r = h - means.data[i + k * d];
      resid[i + j * d] = r;
      rr += r * r;
      const t = h - global[i];
      tt += t * t;
    }
    trSigmaW += rr;
    sumWithin += Math.sqrt(rr);
    sumTotal += Math.sqrt(tt);
  }
  trSigmaW /= N;

  // NC1 = (1/K) Tr(Sigma_W Sigma_B^+) without any d x d matrix: with G = V diag(lambda) V^T and
  // u_j = M~ v_j (so ||u_j||^2 = lambda_j), Sigma_B^+ = K sum_j u_j u_j^T / lambda_j^2 over the
  // non-zero lambda_j, hence NC1 = sum_j u_j^T Sigma_W u_j / lambda_j^2
  //                              = sum_j (1/(N lambda_j^2)) sum_i (r_i . u_j)^2.
  // A d x d pinv of Sigma_B would cost O(d^3) and would have to guess the rank from d singular
  // values of which at least d-K+1 are round-off; the K x K Gram has at most K-1 true ones.
  let nc1: number | null = null;
  if (trG > 0) {
    const { values, vectors } = symmetricEigen({ rows: K, cols: K, data: G });
    const cutoff = values[0] * SIGMA_B_RELATIVE_CUTOFF;
    let r = 0;
    while (r < K && values[r] > cutoff) r++;
    const U = new Float64Array(d * r);
    for (let jj = 0; jj < r; jj++)
      for (let k = 0; k < K; k++) {
        const v = vectors.data[k + jj * K];
        for (let i = 0; i < d; i++) U[i + jj * d] += centred[i + k * d] * v;
      }
    // The projections r_i . u_j (r x N): the one O(r N d) product of NC1.
    let proj: Float64Array;
    if (wasm) {
      const P = WasmProducts.open(d)!;
      proj = P.products(P.put(U, r), r, P.put(resid, N), N);
    } else proj = jsProducts(U, r, resid, N, d, false);
    const s = new Float64Array(r);
    for (let j = 0; j < N; j++)
      for (let jj = 0; jj < r; jj++) {
        const p = proj[jj + j * r];
        s[jj] += p * p;
      }
    let acc = 0;
    for (let jj = 0; jj < r; jj++) acc += s[jj] / (N * values[jj] * values[jj]);
    nc1 = acc;
  }

  const normsH = new Float64Array(K);
  for (let k = 0; k < K; k++) normsH[k] = Math.sqrt(G[k + k * K]);

  const out: NcMetrics = {
    nc1,
    nc1Tilde: ratio(trSigmaW, trSigmaB),
    nc2: etfDistance(G, K),
    nc2W: null,
    nc3: null,
    nc4: null,
    cvH: coefficientOfVariation(normsH),
    cvW: null,
    angH: equiangularity(G, K),
    angW: null,
    withinClass: ratio(sumWithin / N, sumTotal / N),
    selfDuality: null,
    trSigmaW: scaleByPow2(trSigmaW, 2 * hs.e),
    trSigmaB: scaleByPow2(trSigmaB, 2 * hs.e),
  };
  if (!W) return out;

  // Classifier metrics. W is K x d column-major: w_k[i] = W[k + i K].
  const Wt = new Float64Array(d * K);
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) Wt[i + k * d] = W.data[k + i * K];
  const GW = columnGram(Wt, d, K);
  let normW2 = 0;
  for (let k = 0; k < K; k++) normW2 += GW[k + k * K];
  const normsW = new Float64Array(K);
  for (let k = 0; k < K; k++) normsW[k] = Math.sqrt(GW[k + k * K]);
  out.nc2W = etfDistance(GW, K);
  out.cvW = coefficientOfVariation(normsW);
  out.angW = equiangularity(GW, K);

  if (normW2 > 0 && trG > 0) {
    const a = 1 / Math.sqrt(normW2);
    const c = 1 / Math.sqrt(trG);
    let s = 0;
    for (let k = 0; k < K; k++)
      for (let i = 0; i < d; i++) {
        const diff = Wt[i + k * d] * a - centred[i + k * d] * c;
        s += diff * diff;
      }
    out.nc3 = Math.sqrt(s);
  }

  let allDirections = true;
  for (let k = 0; k < K; k++) if (!(normsW[k] > 0 && normsH[k] > 0)) allDirections = false;
  if (allDirections) {
    // The difference of unit vectors is formed explicitly: sqrt(2 - 2 cos) would lose half the
    // digits exactly where the metric matters (near self-duality).
    let s = 0;
    for (let k = 0; k < K; k++) {
      let dd = 0;
      for (let i = 0; i < d; i++) {
        const diff = centred[i + k * d] / normsH[k] - Wt[i + k * d] / normsW[k];
        dd += diff * diff;
      }
      s += Math.sqrt(dd);
    }
    out.selfDuality = s / K;
  }

  // NC4 is undefined when the classifier cannot rank classes (W = 0 and no or constant bias)
  // or when every class mean coincides (the nearest-mean rule cannot choose).
  let biasVaries = false;
  if (b) for (let k = 1; k < K; k++) if (b[k] !== b[0]) biasVaries = true;
  if ((normW2 > 0 || biasVaries) && trG > 0) {
    // Logits W h + b = 2^(eW+eH) (W' h') + b with the normalised copies. When that factor is
    // far outside the double range one of the two terms is negligible against the other.
    const ew = (ws?.e ?? 0) + hs.e;
    const bias = b && ew <= 1000 ? b : undefined;
    const factor = bias ? (ew < -1100 ? 0 : 2 ** ew) : 1;
    // Logits W h and squared distances ||h - mu_k||^2 (K x N each; W^T and the means are
    // stored by class, so both are products of contiguous columns). Distances are summed from
    // the differences: expanding ||h||^2 - 2 mu.h + ||mu||^2 would cancel near collapse.
    let logits: Float64Array;
    let dists: Float64Array;
    if (wasm) {
      const P = WasmProducts.open(d)!;
      const h = P.put(H.data, N);
      logits = P.products(P.put(Wt, K), K, h, N);
      dists = P.products(P.put(means.data, K), K, h, N, true);
    } else {
      logits = jsProducts(Wt, K, H.data, N, d, false);
      dists = jsProducts(means.data, K, H.data, N, d, true);
    }
    let mismatches = 0;
    for (let j = 0; j < N; j++) {
      let best = -Infinity;
      let argmax = 0;
      let nearest = 0;
      let bestDist = Infinity;
      for (let k = 0; k < K; k++) {
        const dist = dists[k + j * K];
        const z = bias ? bias[k] + factor * logits[k + j * K] : logits[k + j * K];
        if (z > best) {
          best = z;
          argmax = k;
        }
        if (dist < bestDist) {
          bestDist = dist;
          nearest = k;
        }
      }
      if (argmax !== nearest) mismatches++;
    }
    out.nc4 = mismatches / N;
  }
  return out;
}

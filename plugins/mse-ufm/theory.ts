/**
 * The MSE UFM's constants and closed forms (spec/models.md §1).
 *
 * One objective covers every variant, f = (1/(2Kn)) ||W H + b 1^T - Y||^2 + (cW/2)||W||^2
 * + (cH/2)||H||^2 + (cb/2)||b||^2, with (cW, cH, cb) from the chosen normalisation:
 *   TB: cW = lambdaW/K, cH = lambdaH/(Kn), cb = 0 (a bias, if any, is free);
 *   Z:  cW = lambdaW,   cH = lambdaH,      cb = lambdaB.
 * These (cW, cH, cb) are exactly the spec's "Z units", in which the closed forms are stated.
 *
 * Mixon's unregularised model R = kappa ||W H + b 1^T - Y||^2 with kappa = 1/2 is the case
 * cW = cH = 0 with a free bias; our data term has kappa = 1/(2Kn), and gradient descent with
 * (kappa, step eta) is identical to (1/2, 2 kappa eta), so step lr here equals Mixon's step
 * lr/(Kn) (the mixon presets use lr = 0.05 Kn, i.e. Mixon's 0.05). The limit does not depend
 * on kappa; only the time axis does.
 */
import type { BilinearCoefs } from '../../src-main/numerics/bilinear-gd.ts';
import type { MseUfmConfig } from './manifest.ts';

export function objectiveCoefs(c: MseUfmConfig): BilinearCoefs {
  const N = c.K * c.n;
  if (c.normalization === 'tb') return { alpha: 1 / N, cW: c.lambdaW / c.K, cH: c.lambdaH / N, cb: 0, bias: c.bias };
  return { alpha: 1 / N, cW: c.lambdaW, cH: c.lambdaH, cb: c.bias ? c.lambdaB : 0, bias: c.bias };
}

/** Which bias the model has: none, free (unpenalised), or ridge-regularised. */
export function biasKind(c: MseUfmConfig): 'none' | 'free' | 'regularised' {
  if (!c.bias) return 'none';
  return objectiveCoefs(c).cb > 0 ? 'regularised' : 'free';
}

/** Mixon-Parshall-Pi's model: no regularisation of W and H, and a free bias. */
export function isMixon(c: MseUfmConfig): boolean {
  return c.lambdaW === 0 && c.lambdaH === 0 && biasKind(c) === 'free';
}

export interface ClosedForm {
  /** Optimal value of f. */
  fStar: number;
  /** tau = sqrt(n cW cH) and the collapse threshold parameter kappa_c = K tau. */
  tau: number;
  kappaC: number;
  /** W Hbar = a1 P_K + a0 J at the optimum, b = beta 1. */
  a1: number;
  a0: number;
  beta: number;
  /**
   * Largest and smallest singular value of W* (K of them: a1-level with multiplicity K-1, a0-level
   * once); null without regularisation, where minimisers are not unique in scale.
   */
  sWmax: number | null;
  sWmin: number | null;
  /**
   * NC3 and classifier NC2 at the optimum (null when it collapses to zero). Both are 0 at a
   * simplex ETF (a0 = 0) but not for the orthogonal frame of the bias-free model: there W^T is
   * parallel to the un-centred means Hbar while NC3 compares it with the centred ones.
   * With W W^T ∝ A and Hbar^T Hbar ∝ A (self-duality): cos(W^T, M~) = sqrt(a1(K-1)/(a1(K-1)+a0)),
   * cos(W W^T, P_K) = a1 sqrt(K-1) / sqrt(a1^2 (K-1) + a0^2); the metric is sqrt(2 - 2 cos).
   */
  nc3: number | null;
  nc2W: number | null;
}

/**
 * Global minimum of the regularised MSE UFM in closed form (spec §1.2, derived for all three
 * bias cases; c >= 1 collapse to zero included through the max(0, .)).
 */
export function closedForm(c: MseUfmConfig): ClosedForm {
  const { K, n } = c;
  const { cW, cH, cb } = objectiveCoefs(c);
  const tau = Math.sqrt(n * cW * cH);
  const kappaC = K * tau;
  const a1 = Math.max(0, 1 - kappaC);
  const kind = biasKind(c);
  let a0: number;
  let beta: number;
  let g0: number;
  if (kind === 'none') {
    a0 = a1;
    beta = 0;
    g0 = (1 - a0) ** 2 / (2 * K) + tau * a0;
  } else if (kind === 'free') {
    a0 = 0;
    beta = 1 / K;
    g0 = 0;
  } else {
    a0 = Math.max(0, 1 - (kappaC * (1 + cb)) / cb);
    beta = (1 - a0) / (K * (1 + cb));
    g0 = ((1 - a0) ** 2 * cb) / (2 * K * (1 + cb)) + tau * a0;
  }
  const fStar = (K - 1) * ((1 - a1) ** 2 / (2 * K) + tau * a1) + g0;
  let sWmax: number | null = null;
  let sWmin: number | null = null;
  if (cW > 0 && cH > 0) {
    const s = ((n * cH) / cW) ** 0.25;
    sWmax = s * Math.sqrt(Math.max(a1, a0));
    sWmin = s * Math.sqrt(Math.min(a1, a0));
  }
  let nc3: number | null = null;
  let nc2W: number | null = null;
  if (a1 > 0 && cW > 0) {
    const cos3 = Math.sqrt((a1 * (K - 1)) / (a1 * (K - 1) + a0));
    const cos2 = (a1 * Math.sqrt(K - 1)) / Math.sqrt(a1 * a1 * (K - 1) + a0 * a0);
    nc3 = Math.sqrt(Math.max(0, 2 - 2 * cos3));
    nc2W = Math.sqrt(Math.max(0, 2 - 2 * cos2));
  }
  return { fStar, tau, kappaC, a1, a0, beta, sWmax, sWmin, nc3, nc2W };
}

/**
 * Mixon's Figure-1 errors and the Figure-2 relative distance to the invariant subspace S
 * (spec §1.1), with C = K classes and N = n samples per class, columns class by class.
 * W is K x d and H d x Kn, column-major.
 */
export function mixonErrors(K: number, n: number, d: number, W: Float64Array, H: Float64Array, b: Float64Array): { e1: number; e2: number | null; e3: number; distS: number | null } {
  const sqrtN = Math.sqrt(n);
  // e1 = ||W W^T - sqrt(N)(I - J)||_F.
  let e1sq = 0;
  for (let a = 0; a < K; a++)
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += W[a + i * K] * W[c + i * K];
      const diff = s - sqrtN * ((a === c ? 1 : 0) - 1 / K);
      e1sq += diff * diff;
    }
  // e2 = ||H - (W ⊗ 1_N)^T / sqrt(N)||_F / ||H||_F: every column of class k against w_k/sqrt(N).
  let e2num = 0;
  let h2 = 0;
  for (let k = 0; k < K; k++)
    for (let s = 0; s < n; s++) {
      const off = (k * n + s) * d;
      for (let i = 0; i < d; i++) {
        const h = H[off + i];
        const diff = h - W[k + i * K] / sqrtN;
        e2num += diff * diff;
        h2 += h * h;
      }
    }
  let e3sq = 0;
  for (let k = 0; k < K; k++) e3sq += (b[k] - 1 / K) ** 2;

  // Projection onto S: u_k = (w_k + sqrt(N) mu_k)/2, centred over k; W' rows u_k,
  // H' columns u_k/sqrt(N), b' = mean(b) 1.
  const u = new Float64Array(K * d);
  const ubar = new Float64Array(d);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < d; i++) {
      let mu = 0;
      for (let s = 0; s < n; s++) mu += H[(k * n + s) * d + i];
      mu /= n;
      const v = 0.5 * (W[k + i * K] + sqrtN * mu);
      u[i + k * d] = v;
      ubar[i] += v / K;
    }
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) u[i + k * d] -= ubar[i];
  let dist2 = 0;
  let norm2 = h2;
  for (let k = 0; k < K; k++)
    for (let i = 0; i < d; i++) {
      const w = W[k + i * K];
      dist2 += (w - u[i + k * d]) ** 2;
      norm2 += w * w;
      for (let s = 0; s < n; s++) dist2 += (H[(k * n + s) * d + i] - u[i + k * d] / sqrtN) ** 2;
    }
  let bmean = 0;
  for (let k = 0; k < K; k++) bmean += b[k] / K;
  for (let k = 0; k < K; k++) {
    dist2 += (b[k] - bmean) ** 2;
    norm2 += b[k] * b[k];
  }
  return {
    e1: Math.sqrt(e1sq),
    e2: h2 > 0 ? Math.sqrt(e2num / h2) : null,
    e3: Math.sqrt(e3sq),
    distS: norm2 > 0 ? Math.sqrt(dist2 / norm2) : null,
  };
}

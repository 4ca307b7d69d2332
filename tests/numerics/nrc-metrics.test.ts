import { describe, expect, it } from 'vitest';
import { bestGamma, explainedVariance, nrcMetrics } from '../../src-main/numerics/nrc-metrics.ts';
import { Xoshiro128 } from '../../src-main/engine/rng.ts';
import type { MatrixData } from '../../src-main/engine/plugin-api.ts';

const mat = (rows: number, cols: number, f: (i: number, j: number) => number): MatrixData => {
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) data[i + j * rows] = f(i, j);
  return { rows, cols, data };
};

describe('NRC metrics on planted examples', () => {
  const rng = new Xoshiro128(1);
  const M = 200;
  // Targets with Σ = diag(4, 1) exactly in distribution shape; features in span(e1, e2) of R^5.
  const z = Array.from({ length: M }, () => [rng.normal(), rng.normal()]);
  const Y = mat(2, M, (a, i) => (a === 0 ? 2 : 1) * z[i][a]);
  const Hin = mat(5, M, (a, i) => (a < 2 ? z[i][a] * (a === 0 ? 3 : 1) : 0));
  const Whead = mat(2, 5, (a, j) => (a === j ? 1 : 0));

  it('features inside the top-n principal subspace and the row space of W give NRC1 = NRC2 = 0', () => {
    const m = nrcMetrics(Hin, Whead, Y, 0.1);
    expect(m.nrc1).toBeLessThan(1e-14);
    expect(m.nrc2).toBeLessThan(1e-14);
  });

  it('a planted off-subspace component gives NRC1 = NRC2 = mean sin²θ', () => {
    // Samples come in pairs h = cos θ u/|u| + sin θ e5 and cos θ (−u/|u|) + sin θ e5 with
    // θ = 0.3 or 0.6 per pair: the e5 coordinate then has exactly zero sample covariance with
    // e1, e2, so e5 is an exact principal direction of small variance and the top-2 PCs are
    // exactly span(e1, e2) = the row space of W.
    const H = mat(5, M, (a, i) => {
      const m = i >> 1;
      const theta = m % 2 === 0 ? 0.3 : 0.6;
      const u = [3 * z[m][0], 2 * z[m][1]];
      const nu = Math.hypot(u[0], u[1]);
      if (a < 2) return (Math.cos(theta) * u[a] * (i % 2 === 0 ? 1 : -1)) / nu;
      return a === 4 ? Math.sin(theta) : 0;
    });
    const expected = (Math.sin(0.3) ** 2 + Math.sin(0.6) ** 2) / 2;
    const m = nrcMetrics(H, Whead, Y, 0.1);
    expect(m.nrc2).toBeCloseTo(expected, 12);
    expect(m.nrc1).toBeCloseTo(expected, 12);
  });

  it('NRC3 is 0 exactly when W Wᵀ ∝ Σ^{1/2} − √γ I, and matches a hand-computed value otherwise', () => {
    const Sy = mat(2, 4, (a, i) => [[2, -2, 0, 0], [0, 0, 1, -1]][a][i]); // Σ = diag(2, 0.5)
    const gamma = 0.25;
    // Σ^{1/2} − √γ I = diag(√2 − 0.5, √0.5 − 0.5): W = √3 · diag(sqrt of that) in R^{2x3}.
    const t = [Math.SQRT2 - 0.5, Math.SQRT1_2 - 0.5];
    const W = mat(2, 3, (a, j) => (a === j ? Math.sqrt(3 * t[a]) : 0));
    const H = mat(3, 4, (a, i) => (a === i % 3 ? 1 : 0));
    expect(nrcMetrics(H, W, Sy, gamma).nrc3).toBeLessThan(1e-28);
    // W Wᵀ = I: ||I/√2 − T/||T|| ||² = 2 − 2 Tr(T)/(√2 ||T||).
    const I = mat(2, 3, (a, j) => (a === j ? 1 : 0));
    const nt = Math.hypot(t[0], t[1]);
    expect(nrcMetrics(H, I, Sy, gamma).nrc3).toBeCloseTo(2 - (2 * (t[0] + t[1])) / (Math.SQRT2 * nt), 14);
    // The authors' grid search over [0, λ_min] recovers the planted γ.
    const best = bestGamma(W, Sy, 1001);
    expect(best.gamma).toBeCloseTo(gamma, 12);
    expect(best.nrc3).toBeLessThan(1e-28);
  });

  it('explained variance ratios of features with planted variances 9, 4, 1, 0', () => {
    const H = mat(4, 4000, (a, i) => {
      // Balanced ±1 patterns per coordinate make the sample variances exact.
      const s = [(i & 1) * 2 - 1, ((i >> 1) & 1) * 2 - 1, ((i >> 2) & 1) * 2 - 1, 0][a];
      return [3, 2, 1, 0][a] * s + 7;
    });
    const evr = explainedVariance(H, 4);
    expect(Array.from(evr)).toEqual([9 / 14, 4 / 14, 1 / 14, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('zero features and a zero head give null, not NaN', () => {
    const H = mat(3, 10, () => 0);
    const W = mat(2, 3, () => 0);
    const m = nrcMetrics(H, W, Y.cols === 10 ? Y : mat(2, 10, (a, i) => (a + 1) * Math.sin(i + a)), 0.1);
    expect(m.nrc1).toBeNull();
    expect(m.nrc2).toBeNull();
    expect(m.nrc3).toBeNull();
    expect(Array.from(m.evr)).toEqual([0, 0, 0]);
  });

  it('names mismatched shapes', () => {
    expect(() => nrcMetrics(Hin, mat(2, 4, () => 1), Y, 0.1)).toThrow(/W: expected n x d with d = 5/);
    expect(() => nrcMetrics(Hin, Whead, mat(2, 3, () => 1), 0.1)).toThrow(/Y: expected one target column per feature column/);
  });
});

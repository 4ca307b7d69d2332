import { describe, expect, it } from 'vitest';
import type { MatrixData } from '../../src-main/engine/plugin-api.ts';
import { Xoshiro128 } from '../../src-main/engine/rng.ts';
import { simplexEtf } from '../../src-main/numerics/etf.ts';
import { pinv, singularValues } from '../../src-main/numerics/linalg.ts';
import { classMeans, ncMetrics } from '../../src-main/numerics/nc-metrics.ts';

/** Column-major matrix from row-major nested arrays (readable fixtures). */
function mat(rows: number[][]): MatrixData {
  const r = rows.length;
  const c = rows[0].length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[i + j * r] = rows[i][j];
  return { rows: r, cols: c, data };
}

/** Features collapsed onto `means` (d x K): n copies of each mean, class by class, plus `shift`. */
function collapsed(means: MatrixData, n: number, shift: number[] = []): { H: MatrixData; labels: Int32Array } {
  const d = means.rows;
  const K = means.cols;
  const H: MatrixData = { rows: d, cols: K * n, data: new Float64Array(d * K * n) };
  const labels = new Int32Array(K * n);
  for (let k = 0; k < K; k++)
    for (let s = 0; s < n; s++) {
      const j = k * n + s;
      labels[j] = k;
      for (let i = 0; i < d; i++) H.data[i + j * d] = means.data[i + k * d] + (shift[i] ?? 0);
    }
  return { H, labels };
}

function transpose(a: MatrixData): MatrixData {
  const out: MatrixData = { rows: a.cols, cols: a.rows, data: new Float64Array(a.data.length) };
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) out.data[j + i * a.cols] = a.data[i + j * a.rows];
  return out;
}

describe('NC metrics at an exact simplex ETF', () => {
  it('are zero for collapsed features on a rotated, shifted, scaled ETF with a dual classifier', () => {
    const K = 5;
    const d = 9;
    const M = simplexEtf(d, K, { scale: 3.7, rng: new Xoshiro128(11) });
    const { H, labels } = collapsed(M, 4, [0.3, -1, 2, 0, 0, 5, 0, 0, 1]);
    const W = transpose(simplexEtf(d, K, { scale: 1 }));
    // A dual classifier must use the same ETF directions as the means: W = c M^T.
    for (let i = 0; i < W.data.length; i++) W.data[i] = 0.4 * transpose(M).data[i];
    const b = new Float64Array(K).fill(0.2);
    const m = ncMetrics(H, labels, K, W, b);
    expect(m.nc1).toBe(0);
    expect(m.withinClass).toBe(0);
    expect(m.trSigmaW).toBe(0);
    for (const key of ['nc2', 'nc2W', 'nc3', 'cvH', 'cvW', 'angH', 'angW', 'selfDuality'] as const) {
      expect(m[key], key).not.toBeNull();
      expect(Math.abs(m[key]!), key).toBeLessThan(1e-13);
    }
    expect(m.nc4).toBe(0);
    // Tr Sigma_B of unit-norm ETF columns scaled by 3.7: (1/K) sum ||mu_k - mu_G||^2 = 3.7^2.
    expect(m.trSigmaB).toBeCloseTo(3.7 ** 2, 12);
    expect(m.nc1Tilde).toBe(0);
  });

  it('simplexEtf has the ETF Gram (K/(K-1)) P_K times scale^2, also for d = K-1', () => {
    for (const [d, K] of [[4, 5], [7, 3]]) {
      const M = simplexEtf(d, K, { scale: 2, rng: new Xoshiro128(3) });
      for (let a = 0; a < K; a++)
        for (let c = 0; c < K; c++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += M.data[i + a * d] * M.data[i + c * d];
          const expected = 4 * (K / (K - 1)) * ((a === c ? 1 : 0) - 1 / K);
          expect(s).toBeCloseTo(expected, 13);
        }
    }
  });
});

describe('NC metrics on a hand-computed rank-deficient example', () => {
  // K = 3, d = 2. Classes 0 and 1 share the mean (1, 0); class 2 has mean (-2, 0), so mu_G = 0
  // and Sigma_B = 2 e1 e1^T has rank 1 < K-1. Within-class scatter: (0, +-1), (0, +-0.5) and
  // (+-0.5, 0), so Sigma_W = (1/6) diag(0.5, 2.5).
  const H = mat([
    [1, 1, 1, 1, -1.5, -2.5],
    [1, -1, 0.5, -0.5, 0, 0],
  ]);
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const W = mat([
    [1, 0],
    [1, 0],
    [-1, 0],
  ]);

  it('nc1 uses the pseudo-inverse on the range of Sigma_B only', () => {
    const m = ncMetrics(H, labels, 3);
    // Tr(Sigma_W Sigma_B^+) = (0.5/6) * (1/2) = 1/24, and NC1 carries the 1/K.
    expect(m.nc1).toBeCloseTo(1 / 72, 14);
    expect(m.trSigmaW).toBeCloseTo(0.5, 14);
    expect(m.trSigmaB).toBeCloseTo(2, 14);
    expect(m.nc1Tilde).toBeCloseTo(0.25, 14);
  });

  it('the feature geometry measures match the closed forms', () => {
    const m = ncMetrics(H, labels, 3);
    // G = [[1,1,-2],[1,1,-2],[-2,-2,4]], ||G||_F = 6, <G/6, P_3/sqrt 2> = 1/sqrt 2.
    expect(m.nc2).toBeCloseTo(Math.sqrt(2 - Math.SQRT2), 14);
    // norms 1, 1, 2: std (K-1) = sqrt(1/3), mean 4/3.
    expect(m.cvH).toBeCloseTo(Math.sqrt(3) / 4, 14);
    // cosines 1, -1, -1 give |.+1/2| = 1.5, 0.5, 0.5.
    expect(m.angH).toBeCloseTo(5 / 6, 14);
    expect(m.withinClass).toBeCloseTo(4 / (2 * Math.SQRT2 + 2 * Math.sqrt(1.25) + 4), 14);
  });

  it('the classifier measures match the closed forms (ties go to the lowest class)', () => {
    const m = ncMetrics(H, labels, 3, W);
    // <W^T, M~> = 4, ||W||_F = sqrt 3, ||M~||_F = sqrt 6.
    expect(m.nc3).toBeCloseTo(Math.sqrt(2 - (4 * Math.SQRT2) / 3), 14);
    expect(m.nc2W).toBeCloseTo(Math.sqrt(2 - 16 / (9 * Math.SQRT2)), 14);
    expect(m.cvW).toBeCloseTo(0, 15);
    expect(m.angW).toBeCloseTo(5 / 6, 14);
    expect(m.selfDuality).toBeCloseTo(0, 15);
    // NC4 compares the classifier with the nearest-mean rule, not with the labels. Classes 0
    // and 1 share a mean and their logits tie at (1, 1, -1): both rules pick class 0 there.
    expect(m.nc4).toBe(0);
    // A bias that favours class 1 flips the classifier on classes 0 and 1 (4 samples), not on 2.
    const m2 = ncMetrics(H, labels, 3, W, Float64Array.from([0, 0.1, 0]));
    expect(m2.nc4).toBeCloseTo(4 / 6, 15);
  });
});

describe('NC metrics against naive references', () => {
  it('nc1 equals (1/K) Tr(Sigma_W pinv(Sigma_B)) with d x d matrices, for unequal class counts', () => {
    const rng = new Xoshiro128(5);
    const K = 4;
    const d = 6;
    const counts = [3, 7, 2, 5];
    const N = counts.reduce((a, c) => a + c, 0);
    const labels = new Int32Array(N);
    let j = 0;
    counts.forEach((c, k) => {
      for (let s = 0; s < c; s++) labels[j++] = k;
    });
    const H: MatrixData = { rows: d, cols: N, data: new Float64Array(d * N) };
    rng.fillNormal(H.data);
    for (let t = 0; t < N; t++) H.data[t * d + labels[t]] += 3; // separate the classes

    const { means, global, counts: got } = classMeans(H, labels, K);
    expect([...got]).toEqual(counts);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += means.data[i + k * d];
      expect(global[i]).toBeCloseTo(s / K, 14);
    }

    const SW: MatrixData = { rows: d, cols: d, data: new Float64Array(d * d) };
    const SB: MatrixData = { rows: d, cols: d, data: new Float64Array(d * d) };
    for (let t = 0; t < N; t++)
      for (let a = 0; a < d; a++)
        for (let c = 0; c < d; c++) {
          const k = labels[t];
          SW.data[a + c * d] += ((H.data[a + t * d] - means.data[a + k * d]) * (H.data[c + t * d] - means.data[c + k * d])) / N;
        }
    for (let k = 0; k < K; k++)
      for (let a = 0; a < d; a++)
        for (let c = 0; c < d; c++) SB.data[a + c * d] += ((means.data[a + k * d] - global[a]) * (means.data[c + k * d] - global[c])) / K;
    const SBp = pinv(SB, 1e-10);
    let tr = 0;
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) tr += SW.data[a + c * d] * SBp.data[c + a * d];
    const m = ncMetrics(H, labels, K);
    expect(m.nc1! / (tr / K)).toBeCloseTo(1, 10);
    let trW = 0;
    let trB = 0;
    for (let a = 0; a < d; a++) {
      trW += SW.data[a + a * d];
      trB += SB.data[a + a * d];
    }
    expect(m.trSigmaW).toBeCloseTo(trW, 12);
    expect(m.trSigmaB).toBeCloseTo(trB, 12);
  });
});

describe('NC metrics far from unit scale', () => {
  it('give the same scale-free values for features and classifier scaled by 2^-1000 (products underflow)', () => {
    const rng = new Xoshiro128(21);
    const K = 3;
    const d = 4;
    const H: MatrixData = { rows: d, cols: 6, data: new Float64Array(24) };
    const W: MatrixData = { rows: K, cols: d, data: new Float64Array(12) };
    rng.fillNormal(H.data);
    rng.fillNormal(W.data);
    const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const b = Float64Array.from([0.3, -0.1, 0]);
    const ref = ncMetrics(H, labels, K, W, b);
    const tiny = (a: MatrixData): MatrixData => ({ ...a, data: a.data.map((v) => v * 2 ** -1000) });
    const m = ncMetrics(tiny(H), labels, K, tiny(W), b);
    for (const key of ['nc1', 'nc1Tilde', 'nc2', 'nc2W', 'nc3', 'cvH', 'cvW', 'angH', 'angW', 'withinClass', 'selfDuality'] as const) {
      expect(m[key], key).toBe(ref[key]);
    }
    expect(m.trSigmaW).toBe(0); // 2^-2000 times an O(1) trace underflows: the honest value
    // The logits W h are ~2^-2000, negligible against the bias: both rules are evaluated anyway.
    expect(m.nc4).not.toBeNull();
  });

  it('singular values of a subnormal matrix (a run collapsed to zero) are found', () => {
    const s = singularValues({ rows: 2, cols: 3, data: Float64Array.from([3e-320, 0, 0, 1e-320, 0, 0]) });
    expect(s[0] / 3e-320).toBeCloseTo(1, 3);
    expect(s[1] / 1e-320).toBeCloseTo(1, 2);
  });
});

describe('NC metrics where quantities are undefined', () => {
  it('returns null, never NaN, for all-zero features and classifier', () => {
    const H: MatrixData = { rows: 4, cols: 6, data: new Float64Array(24) };
    const W: MatrixData = { rows: 3, cols: 4, data: new Float64Array(12) };
    const m = ncMetrics(H, Int32Array.from([0, 0, 1, 1, 2, 2]), 3, W);
    for (const [key, value] of Object.entries(m)) {
      if (key === 'trSigmaW' || key === 'trSigmaB') expect(value, key).toBe(0);
      else expect(value, key).toBeNull();
    }
  });

  it('rejects bad input with the field and the reason', () => {
    const H: MatrixData = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => ncMetrics(H, Int32Array.from([0, 1, 3]), 3)).toThrow(/labels\[2\] = 3 is outside 0..2/);
    expect(() => ncMetrics(H, Int32Array.from([0, 1, 1]), 3)).toThrow(/class 2 has no samples/);
    expect(() => ncMetrics(H, Int32Array.from([0, 1]), 3)).toThrow(/one label per column/);
    expect(() => ncMetrics(H, Int32Array.from([0, 1, 2]), 3, { rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(/W: expected 3x2/);
  });
});

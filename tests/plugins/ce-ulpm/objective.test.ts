import { describe, expect, it } from 'vitest';
import { createWorkspace, gdStep, lossAndGrad, lossOnly, minMargin, stepKernel } from '../../../plugins/ce-ulpm/objective.ts';
import { marginBound, sphereMinLoss } from '../../../plugins/ce-ulpm/theory.ts';
import { simplexEtf } from '../../../src-main/numerics/etf.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';

function random(len: number, seed: number, scale = 1): Float64Array {
  const rng = new Xoshiro128(seed);
  const x = new Float64Array(len);
  rng.fillNormal(x, scale);
  return x;
}

/** Balanced neural collapse h_{k,i} = r m_k, w_k = sqrt(n) r m_k (m_k unit simplex ETF). */
function collapsed(K: number, n: number, d: number, r: number) {
  const M = simplexEtf(d, K, { rng: new Xoshiro128(9) });
  const W = new Float64Array(K * d);
  const H = new Float64Array(d * K * n);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < d; j++) {
      W[k * d + j] = Math.sqrt(n) * r * M.data[j + k * d];
      for (let i = 0; i < n; i++) H[(k * n + i) * d + j] = r * M.data[j + k * d];
    }
  return { W, H };
}

const sumSq = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);

describe('cross-entropy ULPM objective', () => {
  it.each(['sum', 'mean'] as const)('gradients match central finite differences (%s)', (reduction) => {
    const shape = { K: 3, n: 2, d: 4, reduction };
    const W = random(12, 1);
    const H = random(24, 2);
    const { gW, gH } = lossAndGrad(shape, W, H);
    const h = 1e-6;
    for (const [x, g] of [[W, gW], [H, gH]] as const)
      for (let q = 0; q < x.length; q++) {
        const keep = x[q];
        x[q] = keep + h;
        const up = lossOnly(shape, W, H);
        x[q] = keep - h;
        const down = lossOnly(shape, W, H);
        x[q] = keep;
        expect(g[q]).toBeCloseTo((up - down) / (2 * h), 7);
      }
  });

  it('the fused step equals W − lr ∇_W L, H − lr ∇_H L and returns the loss before the step', () => {
    const shape = { K: 7, n: 3, d: 9, reduction: 'mean' as const };
    const W = random(63, 3);
    const H = random(189, 4);
    const { loss, gW, gH } = lossAndGrad(shape, W, H);
    const W1 = W.slice();
    const H1 = H.slice();
    expect(gdStep(shape, W1, H1, 0.7, createWorkspace(shape))).toBeCloseTo(loss, 13);
    for (let q = 0; q < W.length; q++) expect(W1[q]).toBeCloseTo(W[q] - 0.7 * gW[q], 13);
    for (let q = 0; q < H.length; q++) expect(H1[q]).toBeCloseTo(H[q] - 0.7 * gH[q], 13);
  });

  it.each([
    [5, 3, 7, 'mean'],
    [2, 4, 3, 'sum'],
    [9, 2, 5, 'mean'],
    [17, 1, 3, 'sum'],
  ] as const)('the compiled step for (K, n, d) = (%s, %s, %s) matches the generic fused step', (K, n, d, reduction) => {
    const shape = { K, n, d, reduction };
    const W = random(K * d, 7);
    const H = random(d * K * n, 8);
    const [W1, H1, W2, H2] = [W.slice(), H.slice(), W.slice(), H.slice()];
    const step = stepKernel(shape);
    for (let t = 0; t < 20; t++) {
      gdStep(shape, W1, H1, 0.3, createWorkspace(shape));
      step(W2, H2, 0.3, createWorkspace(shape));
    }
    W1.forEach((v, q) => expect(W2[q]).toBeCloseTo(v, 12));
    H1.forEach((v, q) => expect(H2[q]).toBeCloseTo(v, 12));
  });

  it('Lemma 3.1 holds with equality at balanced collapse, and the loss there is L_min(R^2)', () => {
    const K = 5;
    const n = 4;
    const d = 6;
    const r = 1.3;
    const { W, H } = collapsed(K, n, d, r);
    const R2 = sumSq(W) + sumSq(H);
    const q = minMargin({ K, n, d, reduction: 'sum' }, W, H);
    expect(q).toBeCloseTo(Math.sqrt(n) * r * r * (K / (K - 1)), 12);
    expect(q).toBeCloseTo(marginBound(K, n, R2), 12);
    expect(lossOnly({ K, n, d, reduction: 'sum' }, W, H)).toBeCloseTo(sphereMinLoss(K, n, R2), 12);
    // A random point on the same sphere is strictly below the bound and above L_min.
    const W2 = random(K * d, 5);
    const H2 = random(d * K * n, 6);
    const f = Math.sqrt(R2 / (sumSq(W2) + sumSq(H2)));
    W2.forEach((v, i) => (W2[i] = v * f));
    H2.forEach((v, i) => (H2[i] = v * f));
    expect(minMargin({ K, n, d, reduction: 'sum' }, W2, H2)).toBeLessThan(marginBound(K, n, R2));
    expect(lossOnly({ K, n, d, reduction: 'sum' }, W2, H2)).toBeGreaterThan(sphereMinLoss(K, n, R2));
  });

  it('keeps full relative accuracy of the loss at huge margins (loss ~ 1e-200)', () => {
    const { W, H } = collapsed(3, 2, 3, 14);
    const loss = lossOnly({ K: 3, n: 2, d: 3, reduction: 'sum' }, W, H);
    const exact = sphereMinLoss(3, 2, sumSq(W) + sumSq(H));
    expect(exact).toBeLessThan(1e-150);
    expect(exact).toBeGreaterThan(0);
    expect(loss / exact).toBeCloseTo(1, 10);
  });
});

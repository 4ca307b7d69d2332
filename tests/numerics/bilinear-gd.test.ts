import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src-main/engine/rng.ts';
import { bilinearObjective, JsBilinearGd } from '../../src-main/numerics/bilinear-gd.ts';
import type { BilinearCoefs, BilinearPoint, BilinearShape } from '../../src-main/numerics/bilinear-gd.ts';
import { createBilinearGd } from '../../src-main/numerics/bilinear-gd-select.ts';

function randomProblem(K: number, d: number, N: number, seed: number): { shape: BilinearShape; point: BilinearPoint } {
  const rng = new Xoshiro128(seed);
  const labels = Int32Array.from({ length: N }, () => rng.int(K));
  const point = { W: new Float64Array(K * d), H: new Float64Array(d * N), b: new Float64Array(K) };
  rng.fillNormal(point.W, 0.3);
  rng.fillNormal(point.H, 0.3);
  rng.fillNormal(point.b, 0.3);
  return { shape: { K, d, N, labels }, point };
}

/** One GD step written as three separate naive matrix products (the textbook formulas). */
function naiveStep(shape: BilinearShape, c: BilinearCoefs, p: BilinearPoint, lr: number): BilinearPoint {
  const { K, d, N, labels } = shape;
  const E = new Float64Array(K * N);
  for (let j = 0; j < N; j++)
    for (let k = 0; k < K; k++) {
      let s = (c.bias ? p.b[k] : 0) - (labels[j] === k ? 1 : 0);
      for (let i = 0; i < d; i++) s += p.W[k + i * K] * p.H[i + j * d];
      E[k + j * K] = s;
    }
  const W = new Float64Array(K * d);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < d; i++) {
      let g = 0;
      for (let j = 0; j < N; j++) g += E[k + j * K] * p.H[i + j * d];
      W[k + i * K] = p.W[k + i * K] - lr * (c.alpha * g + c.cW * p.W[k + i * K]);
    }
  const H = new Float64Array(d * N);
  for (let j = 0; j < N; j++)
    for (let i = 0; i < d; i++) {
      let g = 0;
      for (let k = 0; k < K; k++) g += p.W[k + i * K] * E[k + j * K];
      H[i + j * d] = p.H[i + j * d] - lr * (c.alpha * g + c.cH * p.H[i + j * d]);
    }
  const b = new Float64Array(K);
  if (c.bias)
    for (let k = 0; k < K; k++) {
      let g = 0;
      for (let j = 0; j < N; j++) g += E[k + j * K];
      b[k] = p.b[k] - lr * (c.alpha * g + c.cb * p.b[k]);
    }
  return { W, H, b };
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(a[i]));
  }
  return den === 0 ? num : num / den;
}

// Odd and even d (padding), K odd and even (row-pair tails), N not a multiple of 4 (column tails).
const shapes: [number, number, number][] = [[1, 1, 1], [3, 15, 9], [4, 8, 20], [5, 7, 13], [10, 33, 42]];
const coefs: BilinearCoefs[] = [
  { alpha: 0.1, cW: 0.02, cH: 0.03, cb: 0.05, bias: true },
  { alpha: 0.05, cW: 0, cH: 0, cb: 0, bias: false },
];

describe('bilinear GD kernels', () => {
  for (const kind of ['js', 'wasm'] as const) {
    for (const [K, d, N] of shapes) {
      it(`${kind}: one step equals the naive three-product step (K=${K}, d=${d}, N=${N})`, async () => {
        for (const c of coefs) {
          const { shape, point } = randomProblem(K, d, N, K * 100 + d);
          const gd = await createBilinearGd(shape, c, kind);
          gd.setPoint(point);
          gd.step(0.7, 1);
          const got = gd.getPoint();
          const want = naiveStep(shape, c, point, 0.7);
          for (const key of ['W', 'H', 'b'] as const) expect(maxRelDiff(got[key], want[key]), key).toBeLessThan(1e-14);
          if (!c.bias) expect([...got.b]).toEqual(new Array(K).fill(0));
          expect(gd.objective()).toBe(bilinearObjective(shape, c, got));
        }
      });
    }
  }

  it('the wasm path follows the JS path to 1e-12 over 500 steps', async () => {
    for (const [K, d, N] of shapes) {
      const { shape, point } = randomProblem(K, d, N, 7);
      const c = { ...coefs[0], alpha: 1 / N }; // a stable step: curvature of the data term ~ alpha N
      const js = new JsBilinearGd(shape, c);
      const wasm = await createBilinearGd(shape, c, 'wasm');
      js.setPoint(point);
      wasm.setPoint(point);
      js.step(0.5, 500);
      wasm.step(0.5, 500);
      const a = js.getPoint();
      const b = wasm.getPoint();
      for (const key of ['W', 'H', 'b'] as const) expect(maxRelDiff(a[key], b[key]), `${K}x${d}x${N} ${key}`).toBeLessThan(1e-12);
    }
  });

  it('auto picks the wasm kernel here, and a point survives a set/get round trip exactly', async () => {
    const { shape, point } = randomProblem(3, 5, 7, 1);
    const gd = await createBilinearGd(shape, coefs[0]);
    expect(gd.backend).toBe('wasm-simd-f64');
    gd.setPoint(point);
    const back = gd.getPoint();
    expect(back).toEqual(point);
  });

  it('rejects labels outside 0..K-1', async () => {
    const shape: BilinearShape = { K: 2, d: 2, N: 2, labels: Int32Array.from([0, 2]) };
    await expect(createBilinearGd(shape, coefs[0], 'wasm')).rejects.toThrow(/labels\[1\] = 2 is outside 0..1/);
  });
});

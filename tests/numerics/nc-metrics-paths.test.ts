import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src-main/engine/rng.ts';
import { bilinearObjective } from '../../src-main/numerics/bilinear-gd.ts';
import { simplexEtf } from '../../src-main/numerics/etf.ts';
import { ncMetrics } from '../../src-main/numerics/nc-metrics.ts';
import type { NcMetrics } from '../../src-main/numerics/nc-metrics.ts';
import { useWasmProducts, WASM_PRODUCTS_MIN_WORK } from '../../src-main/numerics/wasm-products.ts';

/** Features near a rotated ETF (noise `spread`), unequal class counts, a noisy dual classifier and a bias. */
function problem(K: number, d: number, N: number, spread: number, seed: number) {
  const rng = new Xoshiro128(seed);
  const M = simplexEtf(d, K, { scale: 2, rng });
  const labels = Int32Array.from({ length: N }, (_, j) => (j < K ? j : rng.int(K)));
  const H = new Float64Array(d * N);
  rng.fillNormal(H, spread);
  for (let j = 0; j < N; j++) for (let i = 0; i < d; i++) H[i + j * d] += M.data[i + labels[j] * d] + 0.1 * (i % 3);
  const W = new Float64Array(K * d);
  rng.fillNormal(W, 0.3);
  for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) W[k + i * K] += M.data[i + k * d];
  const b = new Float64Array(K);
  rng.fillNormal(b, 0.1);
  return { H: { rows: d, cols: N, data: H }, labels, W: { rows: K, cols: d, data: W }, b };
}

const KEYS = ['nc1', 'nc1Tilde', 'nc2', 'nc2W', 'nc3', 'nc4', 'cvH', 'cvW', 'angH', 'angW', 'withinClass', 'selfDuality', 'trSigmaW', 'trSigmaB'] as const;

function expectSame(a: NcMetrics, b: NcMetrics, rel: number): void {
  for (const key of KEYS) {
    if (a[key] === null) {
      expect(b[key], key).toBeNull();
      continue;
    }
    expect(b[key], key).not.toBeNull();
    expect(Math.abs(a[key]! - b[key]!), key).toBeLessThanOrEqual(rel * Math.abs(a[key]!));
  }
}

describe('NC metrics: the wasm products path equals the JS path', () => {
  // Odd d (padding), K odd (row tails), N not a multiple of 4 (column tails), spreads from
  // well separated to nearly collapsed (NC1 ~ 1e-16: the projections come from residuals).
  for (const [K, d, N, spread] of [[3, 5, 11, 0.5], [7, 33, 103, 0.2], [10, 64, 1001, 1e-8], [4, 3, 50, 2]] as const) {
    it(`to 1e-12 relative, NC4 exactly (K=${K}, d=${d}, N=${N}, spread ${spread})`, () => {
      const { H, labels, W, b } = problem(K, d, N, spread, K * d);
      const js = ncMetrics(H, labels, K, W, b, { kernel: 'js' });
      const wasm = ncMetrics(H, labels, K, W, b, { kernel: 'wasm' });
      expectSame(js, wasm, 1e-12);
      expect(wasm.nc4).toBe(js.nc4);
      expectSame(ncMetrics(H, labels, K, W, undefined, { kernel: 'js' }), ncMetrics(H, labels, K, W, undefined, { kernel: 'wasm' }), 1e-12);
    });
  }

  it('is zero at an exact ETF with a dual classifier, and scale-free at 2^-1000', () => {
    const K = 6;
    const d = 11;
    const M = simplexEtf(d, K, { scale: 3, rng: new Xoshiro128(2) });
    const n = 4; // a power of two: the class means are exact, so the residuals are exactly 0
    const labels = Int32Array.from({ length: K * n }, (_, j) => Math.floor(j / n));
    const H = new Float64Array(d * K * n);
    for (let j = 0; j < K * n; j++) for (let i = 0; i < d; i++) H[i + j * d] = M.data[i + labels[j] * d];
    const W = new Float64Array(K * d);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) W[k + i * K] = 0.5 * M.data[i + k * d];
    const m = ncMetrics({ rows: d, cols: K * n, data: H }, labels, K, { rows: K, cols: d, data: W }, undefined, { kernel: 'wasm' });
    expect(m.nc1).toBe(0);
    expect(m.nc4).toBe(0);
    for (const key of ['nc2', 'nc2W', 'nc3', 'angH', 'angW', 'selfDuality'] as const) expect(Math.abs(m[key]!), key).toBeLessThan(1e-13);
    const tiny = (x: Float64Array) => x.map((v) => v * 2 ** -1000);
    const s = ncMetrics({ rows: d, cols: K * n, data: tiny(H) }, labels, K, { rows: K, cols: d, data: tiny(W) }, undefined, { kernel: 'wasm' });
    for (const key of ['nc1', 'nc2', 'nc3', 'nc4', 'angH', 'selfDuality'] as const) expect(s[key], key).toBe(m[key]);
  });

  it("'auto' takes the wasm products for large problems only", () => {
    expect(useWasmProducts('auto', 20, 5, 50)).toBe(false);
    expect(useWasmProducts('auto', 512, 10, 1000)).toBe(true);
    expect(512 * 10 * 1000).toBeGreaterThanOrEqual(WASM_PRODUCTS_MIN_WORK);
    expect(useWasmProducts('js', 512, 10, 1000)).toBe(false);
  });

  it('the bilinear objective on the products kernel equals a naive sum (large problem)', () => {
    const [K, d, N] = [8, 128, 300];
    const { H, labels, W, b } = problem(K, d, N, 0.3, 5);
    expect(useWasmProducts('auto', d, K, N)).toBe(true);
    const coefs = { alpha: 0.3, cW: 0.1, cH: 0.2, cb: 0.4, bias: true };
    let data = 0;
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        let z = 0;
        for (let i = 0; i < d; i++) z += W.data[k + i * K] * H.data[i + j * d];
        data += (z + b[k] - (labels[j] === k ? 1 : 0)) ** 2;
      }
    const sq = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
    const want = 0.5 * (0.3 * data + 0.1 * sq(W.data) + 0.2 * sq(H.data) + 0.4 * sq(b));
    const got = bilinearObjective({ K, d, N, labels }, coefs, { W: W.data, H: H.data, b });
    expect(Math.abs(got - want) / want).toBeLessThan(1e-13);
  });
});

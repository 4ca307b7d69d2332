import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src-main/engine/rng.ts';
import { JsBilinearGd } from '../../src-main/numerics/bilinear-gd.ts';
import type { BilinearCoefs, BilinearShape } from '../../src-main/numerics/bilinear-gd.ts';
import { createBilinearGd } from '../../src-main/numerics/bilinear-gd-select.ts';
import { WasmSoftmaxGd } from '../../src-main/numerics/softmax-gd-wasm.ts';
import { bilinearWasmSync, WasmArena } from '../../src-main/numerics/wasm-module.ts';
import { gdStep, createWorkspace, lossAndGrad, stepKernel } from '../../plugins/ce-ulpm/objective.ts';
import type { UlpmShape } from '../../plugins/ce-ulpm/objective.ts';

const wasm = bilinearWasmSync()!;

function random(len: number, seed: number, scale = 1): Float64Array {
  const x = new Float64Array(len);
  new Xoshiro128(seed).fillNormal(x, scale);
  return x;
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

function wasmExp(xs: Float64Array): Float64Array {
  const arena = new WasmArena(wasm);
  const n = xs.length + (xs.length & 1);
  const p = arena.take(n * 8);
  arena.f64().set(xs, p / 8);
  (arena.exports.expArray as (p: number, n: number) => void)(p, n);
  return arena.f64().slice(p / 8, p / 8 + xs.length);
}

describe('wasm exp (the softmax of the cross-entropy step)', () => {
  it('is within ~1 ulp of Math.exp over the whole range of a max-shifted logit', () => {
    const xs = Float64Array.from({ length: 100001 }, (_, i) => -708 + 708 * (i / 100000) ** 2);
    const got = wasmExp(xs);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(got[i] - Math.exp(xs[i])) / Math.exp(xs[i]));
    expect(worst).toBeLessThan(2.5 * Number.EPSILON);
    expect(wasmExp(Float64Array.of(0, -0))).toEqual(Float64Array.of(1, 1));
  });

  it('goes smoothly to 0 through the subnormal range and gives exactly 0 below it', () => {
    const xs = Float64Array.from({ length: 2000 }, (_, i) => -745 + 37 * (i / 1999));
    const got = wasmExp(xs);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(got[i] - Math.exp(xs[i]))).toBeLessThanOrEqual(Math.max(2 * Number.EPSILON * Math.exp(xs[i]), 5e-324));
    expect([...wasmExp(Float64Array.of(-746, -800, -1e300))]).toEqual([0, 0, 0]);
  });
});

// Odd and even d (padding), K odd and even (row-pair tails), N = K n not a multiple of 4 (column tails).
const ulpmShapes: [number, number, number][] = [[2, 1, 1], [3, 3, 7], [4, 2, 8], [5, 10, 20], [7, 3, 33]];

describe('wasm cross-entropy (ULPM) step', () => {
  for (const reduction of ['sum', 'mean'] as const)
    for (const [K, n, d] of ulpmShapes) {
      it(`one step equals (W, H) - lr ∇L from the reference gradient (K=${K}, n=${n}, d=${d}, ${reduction})`, () => {
        const shape: UlpmShape = { K, n, d, reduction };
        const W = random(K * d, K + d, 0.7);
        const H = random(d * K * n, K * d, 0.7);
        const { gW, gH } = lossAndGrad(shape, W, H);
        const gd = new WasmSoftmaxGd(shape, wasm);
        gd.setPoint(W, H);
        gd.step(0.3, 1);
        const got = gd.getPoint();
        expect(maxRelDiff(W.map((w, q) => w - 0.3 * gW[q]), got.W)).toBeLessThan(1e-14);
        expect(maxRelDiff(H.map((h, q) => h - 0.3 * gH[q]), got.H)).toBeLessThan(1e-14);
      });
    }

  it('follows the compiled JS step to 1e-12 over 2000 steps', () => {
    for (const [K, n, d] of ulpmShapes) {
      const shape: UlpmShape = { K, n, d, reduction: 'mean' };
      const W = random(K * d, 3, 0.5);
      const H = random(d * K * n, 4, 0.5);
      const gd = new WasmSoftmaxGd(shape, wasm);
      gd.setPoint(W, H);
      const step = stepKernel(shape);
      const ws = createWorkspace(shape);
      for (let t = 0; t < 2000; t++) step(W, H, 2, ws);
      gd.step(2, 2000);
      const got = gd.getPoint();
      expect(maxRelDiff(W, got.W), `${K},${n},${d} W`).toBeLessThan(1e-12);
      expect(maxRelDiff(H, got.H), `${K},${n},${d} H`).toBeLessThan(1e-12);
    }
  });

  it('keeps the label gradient exact at huge margins, where softmax − 1 would cancel to 0', () => {
    // Logit gaps of ~30-700: the non-label mass is 1e-13..1e-300 and must survive in g_y.
    const shape: UlpmShape = { K: 3, n: 2, d: 3, reduction: 'sum' };
    const W = Float64Array.of(10, 0, 0, 0, 10, 0, 0, 0, 10);
    const H = Float64Array.of(3, 0, 0, 70, 0, 0, 0, 5, 0, 0, 40, 1, 0, 0, 9, 2, 0, 60);
    const js = { W: W.slice(), H: H.slice() };
    gdStep(shape, js.W, js.H, 1e10, createWorkspace(shape));
    const gd = new WasmSoftmaxGd(shape, wasm);
    gd.setPoint(W, H);
    gd.step(1e10, 1);
    const got = gd.getPoint();
    // Relative to each entry's own change, not to the largest entry.
    for (const [a, b, x] of [[js.W, got.W, W], [js.H, got.H, H]] as const)
      for (let q = 0; q < a.length; q++) expect(Math.abs(b[q] - x[q] - (a[q] - x[q]))).toBeLessThanOrEqual(1e-13 * Math.abs(a[q] - x[q]) + 1e-300);
    // Column 1 = (70, 0, 0) has logits (700, 0, 0): its zero coordinates move by lr 10 e^-700 / (1 + 2e^-700).
    expect(got.H[4]).toBeCloseTo(-1e11 * Math.exp(-700), 300);
    expect(got.H[4]).toBeLessThan(-1e-294);
  });

  it('is deterministic: the same point and steps give bit-identical results', () => {
    const shape: UlpmShape = { K: 5, n: 7, d: 9, reduction: 'mean' };
    const run = () => {
      const gd = new WasmSoftmaxGd(shape, wasm);
      gd.setPoint(random(45, 1), random(9 * 35, 2));
      gd.step(1, 300);
      gd.step(1, 200);
      return gd.getPoint();
    };
    const one = run();
    const gd = new WasmSoftmaxGd(shape, wasm);
    gd.setPoint(random(45, 1), random(9 * 35, 2));
    gd.step(1, 500);
    expect(gd.getPoint()).toEqual(one);
  });
});

describe('wasm bilinear step with real targets and preconditioned features (regression UFM)', () => {
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 15, 9], [4, 8, 20], [5, 7, 13]];
  it('follows the JS step to 1e-12 over 500 steps, with and without the H preconditioner', async () => {
    for (const [K, d, N] of shapes)
      for (const hStep of [1, N]) {
        const targets = random(K * N, 5);
        const shape: BilinearShape = { K, d, N, labels: new Int32Array(0), targets };
        const coefs: BilinearCoefs = { alpha: 1 / N, cW: 0.02, cH: 0.03 / hStep, cb: 0.01, bias: true, hStep };
        const point = { W: random(K * d, 6, 0.3), H: random(d * N, 7, 0.3), b: random(K, 8, 0.3) };
        const js = new JsBilinearGd(shape, coefs);
        const wa = await createBilinearGd(shape, coefs, 'wasm');
        js.setPoint(point);
        wa.setPoint(point);
        js.step(0.2, 500);
        wa.step(0.2, 500);
        const a = js.getPoint();
        const b = wa.getPoint();
        for (const key of ['W', 'H', 'b'] as const) expect(maxRelDiff(a[key], b[key]), `${K}x${d}x${N} hStep ${hStep} ${key}`).toBeLessThan(1e-12);
        expect(Math.abs(wa.objective() - js.objective()) / js.objective()).toBeLessThan(1e-12);
      }
  });

  it('one step equals the textbook update with real targets', async () => {
    const [K, d, N] = [3, 5, 6];
    const Y = random(K * N, 9);
    const shape: BilinearShape = { K, d, N, labels: new Int32Array(0), targets: Y };
    const c: BilinearCoefs = { alpha: 0.5, cW: 0.1, cH: 0.2, cb: 0.3, bias: true, hStep: 4 };
    const p = { W: random(K * d, 1), H: random(d * N, 2), b: random(K, 3) };
    const gd = await createBilinearGd(shape, c, 'wasm');
    gd.setPoint(p);
    gd.step(0.01, 1);
    const got = gd.getPoint();
    const E = new Float64Array(K * N);
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        let s = p.b[k] - Y[k + j * K];
        for (let i = 0; i < d; i++) s += p.W[k + i * K] * p.H[i + j * d];
        E[k + j * K] = c.alpha * s;
      }
    for (let k = 0; k < K; k++)
      for (let i = 0; i < d; i++) {
        let g = c.cW * p.W[k + i * K];
        for (let j = 0; j < N; j++) g += E[k + j * K] * p.H[i + j * d];
        expect(got.W[k + i * K]).toBeCloseTo(p.W[k + i * K] - 0.01 * g, 14);
      }
    for (let j = 0; j < N; j++)
      for (let i = 0; i < d; i++) {
        let g = c.cH * p.H[i + j * d];
        for (let k = 0; k < K; k++) g += p.W[k + i * K] * E[k + j * K];
        expect(got.H[i + j * d]).toBeCloseTo(p.H[i + j * d] - 0.04 * g, 14);
      }
  });

  it('rejects targets of the wrong size, naming the field', async () => {
    const shape: BilinearShape = { K: 2, d: 2, N: 3, labels: new Int32Array(0), targets: new Float64Array(5) };
    await expect(createBilinearGd(shape, { alpha: 1, cW: 0, cH: 0, cb: 0, bias: false }, 'wasm')).rejects.toThrow(/targets must have K N = 6 entries, got 5/);
  });
});

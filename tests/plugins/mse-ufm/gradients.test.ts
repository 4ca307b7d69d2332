import { describe, expect, it } from 'vitest';
import { objectiveCoefs } from '../../../plugins/mse-ufm/theory.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';
import { bilinearObjective } from '../../../src-main/numerics/bilinear-gd.ts';
import type { BilinearPoint, BilinearShape } from '../../../src-main/numerics/bilinear-gd.ts';
import { createBilinearGd } from '../../../src-main/numerics/bilinear-gd-select.ts';
import { presetConfig } from './helpers.ts';

const cases = {
  'Tirer-Bruna (no bias)': presetConfig(null, { K: 3, n: 2, d: 5, normalization: 'tb', bias: false, lambdaW: 0.3, lambdaH: 0.7 }),
  'Tirer-Bruna with a free bias': presetConfig(null, { K: 3, n: 2, d: 5, normalization: 'tb', bias: true, lambdaW: 0.3, lambdaH: 0.7 }),
  'Zhou with a regularised bias': presetConfig(null, { K: 3, n: 2, d: 5, normalization: 'z', bias: true, lambdaW: 0.05, lambdaH: 0.02, lambdaB: 0.4 }),
  'Mixon (unregularised, free bias)': presetConfig(null, { K: 3, n: 2, d: 5, normalization: 'tb', bias: true, lambdaW: 0, lambdaH: 0 }),
};

describe('MSE UFM gradients', () => {
  for (const [name, config] of Object.entries(cases)) {
    for (const kind of ['js', 'wasm'] as const) {
      it(`one GD step moves by -lr times the finite-difference gradient: ${name}, ${kind}`, async () => {
        const { K, n, d } = config;
        const N = K * n;
        const labels = Int32Array.from({ length: N }, (_, j) => Math.floor(j / n));
        const shape: BilinearShape = { K, d, N, labels };
        const coefs = objectiveCoefs(config);
        const rng = new Xoshiro128(7);
        const p: BilinearPoint = { W: new Float64Array(K * d), H: new Float64Array(d * N), b: new Float64Array(K) };
        rng.fillNormal(p.W, 0.5);
        rng.fillNormal(p.H, 0.5);
        rng.fillNormal(p.b, 0.5);
        if (!config.bias) p.b.fill(0);
        const gd = await createBilinearGd(shape, coefs, kind);
        expect(gd.backend).toBe(kind === 'js' ? 'js-f64' : 'wasm-simd-f64');
        gd.setPoint(p);
        const lr = 0.5;
        gd.step(lr, 1);
        const q = gd.getPoint();

        const f = (x: BilinearPoint) => bilinearObjective(shape, coefs, x);
        const h = 1e-6;
        const check = (which: 'W' | 'H' | 'b') => {
          const a = p[which];
          for (let i = 0; i < a.length; i++) {
            const saved = a[i];
            a[i] = saved + h;
            const up = f(p);
            a[i] = saved - h;
            const down = f(p);
            a[i] = saved;
            const fd = (up - down) / (2 * h);
            const fromStep = (saved - q[which][i]) / lr;
            expect(Math.abs(fromStep - fd), `${which}[${i}]`).toBeLessThan(1e-8 * (1 + Math.abs(fd)));
          }
        };
        check('W');
        check('H');
        if (config.bias) check('b');
        else expect([...q.b]).toEqual(new Array(K).fill(0));
      });
    }
  }

  it('the objective matches a hand computation', () => {
    // K = 2, d = 1, n = 1: W = [2; -1], H = [0.5, 3], b = [0.1, 0.2], TB with lambdaW = 0.4, lambdaH = 0.6.
    // Residuals: column 0 (class 0): (1 + 0.1 - 1, -0.5 + 0.2) = (0.1, -0.3);
    //            column 1 (class 1): (6 + 0.1, -3 + 0.2 - 1) = (6.1, -3.8).
    // f = (1/4)(0.01 + 0.09 + 37.21 + 14.44) + (0.4/4)(4 + 1) + (0.6/4)(0.25 + 9).
    const config = presetConfig(null, { K: 2, n: 1, d: 1, normalization: 'tb', bias: true, lambdaW: 0.4, lambdaH: 0.6 });
    const shape: BilinearShape = { K: 2, d: 1, N: 2, labels: Int32Array.from([0, 1]) };
    const value = bilinearObjective(shape, objectiveCoefs(config), { W: Float64Array.from([2, -1]), H: Float64Array.from([0.5, 3]), b: Float64Array.from([0.1, 0.2]) });
    expect(value).toBeCloseTo(51.75 / 4 + 0.5 + 0.15 * 9.25, 13);
  });
});

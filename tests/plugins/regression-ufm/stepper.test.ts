import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/regression-ufm/index.ts';
import { createStepper } from '../../../plugins/regression-ufm/stepper.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';

const plugin = typedPlugin as unknown as ModelPlugin;

describe('regression-ufm step paths', () => {
  for (const [n, M, d] of [[1, 7, 5], [3, 50, 16], [4, 9, 33]] as const) {
    it(`the wasm and JS steppers agree to 1e-12 over 1000 steps (n=${n}, M=${M}, d=${d})`, () => {
      const shape = { n, M, d, lambdaH: 0.05, lambdaW: 0.02 };
      const rng = new Xoshiro128(n * M);
      const fill = (len: number, s: number) => {
        const x = new Float64Array(len);
        rng.fillNormal(x, s);
        return x;
      };
      const Y = fill(n * M, 1);
      const p = { W: fill(n * d, 0.1), H: fill(d * M, 0.1), b: fill(n, 0.1) };
      const js = createStepper(shape, Y, 'js');
      const wasm = createStepper(shape, Y, 'wasm');
      js.write({ W: p.W.slice(), H: p.H.slice(), b: p.b.slice() });
      wasm.write(p);
      js.step(0.2, 1000);
      wasm.step(0.2, 1000);
      for (const key of ['W', 'H', 'b'] as const) {
        const a = js.read()[key];
        const b = wasm.read()[key];
        let worst = 0;
        let scale = 0;
        for (let q = 0; q < a.length; q++) {
          worst = Math.max(worst, Math.abs(a[q] - b[q]));
          scale = Math.max(scale, Math.abs(a[q]));
        }
        expect(worst / scale, key).toBeLessThan(1e-12);
      }
    });
  }

  it('runs record the wasm backend, and the same seed gives bit-identical metrics', async () => {
    const config = validateConfig(plugin.manifest, { M: 40, d: 8, steps: 300 });
    const a = await runInMemory(plugin, config, { seed: 2 });
    const b = await runInMemory(plugin, config, { seed: 2 });
    expect(a.backend).toBe('wasm-simd-f64');
    expect(a.series).toEqual(b.series);
  });
});

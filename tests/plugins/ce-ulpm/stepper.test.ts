import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/ce-ulpm/index.ts';
import { createStepper } from '../../../plugins/ce-ulpm/stepper.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';

const plugin = typedPlugin as unknown as ModelPlugin;

describe('ce-ulpm step paths', () => {
  it('the wasm and JS steppers agree to 1e-12 over 3000 steps of the ji-fig2 problem', () => {
    const shape = { K: 5, n: 10, d: 20, reduction: 'mean' as const };
    const rng = new Xoshiro128(5);
    const W = new Float64Array(100);
    const H = new Float64Array(1000);
    rng.fillNormal(W, 0.1);
    rng.fillNormal(H, 0.03);
    const js = createStepper(shape, 'js');
    const wasm = createStepper(shape, 'wasm');
    js.write(W.slice(), H.slice());
    wasm.write(W, H);
    js.step(5, 3000);
    wasm.step(5, 3000);
    for (const key of ['W', 'H'] as const) {
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

  it('runs record the wasm backend, and the same seed gives bit-identical metrics', async () => {
    const config = validateConfig(plugin.manifest, { K: 4, n: 3, d: 7, steps: 500, noise: 1e-3, projectToSphere: true, lr: 1 });
    const a = await runInMemory(plugin, config, { seed: 3 });
    const b = await runInMemory(plugin, config, { seed: 3 });
    expect(a.backend).toBe('wasm-simd-f64');
    expect(a.series).toEqual(b.series);
  });
});

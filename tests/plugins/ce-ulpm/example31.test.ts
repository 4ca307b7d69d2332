import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/ce-ulpm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { lossAndGrad } from '../../../plugins/ce-ulpm/objective.ts';
import { EXAMPLE31_M, example31GradScale, example31Loss, sphereMinLoss } from '../../../plugins/ce-ulpm/theory.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';

/** The engine runs plugins through the untyped interface. */
const plugin = typedPlugin as unknown as ModelPlugin;

const shape = { K: 4, n: 1, d: 4, reduction: 'sum' as const };
const preset = (name: string) => plugin.manifest.presets.find((p) => p.name === name)!.params;

describe('Example 3.1 (bad KKT direction)', () => {
  it.each([0.5, 1, 2])('loss and gradient at W = H = %s M match the corrected closed forms', (Cs) => {
    const W = Float64Array.from(EXAMPLE31_M, (m) => Cs * m);
    const H = W.slice();
    const { loss, gW, gH } = lossAndGrad(shape, W, H);
    expect(loss).toBeCloseTo(8 * Math.log(1 + Math.exp(-2 * Cs * Cs)), 14);
    expect(example31Loss(Cs)).toBeCloseTo(loss, 14);
    const g = example31GradScale(Cs);
    const a = Math.exp(-2 * Cs * Cs);
    const paperG = (2 + 2 * a) / (2 + 2 * a + 2 / a);
    for (let q = 0; q < 16; q++) {
      // ∇_W L = -C_s g M (W row-major) and ∇_H L = -C_s g M (H by columns; M is symmetric).
      expect(gW[q]).toBeCloseTo(-Cs * g * EXAMPLE31_M[q], 14);
      expect(gH[q]).toBeCloseTo(-Cs * g * EXAMPLE31_M[q], 14);
    }
    // The paper's printed denominator is not the derivative of its loss: it differs here.
    expect(Math.abs(paperG - g) / g).toBeGreaterThan(0.1);
  });

  it('plain GD from the exact point stays on the M direction to 1e-12 and keeps equiangularity at 4/9', async () => {
    const config = validateConfig(plugin.manifest, preset('example31'));
    const r = await runInMemory(plugin, config, { seed: 3 });
    const W = r.artifacts.find((a) => a.name === 'classifier')!.matrix;
    const H = r.artifacts.find((a) => a.name === 'features')!.matrix;
    for (const m of [W.data, H.data]) {
      let dot = 0;
      let nn = 0;
      for (let q = 0; q < 16; q++) {
        dot += m[q] * EXAMPLE31_M[q];
        nn += m[q] * m[q];
        // Zero entries stay zero up to the round-off of differently ordered softmax sums.
        if (EXAMPLE31_M[q] === 0) expect(Math.abs(m[q])).toBeLessThan(1e-14);
      }
      expect(1 - dot / Math.sqrt(nn * 8)).toBeLessThan(1e-12);
    }
    expect(r.final.angH).toBeCloseTo(4 / 9, 12);
    expect(r.final.beta).toBeCloseTo(1, 12);
    expect(r.final.loss).toBeLessThan(r.series.loss.values[0] / 1000);
    expect(r.final.norm).toBeGreaterThan(r.series.norm.values[0]);
  });

  it('with noise and projection to the sphere it escapes to L_min(R^2)', async () => {
    const config = validateConfig(plugin.manifest, preset('example31-noise'));
    const r = await runInMemory(plugin, config, { seed: 5 });
    const Lmin = sphereMinLoss(4, 1, 16);
    expect(Lmin).toBeCloseTo(4 * Math.log(1 + 3 * Math.exp(-8 / 3)), 14);
    expect(r.series.loss.values[0]).toBeCloseTo(example31Loss(1), 12);
    expect(r.final.loss).toBeGreaterThanOrEqual(Lmin * (1 - 1e-9));
    expect(r.final.loss - Lmin).toBeLessThan(1e-3 * Lmin);
    expect(r.final.norm).toBeCloseTo(4, 12);
    expect(r.final.angH).toBeLessThan(0.02);
    const theory = plugin.theory!(config as never).find((t) => t.metric === 'loss')!;
    expect(theory.value).toBeCloseTo(Lmin, 14);
  });

  it('rejects example31 with other sizes, naming the fields', () => {
    expect(() => validateConfig(plugin.manifest, { init: 'example31', K: 5 })).toThrow(/init: .*K = 4, n = 1 and d = 4/);
  });
});

import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/ce-ulpm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { interruptedAndFull } from './interrupt.ts';

/** The engine runs plugins through the untyped interface. */
const plugin = typedPlugin as unknown as ModelPlugin;

describe('ce-ulpm dynamics', () => {
  it('the ji-fig2 preset shows the slow approach to collapse of Figure 2', async () => {
    const params = plugin.manifest.presets.find((p) => p.name === 'ji-fig2')!.params;
    const r = await runInMemory(plugin, validateConfig(plugin.manifest, params), { seed: 1 });
    expect(r.series.loss.steps.at(-1)).toBe(100000);
    for (const k of ['cvH', 'cvW', 'withinClass', 'angH', 'angW', 'selfDuality']) {
      const s = r.series[k];
      const at = (step: number) => s.values[s.steps.indexOf(step)];
      // Decreasing over the decades, but only poly-logarithmically: still visible at 10^5.
      expect(at(1000)).toBeLessThan(at(10));
      expect(at(100000)).toBeLessThan(at(1000));
      expect(at(100000)).toBeGreaterThan(1e-4);
    }
    expect(r.final.beta).toBeGreaterThan(0.99);
    expect(r.final.qmin).toBeGreaterThan(10);
    for (let i = 0; i < r.series.qmin.values.length; i++) expect(r.series.qmin.values[i]).toBeLessThanOrEqual(r.series.qminBound.values[i] * (1 + 1e-12));
    expect(r.final.nc4).toBe(0);
  });

  it('the sum reduction with the paper step diverges and says so', async () => {
    const config = validateConfig(plugin.manifest, { reduction: 'sum', steps: 2000 });
    await expect(runInMemory(plugin, config, { seed: 1 })).rejects.toThrow(/diverged at step \d+/);
  });

  it('an interrupted and resumed noisy run reproduces the uninterrupted history bit for bit', async () => {
    const config = validateConfig(plugin.manifest, { K: 3, n: 4, d: 5, steps: 3000, noise: 1e-3, projectToSphere: true, lr: 1 });
    const { stitched, full, checkpoint } = await interruptedAndFull(plugin, config, 11, 1234);
    expect(checkpoint.step).toBeGreaterThan(1000);
    expect(checkpoint.step).toBeLessThan(3000);
    expect(stitched).toEqual(full);
  });
});

import { describe, expect, it } from 'vitest';
import { presetConfig, run, runUntil } from './helpers.ts';

describe('MSE UFM runs are reproducible', () => {
  it('the same seed gives identical numbers; another seed does not', async () => {
    const config = presetConfig('tirer-bruna', { steps: 2000, seed: 3 });
    const a = await run(config);
    const b = await run(config);
    expect(b.series).toEqual(a.series);
    const c = await run({ ...config, seed: 4 });
    expect(c.series.loss.values[0]).not.toBe(a.series.loss.values[0]);
  });

  for (const preset of ['mixon-fig1', 'zhou-bias']) {
    it(`a run paused mid-way and resumed from its checkpoint logs exactly the uninterrupted history (${preset})`, async () => {
      const config = presetConfig(preset, { steps: 3000, seed: 9 });
      const full = await run(config);
      const first = await runUntil(config, 1234);
      expect(first.stopped).toBe(true);
      const checkpoint = first.checkpoints.at(-1)!;
      expect(checkpoint.step).toBe(1234);
      const rest = await run(config, { resumeFrom: checkpoint });
      const keys = Object.keys(full.series);
      expect(Object.keys(rest.series).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const a = first.series[key] ?? { steps: [], values: [] };
        const b = rest.series[key];
        expect(b.steps[0]).toBeGreaterThan(a.steps.at(-1) ?? -1);
        expect([...a.steps, ...b.steps], key).toEqual(full.series[key].steps);
        expect([...a.values, ...b.values], key).toEqual(full.series[key].values);
      }
      const artifactSteps = (r: typeof full) => r.artifacts.map((x) => `${x.name}@${x.step}`);
      expect([...artifactSteps(first), ...artifactSteps(rest)]).toEqual(artifactSteps(full));
    });
  }
});

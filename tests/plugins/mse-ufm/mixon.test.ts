import { describe, expect, it } from 'vitest';
import { presetConfig, run } from './helpers.ts';

describe('Mixon-Parshall-Pi: strong collapse from small initialisation', () => {
  it('final errors scale like e1 ~ eps^2, e2 ~ eps, e3 ~ eps; the distance to S like 0.37 eps', async () => {
    const finals: Record<number, Record<string, number>> = {};
    for (const eps of [1e-1, 1e-2, 1e-3]) finals[eps] = (await run(presetConfig('mixon-fig1', { initScale: eps }))).final;
    for (const [big, small] of [[1e-1, 1e-2], [1e-2, 1e-3]]) {
      const ratio = (key: string) => finals[big][key] / finals[small][key];
      expect(ratio('e1')).toBeGreaterThan(50);
      expect(ratio('e1')).toBeLessThan(200);
      for (const key of ['e2', 'e3', 'distS']) {
        expect(ratio(key), key).toBeGreaterThan(5);
        expect(ratio(key), key).toBeLessThan(20);
      }
    }
    for (const eps of [1e-2, 1e-3]) {
      expect(finals[eps].distS / eps).toBeGreaterThan(0.2);
      expect(finals[eps].distS / eps).toBeLessThan(0.6);
      // Zero risk is reached: the limit interpolates.
      expect(finals[eps].loss).toBeLessThan(1e-9);
      expect(finals[eps].nc4).toBe(0);
    }
  });

  it('starts far from S and reaches it within about 10^3 steps', async () => {
    const r = await run(presetConfig('mixon-fig1'));
    const s = r.series.distS;
    expect(s.values[0]).toBeGreaterThan(0.5);
    const at1000 = s.values[s.steps.findIndex((t) => t >= 1000)];
    expect(at1000).toBeLessThan(0.01);
    // Only the unregularised model with a free bias logs Mixon's measures.
    const tb = await run(presetConfig('tirer-bruna', { steps: 10 }));
    expect(tb.series.e1).toBeUndefined();
    expect(tb.series.distS).toBeUndefined();
  });
});

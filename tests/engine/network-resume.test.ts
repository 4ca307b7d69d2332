import { describe, expect, it } from 'vitest';
import { testService, bits } from '../helpers/service.ts';
import { readAllPoints } from '../../src-main/storage/series.ts';

describe('a network-trainer run paused between batches through the engine', () => {
  it('resumes from its epoch checkpoint with the same history as an uninterrupted run, and reports batches/s', async () => {
    const t = await testService();
    const s = t.service;
    const config = { epochs: 40, perClass: 40, metricSamples: 200, batchSize: 25, featureEpochs: 'none' };
    const { id } = await s['runs.create']({ plugin: 'network-trainer', preset: 'demo', config, seed: 3 });
    const progress = await new Promise<{ unit: string; total: number | null }>((resolve) => {
      const off = s.subscribe((e) => {
        if (e.type === 'points' && e.runId === id && e.lastStep >= 2) {
          off();
          s['runs.pause']({ id });
        }
        if (e.type === 'progress' && e.runId === id && e.stepsPerSec > 0) resolve(e);
      });
    });
    expect(progress.unit).toBe('batches');
    expect(progress.total).toBe(40 * 16);
    const paused = await s.engine.waitFor(id);
    expect(paused.status).toBe('paused');
    expect(paused.step).toBeGreaterThanOrEqual(2);
    expect(paused.step).toBeLessThan(40);
    await s['runs.resume']({ id });
    const done = await s.engine.waitFor(id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.step).toBe(40);

    const ref = await s.engine.waitFor((await s['runs.create']({ plugin: 'network-trainer', preset: 'demo', config, seed: 3 })).id);
    expect(ref.backend).toBe(done.backend);
    for (const metric of ['loss', 'accuracy', 'nc1']) {
      const a = readAllPoints(s.db, id, metric);
      const b = readAllPoints(s.db, ref.id, metric);
      expect([...a.steps], metric).toEqual(Array.from({ length: 41 }, (_, e) => e));
      expect(bits(a.steps).equals(bits(b.steps))).toBe(true);
      expect(bits(a.values).equals(bits(b.values)), metric).toBe(true);
    }
  });
});

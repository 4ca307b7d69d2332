import { describe, expect, it } from 'vitest';
import { testService, bits } from '../helpers/service.ts';
import { readAllPoints } from '../../src-main/storage/series.ts';
import type { Service } from '../../src-main/service/service.ts';

/** Resolves once the run has logged at least `step`. */
function reached(service: Service, runId: number, step: number): Promise<void> {
  return new Promise((resolve) => {
    const off = service.subscribe((e) => {
      if (e.type === 'points' && e.runId === runId && e.lastStep >= step) (off(), resolve());
    });
  });
}

describe('pause, resume and cancel', () => {
  it('pauses mid-run with a checkpoint and resumes to the same history as an uninterrupted run', async () => {
    const { service } = await testService();
    const cfg = { steps: 3000, delayMs: 0.5 };
    const { id } = await service['runs.create']({ plugin: 'test-walk', config: cfg, seed: 5 });
    await reached(service, id, 200);
    service['runs.pause']({ id });
    const paused = await service.engine.waitFor(id);
    expect(paused.status).toBe('paused');
    expect(paused.step).toBeGreaterThan(0);
    expect(paused.step).toBeLessThan(3000);
    const cp = service.db.prepare('SELECT step FROM checkpoints WHERE run_id = ?').get(id) as { step: number };
    expect(cp.step).toBe(paused.step);
    const resumed = await service['runs.resume']({ id });
    expect(['queued', 'running']).toContain(resumed.status);
    const done = await service.engine.waitFor(id);
    expect(done.status).toBe('completed');

    // The delay only slows the walk down; it does not change its numbers.
    const ref = await service.engine.waitFor((await service['runs.create']({ plugin: 'test-walk', config: { ...cfg, delayMs: 0 }, seed: 5 })).id);
    for (const metric of ['x', 'x2']) {
      const a = readAllPoints(service.db, id, metric);
      const b = readAllPoints(service.db, ref.id, metric);
      expect(a.steps.length).toBe(3000);
      expect(bits(a.steps).equals(bits(b.steps))).toBe(true);
      expect(bits(a.values).equals(bits(b.values))).toBe(true);
    }
    expect(done.elapsed).toBeGreaterThan(0);
  });

  it('cancels a running run and a queued one', async () => {
    const { service } = await testService({ concurrency: 1 });
    const a = await service['runs.create']({ plugin: 'test-walk', config: { steps: 100000, delayMs: 0.2 } });
    const b = await service['runs.create']({ plugin: 'test-walk', config: { steps: 10 } });
    expect((await service['runs.get']({ id: b.id })).status).toBe('queued');
    expect(service.engine.queuedIds()).toEqual([b.id]);
    await reached(service, a.id, 20);
    await service['runs.cancel']({ id: b.id });
    expect((await service['runs.get']({ id: b.id })).status).toBe('cancelled');
    await service['runs.cancel']({ id: a.id });
    const ra = await service.engine.waitFor(a.id);
    expect(ra.status).toBe('cancelled');
    expect(ra.step).toBeLessThan(100000);
    expect(ra.finishedAt).not.toBeNull();
  });

  it('runs at most `concurrency` runs at once and starts the next when one ends', async () => {
    const { service } = await testService({ concurrency: 2 });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await service['runs.create']({ plugin: 'test-walk', config: { steps: 300, delayMs: 0.2 } })).id);
    let maxRunning = 0;
    const off = service.subscribe(() => (maxRunning = Math.max(maxRunning, service.engine.runningIds().length)));
    expect(service.engine.runningIds().length).toBe(2);
    expect(service.engine.queuedIds()).toEqual(ids.slice(2));
    for (const id of ids) expect((await service.engine.waitFor(id)).status).toBe('completed');
    off();
    expect(maxRunning).toBe(2);
  });

  it('reports steps per second and an ETA while running', async () => {
    const { service } = await testService();
    const { id } = await service['runs.create']({ plugin: 'test-walk', config: { steps: 3000, delayMs: 0.3 } });
    const progress = await new Promise<{ stepsPerSec: number; eta: number | null; total: number | null }>((resolve) => {
      const off = service.subscribe((e) => {
        if (e.type === 'progress' && e.runId === id && e.stepsPerSec > 0 && e.step > 300) (off(), resolve(e));
      });
    });
    expect(progress.total).toBe(3000);
    expect(progress.stepsPerSec).toBeGreaterThan(100);
    expect(progress.eta).toBeGreaterThan(0);
    const live = await service['runs.get']({ id });
    expect(live.progress?.stepsPerSec).toBeGreaterThan(0);
    await service['runs.cancel']({ id });
    await service.engine.waitFor(id);
  });
});

describe('quitting the app while runs are going', () => {
  it('pauses them at a checkpoint and the next start continues them to the same history', async () => {
    const first = await testService({ processQueue: true });
    const cfg = { steps: 3000, delayMs: 0.5 };
    const { id } = await first.service['runs.create']({ plugin: 'test-walk', config: cfg, seed: 8 });
    await reached(first.service, id, 100);
    await first.service.close({ pauseRunning: true, resumeOnNextStart: true });
    const again = await testService({ dbPath: first.dbPath, processQueue: true });
    const logs = await again.service['runs.logs']({ id });
    expect(logs.some((l) => l.message.includes('continues from its checkpoint at the next start'))).toBe(true);
    expect(again.service.engine.runningIds()).toEqual([id]);
    const done = await again.service.engine.waitFor(id);
    expect(done.status).toBe('completed');
    const ref = await again.service.engine.waitFor((await again.service['runs.create']({ plugin: 'test-walk', config: { ...cfg, delayMs: 0 }, seed: 8 })).id);
    const a = readAllPoints(again.service.db, id, 'x');
    const b = readAllPoints(again.service.db, ref.id, 'x');
    expect(a.steps.length).toBe(3000);
    expect(bits(a.values).equals(bits(b.values))).toBe(true);
  });
});

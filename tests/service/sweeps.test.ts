import { describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.ts';
import { dispatch } from '../../src-main/service/dispatch.ts';
import { readAllPoints } from '../../src-main/storage/series.ts';

describe('sweeps', () => {
  it('creates one run per grid point under the concurrency limit, and summarises final and min values', async () => {
    const t = await testService({ concurrency: 2 });
    const s = t.service;
    const { sweep, runs } = await s['sweeps.create']({ plugin: 'test-walk', config: { delayMs: 0 }, grid: { steps: [20, 40], seed: [1, 2, 3] } });
    expect(runs.length).toBe(6);
    expect(s.engine.runningIds().length).toBeLessThanOrEqual(2);
    for (const r of runs) await s.engine.waitFor(r.id);
    expect(sweep.runIds).toEqual(runs.map((r) => r.id));
    expect(sweep.grid).toEqual({ steps: [20, 40], seed: [1, 2, 3] });

    const final = await s['sweeps.summary']({ id: sweep.id });
    expect(final.params).toEqual(['steps', 'seed']);
    expect(final.metrics).toEqual(['x', 'x2']);
    expect(final.rows.map((r) => r.params)).toEqual([
      { steps: 20, seed: 1 }, { steps: 20, seed: 2 }, { steps: 20, seed: 3 },
      { steps: 40, seed: 1 }, { steps: 40, seed: 2 }, { steps: 40, seed: 3 },
    ]);
    for (const row of final.rows) {
      const pts = readAllPoints(s.db, row.runId, 'x2').values;
      expect(row.status).toBe('completed');
      expect(row.values.x2).toBe(pts[pts.length - 1]);
    }
    const min = await s['sweeps.summary']({ id: sweep.id, reduce: 'min' });
    for (const row of min.rows) expect(row.values.x2).toBe(Math.min(...readAllPoints(s.db, row.runId, 'x2').values));
    // Same seed, different length: the shorter walk is a prefix of the longer one.
    const a = readAllPoints(s.db, final.rows[0].runId, 'x').values;
    const b = readAllPoints(s.db, final.rows[3].runId, 'x').values;
    expect([...b.subarray(0, 20)]).toEqual([...a]);
    expect((await s['sweeps.get']({ id: sweep.id })).runs.length).toBe(6);
  });

  it('adds random samples per grid point, reproducibly from the sweep seed', async () => {
    const t = await testService();
    const s = t.service;
    const mk = () => s['sweeps.create']({ plugin: 'test-walk', grid: { steps: [5, 6] }, random: { delayMs: { min: 0.001, max: 0.01, scale: 'log' } }, samples: 3, seed: 9, start: false });
    const one = await mk();
    const two = await mk();
    expect(one.runs.length).toBe(6);
    const delays = one.runs.map((r) => r.config.delayMs as number);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(0.001), expect(d).toBeLessThanOrEqual(0.01);
    expect(new Set(delays).size).toBe(6);
    expect(two.runs.map((r) => r.config.delayMs)).toEqual(delays);
  });

  it('rejects a bad grid value naming it, and writes nothing', async () => {
    const t = await testService();
    const env = await dispatch(t.service, 'sweeps.create', { plugin: 'test-walk', grid: { steps: [10, -1] } });
    expect(env.error?.fields?.[0]).toMatchObject({ field: 'grid.steps' });
    expect(env.error!.message).toMatch(/steps must be at least 1/);
    expect(t.service.db.prepare('SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM sweeps) AS n').get()).toEqual({ n: 0 });
  });

  it('expands a preset grid: a preset that varies a parameter is a sweep', async () => {
    const t = await testService();
    const env = await dispatch(t.service, 'runs.create', { plugin: 'test-walk', preset: 'grid' });
    expect(env.error?.message).toMatch(/is a sweep over steps/);
    const { runs } = await t.service['sweeps.create']({ plugin: 'test-walk', preset: 'grid' });
    expect(runs.map((r) => r.config.steps)).toEqual([10, 20, 30]);
    for (const r of runs) expect((await t.service.engine.waitFor(r.id)).status).toBe('completed');
  });
});

describe('sweeping a parameter that does not apply', () => {
  it('is refused, naming the condition under which it would apply', async () => {
    const t = await testService();
    const env = await dispatch(t.service, 'sweeps.create', { plugin: 'regression-ufm', preset: 'full-collapse', grid: { lambdaW: [1e-2, 1e-3] } });
    expect(env.error?.fields?.[0]).toEqual({ field: 'grid.lambdaW', message: 'lambdaW has no effect unless tied = false, so sweeping it would change nothing' });
    const ok = await t.service['sweeps.create']({ plugin: 'regression-ufm', preset: 'full-collapse', config: { tied: false, steps: 10 }, grid: { lambdaW: [1e-2, 1e-3] }, start: false });
    expect(ok.runs.map((r) => r.config.lambdaW)).toEqual([1e-2, 1e-3]);
  });
});

import { describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.ts';
import { readAllPoints } from '../../src-main/storage/series.ts';
import { dispatch } from '../../src-main/service/dispatch.ts';

describe('a run from creation to completion', () => {
  it('completes in a worker, stores every point, the backend, timings and the theory values', async () => {
    const { service } = await testService();
    const created = await service['runs.create']({ plugin: 'test-walk', config: { steps: 300 }, seed: 7 });
    expect(['queued', 'running']).toContain(created.status);
    const run = await service.engine.waitFor(created.id);
    expect(run.status).toBe('completed');
    expect(run.step).toBe(300);
    expect(run.backend).toBe('js-f64');
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.theory).toEqual([{ metric: 'x2', value: 300, label: 'E[x^2] = steps' }]);
    const pts = readAllPoints(service.db, run.id, 'x');
    expect(pts.steps.length).toBe(300);
    expect([...pts.steps]).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(run.final.x).toBe(pts.values[299]);
    expect(run.final.x2).toBeCloseTo(pts.values[299] ** 2, 12);
    const arts = await service['artifacts.list']({ runId: run.id });
    expect(arts[0].steps.length).toBe(30);
    // The checkpoint of a completed run is dropped.
    expect(service.db.prepare('SELECT count(*) AS n FROM checkpoints').get()).toEqual({ n: 0 });
  });

  it('gives bit-identical metrics for the same seed and config, different ones for another seed', async () => {
    const { service } = await testService();
    const ids = [];
    for (const seed of [11, 11, 12]) ids.push((await service['runs.create']({ plugin: 'test-walk', config: { steps: 200 }, seed })).id);
    for (const id of ids) await service.engine.waitFor(id);
    const [a, b, c] = ids.map((id) => readAllPoints(service.db, id, 'x').values);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('stops a run as diverged on NaN, naming the step and the quantity', async () => {
    const { service } = await testService();
    const { id } = await service['runs.create']({ plugin: 'test-walk', config: { steps: 100, nanAt: 37 } });
    const run = await service.engine.waitFor(id);
    expect(run.status).toBe('diverged');
    expect(run.error).toMatchObject({ step: 37, quantity: 'x2' });
    expect(run.error!.message).toContain('step 37');
    // Points before the divergence are kept.
    expect(readAllPoints(service.db, id, 'x').steps.at(-1)).toBe(36);
  });

  it('fails a run on a plugin exception and stores its message and stack', async () => {
    const { service } = await testService();
    const { id } = await service['runs.create']({ plugin: 'test-walk', config: { steps: 100, failAt: 50 } });
    const run = await service.engine.waitFor(id);
    expect(run.status).toBe('failed');
    expect(run.error!.message).toBe('planned failure at step 50');
    expect(run.error!.stack).toContain('index.ts');
    const logs = await service['runs.logs']({ id });
    expect(logs.some((l) => l.level === 'error' && l.message.includes('planned failure'))).toBe(true);
  });

  it('rejects invalid configs with field-named messages and writes nothing', async () => {
    const { service } = await testService();
    const bad = [
      [{ steps: 0 }, 'steps', 'at least 1'],
      [{ steps: 1.5 }, 'steps', 'integer'],
      [{ steps: 'many' }, 'steps', 'must be a number'],
      [{ stepz: 3 }, 'stepz', 'unknown parameter'],
      [{ steps: 10, failAt: 10 }, 'failAt', 'failAt must be below steps'],
    ] as const;
    for (const [config, field, text] of bad) {
      const env = await dispatch(service, 'runs.create', { plugin: 'test-walk', config });
      expect(env.error?.fields?.some((f) => f.field === field && f.message.includes(text)), JSON.stringify(env)).toBe(true);
      expect(env.error!.message).toContain(field);
    }
    const env = await dispatch(service, 'runs.create', { plugin: 'nope' });
    expect(env.error?.fields?.[0]).toMatchObject({ field: 'plugin' });
    const schemaErr = await dispatch(service, 'runs.create', { plugin: 'test-walk', seed: -1 });
    expect(schemaErr.error?.fields?.[0].field).toBe('seed');
    const unknownOp = await dispatch(service, 'runs.explode', {});
    expect(unknownOp.error?.code).toBe('unknown-operation');
    expect(service.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });

  it('gives every plugin a seed parameter that seeds the run', async () => {
    const { service } = await testService();
    const { plugins } = await service['plugins.list']({});
    for (const p of plugins) expect(p.params.seed, p.id).toMatchObject({ type: 'int', min: 0 });
    const run = await service['runs.create']({ plugin: 'regression-ufm', config: { seed: 17, steps: 5 }, start: false });
    expect(run.seed).toBe(17);
    expect(run.config.seed).toBe(17);
  });

  it('reports a plugin that fails to load and keeps the others', async () => {
    const { service } = await testService();
    const { plugins, errors } = await service['plugins.list']({});
    expect(plugins.some((p) => p.id === 'test-walk')).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ id: 'broken-plugin', message: expect.stringContaining('id must be lower-case') })]);
  });

  it('clones a run with edits and re-runs exactly', async () => {
    const { service } = await testService();
    const src = await service.engine.waitFor((await service['runs.create']({ plugin: 'test-walk', config: { steps: 50 }, seed: 3 })).id);
    const rerun = await service.engine.waitFor((await service['runs.clone']({ id: src.id })).id);
    expect(rerun.final).toEqual(src.final);
    const edited = await service.engine.waitFor((await service['runs.clone']({ id: src.id, edits: { steps: 60 } })).id);
    expect(edited.step).toBe(60);
    expect(edited.name).toContain('steps=60');
    expect(edited.seed).toBe(3);
    const reseeded = await service['runs.clone']({ id: src.id, edits: { seed: 9 }, start: false });
    expect(reseeded.seed).toBe(9);
    expect(reseeded.config.seed).toBe(9);
  });

  it('lists runs with filters and sorts by final metrics', async () => {
    const { service } = await testService();
    const p = await service['projects.create']({ name: 'walks' });
    for (const seed of [1, 2, 3]) await service['runs.create']({ plugin: 'test-walk', config: { steps: 40 + seed }, seed, projectId: p.id, tags: seed === 2 ? ['keep'] : [] });
    for (const r of await service['runs.list']({})) await service.engine.waitFor(r.id);
    const sorted = await service['runs.list']({ projectId: p.id, sort: 'final.x2', order: 'asc' });
    expect(sorted.map((r) => r.final.x2)).toEqual([...sorted.map((r) => r.final.x2)].sort((a, b) => a - b));
    expect((await service['runs.list']({ tag: 'keep' })).map((r) => r.seed)).toEqual([2]);
    expect((await service['runs.list']({ params: { steps: { min: 42 } } })).map((r) => r.config.steps)).toEqual([42, 43]);
    const projects = await service['projects.list']({});
    expect(projects.find((x) => x.id === p.id)!.counts).toEqual({ completed: 3 });
  });
});

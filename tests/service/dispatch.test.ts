import { describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.ts';
import { dispatch } from '../../src-main/service/dispatch.ts';
import { operations } from '../../src-main/service/contract.ts';
import type { Service } from '../../src-main/service/service.ts';

describe('dispatch: the boundary every transport goes through', () => {
  it('returns results that satisfy the output schema of every operation', async () => {
    const t = await testService();
    const s = t.service;
    const ok = async (op: string, input: unknown) => {
      const env = await dispatch(s, op, input);
      expect(env.error, `${op}: ${JSON.stringify(env.error)}`).toBeUndefined();
      return env.result as never;
    };
    const project = await ok('projects.create', { name: 'p' }) as { id: number };
    const run = await ok('runs.create', { plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 2000 }, projectId: project.id }) as { id: number };
    await s.engine.waitFor(run.id);
    const seen = new Set<string>(['projects.create', 'runs.create']);
    const calls: [string, unknown][] = [
      ['plugins.list', {}], ['plugins.validate', { plugin: 'mse-ufm', config: { K: 1 } }],
      ['projects.list', {}], ['projects.update', { id: project.id, name: 'q' }],
      ['runs.get', { id: run.id }], ['runs.list', { sort: 'final.gap' }], ['runs.update', { id: run.id, tags: ['a'], color: '#112233' }],
      ['runs.logs', { id: run.id }], ['runs.clone', { id: run.id, start: false }], ['runs.start', { id: run.id + 1 }],
      ['runs.pause', { id: run.id + 1 }], ['runs.resume', { id: run.id + 1 }], ['runs.cancel', { id: run.id + 1 }],
      ['series.list', { runId: run.id }], ['series.get', { runId: run.id, metric: 'loss', maxPoints: 50 }], ['series.export', { runId: run.id }],
      ['artifacts.list', { runId: run.id }], ['artifacts.get', { runId: run.id, name: 'gramW' }],
      ['sweeps.create', { plugin: 'test-walk', grid: { steps: [3, 4] } }], ['sweeps.list', {}], ['sweeps.get', { id: 1 }], ['sweeps.summary', { id: 1 }],
      ['engine.status', {}], ['engine.setConcurrency', { concurrency: 3 }],
      ['runs.delete', { id: run.id + 1 }], ['projects.delete', { id: project.id }],
    ];
    for (const [op, input] of calls) {
      await ok(op, input);
      seen.add(op);
      if (op === 'sweeps.create') for (const r of await s['runs.list']({})) await s.engine.waitFor(r.id);
    }
    const series = (await dispatch(s, 'series.get', { runId: 1, metric: 'loss' }).catch(() => null));
    expect(series?.error?.code).toBe('not-found'); // the project and its runs were deleted
    // runs.featuresToInput has its own test; every other operation was called here.
    expect(operations.filter((op) => !seen.has(op))).toEqual(['runs.featuresToInput']);
  });

  it('turns a result that breaks its schema into an internal error instead of passing it on', async () => {
    const t = await testService();
    const broken = { ...t.service, 'engine.status': async () => ({ concurrency: 'two' }) } as unknown as Service;
    const env = await dispatch(broken, 'engine.status', {});
    expect(env.result).toBeUndefined();
    expect(env.error).toMatchObject({ code: 'internal' });
    expect(env.error!.message).toMatch(/engine\.status returned an invalid result \(concurrency: /);
  });
});

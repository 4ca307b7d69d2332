import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../src-renderer/src/api/client.ts';
import { ApiError } from '../../src-renderer/src/api/errors.ts';
import { useRunsStore } from '../../src-renderer/src/stores/runs.ts';
import { useProjectsStore } from '../../src-renderer/src/stores/projects.ts';
import { fakeApi, makeRun } from './fake-api.ts';

beforeEach(() => setActivePinia(createPinia()));

describe('runs store', () => {
  it('turns the filter into a runs.list query, leaving empty filters out', async () => {
    const api = fakeApi({ 'runs.list': () => [makeRun({ id: 2 }), makeRun({ id: 1 })] });
    setApi(api);
    const runs = useRunsStore();
    runs.filter.projectId = 3;
    runs.filter.status = ['running', 'paused'];
    runs.filter.text = '  decay ';
    runs.filter.params = { lr: { min: 0.01 }, K: {} };
    runs.filter.sort = 'final.nc1';
    runs.filter.order = 'asc';
    await runs.load();
    expect(api.calls[0].input).toEqual({ projectId: 3, plugin: undefined, status: ['running', 'paused'], tag: undefined, text: 'decay', params: { lr: { min: 0.01 } }, sort: 'final.nc1', order: 'asc' });
    expect(runs.list).toEqual([2, 1]);
  });

  it('keeps runs live from progress and status events, and reloads for runs it has not seen', async () => {
    vi.useFakeTimers();
    let listed = [makeRun({ id: 1, status: 'running', step: 10, totalSteps: 100 })];
    const api = fakeApi({ 'runs.list': () => listed });
    setApi(api);
    const runs = useRunsStore();
    runs.filter.projectId = 1;
    await runs.load();
    const stop = runs.connect();
    api.emit({ type: 'progress', unit: 'steps', runId: 1, step: 50, total: 100, stepsPerSec: 200, eta: 0.25 });
    expect(runs.byId.get(1)!.step).toBe(50);
    expect(runs.byId.get(1)!.progress).toEqual({ done: 50, total: 100, unit: 'steps', stepsPerSec: 200, eta: 0.25 });
    api.emit({ type: 'run-status', run: makeRun({ id: 1, status: 'paused', step: 50 }) });
    expect(runs.byId.get(1)!.status).toBe('paused');
    expect(api.calls.filter((c) => c.op === 'runs.list')).toHaveLength(1);

    listed = [makeRun({ id: 7, status: 'queued' }), ...listed];
    api.emit({ type: 'run-status', run: makeRun({ id: 7, status: 'queued' }) });
    api.emit({ type: 'run-status', run: makeRun({ id: 7, status: 'running' }) });
    await vi.advanceTimersByTimeAsync(400);
    // Two events, one reload: the table order comes from the service.
    expect(api.calls.filter((c) => c.op === 'runs.list')).toHaveLength(2);
    expect(runs.list).toEqual([7, 1]);
    stop();
    api.emit({ type: 'progress', unit: 'steps', runId: 1, step: 99, total: 100, stepsPerSec: 1, eta: 0 });
    expect(runs.byId.get(1)!.step).toBe(50);
    vi.useRealTimers();
  });

  it('keeps a status pushed by an event while a pause or cancel response was on its way', async () => {
    let emitCancelled: () => void = () => {};
    const api = fakeApi({
      'runs.list': () => [makeRun({ id: 1, status: 'running' })],
      'runs.cancel': () => {
        emitCancelled();
        return makeRun({ id: 1, status: 'running' });
      },
      'runs.pause': () => makeRun({ id: 1, status: 'paused' }),
    });
    setApi(api);
    const runs = useRunsStore();
    await runs.load();
    runs.connect();
    await runs.pause(1);
    expect(runs.byId.get(1)!.status).toBe('paused');
    emitCancelled = () => api.emit({ type: 'run-status', run: makeRun({ id: 1, status: 'cancelled' }) });
    await runs.cancel(1);
    expect(runs.byId.get(1)!.status).toBe('cancelled');
  });

  it('does not let a fetch or create response older than the event stream overwrite the live state', async () => {
    let emit: () => void = () => {};
    const api = fakeApi({
      'runs.get': () => {
        emit();
        return makeRun({ id: 3, status: 'running', step: 20 });
      },
      'runs.featuresToInput': () => {
        emit();
        return makeRun({ id: 4, status: 'queued', name: 'on features' });
      },
    });
    setApi(api);
    const runs = useRunsStore();
    runs.connect();
    emit = () => api.emit({ type: 'run-status', run: makeRun({ id: 3, status: 'completed', step: 100 }) });
    await runs.fetch(3);
    expect(runs.byId.get(3)).toMatchObject({ status: 'completed', step: 100 });
    emit = () => api.emit({ type: 'run-status', run: makeRun({ id: 4, status: 'completed', name: 'on features' }) });
    await runs.featuresToInput({ runId: 3 });
    expect(runs.byId.get(4)!.status).toBe('completed');
    // Without a newer event the response is taken as is.
    emit = () => {};
    await runs.fetch(3);
    expect(runs.byId.get(3)).toMatchObject({ status: 'running', step: 20 });
  });

  it('puts a created run at the top and re-runs with the same seed', async () => {
    const api = fakeApi({
      'runs.create': (i) => makeRun({ id: 5, plugin: i.plugin, config: i.config }),
      'runs.clone': (i) => makeRun({ id: 6, seed: i.seed }),
    });
    setApi(api);
    const runs = useRunsStore();
    runs.filter.projectId = 1;
    const r = await runs.create({ plugin: 'ce-ulpm', config: { K: 3 } });
    expect(r.plugin).toBe('ce-ulpm');
    expect(runs.list[0]).toBe(5);
    await runs.rerun(makeRun({ id: 5, seed: 1234 }));
    expect(api.calls.at(-1)).toEqual({ op: 'runs.clone', input: { id: 5, seed: 1234 } });
  });

  it('throws the service error with its fields, for the form to show at the field', async () => {
    setApi(
      fakeApi({
        'runs.create': () => {
          throw Object.assign(new Error('invalid mse-ufm config: lr: lr must be greater than 0'), { fields: [{ field: 'lr', message: 'lr must be greater than 0' }] });
        },
      }),
    );
    const runs = useRunsStore();
    const err = await runs.create({ plugin: 'mse-ufm', config: { lr: -1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields).toEqual([{ field: 'lr', message: 'lr must be greater than 0' }]);
    expect((err as ApiError).op).toBe('runs.create');
  });
});

describe('projects store', () => {
  it('creates, renames, archives (hiding it) and deletes projects', async () => {
    const stored = new Map<number, { id: number; name: string; archived: boolean }>();
    const full = (p: { id: number; name: string; archived: boolean }) => ({ ...p, description: '', createdAt: '', counts: {} });
    setApi(
      fakeApi({
        'projects.list': () => [...stored.values()].map(full),
        'projects.create': (i) => {
          const p = { id: stored.size + 1, name: i.name, archived: false };
          stored.set(p.id, p);
          return full(p);
        },
        'projects.update': (i) => {
          const p = { ...stored.get(i.id)!, ...i };
          stored.set(p.id, p);
          return full(p);
        },
        'projects.delete': (i) => (stored.delete(i.id), { deleted: 1 }),
      }),
    );
    const projects = useProjectsStore();
    await projects.create('A');
    await projects.create('B');
    await projects.rename(1, 'A2');
    expect(projects.projects.map((p) => p.name)).toEqual(['A2', 'B']);
    await projects.setArchived(2, true);
    expect(projects.projects.map((p) => p.id)).toEqual([1]);
    await projects.remove(1);
    expect(projects.projects).toEqual([]);
  });
});

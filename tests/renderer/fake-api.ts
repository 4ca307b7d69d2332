import type { EngineEvent, Run } from '../../src-main/service/contract.ts';
import { createApi, type Api } from '../../src-renderer/src/api/client.ts';

/** An API whose operations are plain functions, with a way to push engine events. */
export function fakeApi(handlers: Record<string, (input: any) => unknown>): Api & { emit(e: EngineEvent): void; calls: { op: string; input: any }[] } {
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: { op: string; input: any }[] = [];
  const api = createApi(
    'server',
    async (op, input) => {
      calls.push({ op, input });
      const h = handlers[op];
      if (!h) return { error: { message: `fake: no handler for ${op}` } };
      try {
        return { result: await h(input) };
      } catch (e) {
        return { error: { message: (e as Error).message, fields: (e as { fields?: { field: string; message: string }[] }).fields } };
      }
    },
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  );
  return Object.assign(api, { emit: (e: EngineEvent) => listeners.forEach((l) => l(e)), calls });
}

export function makeRun(over: Partial<Run> & { id: number }): Run {
  return {
    projectId: 1,
    sweepId: null,
    name: '',
    plugin: 'mse-ufm',
    pluginVersion: '1',
    appVersion: '0.1.0',
    preset: null,
    config: {},
    seed: 0,
    status: 'completed',
    error: null,
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    elapsed: 0,
    step: 0,
    totalSteps: null,
    tags: [],
    notes: '',
    color: null,
    backend: null,
    backendDetails: {},
    theory: [],
    final: {},
    min: {},
    progress: null,
    ...over,
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-main/service/contract.ts';
import { ApiError } from '../../src-renderer/src/api/errors.ts';
import { httpApi, transferStats } from '../../src-renderer/src/api/http.ts';
import { tempServer } from './helpers.ts';

let server: Awaited<ReturnType<typeof tempServer>>;
beforeAll(async () => {
  server = await tempServer();
});
afterAll(() => server.dispose());

describe("the renderer's HTTP transport against the real server", () => {
  it('calls operations, decodes packed series into typed arrays, and receives live events', async () => {
    const api = httpApi({ origin: server.base, token: server.token });
    const events: EngineEvent[] = [];
    const connected: boolean[] = [];
    api.onConnection((c) => connected.push(c));
    const stop = api.subscribe((e) => events.push(e));
    await expect.poll(() => connected.at(-1)).toBe(true);

    const project = await api.call('projects.create', { name: 'transport' });
    const run = await api.call('runs.create', { projectId: project.id, plugin: 'ce-ulpm', config: { K: 3, n: 2, d: 4, steps: 500 } });
    await expect.poll(() => events.some((e) => e.type === 'run-status' && e.run.id === run.id && e.run.status === 'completed'), { timeout: 30_000 }).toBe(true);
    const before = transferStats.bytes;
    const s = await api.call('series.get', { runId: run.id, metric: 'loss', maxPoints: 20 });
    expect(s.steps).toBeInstanceOf(Float64Array);
    expect(s.last.length).toBe(s.steps.length);
    expect(transferStats.bytes - before).toBeLessThan(s.steps.length * 5 * 8 + 600);
    stop();
    await expect.poll(() => connected.at(-1)).toBe(false);
  });

  it('throws ApiError with the field names of a validation error', async () => {
    const api = httpApi({ origin: server.base, token: server.token });
    const err = await api.call('runs.create', { plugin: 'ce-ulpm', config: { K: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields.map((f) => f.field)).toContain('K');
  });

  it('says plainly when the token is wrong or the server is gone', async () => {
    const wrong = await httpApi({ origin: server.base, token: 'nope' }).call('projects.list', {}).catch((e: Error) => e.message);
    expect(wrong).toMatch(/access token/);
    const gone = await httpApi({ origin: 'http://127.0.0.1:9', token: null }).call('projects.list', {}).catch((e: Error) => e.message);
    expect(gone).toMatch(/cannot reach the NC Lab server/);
  });
});

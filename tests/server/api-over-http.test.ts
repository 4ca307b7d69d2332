import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, Run, Series } from '../../src-main/service/contract.ts';
import { decodePacked, PACKED_CONTENT_TYPE } from '../../src-main/server/wire.ts';
import { post, tempServer } from './helpers.ts';

let server: Awaited<ReturnType<typeof tempServer>>;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await tempServer();
  auth = { 'x-nclab-token': server.token };
});
afterAll(() => server.dispose());

async function call<T>(op: string, input: unknown): Promise<T> {
  const res = await post(server.base, op, input, auth);
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

describe('the contract over HTTP', () => {
  it('runs a plugin, streams its events over the socket, and returns its series as packed binary', async () => {
    const events: EngineEvent[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    await new Promise((r) => ws.on('open', r));
    ws.on('message', (m) => events.push(JSON.parse(String(m)) as EngineEvent));

    const run = await call<Run>('runs.create', { plugin: 'ce-ulpm', config: { steps: 3000, K: 3, n: 4, d: 6 }, seed: 3 });
    let done = run;
    for (let i = 0; i < 200 && !['completed', 'failed'].includes(done.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      done = await call<Run>('runs.get', { id: run.id });
    }
    expect(done.status).toBe('completed');
    ws.close();
    expect(events.some((e) => e.type === 'run-status' && e.run.id === run.id && e.run.status === 'completed')).toBe(true);

    const res = await post(server.base, 'series.get', { runId: run.id, metric: 'loss', maxPoints: 40 }, auth);
    expect(res.headers.get('content-type')).toBe(PACKED_CONTENT_TYPE);
    const bytes = await res.arrayBuffer();
    const { result } = decodePacked(bytes) as { result: Series };
    expect(result.steps).toBeInstanceOf(Float64Array);
    expect(result.steps.length).toBeGreaterThan(5);
    expect(result.steps.length).toBeLessThanOrEqual(40);
    expect(result.last[result.last.length - 1]).toBeCloseTo(done.final.loss, 12);
    for (let i = 0; i < result.steps.length; i++) expect(result.min[i]).toBeLessThanOrEqual(result.max[i]);
    // Packed: about 8 bytes per number plus a header, far below a JSON of objects.
    expect(bytes.byteLength).toBeLessThan(result.steps.length * 5 * 8 + 600);
  });

  it('returns field-named validation errors with status 400 and unknown operations with 404', async () => {
    const bad = await post(server.base, 'runs.create', { plugin: 'ce-ulpm', config: { lr: -1 } }, auth);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string; fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field)).toContain('lr');
    expect(body.error.message).toMatch(/lr/);
    const unknown = await post(server.base, 'runs.explode', {}, auth);
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${server.base}/api/projects.list`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
  });
});

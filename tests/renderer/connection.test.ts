import { describe, expect, it } from 'vitest';
import { httpApi, UNAUTHORIZED } from '../../src-renderer/src/api/http.ts';

/** A WebSocket the server refuses at once (what a browser shows for a 401 on the upgrade). */
class RefusedSocket {
  static opened = 0;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    RefusedSocket.opened++;
    setTimeout(() => this.onclose?.(), 0);
  }
  close() {}
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('event stream connection', () => {
  it('tells the user to open the new URL when the server refuses the token, and stops retrying', async () => {
    RefusedSocket.opened = 0;
    const fetch = (async () => new Response(JSON.stringify({ error: { message: 'missing or wrong access token' } }), { status: 401 })) as typeof globalThis.fetch;
    const api = httpApi({ origin: 'http://127.0.0.1:1', token: 'old', fetch, WebSocket: RefusedSocket as never, retryMs: 1 });
    const states: [boolean, string | undefined][] = [];
    api.onConnection((c, p) => states.push([c, p]));
    const stop = api.subscribe(() => {});
    await tick(50);
    expect(states.at(-1)).toEqual([false, UNAUTHORIZED]);
    expect(UNAUTHORIZED).toMatch(/new URL/);
    expect(RefusedSocket.opened).toBe(1);
    stop();
  });

  it('keeps reconnecting while the server is merely down', async () => {
    RefusedSocket.opened = 0;
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const api = httpApi({ origin: 'http://127.0.0.1:1', token: 't', fetch, WebSocket: RefusedSocket as never, retryMs: 1 });
    const states: [boolean, string | undefined][] = [];
    api.onConnection((c, p) => states.push([c, p]));
    const stop = api.subscribe(() => {});
    await tick(50);
    stop();
    expect(RefusedSocket.opened).toBeGreaterThan(2);
    expect(states.every(([, p]) => p === undefined)).toBe(true);
  });
});

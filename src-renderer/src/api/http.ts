/** Server-mode transport: POST /api/<op> with the access token, events over a WebSocket. */
import type { EngineEvent, Envelope, Operation } from '../../../src-main/service/contract.ts';
import { decodePacked, PACKED_CONTENT_TYPE } from '../../../src-main/server/wire.ts';
import { createApi, type Api } from './client.ts';

export const TOKEN_HEADER = 'x-nclab-token';

export const UNAUTHORIZED =
  'The NC Lab server no longer accepts this page\'s access token (it was restarted, with a new token). Open the new URL it printed (ending in ?token=…).';

/** Bytes received by API calls, for the "bytes sent" figure of the benchmark and the status bar. */
export const transferStats = { bytes: 0, calls: 0 };

export interface HttpOptions {
  /** e.g. "http://127.0.0.1:8765" */
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** Reconnect delay after the socket drops (ms). */
  retryMs?: number;
}

export function httpApi(opts: HttpOptions): Api {
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  const WS = opts.WebSocket ?? WebSocket;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (opts.token) headers[TOKEN_HEADER] = opts.token;

  const invoke = async (op: Operation, input: unknown): Promise<Envelope<unknown>> => {
    let res: Response;
    try {
      res = await doFetch(`${opts.origin}/api/${op}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    } catch (e) {
      return { error: { message: `cannot reach the NC Lab server at ${opts.origin}: ${(e as Error).message}`, code: 'network' } };
    }
    const type = res.headers.get('content-type') ?? '';
    const body = await res.arrayBuffer();
    transferStats.bytes += body.byteLength;
    transferStats.calls++;
    if (type.startsWith(PACKED_CONTENT_TYPE)) return decodePacked(body) as Envelope<unknown>;
    try {
      return JSON.parse(new TextDecoder().decode(body)) as Envelope<unknown>;
    } catch {
      return { error: { message: `server answered ${res.status} ${res.statusText} with a body that is not JSON`, code: 'bad_response' } };
    }
  };

  // One socket shared by every subscriber, reopened after drops so a laptop sleeping or a
  // server restart does not freeze the live views.
  const listeners = new Set<(e: EngineEvent) => void>();
  const connectionListeners = new Set<(c: boolean, problem?: string) => void>();
  let socket: WebSocket | null = null;
  let connected = false;
  let problem: string | undefined;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let probing = false;
  const setConnected = (c: boolean, p?: string) => {
    if (c === connected && p === problem) return;
    connected = c;
    problem = p;
    for (const l of connectionListeners) l(c, p);
  };
  // A browser hides why a WebSocket was refused: ask the API, which answers 401 to a stale token.
  const tokenRefused = async () => {
    try {
      const res = await doFetch(`${opts.origin}/api/engine.status`, { method: 'POST', headers, body: '{}' });
      return res.status === 401;
    } catch {
      return false;
    }
  };
  const open = () => {
    retry = null;
    const wsUrl = `${opts.origin.replace(/^http/, 'ws')}/events${opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''}`;
    const ws = new WS(wsUrl);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      setConnected(true);
    };
    ws.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as EngineEvent;
      for (const l of listeners) l(event);
    };
    ws.onclose = async () => {
      socket = null;
      if (!opened) {
        probing = true;
        const refused = await tokenRefused();
        probing = false;
        if (refused) {
          // Retrying cannot help: a restarted server has a new token, printed with its URL.
          setConnected(false, UNAUTHORIZED);
          return;
        }
      }
      setConnected(false);
      if (listeners.size) retry = setTimeout(open, opts.retryMs ?? 1000);
    };
  };
  const subscribe = (listener: (e: EngineEvent) => void) => {
    listeners.add(listener);
    if (!socket && !retry && !probing && problem === undefined) open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        if (retry) clearTimeout(retry);
        retry = null;
        socket?.close();
        socket = null;
      }
    };
  };
  const onConnection = (l: (c: boolean, problem?: string) => void) => {
    connectionListeners.add(l);
    l(connected, problem);
    return () => {
      connectionListeners.delete(l);
    };
  };
  return createApi('server', invoke, subscribe, onConnection);
}

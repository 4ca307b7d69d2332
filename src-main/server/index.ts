/**
 * Headless server mode (`nclab serve`): the built renderer and the service contract over HTTP
 * (`POST /api/<op>`, JSON in, envelope out: JSON, or packed binary when the result holds typed
 * arrays) and live engine events over a WebSocket (`/events`). Bound to 127.0.0.1 unless told
 * otherwise; every request must present the access token printed in the URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope, EngineEvent } from '../service/contract.ts';
import { operations } from '../service/contract.ts';
import type { Service } from '../service/service.ts';
import { dispatch } from '../service/dispatch.ts';
import { createToken, hostAllowed, originAllowed, presentedToken, TOKEN_COOKIE, tokenMatches } from './auth.ts';
import { contentSecurityPolicy, serveStatic } from './static.ts';
import { encodePacked, hasTypedArrays, PACKED_CONTENT_TYPE } from './wire.ts';

export const DEFAULT_PORT = 8765;
/** Largest accepted request body: inputs are small JSON objects. */
const MAX_BODY = 4 * 1024 * 1024;
/** A client this far behind on events gets progress events dropped rather than queued without bound. */
const MAX_BUFFERED = 8 * 1024 * 1024;

export interface ServerOptions {
  port?: number;
  host?: string;
  dbPath: string;
  /** Fixed token (tests, reverse proxies); a random one otherwise. */
  token?: string;
  /** Folder of the built renderer; default `out/renderer` of this checkout. */
  rendererDir?: string;
  /** An existing service (the server then does not close it); one is created on `dbPath` otherwise. */
  service?: Service;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const knownOps = new Set<string>(operations);

/** Both from src-main/server/ (sources) and out/main/ (bundle) the checkout root is two levels up. */
function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer/', import.meta.url));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body larger than ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { error: { message, code } } satisfies Envelope<unknown>);
}

/** Maps an envelope error to an HTTP status; the envelope itself carries the details. */
function statusOf(envelope: Envelope<unknown>): number {
  if (!envelope.error) return 200;
  if (envelope.error.code === 'invalid-input') return 400;
  if (envelope.error.code === 'not-found') return 404;
  return 500;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? createToken();
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const ownsService = !opts.service;
  const service = opts.service ?? (await (await import('../service/service.ts')).createService({ dbPath: opts.dbPath, processQueue: true }));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!hostAllowed(host, req.headers.host)) return sendError(res, 403, `host "${req.headers.host ?? ''}" not allowed`, 'forbidden_host');
    const presented = presentedToken(req);
    if (!tokenMatches(token, presented)) {
      return sendError(res, 401, 'missing or wrong access token: open the URL printed by `nclab serve` (it ends in ?token=...)', 'unauthorized');
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, 'API calls are POST /api/<operation> with a JSON body', 'method');
      if (!originAllowed(req.headers.origin, req.headers.host)) return sendError(res, 403, `origin ${req.headers.origin} not allowed`, 'forbidden_origin');
      const op = url.pathname.slice('/api/'.length);
      if (!knownOps.has(op)) return sendError(res, 404, `unknown operation "${op}" (known: ${operations.join(', ')})`, 'unknown_op');
      let input: unknown;
      try {
        const text = await readBody(req);
        input = text.trim() === '' ? {} : JSON.parse(text);
      } catch (e) {
        return sendError(res, 400, `request body is not valid JSON: ${(e as Error).message}`, 'bad_json');
      }
      const envelope = await dispatch(service, op, input);
      if (hasTypedArrays(envelope)) {
        const frame = encodePacked(envelope);
        res.writeHead(statusOf(envelope), { 'Content-Type': PACKED_CONTENT_TYPE, 'Content-Length': frame.byteLength, 'Cache-Control': 'no-store' }).end(frame);
      } else sendJson(res, statusOf(envelope), envelope);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'only GET for pages', 'method');
    if (url.searchParams.get('token')) {
      // Remember the token so the page's own asset requests and reloads need not carry it.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const wsOrigin = `ws://${req.headers.host}`;
    await serveStatic(res, rendererDir, url.pathname, contentSecurityPolicy(wsOrigin));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, (e as Error).message ?? String(e), 'internal');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (path !== '/events') return refuse('404 Not Found');
    if (!hostAllowed(host, req.headers.host) || !originAllowed(req.headers.origin, req.headers.host)) return refuse('403 Forbidden');
    if (!tokenMatches(token, presentedToken(req))) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // Clients only listen; anything they send is ignored.
  wss.on('connection', (ws: WebSocket) => ws.on('error', () => ws.terminate()));

  const unsubscribe = service.subscribe((event: EngineEvent) => {
    const text = JSON.stringify(event);
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (event.type === 'progress' && ws.bufferedAmount > MAX_BUFFERED) continue;
      ws.send(text);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsService) await service.close({ pauseRunning: true, resumeOnNextStart: true });
    },
  };
}

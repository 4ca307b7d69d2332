import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hostAllowed, originAllowed, presentedToken, tokenMatches } from '../../src-main/server/auth.ts';
import { resolveInside } from '../../src-main/server/static.ts';
import { post, tempServer } from './helpers.ts';

let server: Awaited<ReturnType<typeof tempServer>>;

beforeAll(async () => {
  server = await tempServer();
  mkdirSync(join(server.dir, 'renderer'), { recursive: true });
  writeFileSync(join(server.dir, 'renderer', 'index.html'), '<!doctype html><title>NC Lab</title>');
});
afterAll(() => server.dispose());

/** Raw GET with a chosen Host header (fetch does not let tests forge it). */
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('access token', () => {
  it('refuses API calls and pages without the token, with a message saying what to do', async () => {
    const res = await post(server.base, 'projects.list', {});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/access token/);
    expect((await fetch(`${server.base}/`)).status).toBe(401);
    expect((await post(server.base, 'projects.list', {}, { 'x-nclab-token': server.token + 'x' })).status).toBe(401);
  });

  it('accepts the token from the header, Authorization, the query string, and the cookie set by the first visit', async () => {
    expect((await post(server.base, 'projects.list', {}, { 'x-nclab-token': server.token })).status).toBe(200);
    expect((await post(server.base, 'projects.list', {}, { authorization: `Token ${server.token}` })).status).toBe(200);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await fetch(`${server.base}/`, { headers: { cookie: cookie.split(';')[0] } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('NC Lab');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin on the API', async () => {
    expect(await getWithHost(`/?token=${server.token}`, 'evil.example')).toBe(403);
    expect(await getWithHost(`/?token=${server.token}`, `localhost:${server.port}`)).toBe(200);
    const res = await post(server.base, 'projects.list', {}, { 'x-nclab-token': server.token, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('checks the token and the Origin on the event socket', async () => {
    const ws = `ws://127.0.0.1:${server.port}/events`;
    expect(await wsStatus(ws)).toBe(401);
    expect(await wsStatus(`${ws}?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus(`${ws}?token=${server.token}`, { origin: server.base })).toBe('open');
  });

  it('never serves files outside the renderer folder', async () => {
    expect(resolveInside('/srv/r', '/../../etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(resolveInside('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(resolveInside('/srv/r', '/a%00b')).toBeNull();
    const res = await fetch(`${server.base}/..%2f..%2fpackage.json?token=${server.token}`);
    expect(res.status).toBe(404);
  });
});

describe('auth helpers', () => {
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });
  it('reads the token from each place a client may put it', () => {
    expect(presentedToken({ url: '/?token=q', headers: {} })).toBe('q');
    expect(presentedToken({ url: '/', headers: { authorization: 'Bearer b' } })).toBe('b');
    expect(presentedToken({ url: '/', headers: { cookie: 'a=1; nclab_token=c' } })).toBe('c');
    expect(presentedToken({ url: '/', headers: {} })).toBeUndefined();
  });
  it('allows loopback host names only when bound to loopback, and same-host origins only', () => {
    expect(hostAllowed('127.0.0.1', '127.0.0.1:8765')).toBe(true);
    expect(hostAllowed('127.0.0.1', '[::1]:8765')).toBe(true);
    expect(hostAllowed('127.0.0.1', 'attacker.test:8765')).toBe(false);
    expect(hostAllowed('0.0.0.0', 'workstation.lan:8765')).toBe(true);
    expect(originAllowed(undefined, 'h:1')).toBe(true);
    expect(originAllowed('http://h:1', 'h:1')).toBe(true);
    expect(originAllowed('http://h:2', 'h:1')).toBe(false);
    expect(originAllowed('file://', 'h:1')).toBe(false);
  });
});

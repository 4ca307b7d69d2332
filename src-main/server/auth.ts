/**
 * Access control of the headless server, in the spirit of Jupyter: a random token printed in
 * the URL, accepted from a header, the query string or a cookie set on first visit; the Host
 * header checked against DNS rebinding when bound to loopback; the Origin of browser requests
 * checked so another site cannot drive the API or the event socket.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'nclab_token';
export const TOKEN_HEADER = 'x-nclab-token';

/** 192 random bits, URL-safe. */
export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The token a request presents, from (in order) the header, `Authorization: Token|Bearer`, the query, the cookie. */
export function presentedToken(req: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  const auth = req.headers.authorization?.match(/^(?:token|bearer)\s+(\S+)$/i);
  if (auth) return auth[1];
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  if (query) return query;
  return cookie(req.headers.cookie, TOKEN_COOKIE);
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

/** Strips the port from a Host header ("127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "[::1]"). */
function hostName(hostHeader: string): string {
  const m = hostHeader.match(/^(\[[^\]]+\]|[^:]+)(?::\d+)?$/);
  return (m ? m[1] : hostHeader).toLowerCase();
}

/**
 * A server bound to loopback answers only to loopback host names: a DNS-rebinding page on
 * evil.example resolving to 127.0.0.1 sends `Host: evil.example` and is refused.
 */
export function hostAllowed(boundHost: string, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  if (!isLoopback(boundHost)) return true;
  return isLoopback(hostName(hostHeader));
}

/**
 * Browsers send Origin on cross-origin requests and on every WebSocket handshake. Allowed: no
 * Origin (scripts, curl) or an Origin whose host is exactly the Host the request was sent to.
 */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}

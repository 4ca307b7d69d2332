/**
 * The desktop app's trust rules, free of `electron` so they are unit-tested: which pages may
 * call the API, which links may leave the app, and the content security policy.
 */

/** The renderer is served from this custom scheme and host, never from file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://nclab';

/**
 * naive-ui injects its styles at run time ('unsafe-inline' for styles only); scripts, images,
 * fonts and connections are limited to the app itself.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when a page at `url` may use the API: the app's own origin, or in development the
 * electron-vite dev server (`devServerUrl`, only passed when unpackaged).
 */
export function isTrustedUrl(url: string | undefined | null, devServerUrl?: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:` && u.host === 'nclab') return true;
  const dev = parse(devServerUrl);
  return !!dev && u.origin === dev.origin;
}

/**
 * Links the app may hand to the system browser: https only (and plain http for documentation
 * on localhost-free hosts would still leak nothing, but https is what papers and docs use), no
 * embedded credentials, no custom schemes that could launch programs.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  return u.hostname.includes('.') && !/^[\d.]+$/.test(u.hostname);
}

/** Picks the transport: the preload bridge when running in the desktop app, HTTP otherwise. */
import type { Api } from './client.ts';
import { bridgeApi, type PreloadBridge } from './bridge.ts';
import { httpApi } from './http.ts';

const TOKEN_KEY = 'nclab.token';

export function detectApi(win: Window & { nclab?: PreloadBridge }): Api {
  if (win.nclab) return bridgeApi(win.nclab);
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the secret out of the address bar, screenshots and history.
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.toString());
  }
  return httpApi({ origin: win.location.origin, token: fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY) });
}

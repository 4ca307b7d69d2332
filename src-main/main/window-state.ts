/** Window position and size, remembered between launches and kept on a visible display. */
import { readFileSync, writeFileSync } from 'node:fs';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: WindowState = { width: 1400, height: 900, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (typeof s.width !== 'number' || typeof s.height !== 'number') return DEFAULT_STATE;
    return { x: s.x, y: s.y, width: s.width, height: s.height, maximized: !!s.maximized };
  } catch {
    return DEFAULT_STATE;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // A read-only profile must not stop the app from quitting.
  }
}

/**
 * Keeps a remembered window usable: sized to at most the largest display, and dropped back to
 * the default position when its title bar would be on no display (a monitor was unplugged).
 */
export function fitToDisplays(state: WindowState, displays: Rect[]): WindowState {
  const maxW = Math.max(800, ...displays.map((d) => d.width));
  const maxH = Math.max(600, ...displays.map((d) => d.height));
  const out = { ...state, width: Math.min(Math.max(state.width, 800), maxW), height: Math.min(Math.max(state.height, 600), maxH) };
  if (out.x === undefined || out.y === undefined) return out;
  const { x, y } = out;
  const titleVisible = displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 40);
  return titleVisible ? out : { ...out, x: undefined, y: undefined };
}

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where things live. Sources run directly under Node 24 (CLI, server, tests); Electron runs the
 * bundle in out/main, where the worker and the built-in plugins are emitted beside index.js.
 */
export const isBundled = !import.meta.url.endsWith('.ts');

/** The worker script that executes runs off the main thread. */
export function workerEntry(): URL {
  return isBundled ? new URL('./worker.js', import.meta.url) : new URL('./worker.ts', import.meta.url);
}

/** Folder of the built-in plugins: plugins/ in the repository, out/main/plugins when bundled. */
export function builtinPluginsDir(): string {
  return fileURLToPath(isBundled ? new URL('./plugins/', import.meta.url) : new URL('../../plugins/', import.meta.url));
}

/** The per-user data directory of NC Lab (same for the desktop app, the server and the CLI). */
export function userDataDir(): string {
  if (process.env.NCLAB_HOME) return process.env.NCLAB_HOME;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'NC Lab');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'NC Lab');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'nclab');
}

/** The default database: NCLAB_DB, else nclab.sqlite in the user data directory. */
export function defaultDbPath(): string {
  return process.env.NCLAB_DB ?? path.join(userDataDir(), 'nclab.sqlite');
}

/** User plugins: one folder per plugin, each with an index.js / index.mjs (or index.ts under Node 24). */
export function defaultUserPluginsDir(): string {
  return process.env.NCLAB_PLUGINS ?? path.join(userDataDir(), 'plugins');
}

/** Datasets (MNIST, CIFAR-10, CSV files) for the network trainer. */
export function defaultDataDir(): string {
  return process.env.NCLAB_DATA ?? path.join(userDataDir(), 'data');
}

/** Recorded with every run; kept equal to package.json's version (a test checks it). */
export const APP_VERSION: string = '0.1.0';

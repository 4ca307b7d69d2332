import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src-main/server/index.ts';

/** A server on a fresh temporary database and a random port; `dispose` stops it and deletes the folder. */
export async function tempServer(opts: { rendererDir?: string } = {}): Promise<RunningServer & { base: string; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'nclab-server-'));
  const server = await startServer({ dbPath: join(dir, 'lab.db'), port: 0, rendererDir: opts.rendererDir ?? join(dir, 'renderer') });
  return {
    ...server,
    base: `http://127.0.0.1:${server.port}`,
    dir,
    async dispose() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function post(base: string, op: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

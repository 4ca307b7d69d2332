/** The server the browser tests talk to: a fresh temporary database, removed on exit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src-main/server/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'nclab-e2e-'));
const server = await startServer({ dbPath: join(dir, 'e2e.db'), port: Number(process.env.NCLAB_E2E_PORT), token: process.env.NCLAB_E2E_TOKEN });
console.log(`e2e server at ${server.url} (db in ${dir})`);
const stop = async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

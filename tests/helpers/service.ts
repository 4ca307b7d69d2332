import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { createService } from '../../src-main/service/service.ts';
import type { Service, ServiceOptions } from '../../src-main/service/service.ts';

export const FIXTURE_PLUGINS = path.resolve(import.meta.dirname, '../fixtures/plugins');

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'nclab-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A service on a real SQLite file in a temp dir, with the fixture plugins as user plugins. Call
 * it inside a test: it is closed (runs cancelled) and its directory removed when the test ends.
 */
export async function testService(opts: Partial<ServiceOptions> = {}): Promise<{ service: Service; dir: string; dbPath: string }> {
  const { dir, cleanup } = tempDir();
  onTestFinished(cleanup);
  const dbPath = opts.dbPath ?? path.join(dir, 'nclab.sqlite');
  const service = await createService({ dbPath, userPluginsDir: FIXTURE_PLUGINS, dataDir: dir, ...opts });
  onTestFinished(() => service.close({ pauseRunning: false }).catch(() => {}));
  return { service, dir, dbPath };
}

/** The bytes of a Float64Array, for bit-identical comparisons of histories. */
export const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

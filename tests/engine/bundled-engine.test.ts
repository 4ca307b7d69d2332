import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.ts';

/**
 * The desktop app runs the engine from the electron-vite bundle: out/main/worker.js and
 * out/main/plugins/<id>/index.js. Electron cannot start on these machines, so the bundle's
 * worker and plugins are exercised here in plain Node (npm test builds before running vitest).
 */
const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'out/main');

beforeAll(() => {
  if (!fs.existsSync(path.join(out, 'worker.js'))) execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('the Electron bundle of the engine', () => {
  it('discovers every built-in plugin from out/main/plugins and runs them in the bundled worker', async () => {
    const t = await testService({ builtinPluginsDir: path.join(out, 'plugins'), workerEntry: pathToFileURL(path.join(out, 'worker.js')), userPluginsDir: undefined });
    const s = t.service;
    const { plugins, errors } = await s['plugins.list']({});
    expect(errors).toEqual([]);
    expect(plugins.map((p) => p.id).sort()).toEqual(['ce-ulpm', 'mse-ufm', 'network-trainer', 'perturbed-ufm', 'regression-ufm']);
    expect(s.registry.get('mse-ufm')!.entry).toBe(path.join(out, 'plugins/mse-ufm/index.js'));

    const mse = await s.engine.waitFor((await s['runs.create']({ plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 20000 } })).id);
    expect(mse.status, JSON.stringify(mse.error)).toBe('completed');
    expect(Math.abs(mse.final.gapRel)).toBeLessThan(1e-8);
    const net = await s.engine.waitFor((await s['runs.create']({ plugin: 'network-trainer', preset: 'demo', config: { epochs: 2, perClass: 20, metricSamples: 200 } })).id);
    expect(net.status, JSON.stringify(net.error)).toBe('completed');
    expect(net.backend).toMatch(/wasm|cpu|tfjs/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { checkConfig, validateConfig } from '../../../src-main/engine/validate.ts';
import { tempDir, writeMnistLike } from '../../data/fixtures.ts';
import { plugin } from './helpers.ts';

const presets = Object.fromEntries(plugin.manifest.presets.map((p) => [p.name, p]));
const configOf = (name: string, set: Record<string, unknown> = {}) => validateConfig(plugin.manifest, { ...presets[name].params, ...set });

describe('presets', () => {
  it('has the five presets of the issue, every one (and every sweep point) valid', () => {
    expect(Object.keys(presets).sort()).toEqual(['demo', 'fashion-vgg13', 'mnist-mlp', 'mujoco-like-mlp', 'wd-sweep']);
    for (const p of plugin.manifest.presets) {
      expect(checkConfig(plugin.manifest, p.params).errors, p.name).toEqual([]);
      for (const [key, values] of Object.entries(p.grid ?? {})) for (const v of values) expect(checkConfig(plugin.manifest, { ...p.params, [key]: v }).ok).toBe(true);
    }
    expect(presets['wd-sweep'].grid).toEqual({ weightDecay: [1e-2, 5e-3, 5e-4, 5e-5, 0] });
    expect(presets['mnist-mlp'].params.weightDecay).toBe(0);
    expect(presets['fashion-vgg13'].params.weightDecay).toBe(0);
    expect(presets['mujoco-like-mlp'].params.weightDecay).toBe(1e-2);
  });

  it('demo runs with no files and shows collapse past zero error', async () => {
    const r = await runInMemory(plugin, configOf('demo'), { seed: 0, dataDir: '' });
    expect(r.series.loss.steps.at(-1)).toBe(100);
    expect(r.final.accuracy).toBe(1);
    expect(r.final.nc4).toBe(0);
    expect(r.final.nc1).toBeLessThan(0.15 * r.series.nc1.values[0]);
    expect(r.artifacts.map((a) => a.step)).toEqual([0, 100]);
  });

  it('mnist-mlp reads gzipped IDX files from the data folder', async () => {
    const dataDir = tempDir('nclab-data-');
    writeMnistLike(path.join(dataDir, 'mnist'), 200, { gzip: true, testCount: 50 });
    const r = await runInMemory(plugin, configOf('mnist-mlp', { epochs: 2 }), { seed: 0, dataDir });
    expect(r.series.loss.steps).toEqual([0, 1, 2]);
    expect(r.final.testAccuracy).toBeTypeOf('number');
    expect(r.messages.some((m) => m.includes('200 training samples, 50 test samples'))).toBe(true);
    expect(r.artifacts[0].matrix.rows).toBe(256);
  });

  it('mnist-mlp names the files when their labels leave a class without samples', async () => {
    const dataDir = tempDir('nclab-data-');
    writeMnistLike(path.join(dataDir, 'mnist'), 9); // labels 0..8: no 9
    const err = await runInMemory(plugin, configOf('mnist-mlp', { epochs: 1 }), { seed: 0, dataDir }).catch((e: Error) => e);
    expect(String(err)).toMatch(/training set .*train-labels-idx1-ubyte.*: class 9 of 0\.\.9 has no samples/);
  });

  it('mnist-mlp says which file is missing when the data folder is empty', async () => {
    const dataDir = tempDir('nclab-data-');
    await expect(runInMemory(plugin, configOf('mnist-mlp', { epochs: 1 }), { seed: 0, dataDir })).rejects.toThrow(
      `mnist train set: ${path.join(dataDir, 'mnist', 'train-images-idx3-ubyte')}[.gz] not found`,
    );
  });

  it('fashion-vgg13 trains VGG-13 on 28x28 images padded to 32x32', async () => {
    const dataDir = tempDir('nclab-data-');
    writeMnistLike(path.join(dataDir, 'fashion-mnist'), 60);
    const r = await runInMemory(plugin, configOf('fashion-vgg13', { epochs: 1 }), { seed: 0, dataDir });
    expect(r.messages.some((m) => m.includes('feature dimension d = 64'))).toBe(true);
    expect(r.series.nc1.steps).toEqual([0, 1]);
  });

  it('mujoco-like-mlp logs regression collapse metrics', async () => {
    const r = await runInMemory(plugin, configOf('mujoco-like-mlp', { epochs: 2 }), { seed: 0 });
    for (const key of ['loss', 'r2', 'nrc1', 'nrc2', 'nrc3', 'evr1', 'evr5']) expect(r.series[key].steps, key).toEqual([0, 1, 2]);
    expect(r.series.nc1).toBeUndefined();
  });

  it('trains on CSV files named relative to the data folder', async () => {
    const dataDir = tempDir('nclab-data-');
    const lines = (n: number, off: number) => Array.from({ length: n }, (_, i) => { const a = Math.sin(i + off); const b = Math.cos(3 * i + off); return `${a},${b},${a * b},${a - b}`; });
    fs.writeFileSync(path.join(dataDir, 'train.csv'), ['x1,x2,y1,y2', ...lines(60, 0)].join('\n'));
    fs.writeFileSync(path.join(dataDir, 'test.csv'), ['x1,x2,y1,y2', ...lines(20, 0.5)].join('\n'));
    const config = validateConfig(plugin.manifest, { dataset: 'csv', csvFile: 'train.csv', csvTestFile: 'test.csv', csvTask: 'regression', csvTargetColumns: 'y1, y2', loss: 'mse', hiddenWidth: 16, hiddenLayers: 2, epochs: 3, batchSize: 20 });
    const r = await runInMemory(plugin, config, { seed: 0, dataDir });
    expect(r.messages.some((m) => m.includes('60 training samples, 20 test samples'))).toBe(true);
    expect(r.series.testR2.steps).toEqual([0, 1, 2, 3]);
  });

  it('rejects combinations that cannot train, naming the fields', () => {
    expect(checkConfig(plugin.manifest, { dataset: 'synthetic-regression' }).errors.map((e) => e.field)).toEqual(['loss', 'dataset']);
    expect(checkConfig(plugin.manifest, { architecture: 'vgg11' }).errors[0].message).toContain('need image data');
    expect(checkConfig(plugin.manifest, { featureEpochs: '3,x' }).errors[0].field).toBe('featureEpochs');
    expect(checkConfig(plugin.manifest, { dataset: 'synthetic-regression', loss: 'mse', targetCovariance: '1,2;2,1' }).errors[0].field).toBe('targetCovariance');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { tempDir, writeMnistLike } from '../../data/fixtures.ts';
import { plugin } from './helpers.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';
import { selectBackend, tf } from '../../../plugins/network-trainer/backend.ts';
import { buildNetwork, type ModelSpec } from '../../../plugins/network-trainer/models.ts';

const base: ModelSpec = { architecture: 'mlp', inputShape: [28, 28, 1], outputs: 10, activation: 'relu', hidden: [16, 8], cnnChannels: 4, cnnDense: 12, vggWidth: 2 };

describe('architectures', () => {
  it.each([
    ['mlp', [28, 28, 1], 8, 784 * 16 + 16 + 16 * 8 + 8],
    ['cnn', [28, 28, 1], 12, 9 * 4 + 4 + 9 * 4 * 8 + 8 + 7 * 7 * 8 * 12 + 12],
    // VGG-11 channels 2,4,8,8,16,16,16,16 (width 2); features after five pools of 32x32: 16.
    ['vgg11', [28, 28, 1], 16, 9 * (1 * 2 + 2 * 4 + 4 * 8 + 8 * 8 + 8 * 16 + 16 * 16 + 16 * 16 + 16 * 16) + (2 + 4 + 8 + 8 + 16 + 16 + 16 + 16)],
    ['vgg13', [32, 32, 3], 16, 9 * (3 * 2 + 2 * 2 + 2 * 4 + 4 * 4 + 4 * 8 + 8 * 8 + 8 * 16 + 16 * 16 + 16 * 16 + 16 * 16) + (2 + 2 + 4 + 4 + 8 + 8 + 16 + 16 + 16 + 16)],
  ] as const)('%s on %j inputs: feature dimension %i, %i feature-layer parameters', async (architecture, inputShape, d, featureParams) => {
    await selectBackend('wasm');
    const net = buildNetwork({ ...base, architecture, inputShape: [...inputShape] }, new Xoshiro128(1));
    try {
      expect(net.featureDim).toBe(d);
      expect(net.variables.slice(0, net.featureVarCount).reduce((a, v) => a + v.size, 0)).toBe(featureParams);
      const out = tf.tidy(() => {
        const h = net.features(tf.ones([3, ...inputShape]));
        return [h.shape, net.head(h).shape];
      });
      expect(out).toEqual([[3, d], [3, 10]]);
    } finally {
      net.dispose();
    }
  });

  it('draws the same initial weights from the same RNG seed', async () => {
    await selectBackend('wasm');
    const a = buildNetwork(base, new Xoshiro128(7));
    const b = buildNetwork(base, new Xoshiro128(7));
    try {
      expect(a.variables[0].dataSync()).toEqual(b.variables[0].dataSync());
      // He-normal: std sqrt(2 / 784) for the first layer.
      const w = a.variables[0].dataSync();
      let s = 0;
      for (const v of w) s += v * v;
      expect(Math.sqrt(s / w.length)).toBeCloseTo(Math.sqrt(2 / 784), 3);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('convolutions on wasm (no Conv2DBackpropFilter kernel: im2col + matMul)', () => {
  it('train a CNN like the native conv2d of the cpu backend', async () => {
    const dataDir = tempDir('nclab-data-');
    writeMnistLike(path.join(dataDir, 'mnist'), 40);
    const run = async (backend: string) => {
      const config = validateConfig(plugin.manifest, { dataset: 'mnist', architecture: 'cnn', cnnChannels: 4, cnnDense: 16, batchSize: 10, epochs: 2, lr: 0.02, backend });
      return runInMemory(plugin, config, { seed: 3, dataDir });
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    for (let e = 0; e <= 2; e++) {
      const a = cpu.series.loss.values[e];
      expect(Math.abs(wasm.series.loss.values[e] - a) / a, `epoch ${e}`).toBeLessThan(1e-4);
    }
    expect(cpu.series.loss.values[2]).toBeLessThan(cpu.series.loss.values[0]);
  });
});

import { describe, expect, it } from 'vitest';
import { runInMemory } from '../../../src-main/engine/context.ts';
import type { MatrixData } from '../../../src-main/engine/plugin-api.ts';
import { gaussianMixture } from '../../../src-main/data/synthetic.ts';
import { ncMetrics } from '../../../src-main/numerics/nc-metrics.ts';
import { explainedVariance } from '../../../src-main/numerics/nrc-metrics.ts';
import { plugin, tinyConfig } from './helpers.ts';

/** Penultimate features of a ReLU MLP computed in float64 from checkpointed weights, independently of tfjs. */
function mlpFeatures(x: Float32Array, inputDim: number, weights: Float32Array[], hiddenLayers: number): MatrixData {
  const N = x.length / inputDim;
  let h = Float64Array.from(x);
  let width = inputDim;
  for (let l = 0; l < hiddenLayers; l++) {
    const w = weights[2 * l];
    const b = weights[2 * l + 1];
    const out = b.length;
    const next = new Float64Array(N * out);
    for (let i = 0; i < N; i++)
      for (let o = 0; o < out; o++) {
        let s = b[o];
        for (let j = 0; j < width; j++) s += h[i * width + j] * w[j * out + o];
        next[i * out + o] = Math.max(0, s);
      }
    h = next;
    width = out;
  }
  return { rows: width, cols: N, data: h };
}

describe('collapse of a real network', () => {
  // MSE with weight decay: the setting whose terminal phase collapses fastest (spec §1.2).
  const config = tinyConfig({ classes: 4, perClass: 25, inputDim: 10, hiddenWidth: 48, epochs: 100, batchSize: 20, loss: 'mse', weightDecay: 5e-3, featureEpochs: '0,last' });

  it('reaches zero training error and NC1 keeps falling after it', async () => {
    const r = await runInMemory(plugin, config, { seed: 2 });
    const acc = r.series.accuracy.values;
    const nc1 = r.series.nc1.values;
    // The epoch from which every sample stays correctly classified.
    let zeroError = acc.length;
    while (zeroError > 0 && acc[zeroError - 1] === 1) zeroError--;
    expect(zeroError).toBeGreaterThan(0);
    expect(zeroError).toBeLessThan(40);
    expect(nc1[100]).toBeLessThan(0.5 * nc1[zeroError]);
    expect(nc1[100]).toBeLessThan(0.1 * nc1[0]);
    for (let e = zeroError + 10; e <= 100; e += 10) expect(nc1[e], `epoch ${e}`).toBeLessThan(nc1[e - 10]);
    expect(r.final.nc4).toBe(0);
  });

  it('logs the metrics the shared NC code gives on features recomputed from the checkpointed weights', async () => {
    const r = await runInMemory(plugin, config, { seed: 2 });
    const last = r.checkpoints.at(-1)!;
    expect(last.step).toBe(101);
    const weights = last.state.weights as Float32Array[];
    const { train } = gaussianMixture({ classes: 4, perClass: 25, dim: 10, separation: 4, testPerClass: 0, seed: 0 });
    const H = mlpFeatures(train.x, 10, weights, 2);

    const artifact = r.artifacts.find((a) => a.step === 100)!.matrix;
    expect(artifact.rows).toBe(48);
    expect(artifact.cols).toBe(100);
    expect(Array.from(artifact.labels!)).toEqual(Array.from(train.labels));
    for (let i = 0; i < H.data.length; i++) expect(artifact.data[i]).toBeCloseTo(H.data[i], 3);

    // W (K x d, column-major) is the tfjs d x K row-major array as it is.
    const W: MatrixData = { rows: 4, cols: 48, data: Float64Array.from(weights[4]) };
    const nc = ncMetrics(H, train.labels, 4, W, Float64Array.from(weights[5]));
    for (const key of ['nc1', 'nc1Tilde', 'nc2', 'nc2W', 'nc3', 'nc4', 'cvH', 'cvW', 'angH', 'angW', 'withinClass', 'selfDuality'] as const) {
      const logged = r.final[key];
      expect(nc[key], key).not.toBeNull();
      expect(logged, key).toBeCloseTo(nc[key]!, 4);
    }
  });
});

describe('regression collapse metrics', () => {
  it('logs R² and NRC1-3 with EVR equal to the shared code on the saved features', async () => {
    const config = tinyConfig({ dataset: 'synthetic-regression', samples: 200, inputDim: 6, loss: 'mse', hiddenWidth: 32, epochs: 30, batchSize: 25, lr: 0.02, weightDecay: 1e-3, featureEpochs: 'last' });
    const r = await runInMemory(plugin, config, { seed: 1 });
    expect(r.series.r2.values[30]).toBeGreaterThan(r.series.r2.values[0]);
    expect(r.final.r2).toBeGreaterThan(0.5);
    for (const key of ['nrc1', 'nrc2', 'nrc3', 'nrc3Gamma', 'testR2']) expect(r.final[key], key).toBeTypeOf('number');
    const H = r.artifacts[0].matrix;
    expect(H.labels).toBeUndefined();
    const evr = explainedVariance(H, 5);
    evr.forEach((v, j) => expect(r.final[`evr${j + 1}`]).toBe(v));
  });
});

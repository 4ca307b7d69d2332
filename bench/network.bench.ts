/**
 * Network-trainer benchmark: epoch time of a 784-256-256-10 ReLU MLP on 10,000 samples
 * (batch 128, Adam) on every TensorFlow.js backend that loads here, and the cost of the
 * per-epoch evaluation (a forward pass over the training set plus the NC metrics on the
 * default 2,000-sample subset) relative to the epoch. Run: `npx node bench/network.bench.ts`.
 * Data: a 10-class Gaussian mixture in 784 dimensions (MNIST-shaped; no files needed).
 */
import { runInMemory } from '../src-main/engine/context.ts';
import type { ModelPlugin } from '../src-main/engine/plugin-api.ts';
import { validateConfig } from '../src-main/engine/validate.ts';
import { Xoshiro128 } from '../src-main/engine/rng.ts';
import { ncMetrics } from '../src-main/numerics/nc-metrics.ts';
import trainer from '../plugins/network-trainer/index.ts';
import { selectBackend } from '../plugins/network-trainer/backend.ts';
import { backendChoices } from '../plugins/network-trainer/choices.ts';

const plugin = trainer as unknown as ModelPlugin;
const epochs = 2;

type Row = { backend: string; epoch: string; evalPass: string; ratio: string; note: string };
const rows: Row[] = [];

for (const backend of backendChoices.filter((b) => b !== 'auto')) {
  try {
    await selectBackend(backend);
  } catch (e) {
    rows.push({ backend, epoch: '-', evalPass: '-', ratio: '-', note: (e as Error).message.split(': ').slice(1).join(': ').slice(0, 70) });
    continue;
  }
  const config = validateConfig(plugin.manifest, {
    dataset: 'gaussian-mixture',
    classes: 10,
    perClass: 1000,
    inputDim: 784,
    hiddenWidth: 256,
    hiddenLayers: 2,
    optimizer: 'adam',
    lr: 1e-3,
    batchSize: 128,
    epochs,
    evalTest: false,
    featureEpochs: 'none',
    backend,
  });
  const r = await runInMemory(plugin, config, { seed: 0 });
  // The last epoch: kernels compiled and memory pools warm.
  const epoch = r.series.epochSeconds.values.at(-1)!;
  const metric = r.series.metricSeconds.values.at(-1)!;
  rows.push({ backend, epoch: epoch.toFixed(2), evalPass: metric.toFixed(2), ratio: `${((100 * metric) / epoch).toFixed(1)} %`, note: r.backendDetails.device ?? '' });
  console.error(`${backend}: epoch ${epoch.toFixed(2)} s, evaluation ${metric.toFixed(2)} s`);
}

console.log(`\nMLP 784-256-256-10, 10,000 samples, batch 128, Adam; epoch ${epochs} of ${epochs}; evaluation = forward pass over the training set + NC metrics on 2,000 samples\n`);
console.log('| backend | epoch (s) | evaluation (s) | evaluation / epoch | device or reason |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.backend} | ${r.epoch} | ${r.evalPass} | ${r.ratio} | ${r.note} |`);

// The NC metrics alone (pure TS, backend independent) at the default subset and at the full set.
console.log('\n| NC metrics alone, d = 256, K = 10 | seconds |');
console.log('|---|---|');
for (const N of [2000, 10000]) {
  const rng = new Xoshiro128(1);
  const H = { rows: 256, cols: N, data: new Float64Array(256 * N) };
  rng.fillNormal(H.data);
  const labels = Int32Array.from({ length: N }, (_, i) => i % 10);
  const W = { rows: 10, cols: 256, data: new Float64Array(2560) };
  rng.fillNormal(W.data);
  const t0 = performance.now();
  ncMetrics(H, labels, 10, W, new Float64Array(10));
  console.log(`| N = ${N} | ${((performance.now() - t0) / 1000).toFixed(3)} |`);
}

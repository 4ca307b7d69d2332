/**
 * Theory-plugin benchmark: gradient-descent steps per second of the cross-entropy ULPM at the
 * sizes of the task's NumPy reference, the wall time of the full ji-fig2 preset (10^5 steps
 * with all metrics), and steps per second of the regression UFM. One core, in this thread.
 * Run: `npx node bench/theory.bench.ts` (about a minute).
 *
 * NumPy reference (task brief): ~77,000 steps/s at (K, n, d) = (5, 10, 20), ~700 at
 * (10, 100, 512), ~26 at (100, 50, 512).
 */
import { runInMemory } from '../src-main/engine/context.ts';
import type { ModelPlugin } from '../src-main/engine/plugin-api.ts';
import { validateConfig } from '../src-main/engine/validate.ts';
import { Xoshiro128 } from '../src-main/engine/rng.ts';
import ulpm from '../plugins/ce-ulpm/index.ts';
import { createWorkspace, stepKernel } from '../plugins/ce-ulpm/objective.ts';
import * as regression from '../plugins/regression-ufm/objective.ts';

const plugin = ulpm as unknown as ModelPlugin;

/** Runs `step` for about `seconds` after a warm-up and returns steps per second. */
function rate(step: () => void, seconds: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) step();
  let steps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    step();
    steps++;
    if ((steps & 15) === 0 || steps < 16) elapsed = performance.now() - t0;
  }
  return steps / ((performance.now() - t0) / 1000);
}

const rows: Record<string, string>[] = [];
const rng = new Xoshiro128(1);

for (const [K, n, d, numpy] of [
  [5, 10, 20, 77000],
  [10, 100, 512, 700],
  [100, 50, 512, 26],
] as const) {
  const shape = { K, n, d, reduction: 'mean' as const };
  const W = new Float64Array(K * d);
  const H = new Float64Array(d * K * n);
  rng.fillNormal(W, 0.1);
  rng.fillNormal(H, 0.1);
  const ws = createWorkspace(shape);
  const step = stepKernel(shape);
  const r = rate(() => step(W, H, 0.5, ws), 8, K * n * d < 5000 ? 20000 : 3);
  rows.push({ bench: `ce-ulpm GD step (K, n, d) = (${K}, ${n}, ${d})`, value: `${r.toFixed(r < 100 ? 1 : 0)} steps/s`, reference: `NumPy ${numpy} steps/s`, ratio: `${(r / numpy).toFixed(2)}x` });
}

{
  const config = validateConfig(plugin.manifest, plugin.manifest.presets.find((p) => p.name === 'ji-fig2')!.params);
  const t0 = performance.now();
  const result = await runInMemory(plugin, config, { seed: 1 });
  const s = (performance.now() - t0) / 1000;
  rows.push({ bench: `ce-ulpm ji-fig2 preset (1e5 steps, metrics at ${result.series.loss.steps.length} points)`, value: `${s.toFixed(2)} s`, reference: 'target < 1 s', ratio: '' });
}

for (const [n, M, d] of [
  [3, 1000, 256],
  [10, 10000, 512],
] as const) {
  const shape = { n, M, d, lambdaH: 1e-2, lambdaW: 1e-2 };
  const W = new Float64Array(n * d);
  const H = new Float64Array(d * M);
  const b = new Float64Array(n);
  const Y = new Float64Array(n * M);
  rng.fillNormal(W, 0.1);
  rng.fillNormal(H, 0.1);
  rng.fillNormal(Y);
  const ws = regression.createWorkspace(shape);
  const step = regression.stepKernel(shape);
  const r = rate(() => step(W, H, b, Y, 0.1, ws), 6, 3);
  rows.push({ bench: `regression-ufm GD step (n, M, d) = (${n}, ${M}, ${d})`, value: `${r.toFixed(1)} steps/s`, reference: `${((3 * n * M * d * r) / 1e9).toFixed(2)} GMAC/s`, ratio: '' });
}

console.table(rows);

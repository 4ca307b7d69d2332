/**
 * Steps per second of mse-ufm gradient descent, run as `npx node bench/mse-ufm.bench.ts`
 * (about a minute). For each size it measures
 *   - the update loop alone, on the pure-JS kernel and on the WebAssembly SIMD kernel;
 *   - the whole plugin through runInMemory (tick, progress, metrics on the log-spaced schedule),
 * next to a float64 NumPy loop measured on the team's machine (one core, BLAS ~50 GFLOP/s).
 * Timings are wall-clock on a shared machine: run it when the machine is quiet.
 */
import plugin from '../plugins/mse-ufm/index.ts';
import { runInMemory } from '../src-main/engine/context.ts';
import type { ModelPlugin } from '../src-main/engine/plugin-api.ts';
import { logSchedule } from '../src-main/engine/schedule.ts';
import { validateConfig } from '../src-main/engine/validate.ts';
import type { BilinearKernelKind } from '../src-main/numerics/bilinear-gd-select.ts';
import { createBilinearGd } from '../src-main/numerics/bilinear-gd-select.ts';
import { Xoshiro128 } from '../src-main/engine/rng.ts';

type Size = { K: number; n: number; d: number; numpy: number; pluginSteps: number };

const SIZES: Size[] = [
  { K: 3, n: 3, d: 15, numpy: 84_000, pluginSteps: 300_000 },
  { K: 10, n: 100, d: 512, numpy: 600, pluginSteps: 2_000 },
  { K: 100, n: 50, d: 512, numpy: 24, pluginSteps: 12 },
];

/** Seconds each loop-only measurement runs for (after a warm-up). */
const BUDGET_S = 2;

async function loopStepsPerSecond(size: Size, kind: BilinearKernelKind): Promise<number> {
  const { K, n, d } = size;
  const N = K * n;
  const labels = Int32Array.from({ length: N }, (_, j) => Math.floor(j / n));
  // The tirer-bruna regime (TB constants): a stable step for every size.
  const gd = await createBilinearGd({ K, d, N, labels }, { alpha: 1 / N, cW: 0.1 / K, cH: 0.2 / N, cb: 0, bias: false }, kind);
  const rng = new Xoshiro128(1);
  const W = new Float64Array(K * d);
  const H = new Float64Array(d * N);
  rng.fillNormal(W, 0.01);
  rng.fillNormal(H, 0.01);
  gd.setPoint({ W, H, b: new Float64Array(K) });
  // Calibrate a batch that takes ~0.1 s, warm up with it, then repeat batches until the budget.
  let batch = 1;
  for (;;) {
    const t = performance.now();
    gd.step(1, batch);
    if (performance.now() - t > 100 || batch > 1e7) break;
    batch *= 4;
  }
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < BUDGET_S * 1000) {
    gd.step(1, batch);
    steps += batch;
  }
  return steps / ((performance.now() - t0) / 1000);
}

async function pluginStepsPerSecond(size: Size): Promise<{ rate: number; points: number; backend: string }> {
  const config = validateConfig(plugin.manifest, { K: size.K, n: size.n, d: size.d, normalization: 'tb', lambdaW: 0.1, lambdaH: 0.2, lr: 1, steps: size.pluginSteps });
  const t0 = performance.now();
  const r = await runInMemory(plugin as unknown as ModelPlugin, config, { seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  return { rate: size.pluginSteps / seconds, points: logSchedule(size.pluginSteps).length, backend: r.backend ?? '?' };
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

const rows: string[][] = [['K, n, d', 'GFLOP/step', 'NumPy f64', 'JS loop', 'wasm loop', 'wasm / NumPy', 'plugin + metrics (points)']];
for (const size of SIZES) {
  const flop = (6 * size.K * size.d * size.K * size.n) / 1e9;
  const js = await loopStepsPerSecond(size, 'js');
  const wasm = await loopStepsPerSecond(size, 'wasm');
  const full = await pluginStepsPerSecond(size);
  rows.push([
    `${size.K}, ${size.n}, ${size.d}`,
    flop.toPrecision(2),
    fmt(size.numpy),
    fmt(js),
    `${fmt(wasm)} (${((wasm * flop * 1e9) / 1e9).toFixed(1)} GFLOP/s)`,
    `${(wasm / size.numpy).toFixed(2)}x`,
    `${fmt(full.rate)} over ${size.pluginSteps} steps (${full.points}) [${full.backend}]`,
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => cell.padEnd(widths[c])).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
console.log('steps/s; loop = gd.step only (no metrics, no engine); plugin = runInMemory with the log-spaced schedule (points = logged steps).');

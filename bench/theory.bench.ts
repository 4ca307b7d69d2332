/**
 * Theory-plugin benchmark: gradient-descent steps per second of the cross-entropy ULPM at the
 * sizes of the task's NumPy reference (compiled JS step and WebAssembly SIMD step), the wall time
 * of the full ji-fig2 preset (10^5 steps with all metrics), steps per second of the regression
 * UFM on both paths, and the cost of one NC-metric pass at the largest size on both paths.
 * One core, in this thread. Run: `npx node bench/theory.bench.ts` (about two minutes).
 *
 * NumPy reference (task brief): ~77,000 steps/s at (K, n, d) = (5, 10, 20), ~700 at
 * (10, 100, 512), ~26 at (100, 50, 512). Targets: >= 2x NumPy at the small size, >= 0.5x at 512-d.
 *
 * The regression UFM has no measured NumPy number. The estimate below counts 6 n M d flops per
 * step (three bilinear products) at the effective rate of the team's NumPy reference for a
 * bilinear step (~600 steps/s at 30 MFLOP/step, i.e. ~18 GFLOP/s one core); the target is half.
 */
import { runInMemory } from '../src-main/engine/context.ts';
import type { ModelPlugin } from '../src-main/engine/plugin-api.ts';
import { validateConfig } from '../src-main/engine/validate.ts';
import { Xoshiro128 } from '../src-main/engine/rng.ts';
import { ncMetrics } from '../src-main/numerics/nc-metrics.ts';
import ulpm from '../plugins/ce-ulpm/index.ts';
import { createStepper as ulpmStepper } from '../plugins/ce-ulpm/stepper.ts';
import { createStepper as regressionStepper } from '../plugins/regression-ufm/stepper.ts';

const plugin = ulpm as unknown as ModelPlugin;
const NUMPY_GFLOPS = (600 * 30e6) / 1e9;

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

const fmt = (r: number) => r.toFixed(r < 100 ? 1 : 0);
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
  const small = K * n * d < 5000;
  const target = small ? 2 * numpy : numpy / 2;
  for (const kind of ['js', 'wasm'] as const) {
    // The JS step is slow at the large sizes: a shorter run is enough for its rate.
    if (kind === 'js' && K === 100) {
      rows.push({ bench: `ce-ulpm GD step ${kind} (K, n, d) = (${K}, ${n}, ${d})`, value: 'skipped (~2 steps/s)', reference: `NumPy ${numpy} steps/s`, ratio: '' });
      continue;
    }
    const gd = ulpmStepper(shape, kind);
    gd.write(W.slice(), H.slice());
    const r = rate(() => gd.step(0.5, 1), kind === 'js' && !small ? 3 : 6, small ? 20000 : 2);
    rows.push({
      bench: `ce-ulpm GD step ${kind} (K, n, d) = (${K}, ${n}, ${d})`,
      value: `${fmt(r)} steps/s`,
      reference: `NumPy ${numpy} steps/s; target >= ${target}`,
      ratio: `${(r / numpy).toFixed(2)}x NumPy`,
    });
  }
}

{
  const config = validateConfig(plugin.manifest, plugin.manifest.presets.find((p) => p.name === 'ji-fig2')!.params);
  const t0 = performance.now();
  const result = await runInMemory(plugin, config, { seed: 1 });
  const s = (performance.now() - t0) / 1000;
  rows.push({ bench: `ce-ulpm ji-fig2 preset (1e5 steps, metrics at ${result.series.loss.steps.length} points) [${result.backend}]`, value: `${s.toFixed(2)} s`, reference: 'target < 1 s', ratio: '' });
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
  const flop = 6 * n * M * d;
  const numpy = (NUMPY_GFLOPS * 1e9) / flop;
  for (const kind of ['js', 'wasm'] as const) {
    const gd = regressionStepper(shape, Y, kind);
    gd.write({ W: W.slice(), H: H.slice(), b: b.slice() });
    const r = rate(() => gd.step(0.1, 1), 4, 3);
    rows.push({
      bench: `regression-ufm GD step ${kind} (n, M, d) = (${n}, ${M}, ${d})`,
      value: `${fmt(r)} steps/s (${((flop * r) / 1e9).toFixed(1)} GFLOP/s)`,
      reference: `NumPy estimate ~${fmt(numpy)} steps/s; target >= ${fmt(numpy / 2)}`,
      ratio: `${(r / numpy).toFixed(2)}x est.`,
    });
  }
}

{
  // One NC-metric pass at (K, n, d) = (100, 50, 512), against one wasm GD step of mse-ufm size.
  const [K, n, d] = [100, 50, 512];
  const N = K * n;
  const H = new Float64Array(d * N);
  const W = new Float64Array(K * d);
  rng.fillNormal(H);
  rng.fillNormal(W);
  const labels = Int32Array.from({ length: N }, (_, j) => Math.floor(j / n));
  for (const kernel of ['js', 'wasm'] as const) {
    const once = () => ncMetrics({ rows: d, cols: N, data: H }, labels, K, { rows: K, cols: d, data: W }, undefined, { kernel });
    once();
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) once();
    const ms = (performance.now() - t0) / 3;
    rows.push({ bench: `ncMetrics ${kernel} (K, n, d) = (${K}, ${n}, ${d})`, value: `${ms.toFixed(0)} ms per pass`, reference: 'a wasm GD step here: ~70 ms', ratio: '' });
  }
}

console.table(rows);

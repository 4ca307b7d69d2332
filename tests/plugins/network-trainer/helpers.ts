/** Shared set-up of the network-trainer tests: tiny validated configs and ctx wrappers. */
import type { Config, ModelPlugin, RunContext } from '../../../src-main/engine/plugin-api.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import trainer from '../../../plugins/network-trainer/index.ts';

export const plugin = trainer as unknown as ModelPlugin;

/** A 4-class Gaussian mixture and a 2x32 MLP: an epoch takes milliseconds. */
export function tinyConfig(overrides: Record<string, unknown> = {}): Config {
  return validateConfig(plugin.manifest, {
    dataset: 'gaussian-mixture',
    classes: 4,
    perClass: 24,
    inputDim: 8,
    separation: 4,
    hiddenWidth: 32,
    hiddenLayers: 2,
    batchSize: 16,
    epochs: 8,
    lr: 0.05,
    backend: 'wasm',
    featureEpochs: 'all',
    ...overrides,
  });
}

/** The plugin with its context's methods wrapped (e.g. to abort at a given batch). */
export function wrapped(wrap: (ctx: RunContext) => Partial<RunContext>): ModelPlugin {
  return { ...plugin, run: (ctx) => plugin.run({ ...ctx, ...wrap(ctx) }) };
}

/** Metrics that are wall-clock times and so differ between otherwise identical runs. */
export const timingMetrics = ['epochSeconds', 'metricSeconds'];

import plugin from '../../../plugins/mse-ufm/index.ts';
import type { MseUfmConfig } from '../../../plugins/mse-ufm/manifest.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import type { MemoryRunResult } from '../../../src-main/engine/context.ts';
import type { Checkpoint, ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';

/** A validated config: a preset's parameters (if named) with overrides on top. */
export function presetConfig(preset: string | null, overrides: Partial<MseUfmConfig> = {}): MseUfmConfig {
  const params = preset ? plugin.manifest.presets.find((p) => p.name === preset)?.params : {};
  if (!params) throw new Error(`no preset ${preset}`);
  return validateConfig(plugin.manifest, { ...params, ...overrides }) as MseUfmConfig;
}

export function run(config: MseUfmConfig, options: { resumeFrom?: Checkpoint | null; signal?: AbortSignal } = {}): Promise<MemoryRunResult> {
  return runInMemory(plugin as unknown as ModelPlugin, config, { seed: config.seed, ...options });
}

/** Runs until `stopAt` steps are done, then aborts (as a pause would) and returns what it logged. */
export function runUntil(config: MseUfmConfig, stopAt: number): Promise<MemoryRunResult> {
  const controller = new AbortController();
  const stopping: ModelPlugin = {
    ...(plugin as unknown as ModelPlugin),
    run: (ctx) =>
      plugin.run(
        new Proxy(ctx, {
          get(target, key, receiver) {
            if (key === 'progress')
              return (step: number, total: number) => {
                if (step === stopAt) controller.abort('pause');
                target.progress(step, total);
              };
            return Reflect.get(target, key, receiver);
          },
        }) as never,
      ),
  };
  return runInMemory(stopping, config, { seed: config.seed, signal: controller.signal });
}

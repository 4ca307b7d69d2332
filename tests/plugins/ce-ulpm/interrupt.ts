import { createRunContext, runInMemory } from '../../../src-main/engine/context.ts';
import type { Checkpoint, Config, ModelPlugin } from '../../../src-main/engine/plugin-api.ts';

type Series = Record<string, { steps: number[]; values: number[] }>;

/**
 * Runs a plugin, pauses it (abort) once it reports progress `stopAt`, resumes from the
 * checkpoint it wrote, and returns the stitched history next to an uninterrupted run's.
 */
export async function interruptedAndFull(plugin: ModelPlugin, config: Config, seed: number, stopAt: number): Promise<{ stitched: Series; full: Series; checkpoint: Checkpoint }> {
  const first: Series = {};
  const add = (into: Series, step: number, metrics: Record<string, number>) => {
    for (const k in metrics) {
      const s = (into[k] ??= { steps: [], values: [] });
      s.steps.push(step);
      s.values.push(metrics[k]);
    }
  };
  const controller = new AbortController();
  let checkpoint: Checkpoint | null = null;
  const ctx = createRunContext(
    { config, seed, signal: controller.signal, resumeFrom: null },
    {
      points: (step, m) => add(first, step, m),
      artifact() {},
      checkpoint: (cp) => (checkpoint = cp),
      progress: (step) => {
        if (step >= stopAt) controller.abort('pause');
      },
      backend() {},
      info() {},
    },
  );
  await plugin.run(ctx);
  if (!checkpoint) throw new Error('the plugin did not checkpoint when paused');
  const cp = checkpoint as Checkpoint;
  const second = await runInMemory(plugin, config, { seed, resumeFrom: cp });
  for (const k in second.series) for (let i = 0; i < second.series[k].steps.length; i++) add(first, second.series[k].steps[i], { [k]: second.series[k].values[i] });
  const full = await runInMemory(plugin, config, { seed });
  return { stitched: first, full: full.series, checkpoint: cp };
}

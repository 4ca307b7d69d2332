import { describe, expect, it } from 'vitest';
import { runInMemory, type MemoryRunResult } from '../../../src-main/engine/context.ts';
import type { Checkpoint } from '../../../src-main/engine/plugin-api.ts';
import { plugin, timingMetrics, tinyConfig, wrapped } from './helpers.ts';

/** The history a resumed run shows: the first run's points before the checkpoint (the engine truncates the rest), then the resumed run's. */
function joined(first: MemoryRunResult, cp: Checkpoint, second: MemoryRunResult, metric: string) {
  const a = first.series[metric];
  const keep = a.steps.filter((s) => s < cp.step).length;
  return { steps: [...a.steps.slice(0, keep), ...second.series[metric].steps], values: [...a.values.slice(0, keep), ...second.series[metric].values] };
}

function expectSameHistory(full: MemoryRunResult, first: MemoryRunResult, cp: Checkpoint, second: MemoryRunResult) {
  const metrics = Object.keys(full.series).filter((m) => !timingMetrics.includes(m));
  expect(metrics).toContain('nc1');
  for (const m of metrics) expect(joined(first, cp, second, m), m).toEqual(full.series[m]);
}

describe.each(['sgd', 'adam'])('checkpoint and resume with %s', (optimizer) => {
  const config = tinyConfig({ optimizer, lr: optimizer === 'adam' ? 0.003 : 0.05, epochs: 6, featureEpochs: 'last' });

  it('an abort mid-epoch, then a resume, reproduces the uninterrupted history exactly', async () => {
    const full = await runInMemory(plugin, config, { seed: 11 });
    expect(full.series.loss.steps).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // 6 batches per epoch: batch 15 is in the middle of epoch 3.
    const ac = new AbortController();
    const aborting = wrapped((ctx) => ({
      progress(step, total) {
        ctx.progress(step, total);
        if (step === 15) ac.abort('pause');
      },
    }));
    const first = await runInMemory(aborting, config, { seed: 11, signal: ac.signal });
    expect(first.stopped).toBe(true);
    expect(first.series.loss.steps).toEqual([0, 1, 2]);
    const cp = first.checkpoints.at(-1)!;
    expect(cp.step).toBe(3);

    const second = await runInMemory(plugin, config, { seed: 11, resumeFrom: cp });
    expect(second.series.loss.steps).toEqual([3, 4, 5, 6]);
    expectSameHistory(full, first, cp, second);
    expect(second.artifacts.map((a) => a.step)).toEqual([6]);
    expect(second.artifacts[0].matrix.data).toEqual(full.artifacts[0].matrix.data);
  });

  it('a kill after an epoch resumes from that epoch\'s checkpoint without gaps or duplicates', async () => {
    const full = await runInMemory(plugin, config, { seed: 4 });
    // Checkpoints: after step 0 (next 1), after epoch 1 (next 2), ...; take "next 3" as the last one written before a kill in epoch 4.
    const cp = full.checkpoints.find((c) => c.step === 3)!;
    const second = await runInMemory(plugin, config, { seed: 4, resumeFrom: cp });
    expectSameHistory(full, full, cp, second);
  });
});

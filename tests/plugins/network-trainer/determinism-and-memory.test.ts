import { describe, expect, it } from 'vitest';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { tf } from '../../../plugins/network-trainer/backend.ts';
import { plugin, timingMetrics, tinyConfig, wrapped } from './helpers.ts';

describe('determinism', () => {
  it('the same seed gives the same numbers, another seed other numbers', async () => {
    const config = tinyConfig({ epochs: 4 });
    const a = await runInMemory(plugin, config, { seed: 3 });
    const b = await runInMemory(plugin, config, { seed: 3 });
    const c = await runInMemory(plugin, config, { seed: 4 });
    for (const m of Object.keys(a.series).filter((k) => !timingMetrics.includes(k))) expect(b.series[m], m).toEqual(a.series[m]);
    expect(c.series.loss.values).not.toEqual(a.series.loss.values);
  });
});

describe('memory', () => {
  it('keeps the number of live tensors flat over many epochs and frees everything at the end', async () => {
    const config = tinyConfig({ epochs: 120, perClass: 8, featureEpochs: 'none', optimizer: 'adam', lr: 0.003, weightDecay: 1e-3 });
    await runInMemory(plugin, tinyConfig({ epochs: 1 }), { seed: 1 }); // backend and kernels warm
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const counting = wrapped((ctx) => ({
      log(step, metrics) {
        ctx.log(step, metrics);
        counts.push(tf.memory().numTensors);
      },
    }));
    const r = await runInMemory(counting, config, { seed: 1 });
    expect(r.series.loss.steps.length).toBe(121);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

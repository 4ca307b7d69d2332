import { describe, expect, it } from 'vitest';
import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import type { ModelPlugin } from '../../src-main/engine/plugin-api.ts';
import { runInMemory } from '../../src-main/engine/context.ts';
import { DivergenceError } from '../../src-main/engine/errors.ts';

/** A plugin that never checks its own parameters: W blows up to Inf, then NaN. */
const blowUp = definePlugin<{ steps: number }>({
  manifest: {
    id: 'blow-up', name: 'blow up', version: '1.0.0', description: 'test',
    params: { steps: { type: 'int', label: 'steps', help: 'steps', default: 2000 } },
    metrics: [{ key: 'n', label: 'n', definition: 'step count', scale: 'lin' }],
    presets: [], panels: [],
  },
  run(ctx) {
    const W = Float64Array.of(1, 3);
    for (let t = 0; t < ctx.config.steps; t++) {
      for (let i = 0; i < W.length; i++) W[i] *= W[i];
      ctx.log(t + 1, { n: t + 1 });
      if ((t + 1) % 10 === 0) ctx.checkpoint(t + 1, { W, note: 'x', best: Infinity });
    }
  },
}) as unknown as ModelPlugin;

describe('divergence of a parameter the plugin does not check', () => {
  it('stops at the first checkpoint whose state holds a non-finite entry, naming it', async () => {
    const err = await runInMemory(blowUp, { steps: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    // 3^(2^t) overflows at t = 10 (3^1024 > 1.8e308): the checkpoint at step 10 sees W[1] = Inf.
    expect((err as DivergenceError).step).toBe(10);
    expect((err as DivergenceError).quantity).toBe('state.W[1]');
  });
});

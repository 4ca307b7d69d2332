import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/perturbed-ufm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';

const plugin = typedPlugin as unknown as ModelPlugin;
const preset = plugin.manifest.presets.find((p) => p.name === 'lambda-effect')!;

async function nc1(lambdaH: number, lambdaW: number): Promise<number> {
  const r = await runInMemory(plugin, validateConfig(plugin.manifest, { ...preset.params, lambdaH, lambdaW }), { seed: 0 });
  return r.final.nc1;
}

describe('the lambda-effect preset shows what its description says', () => {
  it('raising λ_H moves the optimum toward collapse, raising λ_W does not', async () => {
    const base = await nc1(0.01, 0.01);
    const moreH = await nc1(1, 0.01);
    const moreW = await nc1(0.01, 1);
    expect(base).toBeLessThan((await runInMemory(plugin, validateConfig(plugin.manifest, preset.params), { seed: 0 })).final.nc1Input);
    expect(moreH / base).toBeLessThan(0.8);
    expect(moreW / base).toBeGreaterThan(1);
  });
});

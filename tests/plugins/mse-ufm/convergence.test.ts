import { describe, expect, it } from 'vitest';
import plugin from '../../../plugins/mse-ufm/index.ts';
import { closedForm } from '../../../plugins/mse-ufm/theory.ts';
import { presetConfig, run } from './helpers.ts';

describe('regularised MSE UFM: gradient descent reaches the closed-form optimum', () => {
  it('tirer-bruna preset: f* = c - c^2/2 within 1e-8, orthogonal frame with the predicted spectrum', async () => {
    const config = presetConfig('tirer-bruna');
    const c = Math.sqrt(config.lambdaW * config.lambdaH);
    expect(closedForm(config).fStar).toBeCloseTo(c - (c * c) / 2, 15);
    const r = await run(config);
    expect(Math.abs(r.final.gapRel)).toBeLessThan(1e-8);
    expect(r.final.loss / (c - (c * c) / 2) - 1).toBeLessThan(1e-8);
    // All K singular values of W* equal (lambdaH/lambdaW)^{1/4} sqrt(1 - c).
    const s = (config.lambdaH / config.lambdaW) ** 0.25 * Math.sqrt(1 - c);
    expect(r.final.sWmax).toBeCloseTo(s, 7);
    expect(r.final.sWmin).toBeCloseTo(s, 7);
    expect(r.final.nc1).toBeLessThan(1e-12);
    expect(r.final.nc2).toBeLessThan(1e-7);
    // W^T is parallel to the un-centred means: NC3 = sqrt(2 - 2 sqrt((K-1)/K)), not 0.
    expect(r.final.nc3).toBeCloseTo(Math.sqrt(2 - 2 * Math.sqrt(3 / 4)), 7);
    const theory = Object.fromEntries(plugin.theory!(config).map((t) => [t.metric, t.value]));
    expect(theory.loss).toBe(closedForm(config).fStar);
    expect(r.final.nc2W).toBeCloseTo(theory.nc2W, 7);
  });

  it('zhou-bias preset: free bias gives a simplex ETF, b = 1/K, W of rank K-1, within 1e-8 of f*', async () => {
    const config = presetConfig('zhou-bias');
    const r = await run(config);
    expect(Math.abs(r.final.gapRel)).toBeLessThan(1e-8);
    const cf = closedForm(config);
    expect(cf.a0).toBe(0);
    expect(r.final.sWmax).toBeCloseTo(cf.sWmax!, 7);
    expect(r.final.sWmin).toBeLessThan(1e-6);
    expect(r.final.nc2).toBeLessThan(1e-7);
    expect(r.final.nc2W).toBeLessThan(1e-7);
    expect(r.final.nc3).toBeLessThan(1e-7);
  });

  it('a regularised bias beyond the threshold mixes in the mean direction (a0 > 0) and still matches f*', async () => {
    const config = presetConfig('zhou-bias', { lambdaB: 1, lr: 0.5 });
    const cf = closedForm(config);
    expect(cf.a0).toBeGreaterThan(0.5);
    const r = await run(config);
    expect(Math.abs(r.final.gapRel)).toBeLessThan(1e-8);
    expect(r.final.sWmin).toBeCloseTo(cf.sWmin!, 7);
    expect(r.final.nc3).toBeCloseTo(cf.nc3!, 7);
  });

  it('c = sqrt(lambdaW lambdaH) >= 1 collapses to W = H = 0 with f* = 1/2', async () => {
    const config = presetConfig('collapse-threshold', { lambdaH: 2.25, steps: 3000 });
    expect(closedForm(config).fStar).toBe(0.5);
    const r = await run(config);
    expect(Math.abs(r.final.gapRel)).toBeLessThan(1e-12);
    expect(r.final.sWmax).toBeLessThan(1e-30);
    // Scale-free metrics stay finite (null, never NaN) while everything shrinks toward 0.
    for (const key of ['nc1', 'nc2', 'nc3']) expect(Number.isFinite(r.final[key]), key).toBe(true);
  });

  it('every preset (every grid point of the sweeps) converges', async () => {
    for (const preset of plugin.manifest.presets) {
      const points = preset.grid ? Object.entries(preset.grid).flatMap(([key, values]) => values.map((v) => ({ [key]: v }))) : [{}];
      for (const point of points) {
        const config = presetConfig(preset.name, point);
        const r = await run(config);
        const label = `${preset.name} ${JSON.stringify(point)}`;
        if (r.final.gapRel !== undefined) expect(Math.abs(r.final.gapRel), label).toBeLessThan(1e-8);
        else expect(r.final.loss, label).toBeLessThan(1e-9);
      }
    }
  });
});

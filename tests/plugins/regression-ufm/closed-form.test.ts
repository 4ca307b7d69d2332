import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/regression-ufm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { optimalLoss } from '../../../plugins/regression-ufm/theory.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';

/** The engine runs plugins through the untyped interface. */
const plugin = typedPlugin as unknown as ModelPlugin;

const presetConfig = (name: string, extra: Record<string, unknown> = {}) =>
  validateConfig(plugin.manifest, { ...plugin.manifest.presets.find((p) => p.name === name)!.params, ...extra });
const theoryValue = (config: object, metric: string) => plugin.theory!(config as never).find((t) => t.metric === metric)?.value;

// Σ has eigenvalues 1, 0.5, 0.25 in every preset.
const sigma = { values: Float64Array.of(1, 0.5, 0.25), vectors: { rows: 3, cols: 3, data: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1) } };

describe('regression UFM reaches the closed-form optimum (Theorem 4.1)', () => {
  it('full collapse (c < λ_min): L*, W Wᵀ, white residuals, NRC1-3 → 0, three components', async () => {
    const config = presetConfig('full-collapse');
    const r = await runInMemory(plugin, config, { seed: 2 });
    const c = 0.01;
    const Lstar = 3 * c / -2 + Math.sqrt(c) * (1 + Math.sqrt(0.5) + 0.5);
    expect(optimalLoss(sigma, c)).toBeCloseTo(Lstar, 14);
    expect(theoryValue(config, 'loss')).toBeCloseTo(Lstar, 14);
    expect(r.final.loss).toBeCloseTo(Lstar, 12);
    expect(Math.abs(r.final.gap)).toBeLessThan(1e-12);
    expect(r.final.headGramError).toBeLessThan(1e-10);
    expect(r.final.residualWhiteness).toBeLessThan(1e-10);
    for (const k of ['nrc1', 'nrc2', 'nrc3', 'nrc3Plus']) expect(r.final[k]).toBeLessThan(1e-12);
    expect(r.final.evr1 + r.final.evr2 + r.final.evr3).toBeCloseTo(1, 12);
    expect(r.final.evr4).toBeLessThan(1e-12);
    expect(r.final.gamma).toBeCloseTo(c, 15);
    // λ_H ||H||² = M λ_W ||W||² with λ_H = λ_W: mean squared feature norm = ||W||² = Tr W Wᵀ.
    const spectrum = r.artifacts.find((a) => a.name === 'head-spectrum')!.matrix.data;
    const trWWt = spectrum.reduce((s, v) => s + v * v, 0);
    expect(r.final.featureNorm).toBeCloseTo(trWWt, 10);
    // Singular values of W: (λ_H/λ_W)^{1/4} sqrt(√λ_j − √c).
    [1, 0.5, 0.25].forEach((l, j) => expect(spectrum[j]).toBeCloseTo(Math.sqrt(Math.sqrt(l) - Math.sqrt(c)), 10));
  });

  it('partial collapse (λ_min < c < λ_max): rank-2 head, residual covariance diag(min(λ, c))', async () => {
    const config = presetConfig('partial-collapse');
    const r = await runInMemory(plugin, config, { seed: 2 });
    const c = 0.36;
    const Lstar = Math.sqrt(c) * (1 + Math.sqrt(0.5)) - c + 0.25 / 2;
    expect(r.final.loss).toBeCloseTo(Lstar, 12);
    expect(r.final.headGramError).toBeLessThan(1e-10);
    // ||diag(0.36, 0.36, 0.25) − 0.36 I||_F / (0.36 √3) = 0.11 / (0.36 √3).
    expect(theoryValue(config, 'residualWhiteness')).toBeCloseTo(0.11 / (0.36 * Math.sqrt(3)), 14);
    expect(r.final.residualWhiteness).toBeCloseTo(0.11 / (0.36 * Math.sqrt(3)), 10);
    expect(r.final.nrc3Plus).toBeLessThan(1e-12);
    expect(r.final.nrc3).toBeGreaterThan(1e-2);
    expect(r.final.evr1 + r.final.evr2).toBeCloseTo(1, 12);
    expect(r.final.evr3).toBeLessThan(1e-12);
    const spectrum = r.artifacts.find((a) => a.name === 'head-spectrum')!.matrix.data;
    expect(spectrum[2]).toBeLessThan(1e-10);
  });

  it('zero collapse (c > λ_max): W = H = 0 and L* = Tr Σ / 2', async () => {
    const r = await runInMemory(plugin, presetConfig('zero-collapse'), { seed: 2 });
    expect(r.final.loss).toBeCloseTo(1.75 / 2, 12);
    expect(r.final.featureNorm).toBeLessThan(1e-20);
    expect(r.final.headGramError).toBeLessThan(1e-12);
  });

  it('the weight-decay sweep loses collapse as the decay goes to 0', async () => {
    const finals: number[] = [];
    for (const lambda of [1e-2, 1e-4, 0]) {
      const r = await runInMemory(plugin, presetConfig('wd-sweep', { lambdaH: lambda, steps: 1500 }), { seed: 4 });
      finals.push(r.final.nrc2);
      if (lambda === 0) expect(r.final.headGramError).toBeUndefined();
    }
    expect(finals[0]).toBeLessThan(1e-3);
    expect(finals[1]).toBeGreaterThan(10 * finals[0]);
    expect(finals[2]).toBeGreaterThan(finals[1]);
    expect(finals[2]).toBeGreaterThan(0.05);
  });
});

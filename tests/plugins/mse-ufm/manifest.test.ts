import { describe, expect, it } from 'vitest';
import plugin from '../../../plugins/mse-ufm/index.ts';
import { checkConfig } from '../../../src-main/engine/validate.ts';

describe('MSE UFM manifest', () => {
  it('every preset validates', () => {
    for (const p of plugin.manifest.presets) expect(checkConfig(plugin.manifest, p.params).errors, p.name).toEqual([]);
  });

  it('rejects one-sided regularisation, naming both fields', () => {
    const r = checkConfig(plugin.manifest, { lambdaW: 0.1, lambdaH: 0 });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['lambdaH', 'lambdaW']);
    expect(r.errors[0].message).toMatch(/both be 0 .* or both be positive/);
  });

  it('needs d >= K, or d >= K-1 with a free bias', () => {
    expect(checkConfig(plugin.manifest, { K: 4, d: 3 }).errors.map((e) => e.field)).toEqual(['d', 'K']);
    expect(checkConfig(plugin.manifest, { K: 4, d: 3, bias: true }).ok).toBe(true);
    expect(checkConfig(plugin.manifest, { K: 4, d: 3, bias: true, normalization: 'z', lambdaB: 0.5 }).ok).toBe(false);
  });

  it('rejects a non-positive step size and unknown parameters', () => {
    expect(checkConfig(plugin.manifest, { lr: 0 }).errors[0]).toMatchObject({ field: 'lr', message: expect.stringMatching(/greater than 0/) });
    expect(checkConfig(plugin.manifest, { eta: 1 }).errors[0].field).toBe('eta');
  });

  it('declares every metric it logs and only panels over declared metrics', () => {
    const keys = new Set(plugin.manifest.metrics.map((m) => m.key));
    for (const panel of plugin.manifest.panels) for (const m of panel.metrics) expect(keys.has(m), m).toBe(true);
  });
});

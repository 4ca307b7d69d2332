import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src-main/engine/validate.ts';
import type { PluginManifest } from '../../src-main/engine/plugin-api.ts';

const manifest: PluginManifest = {
  id: 'v', name: 'v', version: '1.0.0', description: '',
  params: {
    tied: { type: 'boolean', label: 'tied', help: '', default: true },
    lambdaH: { type: 'number', label: 'λ_H', help: '', default: 0.1, min: 0 },
    lambdaW: { type: 'number', label: 'λ_W', help: '', default: 0.1, min: 0, visibleWhen: { tied: [false] } },
    K: { type: 'int', label: 'K', help: '', default: 3, min: 2, max: 100 },
  },
  metrics: [], presets: [], panels: [],
};

describe('configuration validation', () => {
  it('stores a parameter that does not apply at its default', () => {
    const r = checkConfig(manifest, { lambdaW: 0.001, lambdaH: 0.5 });
    expect(r.ok).toBe(true);
    expect(r.config).toEqual({ tied: true, lambdaH: 0.5, lambdaW: 0.1, K: 3 });
    expect(checkConfig(manifest, { lambdaW: 0.001, tied: false }).config.lambdaW).toBe(0.001);
  });

  it('names non-finite numbers as such', () => {
    expect(checkConfig(manifest, { K: Infinity }).errors[0]).toEqual({ field: 'K', message: 'K must be finite (got Infinity)' });
    expect(checkConfig(manifest, { lambdaH: NaN }).errors[0].message).toBe('lambdaH must be finite (got NaN)');
  });
});

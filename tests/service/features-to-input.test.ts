import { describe, expect, it } from 'vitest';
import { testService } from '../helpers/service.ts';

describe('features of a trained network as input of the perturbed model', () => {
  it('creates a perturbed-ufm run on the saved penultimate features in one call', async () => {
    const t = await testService();
    const s = t.service;
    const net = await s.engine.waitFor(
      (await s['runs.create']({ plugin: 'network-trainer', preset: 'demo', config: { epochs: 3, perClass: 30, metricSamples: 300, featureEpochs: 'last', backend: 'cpu' }, seed: 1 })).id,
    );
    expect(net.status, JSON.stringify(net.error)).toBe('completed');
    const arts = await s['artifacts.list']({ runId: net.id });
    const features = arts.find((a) => a.name === 'features')!;
    expect(features.hasLabels).toBe(true);

    const pert = await s.engine.waitFor((await s['runs.featuresToInput']({ runId: net.id, edits: { beta: 100 } })).id);
    expect(pert.status, JSON.stringify(pert.error)).toBe('completed');
    expect(pert.config.h0Source).toBe('artifact');
    expect(pert.config.h0Artifact).toBe(`${net.id}:features@${features.steps.at(-1)}`);
    // Both plugins measure the same features with the shared NC code.
    expect(pert.final.nc1Input / net.final.nc1).toBeCloseTo(1, 6);
    // The optimum is less variable within class than its input (Corollary 3.2, large beta).
    expect(pert.final.nc1Tilde).toBeLessThan(pert.final.nc1TildeInput);

    const noLabels = await s['runs.featuresToInput']({ runId: net.id, artifact: 'missing' }).catch((e: Error) => e);
    expect(String(noLabels)).toMatch(/artifact "missing" of run \d+ not found/);
  });
});

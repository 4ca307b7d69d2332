import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParamSpecJSON } from '../../src-main/service/contract.ts';
import { setApi } from '../../src-renderer/src/api/client.ts';
import { eqChoices, eqValue, filterKind, filterLabel } from '../../src-renderer/src/lib/run-filter.ts';
import { useRunsStore } from '../../src-renderer/src/stores/runs.ts';
import { fakeApi, makeRun } from './fake-api.ts';

beforeEach(() => setActivePinia(createPinia()));

const bias: ParamSpecJSON = { type: 'boolean', label: 'bias', help: '', default: true };
const loss: ParamSpecJSON = { type: 'enum', label: 'loss', help: '', default: 'mse', options: [{ value: 'mse', label: 'MSE' }, { value: 'cross-entropy', label: 'CE' }] };

describe('parameter filters', () => {
  it('ranges for numbers, equality for enums and booleans, nothing for free text', () => {
    expect(filterKind({ type: 'int', label: 'K', help: '', default: 3 })).toBe('range');
    expect(filterKind(bias)).toBe('eq');
    expect(filterKind(loss)).toBe('eq');
    expect(filterKind({ type: 'string', label: 'file', help: '', default: '' })).toBeNull();
    expect(eqChoices(loss).map((c) => c.value)).toEqual(['mse', 'cross-entropy']);
    // A boolean is chosen as text in a select but must reach the service as a boolean.
    expect(eqValue(bias, 'false')).toBe(false);
    expect(eqValue(loss, 'mse')).toBe('mse');
    expect(filterLabel('bias', { eq: false })).toBe('bias = false');
    expect(filterLabel('lr', { min: 0.1 })).toBe('0.1 ≤ lr ≤ ∞');
  });

  it('sends equality filters with the ranges and leaves empty ones out', async () => {
    const api = fakeApi({ 'runs.list': () => [] });
    setApi(api);
    const runs = useRunsStore();
    runs.filter.params = { bias: { eq: false }, loss: { eq: 'mse' }, lr: { max: 1 }, K: {} };
    await runs.load();
    expect(api.calls[0].input.params).toEqual({ bias: { eq: false }, loss: { eq: 'mse' }, lr: { max: 1 } });
  });
});

describe('features to input', () => {
  it('creates the perturbed-ufm run from a run\'s features at a step and lists it in the project', async () => {
    const api = fakeApi({ 'runs.featuresToInput': (i) => makeRun({ id: 9, plugin: 'perturbed-ufm', config: { h0Artifact: `${i.runId}:${i.artifact}@${i.step}` } }) });
    setApi(api);
    const runs = useRunsStore();
    runs.filter.projectId = 1;
    const r = await runs.featuresToInput({ runId: 4, artifact: 'features', step: 2 });
    expect(api.calls[0]).toEqual({ op: 'runs.featuresToInput', input: { runId: 4, artifact: 'features', step: 2 } });
    expect(r.config.h0Artifact).toBe('4:features@2');
    expect(runs.list).toEqual([9]);
    expect(runs.byId.get(9)!.plugin).toBe('perturbed-ufm');
  });
});

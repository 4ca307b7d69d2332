import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Artifact, ArtifactInfo, PluginInfo } from '../../src-main/service/contract.ts';
import { setApi } from '../../src-renderer/src/api/client.ts';
import { distance, etfReference, frobenius, gramOf, scrubSteps, stepAtOrBefore, unitFrobenius } from '../../src-renderer/src/lib/geometry.ts';
import { useGeometryStore } from '../../src-renderer/src/stores/geometry.ts';
import { fakeApi, makeRun } from './fake-api.ts';

beforeEach(() => setActivePinia(createPinia()));

/** Column-major K x K Gram of K vectors given as rows. */
function gramArtifact(runId: number, name: string, step: number, vectors: number[][]): Artifact {
  const K = vectors.length;
  const data = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) data[i + j * K] = vectors[i].reduce((s, v, t) => s + v * vectors[j][t], 0);
  return { runId, name, step, rows: K, cols: K, data, labels: null };
}

/** The K vertices of a simplex ETF in R^K: e_k - 1/K, scaled by 3 (scale must not matter). */
const simplex = (K: number) => Array.from({ length: K }, (_, k) => Array.from({ length: K }, (_, t) => 3 * ((k === t ? 1 : 0) - 1 / K)));

describe('geometry math', () => {
  it('the ETF reference P_K/sqrt(K-1) has unit Frobenius norm, 1-1/K over sqrt(K-1) on the diagonal', () => {
    for (const K of [2, 3, 10]) {
      const E = etfReference(K);
      expect(frobenius(E)).toBeCloseTo(1, 14);
      expect(E[0][0]).toBeCloseTo((1 - 1 / K) / Math.sqrt(K - 1), 14);
      expect(E[0][1]).toBeCloseTo(-1 / K / Math.sqrt(K - 1), 14);
    }
  });

  it('a scaled simplex ETF Gram is at distance 0; an orthonormal frame is at sqrt(2 - 2 sqrt((K-1)/K))', () => {
    const K = 4;
    expect(distance(gramOf(gramArtifact(1, 'g', 0, simplex(K)))!, etfReference(K))).toBeLessThan(1e-14);
    // <I/sqrt(K), P_K/sqrt(K-1)> = (K-1)/sqrt(K(K-1)) = sqrt((K-1)/K), both of unit norm.
    const identity = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : 0)));
    expect(distance(gramOf(gramArtifact(1, 'g', 0, identity))!, etfReference(K))).toBeCloseTo(Math.sqrt(2 - 2 * Math.sqrt((K - 1) / K)), 14);
  });

  it('labelled features give the Gram of their centred class means; a zero matrix stays zero', () => {
    // Two samples per class sitting around the simplex vertices: the means are exactly the simplex.
    const K = 3;
    const s = simplex(K);
    const cols: number[][] = [];
    const labels: number[] = [];
    for (let k = 0; k < K; k++)
      for (const e of [0.5, -0.5]) {
        cols.push(s[k].map((v, t) => v + (t === 0 ? e : 0)));
        labels.push(k);
      }
    const data = new Float64Array(K * cols.length);
    cols.forEach((c, j) => c.forEach((v, i) => (data[i + j * K] = v)));
    const g = gramOf({ rows: K, cols: cols.length, data, labels: Int32Array.from(labels) })!;
    expect(distance(g, etfReference(K))).toBeLessThan(1e-12);
    expect(unitFrobenius([[0, 0], [0, 0]])).toEqual([[0, 0], [0, 0]]);
    expect(gramOf({ rows: 3, cols: 1, data: [1, 2, 3], labels: null })).toBeNull();
  });

  it('one scrubber over every saved step; each run shows its latest step at or before it', () => {
    expect(scrubSteps([[0, 10, 100, 999], [0, 10, 500]])).toEqual([0, 10, 100, 500, 999]);
    expect(stepAtOrBefore([0, 10, 500], 100)).toBe(10);
    expect(stepAtOrBefore([0, 10, 500], 999)).toBe(500);
    expect(stepAtOrBefore([5, 10], 0)).toBe(5);
    expect(stepAtOrBefore([], 3)).toBeNull();
  });
});

const mse: PluginInfo = {
  id: 'mse-ufm', name: 'MSE', version: '1', description: '', source: 'builtin', params: {}, constraints: [], metrics: [], presets: [], panels: [],
  artifacts: [
    { name: 'gramH', label: 'Gram of centred class means', kind: 'matrix', description: '' },
    { name: 'singularValuesW', label: 'singular values', kind: 'spectrum', description: '' },
  ],
};

describe('geometry store', () => {
  it('offers the Gram artifacts of the compared runs, scrubs them together and fetches each step once', async () => {
    const lists: Record<number, ArtifactInfo[]> = {
      1: [{ name: 'gramH', steps: [0, 10, 100], rows: 3, cols: 3, hasLabels: false }, { name: 'singularValuesW', steps: [0, 100], rows: 3, cols: 1, hasLabels: false }],
      2: [{ name: 'gramH', steps: [0, 50], rows: 3, cols: 3, hasLabels: false }],
    };
    const identity = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const api = fakeApi({
      'plugins.list': () => ({ plugins: [mse], errors: [] }),
      'artifacts.list': ({ runId }) => lists[runId],
      'artifacts.get': ({ runId, name, step }) => gramArtifact(runId, name, step, step === 0 ? identity : simplex(3)),
    });
    setApi(api);
    const geometry = useGeometryStore();
    await geometry.load([makeRun({ id: 1 }), makeRun({ id: 2 })]);
    expect([...geometry.names.keys()]).toEqual(['gramH']);
    expect(geometry.name).toBe('gramH');
    expect(geometry.steps).toEqual([0, 10, 50, 100]);
    // Newest step by default: run 1 at 100, run 2 at its last (50); both simplex ETFs.
    expect(geometry.cells.map((c) => c.step)).toEqual([100, 50]);
    for (const c of geometry.cells) expect(c.distance!).toBeLessThan(1e-14);
    expect(geometry.references.map((r) => r.K)).toEqual([3]);

    await geometry.setStepIndex(1);
    expect(geometry.step).toBe(10);
    expect(geometry.cells.map((c) => c.step)).toEqual([10, 0]);
    expect(geometry.cells[1].distance).toBeCloseTo(Math.sqrt(2 - 2 * Math.sqrt(2 / 3)), 14);
    // One colour range over runs and reference: the largest magnitude shown (here I/sqrt(3)).
    expect(geometry.range.max).toBeCloseTo(1 / Math.sqrt(3), 14);
    await geometry.setStepIndex(3);
    expect(geometry.stepIndex).toBeNull();
    const gets = api.calls.filter((c) => c.op === 'artifacts.get').map((c) => `${c.input.runId}@${c.input.step}`);
    expect(gets.sort()).toEqual(['1@10', '1@100', '2@0', '2@50']);
    expect(geometry.range.max).toBeCloseTo((2 / 3) / Math.sqrt(2), 14);
  });
});

import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Series } from '../../src-main/service/contract.ts';
import { setApi } from '../../src-renderer/src/api/client.ts';
import { useCompareStore } from '../../src-renderer/src/stores/compare.ts';
import { fakeApi, makeRun } from './fake-api.ts';

beforeEach(() => setActivePinia(createPinia()));

/**
 * One bucket per two points of y = (step - 3)², steps 0..7: bucket values are the last point, so
 * the bucket-based start would be y(1) = 4 instead of y(0) = 9, and the bucket min's step 3 is the
 * exact minimum's only by luck; `stats` carries what the engine computed over every point.
 */
function bucketed(runId: number, metric: string, from = 0, to = 7): Series {
  const pts = [];
  for (let s = from; s <= to; s++) pts.push({ s, y: (s - 3) ** 2 });
  const steps: number[] = [];
  const last: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  for (let i = 0; i < pts.length; i += 2) {
    const b = pts.slice(i, i + 2);
    steps.push(b.at(-1)!.s);
    last.push(b.at(-1)!.y);
    min.push(Math.min(...b.map((p) => p.y)));
    max.push(Math.max(...b.map((p) => p.y)));
  }
  const argmin = pts.reduce((a, b) => (b.y < a.y ? b : a));
  const argmax = pts.reduce((a, b) => (b.y > a.y ? b : a));
  return {
    runId,
    metric,
    total: pts.length,
    totalAll: 8,
    stats: { firstStep: pts[0].s, first: pts[0].y, lastStep: pts.at(-1)!.s, last: pts.at(-1)!.y, minStep: argmin.s, min: argmin.y, maxStep: argmax.s, max: argmax.y },
    steps: Float64Array.from(steps),
    last: Float64Array.from(last),
    min: Float64Array.from(min),
    max: Float64Array.from(max),
    time: Float64Array.from(steps),
  };
}

describe('compare store', () => {
  it('loads nothing and keeps the same (empty) metrics when no run is compared', async () => {
    const api = fakeApi({ 'plugins.list': () => ({ plugins: [], errors: [] }) });
    setApi(api);
    const compare = useCompareStore();
    const before = compare.metrics;
    await compare.setRuns([]);
    await compare.load();
    expect(compare.metrics).toBe(before);
    expect(api.calls.filter((c) => c.op === 'series.get')).toHaveLength(0);
  });

  it('reads the statistics table from the engine\'s exact stats, of the zoom range when zoomed', async () => {
    const run = makeRun({ id: 7, final: { nc1: 16 } });
    const api = fakeApi({
      'plugins.list': () => ({ plugins: [], errors: [] }),
      'runs.get': () => run,
      'series.get': (i: { runId: number; metric: string; from?: number; to?: number }) => bucketed(i.runId, i.metric, i.from ?? 0, i.to ?? 7),
    });
    setApi(api);
    const compare = useCompareStore();
    await compare.setRuns([7]);
    expect(compare.metrics).toEqual(['nc1']);
    expect(compare.stats).toEqual([{ runId: 7, metric: 'nc1', stats: { start: 9, end: 16, min: 0, max: 16, stepAtMin: 3, points: 8 } }]);

    await compare.setZoom({ from: 4, to: 7 });
    expect(api.calls.at(-1)!.input).toMatchObject({ from: 4, to: 7 });
    // Points 4..7: y = 1, 4, 9, 16; the first bucket's value would be 4.
    expect(compare.stats[0].stats).toEqual({ start: 1, end: 16, min: 1, max: 16, stepAtMin: 4, points: 4 });
  });

  it('shows every plugin\'s definition of a shared metric, titled by its key when they differ', async () => {
    const metric = (label: string, definition: string) => ({ key: 'nc1', label, definition, scale: 'log' as const });
    const plugin = (id: string, m: ReturnType<typeof metric>) => ({ id, metrics: [m] });
    const runs = [makeRun({ id: 1, plugin: 'ce-ulpm', final: { nc1: 1 } }), makeRun({ id: 2, plugin: 'mse-ufm', final: { nc1: 2 } }), makeRun({ id: 3, plugin: 'mse-ufm', final: { nc1: 3 } })];
    setApi(
      fakeApi({
        'plugins.list': () => ({ plugins: [plugin('ce-ulpm', metric('NC1 (CE)', 'tr(Σ_W Σ_B⁺)/K of the features')), plugin('mse-ufm', metric('NC1', 'tr(Σ_W Σ_B⁺)/K of H'))], errors: [] }),
        'runs.get': (i: { id: number }) => runs[i.id - 1],
        'series.get': (i: { runId: number; metric: string }) => bucketed(i.runId, i.metric),
      }),
    );
    const compare = useCompareStore();
    await compare.setRuns([1, 2, 3]);
    const model = compare.models[0];
    expect(model.title).toBe('nc1');
    expect(model.definition).toBe('ce-ulpm: tr(Σ_W Σ_B⁺)/K of the features; mse-ufm: tr(Σ_W Σ_B⁺)/K of H');

    // One plugin: its own label and definition.
    await compare.setRuns([2, 3]);
    expect(compare.models[0].title).toBe('NC1');
    expect(compare.models[0].definition).toBe('tr(Σ_W Σ_B⁺)/K of H');
  });
});

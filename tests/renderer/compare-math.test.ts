import { describe, expect, it } from 'vitest';
import type { Series } from '../../src-main/service/contract.ts';
import { fromAxisX, fmt, toAxisX } from '../../src-renderer/src/lib/axes.ts';
import { buildCompareModel, type CompareSettings } from '../../src-renderer/src/lib/compare-model.ts';
import { chartCsv, chartJson } from '../../src-renderer/src/lib/export.ts';
import { configDiff, groupRuns, metricDeltas } from '../../src-renderer/src/lib/runs-compare.ts';
import { curveOf, groupCurve, interpolateAt, mergeDetail, rangeStats } from '../../src-renderer/src/lib/series.ts';
import { makeRun } from './fake-api.ts';

function series(runId: number, metric: string, steps: number[], f: (s: number) => number, total = steps.length): Series {
  const v = steps.map(f);
  return {
    runId,
    metric,
    total,
    totalAll: total,
    stats: null,
    steps: Float64Array.from(steps),
    last: Float64Array.from(v),
    min: Float64Array.from(v.map((x) => x - 0.5)),
    max: Float64Array.from(v.map((x) => x + 0.5)),
    time: Float64Array.from(steps.map((s) => s / 10)),
  };
}

const settings = (over: Partial<CompareSettings> = {}): CompareSettings => ({
  xMode: 'step',
  xMetric: null,
  xScale: 'lin',
  yScale: 'auto',
  group: { kind: 'none' },
  showTheory: true,
  showRange: false,
  zoom: null,
  ...over,
});

describe('axes', () => {
  it('maps log(log t) and back, dropping what a scale cannot show', () => {
    expect(toAxisX(Math.exp(Math.E), 'loglog')).toBeCloseTo(1, 14);
    expect(fromAxisX(toAxisX(12345, 'loglog')!, 'loglog')).toBeCloseTo(12345, 8);
    expect(toAxisX(1, 'loglog')).toBeNull();
    expect(toAxisX(0, 'log')).toBeNull();
    expect(toAxisX(0, 'lin')).toBe(0);
    expect(fmt(1e-10)).toBe('1e-10');
    expect(fmt(0.12345)).toBe('0.123');
    expect(fmt(null)).toBe('—');
  });
});

describe('series math', () => {
  it('interpolates linearly in step and gives NaN outside the logged range', () => {
    const out = interpolateAt([0, 10, 20], [0, 100, 0], [-1, 0, 5, 10, 15, 20, 21]);
    expect(Array.from(out.slice(1, 6))).toEqual([0, 50, 100, 50, 0]);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[6])).toBe(true);
  });

  it('plots against time or against another metric of the same run', () => {
    const y = series(1, 'nc1', [0, 10, 20], (s) => s * 2);
    expect(curveOf(y, 'time').x).toEqual([0, 1, 2]);
    const x = series(1, 'loss', [0, 20], (s) => 100 - s);
    const c = curveOf(y, 'metric', x);
    expect(c.x).toEqual([100, 90, 80]);
    expect(c.y).toEqual([0, 20, 40]);
  });

  it('joins the coarse overview with the zoomed detail without holes or duplicates', () => {
    const ov = curveOf(series(1, 'm', [0, 100, 200, 300], (s) => s), 'step');
    const det = curveOf(series(1, 'm', [100, 110, 120, 200], (s) => s), 'step');
    expect(mergeDetail(ov, det, 100, 200).step).toEqual([0, 100, 110, 120, 200, 300]);
  });

  it('computes start, end, min, max and the step at the minimum over the visible range', () => {
    const c = curveOf(series(1, 'm', [0, 1, 2, 3, 4], (s) => (s - 2) ** 2), 'step');
    expect(rangeStats(c)).toEqual({ start: 4, end: 4, min: -0.5, max: 4.5, stepAtMin: 2, points: 5 });
    expect(rangeStats(c, 3, 4)).toEqual({ start: 1, end: 4, min: 0.5, max: 4.5, stepAtMin: 3, points: 2 });
  });

  it('averages a group on a common grid with its min-max spread', () => {
    const a = curveOf(series(1, 'm', [0, 10, 20], () => 1), 'step');
    const b = curveOf(series(2, 'm', [0, 20], () => 3), 'step');
    const g = groupCurve([a, b]);
    expect(g.x).toEqual([0, 10, 20]);
    expect(g.mean).toEqual([2, 2, 2]);
    expect(g.lo).toEqual([1, 1, 1]);
    expect(g.hi).toEqual([3, 3, 3]);
  });
});

describe('comparing runs', () => {
  const base = makeRun({ id: 1, plugin: 'mse-ufm', seed: 1, config: { K: 4, lr: 1, lambdaW: 0.1 }, final: { nc1: 0.5 } });
  const other = makeRun({ id: 2, plugin: 'mse-ufm', seed: 2, config: { K: 4, lr: 0.5, lambdaW: 0.1 }, final: { nc1: 0.25 } });
  const ce = makeRun({ id: 3, plugin: 'ce-ulpm', seed: 1, config: { K: 4, steps: 10 }, final: { nc1: 1 } });

  it('marks config rows that differ from the baseline, across plugins', () => {
    const rows = configDiff([base, other, ce], 1);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.plugin.differs).toBe(true);
    expect(byKey.K.differs).toBe(false);
    expect(byKey.lr.values).toEqual([1, 0.5, undefined]);
    expect(byKey.lr.differs).toBe(true);
    expect(byKey.steps.values).toEqual([undefined, undefined, 10]);
    expect(byKey.seed.differs).toBe(true);
  });

  it('lists the seed once, from the config where the engine put it there', () => {
    const a = makeRun({ id: 5, seed: 3, config: { K: 4, seed: 3 } });
    const b = makeRun({ id: 6, seed: 8, config: { K: 4, seed: 8 } });
    const rows = configDiff([a, b], 5);
    expect(rows.filter((r) => r.key === 'seed')).toEqual([{ key: 'seed', values: [3, 8], differs: true }]);
    expect(rows.map((r) => r.key)).toEqual(['plugin', 'K', 'seed']);
  });

  it('gives final-value deltas and ratios against the baseline', () => {
    const d = metricDeltas([base, other, ce], 1, ['nc1']);
    expect(d).toEqual([
      { runId: 2, metric: 'nc1', final: 0.25, baseline: 0.5, delta: -0.25, ratio: 0.5 },
      { runId: 3, metric: 'nc1', final: 1, baseline: 0.5, delta: 0.5, ratio: 2 },
    ]);
  });

  it('groups by all but seed, or by chosen parameters', () => {
    const twin = makeRun({ id: 4, plugin: 'mse-ufm', seed: 9, config: { K: 4, lr: 1, lambdaW: 0.1 } });
    expect(groupRuns([base, other, twin], { kind: 'all-but-seed' }).map((g) => g.runs.map((r) => r.id))).toEqual([[1, 4], [2]]);
    expect(groupRuns([base, other, twin], { kind: 'params', keys: ['K'] }).map((g) => g.runs.map((r) => r.id))).toEqual([[1, 2, 4]]);
  });

  it('builds one chart per metric over runs of different plugins, with theory, counts and exports', () => {
    const runs = [
      { ...base, theory: [{ metric: 'loss', value: 0.13, label: 'f*' }] },
      { ...ce, theory: [{ metric: 'loss', value: 0.13, label: 'f*' }] },
    ];
    const data = new Map([
      ['1|loss', series(1, 'loss', [1, 10, 100], (s) => 1 / s, 1000)],
      ['3|loss', series(3, 'loss', [1, 10], (s) => 2 / s, 50)],
    ]);
    const model = buildCompareModel('loss', { label: 'loss', definition: 'the objective', scale: 'log' }, runs, { overview: (r, m) => data.get(`${r}|${m}`), detail: () => undefined }, settings());
    expect(model.lines.map((l) => l.runId)).toEqual([1, 3]);
    expect(model.yScale).toBe('log');
    expect(model.shown).toBe(5);
    expect(model.total).toBe(1050);
    // The same closed form from two runs is drawn once.
    expect(model.theory).toHaveLength(1);
    const csv = chartCsv(model).trim().split('\n');
    expect(csv[0]).toBe('series,run_id,metric,step,x_step,loss');
    expect(csv).toHaveLength(6);
    expect(csv[3]).toBe('#1 mse-ufm,1,loss,100,100,0.01');
    const json = JSON.parse(chartJson(model)) as { series: { y: number[] }[]; pointsTotal: number };
    expect(json.series[1].y).toEqual([2, 0.2]);
    expect(json.pointsTotal).toBe(1050);

    const grouped = buildCompareModel('loss', { label: 'loss', definition: '', scale: 'log' }, runs, { overview: (r, m) => data.get(`${r}|${m}`), detail: () => undefined }, settings({ group: { kind: 'params', keys: ['K'] } }));
    expect(grouped.lines).toHaveLength(2); // different plugins never share a group
  });

  it('tells runs of the same name apart by id in series names', () => {
    const a = makeRun({ id: 11, name: 'baseline', final: { loss: 1 } });
    const b = makeRun({ id: 12, name: 'baseline', final: { loss: 2 } });
    const data = new Map([
      ['11|loss', series(11, 'loss', [1, 2], (s) => s)],
      ['12|loss', series(12, 'loss', [1, 2], (s) => 2 * s)],
    ]);
    const model = buildCompareModel('loss', { label: 'loss', definition: '', scale: 'lin' }, [a, b], { overview: (r, m) => data.get(`${r}|${m}`), detail: () => undefined }, settings({ showRange: true }));
    expect(model.lines.map((l) => l.name)).toEqual(['baseline #11', 'baseline #12']);
    expect(model.bands.map((l) => l.name)).toEqual(['baseline #11 range', 'baseline #12 range']);
  });
});

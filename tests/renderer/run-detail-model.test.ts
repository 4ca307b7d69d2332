import { describe, expect, it } from 'vitest';
import type { PluginInfo } from '../../src-main/service/contract.ts';
import { historyCsv } from '../../src-renderer/src/lib/export.ts';
import { liveElapsed, splitPanels } from '../../src-renderer/src/lib/run-model.ts';
import { makeRun } from './fake-api.ts';

const plugin = {
  metrics: [
    { key: 'nc1', label: 'NC1', definition: '', scale: 'log' },
    { key: 'e1', label: 'Mixon e1', definition: '', scale: 'log' },
    { key: 'e2', label: 'Mixon e2', definition: '', scale: 'log' },
  ],
} as unknown as PluginInfo;
const panels = [
  { title: 'collapse', metrics: ['nc1'] },
  { title: 'Mixon errors', metrics: ['e1', 'e2'] },
  { title: 'mixed', metrics: ['nc1', 'e2'] },
];

describe('run detail panels', () => {
  it('a finished run folds the panels with no logged metric into one list of labels', () => {
    const run = makeRun({ id: 1, status: 'completed', final: { nc1: 0.1 } });
    const { shown, notLogged } = splitPanels(panels, run, plugin);
    expect(shown.map((p) => p.title)).toEqual(['collapse', 'mixed']);
    expect(notLogged).toEqual([{ key: 'e1', label: 'Mixon e1' }, { key: 'e2', label: 'Mixon e2' }]);
  });

  it('a run that can still log keeps every panel, waiting for points', () => {
    for (const status of ['running', 'queued', 'paused', 'interrupted'] as const) {
      const { shown, notLogged } = splitPanels(panels, makeRun({ id: 1, status, final: { nc1: 0.1 } }), plugin);
      expect(shown).toHaveLength(3);
      expect(notLogged).toEqual([]);
    }
  });
});

describe('history export', () => {
  it('writes one row per step, one column per metric, empty cells where nothing was logged', () => {
    const csv = historyCsv({ runId: 1, metrics: ['time', 'nc1', 'loss'], steps: [0, 10], rows: [[0, 1.5, null], [0.25, 1e-17, 3]] } as never);
    expect(csv).toBe('step,time,nc1,loss\n0,0,1.5,\n10,0.25,1e-17,3\n');
  });
});

describe('live elapsed time', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  it('counts from the start while a fresh run runs, from when it was seen after a resume', () => {
    expect(liveElapsed({ status: 'running', elapsed: 0, startedAt: '2026-01-01T00:00:00Z' }, t0 + 5000, t0 + 12_000)).toBe(12);
    expect(liveElapsed({ status: 'running', elapsed: 30, startedAt: '2026-01-01T00:00:00Z' }, t0 + 100_000, t0 + 104_000)).toBe(34);
  });
  it('is the stored time once the run is not running', () => {
    expect(liveElapsed({ status: 'paused', elapsed: 30, startedAt: '2026-01-01T00:00:00Z' }, t0, t0 + 999_000)).toBe(30);
  });
});

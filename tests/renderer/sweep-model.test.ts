import { describe, expect, it } from 'vitest';
import type { SweepSummary } from '../../src-main/service/contract.ts';
import { sweepModel } from '../../src-renderer/src/lib/sweep-model.ts';

const summary = (lambdas: number[]): SweepSummary =>
  ({
    sweep: {} as SweepSummary['sweep'],
    params: ['lambdaH'],
    metrics: ['nc1'],
    reduce: 'final',
    rows: lambdas.map((l, i) => ({ runId: i + 1, status: 'completed', params: { lambdaH: l }, values: { nc1: 1 + l } })),
  }) as SweepSummary;

describe('sweep summary chart', () => {
  it('keeps a swept 0 on the chart: a linear axis and a note instead of a log axis that drops it', () => {
    const m = sweepModel(summary([0, 1e-4, 1e-3, 1e-2, 1e-1]), 'nc1', 'lambdaH', 'log', 'lin');
    expect(m.xScale).toBe('lin');
    expect(m.note).toBe('lambdaH = 0 cannot be placed on a log axis: shown on a linear axis.');
    expect(m.lines[0].x).toEqual([0, 1e-4, 1e-3, 1e-2, 1e-1]);
    expect(m.shown).toBe(5);
  });

  it('draws on the log axis asked for when every value fits', () => {
    const m = sweepModel(summary([1e-4, 1e-3, 1e-2]), 'nc1', 'lambdaH', 'log', 'lin');
    expect(m.xScale).toBe('log');
    expect(m.note).toBeUndefined();
  });
});

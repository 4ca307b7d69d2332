import { describe, expect, it } from 'vitest';
import { fromAxisX, loglogTicks } from '../../src-renderer/src/lib/axes.ts';
import { chartOption, type ChartModel } from '../../src-renderer/src/lib/chart.ts';

const model = (xScale: ChartModel['xScale'], x: number[]): ChartModel => ({
  title: 'nc1',
  metric: 'nc1',
  definition: '',
  xLabel: 'step',
  xScale,
  yScale: 'log',
  lines: [{ name: 'a #1', color: '#000', runId: 1, step: x, x, y: x.map((s) => 1 / s) }],
  bands: [],
  theory: [],
  shown: x.length,
  total: x.length,
});

type Axis = { min?: number; max?: number; name: string; axisLine: { onZero: boolean }; axisLabel: { customValues?: number[]; formatter: (v: number) => string }; axisTick?: { customValues?: number[] } };

describe('log(log t) axis', () => {
  it('ticks at powers of ten, with 2× and 5× over short spans', () => {
    expect(loglogTicks(2, 3_000_000)).toEqual([10, 100, 1000, 1e4, 1e5, 1e6]);
    expect(loglogTicks(2, 3000)).toEqual([10, 100, 1000]);
    expect(loglogTicks(2, 800)).toEqual([2, 5, 10, 20, 50, 100, 200, 500]);
    expect(loglogTicks(11, 40)).toEqual([20, 30, 40]);
    expect(loglogTicks(0, 1)).toEqual([]);
  });

  it('is limited to the data, labelled at readable steps and titled as a log log scale', () => {
    const x = [1, 2, 10, 500, 3_000_000]; // step 1 cannot be drawn (log log 1 = −∞)
    const opt = chartOption(model('loglog', x), { dark: false }) as { xAxis: Axis; yAxis: Axis };
    expect(opt.xAxis.name).toBe('step (log log scale)');
    expect(opt.xAxis.min).toBeCloseTo(Math.log(Math.log(2)), 14);
    expect(opt.xAxis.max).toBeCloseTo(Math.log(Math.log(3_000_000)), 14);
    const labels = opt.xAxis.axisLabel.customValues!.map((v) => opt.xAxis.axisLabel.formatter(v));
    expect(labels).toEqual(['10', '100', '1000', '10000', '1e5', '1e6']);
    expect(opt.xAxis.axisTick!.customValues).toEqual(opt.xAxis.axisLabel.customValues);
    for (const v of opt.xAxis.axisLabel.customValues!) expect(Math.round(fromAxisX(v, 'loglog'))).toBe(Number(opt.xAxis.axisLabel.formatter(v)));
  });

  it('keeps both axis lines at the plot edge, never at zero', () => {
    for (const scale of ['lin', 'log', 'loglog'] as const) {
      const opt = chartOption(model(scale, [2, 10, 100]), { dark: false }) as { xAxis: Axis; yAxis: Axis };
      expect(opt.xAxis.axisLine.onZero).toBe(false);
      expect(opt.yAxis.axisLine.onZero).toBe(false);
    }
  });
});

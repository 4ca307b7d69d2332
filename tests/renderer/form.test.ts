import { describe, expect, it } from 'vitest';
import type { ParamSpecJSON } from '../../src-main/service/contract.ts';
import { changedParams, fromFormValue, gridSize, isVisible, parseGridValues, parseRandomRange, sweepSize } from '../../src-renderer/src/lib/form.ts';
import { commandOf } from '../../src-renderer/src/lib/shortcuts.ts';

const num: ParamSpecJSON = { type: 'number', label: 'lr', help: '', default: 1 };
const bool: ParamSpecJSON = { type: 'boolean', label: 'b', help: '', default: false };

describe('generated run form', () => {
  it('reads scientific notation and passes unparsable text through for the validator to name', () => {
    expect(fromFormValue(num, '1e-3')).toBe(0.001);
    expect(fromFormValue(num, 'abc')).toBe('abc');
    expect(fromFormValue(num, ' ')).toBe('');
  });
  it('shows a parameter only when its visibleWhen holds', () => {
    const spec: ParamSpecJSON = { ...num, visibleWhen: { init: ['example31'] } };
    expect(isVisible(spec, { init: 'random' })).toBe(false);
    expect(isVisible(spec, { init: 'example31' })).toBe(true);
  });
  it('parses sweep values and names the bad one', () => {
    expect(parseGridValues(num, '0.1, 1e-2,1')).toEqual({ values: [0.1, 0.01, 1], error: null });
    expect(parseGridValues(num, '0.1, x').error).toMatch(/"x" is not a number/);
    expect(parseGridValues(bool, 'true,false').values).toEqual([true, false]);
    expect(parseGridValues(num, ' , ').error).toMatch(/at least one value/);
    expect(gridSize({ a: [1, 2, 3], b: [true, false] })).toBe(6);
  });
  it('sends only the edited parameters of a clone', () => {
    expect(changedParams({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual({ b: 3 });
  });
  it('ignores shortcut keys typed into fields or with modifiers', () => {
    const key = (k: string, tagName = 'BODY', ctrl = false) => commandOf({ key: k, ctrlKey: ctrl, metaKey: false, altKey: false, target: { tagName } as unknown as EventTarget });
    expect(key('n')).toBe('new-run');
    expect(key('n', 'INPUT')).toBeNull();
    expect(key('n', 'BODY', true)).toBeNull();
    expect(key('x')).toBeNull();
  });
});

describe('random sweep ranges', () => {
  const logSpec: ParamSpecJSON = { type: 'number', label: 'lambda', help: '', default: 0.1, scale: 'log' };
  it('accepts min < max and names what is wrong otherwise', () => {
    expect(parseRandomRange(logSpec, '1e-4', '1', 'log')).toEqual({ range: { min: 1e-4, max: 1, scale: 'log' }, error: null });
    expect(parseRandomRange(logSpec, '0', '1', 'log').error).toMatch(/min > 0/);
    expect(parseRandomRange(logSpec, '0', '1', 'lin').range).toEqual({ min: 0, max: 1, scale: 'lin' });
    expect(parseRandomRange(logSpec, '2', '1', 'lin').error).toMatch(/min \(2\) must be below max \(1\)/);
    expect(parseRandomRange(logSpec, 'x', '1', 'lin').error).toBe('min must be a number');
    expect(parseRandomRange(logSpec, '1', '', 'lin').error).toBe('max must be a number');
    expect(parseRandomRange(bool, '0', '1', 'lin').error).toMatch(/only numeric/);
    // A grid of 3 values with 5 random draws each; without random parameters, samples do not count.
    expect(sweepSize({ K: [2, 3, 4] }, 1, 5)).toBe(15);
    expect(sweepSize({ K: [2, 3, 4] }, 0, 5)).toBe(3);
  });
});

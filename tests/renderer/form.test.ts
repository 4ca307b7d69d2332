import { describe, expect, it } from 'vitest';
import type { ParamSpecJSON } from '../../src-main/service/contract.ts';
import { changedParams, fromFormValue, gridSize, isVisible, parseGridValues } from '../../src-renderer/src/lib/form.ts';
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

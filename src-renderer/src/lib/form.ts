/** Form values ⇄ plugin configs: the generated run form keeps text for numbers so "1e-3" can be typed. */
import type { ParamSpecJSON } from '../../../src-main/service/contract.ts';

export type Value = number | boolean | string;
export type FormValue = string | boolean;

export function toFormValue(spec: ParamSpecJSON, v: Value): FormValue {
  return spec.type === 'boolean' ? Boolean(v) : String(v);
}

/** Text → number for numeric fields; unparsable text is passed through so the validator names it. */
export function fromFormValue(spec: ParamSpecJSON, v: FormValue): Value {
  if (spec.type === 'int' || spec.type === 'number') {
    const t = String(v).trim();
    const n = Number(t);
    return t === '' || Number.isNaN(n) ? t : n;
  }
  return v;
}

/** A parameter is shown when every `visibleWhen` condition holds for the current values. */
export function isVisible(spec: ParamSpecJSON, config: Record<string, Value>): boolean {
  if (!spec.visibleWhen) return true;
  return Object.entries(spec.visibleWhen).every(([k, allowed]) => allowed.includes(config[k]));
}

/** "0.1, 0.2 ,1e-3" → [0.1, 0.2, 0.001] for numbers; booleans and enums keep their text. */
export function parseGridValues(spec: ParamSpecJSON, text: string): { values: Value[]; error: string | null } {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return { values: [], error: 'give at least one value, separated by commas' };
  const values: Value[] = [];
  for (const p of parts) {
    if (spec.type === 'int' || spec.type === 'number') {
      const n = Number(p);
      if (Number.isNaN(n)) return { values: [], error: `"${p}" is not a number` };
      values.push(n);
    } else if (spec.type === 'boolean') {
      if (p !== 'true' && p !== 'false') return { values: [], error: `"${p}" is not true or false` };
      values.push(p === 'true');
    } else values.push(p);
  }
  return { values, error: null };
}

/** Parameters whose value differs from the original run's (the edits of a clone). */
export function changedParams(original: Record<string, Value>, config: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => original[k] !== v));
}

/** Number of runs of a grid: the product of the value counts. */
export const gridSize = (grid: Record<string, Value[]>) => Object.values(grid).reduce((n, v) => n * v.length, 1);

/** A random-sample range of a sweep, as `sweeps.create` takes it. */
export type RandomRange = { min: number; max: number; scale: 'lin' | 'log' };

/** Checks a random range as typed: numbers, min below max, and a positive min on a log scale. */
export function parseRandomRange(spec: ParamSpecJSON, minText: string, maxText: string, scale: 'lin' | 'log'): { range: RandomRange | null; error: string | null } {
  if (spec.type !== 'int' && spec.type !== 'number') return { range: null, error: 'only numeric parameters can be sampled at random' };
  const min = Number(minText.trim());
  const max = Number(maxText.trim());
  if (minText.trim() === '' || Number.isNaN(min)) return { range: null, error: 'min must be a number' };
  if (maxText.trim() === '' || Number.isNaN(max)) return { range: null, error: 'max must be a number' };
  if (!(min < max)) return { range: null, error: `min (${min}) must be below max (${max})` };
  if (scale === 'log' && min <= 0) return { range: null, error: 'a log-uniform range needs min > 0' };
  return { range: { min, max, scale }, error: null };
}

/** Runs of a sweep: every grid point, times `samples` random draws when some parameter is sampled. */
export const sweepSize = (grid: Record<string, Value[]>, randomKeys: number, samples: number) => gridSize(grid) * (randomKeys > 0 ? samples : 1);

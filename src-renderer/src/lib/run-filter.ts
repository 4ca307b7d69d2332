/** Parameter filters of the runs table: numeric ranges, or equality for enums and booleans. */
import type { ParamSpecJSON } from '../../../src-main/service/contract.ts';

export type ParamFilter = { min?: number; max?: number; eq?: number | boolean | string };

/** Whether a parameter is filtered by a range (numbers) or by equality (enums, booleans). */
export const filterKind = (spec: ParamSpecJSON): 'range' | 'eq' | null =>
  spec.type === 'number' || spec.type === 'int' ? 'range' : spec.type === 'enum' || spec.type === 'boolean' ? 'eq' : null;

/** The values an equality filter offers as text (what a select holds): the enum's options, or true/false. */
export function eqChoices(spec: ParamSpecJSON): { label: string; value: string }[] {
  if (spec.type === 'boolean') return [{ label: 'true', value: 'true' }, { label: 'false', value: 'false' }];
  return (spec.options ?? []).map((o) => ({ label: o.label, value: o.value }));
}

/** The chosen text as the config value it must equal (booleans are stored as booleans). */
export const eqValue = (spec: ParamSpecJSON, text: string): string | boolean => (spec.type === 'boolean' ? text === 'true' : text);

/** A filter is active once it constrains something. */
export const isActive = (f: ParamFilter) => f.min !== undefined || f.max !== undefined || f.eq !== undefined;

export function filterLabel(key: string, f: ParamFilter): string {
  if (f.eq !== undefined) return `${key} = ${String(f.eq)}`;
  return `${f.min ?? '−∞'} ≤ ${key} ≤ ${f.max ?? '∞'}`;
}

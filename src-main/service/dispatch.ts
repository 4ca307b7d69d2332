import { ZodError } from 'zod';
import { inputs, operations, outputs } from './contract.ts';
import type { Envelope, Operation } from './contract.ts';
import type { Service } from './service.ts';
import { NotFoundError, ValidationError } from '../engine/errors.ts';
import { DatabaseFileError } from '../storage/db.ts';

/** True when `op` names an operation of the contract. */
export function isOperation(op: string): op is Operation {
  return (operations as string[]).includes(op);
}

/**
 * The one entry point of every transport (Electron IPC, HTTP): checks the operation name,
 * validates the input with the contract's input schema, calls the service, checks the result
 * against the output schema, and wraps the outcome in an `{result}` / `{error}` envelope.
 * Never throws.
 */
export async function dispatch(service: Service, op: string, rawInput: unknown): Promise<Envelope<unknown>> {
  if (!isOperation(op)) return { error: { message: `unknown operation "${op}"`, code: 'unknown-operation' } };
  const parsed = inputs[op].safeParse(rawInput ?? {});
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    return { error: { message: `invalid input for ${op}: ${fields.map((f) => `${f.field || '(input)'}: ${f.message}`).join('; ')}`, fields, code: 'invalid-input' } };
  }
  let result: unknown;
  try {
    const handler = service[op] as (input: unknown) => Promise<unknown>;
    result = await handler(parsed.data);
  } catch (e) {
    return { error: toErrorBody(e) };
  }
  // The output schema is the promise the renderer relies on; a result that breaks it is a bug
  // reported as such, never passed on half-formed.
  const checked = outputs[op].safeParse(result);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { error: { message: `internal error: ${op} returned an invalid result (${issue.path.join('.') || 'result'}: ${issue.message})`, code: 'internal' } };
  }
  return { result: checked.data };
}

/** Field-named messages from a zod error (`config.lr`, `tags.2`, ...). */
export function zodFields(err: ZodError): { field: string; message: string }[] {
  return err.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

export function toErrorBody(e: unknown): { message: string; fields?: { field: string; message: string }[]; code?: string } {
  if (e instanceof ValidationError) return { message: e.message, fields: e.fields, code: 'invalid-input' };
  if (e instanceof NotFoundError) return { message: e.message, code: 'not-found' };
  if (e instanceof DatabaseFileError) return { message: e.message, code: 'database' };
  if (e instanceof ZodError) return { message: e.message, fields: zodFields(e), code: 'invalid-input' };
  return { message: e instanceof Error ? e.message : String(e), code: 'internal' };
}

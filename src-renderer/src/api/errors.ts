import type { Envelope, FieldError } from '../../../src-main/service/contract.ts';

/** An operation failed: the service's own message, and the offending fields for forms. */
export class ApiError extends Error {
  readonly op: string;
  readonly fields: FieldError[];
  readonly code: string | undefined;
  constructor(op: string, error: { message: string; fields?: FieldError[]; code?: string }) {
    super(error.message);
    this.name = 'ApiError';
    this.op = op;
    this.fields = error.fields ?? [];
    this.code = error.code;
  }
}

/** Result of an envelope, or the ApiError it carries. */
export function unwrap<T>(op: string, envelope: Envelope<T>): T {
  if (envelope.error) throw new ApiError(op, envelope.error);
  return envelope.result as T;
}

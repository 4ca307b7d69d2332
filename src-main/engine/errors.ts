/** A run produced NaN or ±Infinity: it stops as diverged, naming the step and the quantity. */
export class DivergenceError extends Error {
  readonly step: number;
  readonly quantity: string;
  constructor(step: number, quantity: string, value: number) {
    super(`diverged at step ${step}: ${quantity} is ${value}`);
    this.name = 'DivergenceError';
    this.step = step;
    this.quantity = quantity;
  }
}

/** Bad user input (config, file, request): carries the offending fields for forms and exit code 2. */
export class ValidationError extends Error {
  readonly fields: { field: string; message: string }[];
  constructor(fields: { field: string; message: string }[], prefix = 'invalid input') {
    super(`${prefix}: ${fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ')}`);
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

/** A referenced object (run, project, plugin, artifact) does not exist. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

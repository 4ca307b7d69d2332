import { z } from 'zod';
import type { Config, ParamSpec, PluginManifest } from './plugin-api.ts';
import { ValidationError } from './errors.ts';

/** Builds the zod schema of one parameter from its declarative spec. */
function paramSchema(name: string, spec: ParamSpec): z.ZodType {
  switch (spec.type) {
    case 'int':
    case 'number': {
      let s = z.number({ error: `${name} must be a number` });
      if (spec.type === 'int') s = s.int({ error: `${name} must be an integer` });
      if (spec.min !== undefined) {
        const exclusive = spec.type === 'number' && spec.exclusiveMin;
        s = exclusive
          ? s.gt(spec.min, { error: `${name} must be greater than ${spec.min}` })
          : s.gte(spec.min, { error: `${name} must be at least ${spec.min}` });
      }
      if (spec.max !== undefined) s = s.lte(spec.max, { error: `${name} must be at most ${spec.max}` });
      return s;
    }
    case 'boolean':
      return z.boolean({ error: `${name} must be true or false` });
    case 'enum': {
      const values = spec.options.map((o) => o.value);
      return z.string({ error: `${name} must be one of ${values.join(', ')}` }).refine((v) => values.includes(v), {
        error: `${name} must be one of ${values.join(', ')}`,
      });
    }
    case 'string':
      return z.string({ error: `${name} must be a string` });
  }
}

/** Coerces command-line / form text to the parameter's type ("1e-3" → 0.001, "true" → true). */
export function coerceParam(spec: ParamSpec, raw: string): number | boolean | string {
  switch (spec.type) {
    case 'int':
    case 'number': {
      const v = Number(raw.trim());
      return raw.trim() === '' || Number.isNaN(v) ? raw : v;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

/** Whether a parameter applies under this configuration (its `visibleWhen` holds). */
export function isVisible(spec: ParamSpec, config: Config): boolean {
  return Object.entries(spec.visibleWhen ?? {}).every(([k, values]) => values.includes(config[k]));
}

/** "tied = false and mode = "minimize"": when a parameter applies, for messages. */
export function visibilityCondition(spec: ParamSpec): string {
  return Object.entries(spec.visibleWhen ?? {})
    .map(([k, vs]) => `${k} = ${vs.map((v) => JSON.stringify(v)).join(' or ')}`)
    .join(' and ');
}

/** The defaults of every parameter. */
export function defaultConfig(manifest: PluginManifest): Config {
  return Object.fromEntries(Object.entries(manifest.params).map(([k, p]) => [k, p.default]));
}

export interface ValidationResult {
  ok: boolean;
  config: Config;
  errors: { field: string; message: string }[];
}

/**
 * Validates a (partial) configuration against a manifest: unknown keys, types, ranges, enum
 * values, then the cross-field constraints. Every message names its field.
 */
export function checkConfig(manifest: PluginManifest, input: Record<string, unknown>): ValidationResult {
  const errors: { field: string; message: string }[] = [];
  const config: Config = defaultConfig(manifest);
  for (const [key, value] of Object.entries(input)) {
    const spec = manifest.params[key];
    if (!spec) {
      errors.push({ field: key, message: `unknown parameter "${key}" for plugin ${manifest.id} (known: ${Object.keys(manifest.params).join(', ')})` });
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      errors.push({ field: key, message: `${key} must be finite (got ${value})` });
      continue;
    }
    const parsed = paramSchema(key, spec).safeParse(value);
    if (!parsed.success) {
      errors.push({ field: key, message: `${parsed.error.issues[0]?.message ?? 'invalid value'} (got ${JSON.stringify(value)})` });
      continue;
    }
    config[key] = parsed.data as Config[string];
  }
  if (errors.length === 0) {
    // A parameter that does not apply (its visibleWhen fails) is stored at its default, so a
    // run's config never shows a value that played no part in it.
    for (const [key, spec] of Object.entries(manifest.params)) {
      if (spec.visibleWhen && !isVisible(spec, config)) config[key] = spec.default;
    }
    for (const c of manifest.constraints ?? []) {
      let ok = false;
      try {
        ok = c.check(config);
      } catch {
        ok = false;
      }
      if (!ok) for (const field of c.fields) errors.push({ field, message: c.message });
    }
  }
  return { ok: errors.length === 0, config, errors };
}

/** Like checkConfig, but throws a ValidationError naming every bad field. */
export function validateConfig(manifest: PluginManifest, input: Record<string, unknown>): Config {
  const r = checkConfig(manifest, input);
  if (!r.ok) throw new ValidationError(r.errors, `invalid ${manifest.id} config`);
  return r.config;
}

/**
 * The one contract of the service API. Every operation has a runtime schema for its input
 * (validated at the boundary) and a documented output type. The CLI calls the service
 * directly; Electron main registers IPC handlers from this list; the preload exposes one named
 * function per operation; the headless server routes `POST /api/<op>` to it. The renderer
 * gets its types from here. This file imports nothing but zod so both sides can share it.
 */
import { z } from 'zod';

const id = z.number().int().positive();
const paramValue = z.union([z.number(), z.boolean(), z.string()]);
const config = z.record(z.string(), paramValue);
export const runStatuses = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
  'diverged',
] as const;
export const runStatus = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatus>;

const runsFilter = z
  .object({
    projectId: id.optional(),
    plugin: z.string().optional(),
    status: z.array(runStatus).optional(),
    tag: z.string().optional(),
    /** Matches name, notes, tags and plugin. */
    text: z.string().optional(),
    sweepId: id.optional(),
    /** Parameter ranges: {lr: {min: 0.01, max: 1}} or exact values {bias: {eq: true}}. */
    params: z
      .record(
        z.string(),
        z.object({ min: z.number().optional(), max: z.number().optional(), eq: paramValue.optional() }),
      )
      .optional(),
    /** Column to sort by: a run field, `final.<metric>` or `min.<metric>`. */
    sort: z.string().optional(),
    order: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().positive().max(10000).optional(),
  })
  .strict();

/** Input schemas, one per operation. */
export const inputs = {
  'plugins.list': z.object({}).strict(),
  'plugins.validate': z.object({ plugin: z.string(), config: config }).strict(),

  'projects.list': z.object({ includeArchived: z.boolean().optional() }).strict(),
  'projects.create': z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(5000).optional() }).strict(),
  'projects.update': z
    .object({
      id,
      name: z.string().trim().min(1).max(200).optional(),
      description: z.string().max(5000).optional(),
      archived: z.boolean().optional(),
    })
    .strict(),
  'projects.delete': z.object({ id }).strict(),

  'runs.create': z
    .object({
      projectId: id.optional(),
      plugin: z.string(),
      preset: z.string().optional(),
      config: config.optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      name: z.string().max(200).optional(),
      tags: z.array(z.string().min(1).max(50)).max(50).optional(),
      notes: z.string().max(20000).optional(),
      /** Queue the run right away (default true); false stores it as paused, to start with runs.start. */
      start: z.boolean().optional(),
    })
    .strict(),
  'runs.get': z.object({ id }).strict(),
  'runs.list': runsFilter,
  'runs.start': z.object({ id }).strict(),
  'runs.pause': z.object({ id }).strict(),
  'runs.resume': z.object({ id }).strict(),
  'runs.cancel': z.object({ id }).strict(),
  'runs.delete': z.object({ id }).strict(),
  'runs.clone': z
    .object({ id, edits: config.optional(), seed: z.number().int().min(0).optional(), start: z.boolean().optional() })
    .strict(),
  'runs.update': z
    .object({
      id,
      name: z.string().max(200).optional(),
      tags: z.array(z.string().min(1).max(50)).max(50).optional(),
      notes: z.string().max(20000).optional(),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/).nullable().optional(),
    })
    .strict(),
  'runs.logs': z.object({ id, limit: z.number().int().positive().max(10000).optional() }).strict(),
  /**
   * One click from a run's saved features (e.g. the network trainer's penultimate layer) to a
   * perturbed-ufm run that uses them as its input features H0.
   */
  'runs.featuresToInput': z
    .object({
      runId: id,
      artifact: z.string().optional(),
      step: z.number().int().min(0).optional(),
      edits: config.optional(),
      start: z.boolean().optional(),
    })
    .strict(),

  'series.list': z.object({ runId: id }).strict(),
  'series.get': z
    .object({
      runId: id,
      metric: z.string(),
      from: z.number().optional(),
      to: z.number().optional(),
      maxPoints: z.number().int().min(2).max(100000).optional(),
      /** Bucket widths equal in step (lin) or in log(step) (log). */
      bucketing: z.enum(['lin', 'log']).optional(),
    })
    .strict(),
  'series.export': z.object({ runId: id }).strict(),

  'artifacts.list': z.object({ runId: id }).strict(),
  'artifacts.get': z.object({ runId: id, name: z.string(), step: z.number().int().min(0).optional() }).strict(),

  'sweeps.create': z
    .object({
      projectId: id.optional(),
      plugin: z.string(),
      preset: z.string().optional(),
      config: config.optional(),
      grid: z.record(z.string(), z.array(paramValue).min(1)).optional(),
      /** Random samples: key → {min, max, scale}; `samples` points drawn with `seed`. */
      random: z
        .record(z.string(), z.object({ min: z.number(), max: z.number(), scale: z.enum(['lin', 'log']).optional() }))
        .optional(),
      samples: z.number().int().min(1).max(10000).optional(),
      seed: z.number().int().min(0).optional(),
      name: z.string().max(200).optional(),
      start: z.boolean().optional(),
    })
    .strict(),
  'sweeps.list': z.object({ projectId: id.optional() }).strict(),
  'sweeps.get': z.object({ id }).strict(),
  'sweeps.summary': z.object({ id, reduce: z.enum(['final', 'min']).optional() }).strict(),

  'engine.status': z.object({}).strict(),
  'engine.setConcurrency': z.object({ concurrency: z.number().int().min(1).max(64) }).strict(),
} as const;

export type Operation = keyof typeof inputs;
export const operations = Object.keys(inputs) as Operation[];
export type InputOf<Op extends Operation> = z.input<(typeof inputs)[Op]>;

// ---- Output schemas (plain data; typed arrays where series travel). The types are inferred
// from them, and dispatch() checks every result against its schema before it leaves the process.

const value = z.union([z.number(), z.boolean(), z.string()]);
const values = z.record(z.string(), value);
const f64 = z.custom<Float64Array>((v) => v instanceof Float64Array, 'expected a Float64Array');

export const paramSpecJSON = z.object({
  type: z.enum(['int', 'number', 'boolean', 'enum', 'string']),
  label: z.string(),
  help: z.string(),
  default: value,
  unit: z.string().optional(),
  group: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  exclusiveMin: z.boolean().optional(),
  scale: z.enum(['lin', 'log']).optional(),
  options: z.array(z.object({ value: z.string(), label: z.string(), help: z.string().optional() })).optional(),
  format: z.enum(['text', 'file', 'run-artifact']).optional(),
  extensions: z.array(z.string()).optional(),
  visibleWhen: z.record(z.string(), z.array(value)).optional(),
});
export type ParamSpecJSON = z.infer<typeof paramSpecJSON>;

export const pluginInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  source: z.enum(['builtin', 'user']),
  params: z.record(z.string(), paramSpecJSON),
  constraints: z.array(z.object({ fields: z.array(z.string()), message: z.string() })),
  metrics: z.array(z.object({ key: z.string(), label: z.string(), definition: z.string(), scale: z.enum(['lin', 'log']), ideal: z.number().optional(), group: z.string().optional() })),
  presets: z.array(z.object({ name: z.string(), label: z.string(), description: z.string(), params: values, grid: z.record(z.string(), z.array(value)).optional() })),
  panels: z.array(
    z.object({ title: z.string(), metrics: z.array(z.string()), x: z.enum(['step', 'time']).optional(), xScale: z.enum(['lin', 'log', 'loglog']).optional(), yScale: z.enum(['lin', 'log']).optional() }),
  ),
  artifacts: z.array(z.object({ name: z.string(), label: z.string(), kind: z.enum(['matrix', 'spectrum', 'features']), description: z.string() })),
});
export type PluginInfo = z.infer<typeof pluginInfo>;

export const pluginLoadError = z.object({ id: z.string(), path: z.string(), message: z.string() });
export type PluginLoadError = z.infer<typeof pluginLoadError>;

export const fieldError = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldError>;

export const project = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  archived: z.boolean(),
  createdAt: z.string(),
  counts: z.partialRecord(runStatus, z.number()),
});
export type Project = z.infer<typeof project>;

export const run = z.object({
  id: z.number(),
  projectId: z.number(),
  sweepId: z.number().nullable(),
  name: z.string(),
  plugin: z.string(),
  pluginVersion: z.string(),
  appVersion: z.string(),
  preset: z.string().nullable(),
  config: values,
  seed: z.number(),
  status: runStatus,
  error: z.object({ message: z.string(), stack: z.string().optional(), step: z.number().optional(), quantity: z.string().optional() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Seconds spent running, summed over resumes. */
  elapsed: z.number(),
  step: z.number(),
  totalSteps: z.number().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  color: z.string().nullable(),
  backend: z.string().nullable(),
  backendDetails: z.record(z.string(), z.string()),
  theory: z.array(z.object({ metric: z.string(), value: z.number(), label: z.string() })),
  /** Last value of every metric. */
  final: z.record(z.string(), z.number()),
  /** Minimum of every metric, with the step where it was reached. */
  min: z.record(z.string(), z.object({ value: z.number(), step: z.number() })),
  /**
   * Live progress while running, in the plugin's progress unit (steps; batches for the network
   * trainer, whose `step` counts epochs): done of total, rate per second, seconds left.
   */
  progress: z.object({ done: z.number(), total: z.number().nullable(), unit: z.string(), stepsPerSec: z.number(), eta: z.number().nullable() }).nullable(),
});
export type Run = z.infer<typeof run>;

export const series = z.object({
  runId: z.number(),
  metric: z.string(),
  /** Points stored in the requested range, and in the whole history. */
  total: z.number(),
  totalAll: z.number(),
  /** Exact first / last / min / max of every point in the range, with their steps (null: empty range). */
  stats: z
    .object({ firstStep: z.number(), first: z.number(), lastStep: z.number(), last: z.number(), minStep: z.number(), min: z.number(), maxStep: z.number(), max: z.number() })
    .nullable(),
  /** One entry per non-empty bucket: the last point's step and value, and the bucket's min/max. */
  steps: f64,
  last: f64,
  min: f64,
  max: f64,
  /** Seconds since run start at each returned step (from the `_time` history). */
  time: f64,
});
export type Series = z.infer<typeof series>;

export const artifactInfo = z.object({ name: z.string(), steps: z.array(z.number()), rows: z.number(), cols: z.number(), hasLabels: z.boolean() });
export type ArtifactInfo = z.infer<typeof artifactInfo>;

export const artifact = z.object({
  runId: z.number(),
  name: z.string(),
  step: z.number(),
  rows: z.number(),
  cols: z.number(),
  /** Column-major values. */
  data: f64,
  labels: z.custom<Int32Array>((v) => v instanceof Int32Array, 'expected an Int32Array').nullable(),
});
export type Artifact = z.infer<typeof artifact>;

export const sweep = z.object({
  id: z.number(),
  projectId: z.number(),
  name: z.string(),
  plugin: z.string(),
  preset: z.string().nullable(),
  base: values,
  grid: z.record(z.string(), z.array(value)),
  runIds: z.array(z.number()),
  createdAt: z.string(),
});
export type Sweep = z.infer<typeof sweep>;

export const sweepSummary = z.object({
  sweep,
  /** Swept parameter names (columns of `rows[i].params`). */
  params: z.array(z.string()),
  metrics: z.array(z.string()),
  reduce: z.enum(['final', 'min']),
  rows: z.array(z.object({ runId: z.number(), status: runStatus, params: values, values: z.record(z.string(), z.number().nullable()) })),
});
export type SweepSummary = z.infer<typeof sweepSummary>;

export const engineStatus = z.object({
  concurrency: z.number(),
  running: z.array(z.number()),
  queued: z.array(z.number()),
  dbPath: z.string(),
  appVersion: z.string(),
  pluginErrors: z.array(pluginLoadError),
});
export type EngineStatus = z.infer<typeof engineStatus>;

export const logLine = z.object({ at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() });
export type LogLine = z.infer<typeof logLine>;

const deleted = z.object({ deleted: z.number() });
const sweepWithRuns = z.object({ sweep, runs: z.array(run) });

/** Output schemas, one per operation. */
export const outputs = {
  'plugins.list': z.object({ plugins: z.array(pluginInfo), errors: z.array(pluginLoadError) }),
  'plugins.validate': z.object({ ok: z.boolean(), errors: z.array(fieldError), config: values }),
  'projects.list': z.array(project),
  'projects.create': project,
  'projects.update': project,
  'projects.delete': deleted,
  'runs.create': run,
  'runs.get': run,
  'runs.list': z.array(run),
  'runs.start': run,
  'runs.pause': run,
  'runs.resume': run,
  'runs.cancel': run,
  'runs.delete': deleted,
  'runs.clone': run,
  'runs.update': run,
  'runs.logs': z.array(logLine),
  'runs.featuresToInput': run,
  'series.list': z.array(z.object({ metric: z.string(), count: z.number(), firstStep: z.number(), lastStep: z.number() })),
  'series.get': series,
  'series.export': z.object({ runId: z.number(), metrics: z.array(z.string()), steps: z.array(z.number()), rows: z.array(z.array(z.number().nullable())) }),
  'artifacts.list': z.array(artifactInfo),
  'artifacts.get': artifact,
  'sweeps.create': sweepWithRuns,
  'sweeps.list': z.array(sweep),
  'sweeps.get': sweepWithRuns,
  'sweeps.summary': sweepSummary,
  'engine.status': engineStatus,
  'engine.setConcurrency': engineStatus,
} as const satisfies Record<Operation, z.ZodType>;

export type Outputs = { [Op in Operation]: z.infer<(typeof outputs)[Op]> };
export type OutputOf<Op extends Operation> = Outputs[Op];
/** Live events pushed to subscribers (IPC channel, WebSocket, CLI progress bar). */
export type EngineEvent =
  | { type: 'run-status'; run: Run }
  | { type: 'progress'; runId: number; step: number; total: number | null; unit: string; stepsPerSec: number; eta: number | null }
  | { type: 'points'; runId: number; metrics: string[]; lastStep: number }
  | { type: 'log'; runId: number; line: LogLine };

/** Result envelope for transports that lose error details (Electron IPC, HTTP). */
export type Envelope<T> = { result: T; error?: undefined } | { result?: undefined; error: { message: string; fields?: FieldError[]; code?: string } };

/** The API as a typed object: what the preload bridge exposes and what the web transport implements. */
export type NcLabApi = { [Op in Operation]: (input: InputOf<Op>) => Promise<OutputOf<Op>> } & {
  subscribe(listener: (event: EngineEvent) => void): () => void;
};

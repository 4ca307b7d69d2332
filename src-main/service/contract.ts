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

// ---- Output shapes (plain data; typed arrays where series travel) ----

export interface ParamSpecJSON {
  type: 'int' | 'number' | 'boolean' | 'enum' | 'string';
  label: string;
  help: string;
  default: number | boolean | string;
  unit?: string;
  group?: string;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  scale?: 'lin' | 'log';
  options?: { value: string; label: string; help?: string }[];
  format?: 'text' | 'file' | 'run-artifact';
  extensions?: string[];
  visibleWhen?: Record<string, (number | boolean | string)[]>;
}

export interface PluginInfo {
  id: string;
  name: string;
  version: string;
  description: string;
  source: 'builtin' | 'user';
  params: Record<string, ParamSpecJSON>;
  constraints: { fields: string[]; message: string }[];
  metrics: { key: string; label: string; definition: string; scale: 'lin' | 'log'; ideal?: number; group?: string }[];
  presets: { name: string; label: string; description: string; params: Record<string, number | boolean | string>; grid?: Record<string, (number | boolean | string)[]> }[];
  panels: { title: string; metrics: string[]; x?: 'step' | 'time'; xScale?: 'lin' | 'log' | 'loglog'; yScale?: 'lin' | 'log' }[];
  artifacts: { name: string; label: string; kind: 'matrix' | 'spectrum' | 'features'; description: string }[];
}

export interface PluginLoadError {
  id: string;
  path: string;
  message: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Project {
  id: number;
  name: string;
  description: string;
  archived: boolean;
  createdAt: string;
  counts: Partial<Record<RunStatus, number>>;
}

export interface Run {
  id: number;
  projectId: number;
  sweepId: number | null;
  name: string;
  plugin: string;
  pluginVersion: string;
  appVersion: string;
  preset: string | null;
  config: Record<string, number | boolean | string>;
  seed: number;
  status: RunStatus;
  error: { message: string; stack?: string; step?: number; quantity?: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds spent running, summed over resumes. */
  elapsed: number;
  step: number;
  totalSteps: number | null;
  tags: string[];
  notes: string;
  color: string | null;
  backend: string | null;
  backendDetails: Record<string, string>;
  theory: { metric: string; value: number; label: string }[];
  /** Last value of every metric. */
  final: Record<string, number>;
  /** Minimum of every metric, with the step where it was reached. */
  min: Record<string, { value: number; step: number }>;
  /**
   * Live progress while running, in the plugin's progress unit (steps; batches for the network
   * trainer, whose `step` counts epochs): done of total, rate per second, seconds left.
   */
  progress: { done: number; total: number | null; unit: string; stepsPerSec: number; eta: number | null } | null;
}

export interface Series {
  runId: number;
  metric: string;
  /** Points stored in the requested range, and in the whole history. */
  total: number;
  totalAll: number;
  /** One entry per non-empty bucket: the last point's step and value, and the bucket's min/max. */
  steps: Float64Array;
  last: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Seconds since run start at each returned step (from the `_time` history). */
  time: Float64Array;
}

export interface ArtifactInfo {
  name: string;
  steps: number[];
  rows: number;
  cols: number;
  hasLabels: boolean;
}

export interface Artifact {
  runId: number;
  name: string;
  step: number;
  rows: number;
  cols: number;
  /** Column-major values. */
  data: Float64Array;
  labels: Int32Array | null;
}

export interface Sweep {
  id: number;
  projectId: number;
  name: string;
  plugin: string;
  preset: string | null;
  base: Record<string, number | boolean | string>;
  grid: Record<string, (number | boolean | string)[]>;
  runIds: number[];
  createdAt: string;
}

export interface SweepSummary {
  sweep: Sweep;
  /** Swept parameter names (columns of `rows[i].params`). */
  params: string[];
  metrics: string[];
  reduce: 'final' | 'min';
  rows: { runId: number; status: RunStatus; params: Record<string, number | boolean | string>; values: Record<string, number | null> }[];
}

export interface EngineStatus {
  concurrency: number;
  running: number[];
  queued: number[];
  dbPath: string;
  appVersion: string;
  pluginErrors: PluginLoadError[];
}

export interface LogLine {
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Output type of every operation. */
export interface Outputs {
  'plugins.list': { plugins: PluginInfo[]; errors: PluginLoadError[] };
  'plugins.validate': { ok: boolean; errors: FieldError[]; config: Record<string, number | boolean | string> };
  'projects.list': Project[];
  'projects.create': Project;
  'projects.update': Project;
  'projects.delete': { deleted: number };
  'runs.create': Run;
  'runs.get': Run;
  'runs.list': Run[];
  'runs.start': Run;
  'runs.pause': Run;
  'runs.resume': Run;
  'runs.cancel': Run;
  'runs.delete': { deleted: number };
  'runs.clone': Run;
  'runs.update': Run;
  'runs.logs': LogLine[];
  'runs.featuresToInput': Run;
  'series.list': { metric: string; count: number; firstStep: number; lastStep: number }[];
  'series.get': Series;
  'series.export': { runId: number; metrics: string[]; steps: number[]; rows: (number | null)[][] };
  'artifacts.list': ArtifactInfo[];
  'artifacts.get': Artifact;
  'sweeps.create': { sweep: Sweep; runs: Run[] };
  'sweeps.list': Sweep[];
  'sweeps.get': { sweep: Sweep; runs: Run[] };
  'sweeps.summary': SweepSummary;
  'engine.status': EngineStatus;
  'engine.setConcurrency': EngineStatus;
}

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

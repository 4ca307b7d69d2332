/**
 * The plugin interface: what a model plugin declares (its manifest) and what its run function
 * receives (a narrow context). A plugin is to the engine what an op is to tfjs: a small
 * declarative front plus one function. See plugins/README.md for a walk-through.
 *
 * Everything here is free of `electron` and of Node-only imports so that the renderer can share
 * the serialisable parts of the manifest types.
 */

/** A value a parameter can take. Matrices and files are referenced by path or run artifact. */
export type ParamValue = number | boolean | string;
export type Config = Record<string, ParamValue>;

interface ParamBase {
  /** Short label for forms and tables. */
  label: string;
  /** One or two sentences: what the parameter means, in the model's own terms. */
  help: string;
  /** Physical or mathematical unit, if any ("steps", "1/K", ...). */
  unit?: string;
  /** Form grouping ("model", "optimiser", "data", ...). */
  group?: string;
  /**
   * Show (and require) this parameter only when every listed parameter has one of the listed
   * values. A hidden parameter keeps its default and is still stored with the run.
   */
  visibleWhen?: Record<string, ParamValue[]>;
}

export interface IntParam extends ParamBase {
  type: 'int';
  default: number;
  min?: number;
  max?: number;
  /** Preferred spacing for sliders and sweeps. */
  scale?: 'lin' | 'log';
}

export interface NumberParam extends ParamBase {
  type: 'number';
  default: number;
  min?: number;
  max?: number;
  /** true: the minimum itself is not allowed (e.g. a step size > 0). */
  exclusiveMin?: boolean;
  scale?: 'lin' | 'log';
}

export interface BooleanParam extends ParamBase {
  type: 'boolean';
  default: boolean;
}

export interface EnumParam extends ParamBase {
  type: 'enum';
  default: string;
  options: { value: string; label: string; help?: string }[];
}

export interface StringParam extends ParamBase {
  type: 'string';
  default: string;
  /**
   * What the string names: free text, a file on disk, or a matrix artifact of another run
   * written as `<runId>:<artifactName>[@step]`. The engine resolves `run-artifact` references
   * before the run starts and hands the matrices to the plugin in `ctx.inputs`.
   */
  format?: 'text' | 'file' | 'run-artifact';
  /** For files: accepted extensions, e.g. ['.csv', '.npy']. */
  extensions?: string[];
}

export type ParamSpec = IntParam | NumberParam | BooleanParam | EnumParam | StringParam;

/**
 * A rule over several parameters ("which values are allowed together"). The check runs in the
 * engine; `fields` and `message` travel to the renderer so the form can mark every field involved.
 */
export interface ParamConstraint {
  fields: string[];
  message: string;
  check: (config: Config) => boolean;
}

export interface MetricSpec {
  key: string;
  label: string;
  /** The precise definition, with conventions (papers disagree on names such as NC4). */
  definition: string;
  /** Preferred y scale. */
  scale: 'lin' | 'log';
  /** Where the metric goes at perfect collapse / optimum, if it has such a value. */
  ideal?: number;
  group?: string;
}

export interface PresetSpec {
  name: string;
  label: string;
  /** What the preset reproduces (paper, figure) and what the user should see. */
  description: string;
  /** Parameter values on top of the defaults. */
  params: Config;
  /** A preset that varies parameters is a sweep: one run per grid point. */
  grid?: Record<string, ParamValue[]>;
}

export interface ChartPanelSpec {
  title: string;
  metrics: string[];
  x?: 'step' | 'time';
  xScale?: 'lin' | 'log' | 'loglog';
  yScale?: 'lin' | 'log';
}

export interface ArtifactSpec {
  name: string;
  label: string;
  /** matrix: heat map; spectrum: bar/line chart of values; features: matrix + labels (H0 source). */
  kind: 'matrix' | 'spectrum' | 'features';
  description: string;
}

/** A closed-form reference value a chart can draw next to the measured curve. */
export interface TheoryValue {
  metric: string;
  value: number;
  label: string;
}

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  description: string;
  params: Record<string, ParamSpec>;
  constraints?: ParamConstraint[];
  metrics: MetricSpec[];
  presets: PresetSpec[];
  panels: ChartPanelSpec[];
  artifacts?: ArtifactSpec[];
  /** The parameter that counts steps (the run's total step count), if it is a plain parameter. */
  stepsParam?: string;
  /** What `ctx.progress` counts, when it is not the logged steps (e.g. 'batches'). Default 'steps'. */
  progressUnit?: string;
}

/** A dense matrix in column-major order (element (i, j) at data[i + j * rows]). */
export interface MatrixData {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** An artifact may carry integer labels (features + labels, the perturbed model's H0 source). */
export interface ArtifactData extends MatrixData {
  labels?: Int32Array;
}

/** Everything a checkpoint can hold: plain JSON plus typed arrays, at any depth. */
export type CheckpointValue =
  | number
  | string
  | boolean
  | null
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | CheckpointValue[]
  | { [key: string]: CheckpointValue };
export type CheckpointState = Record<string, CheckpointValue>;

export interface Checkpoint {
  /**
   * The step of the saved state (updates done so far). Every point logged so far has a step
   * <= this one; on resume, history after it is cut, and a point the plugin logs again at this
   * very step is ignored, so logging before or after the update in the loop both resume exactly.
   */
  step: number;
  state: CheckpointState;
}

/** A seeded generator whose state is part of every checkpoint. */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Fills an array with N(0, std^2) samples. */
  fillNormal(out: Float64Array | Float32Array, std?: number): void;
  getState(): Uint32Array;
  setState(state: Uint32Array): void;
}

export interface RunContext<C extends Config = Config> {
  /** The validated configuration, defaults filled in. */
  readonly config: C;
  readonly seed: number;
  /** Seeded by `seed`; restored from the checkpoint on resume. */
  readonly rng: Rng;
  /** Matrices resolved from `run-artifact` parameters, keyed by parameter name. */
  readonly inputs: Record<string, ArtifactData>;
  /** The folder datasets are read from (settings, `--data-dir`, or NCLAB_DATA). */
  readonly dataDir: string;
  /** Aborted with reason 'pause' or 'cancel'; check it between steps. */
  readonly signal: AbortSignal;
  /** The checkpoint to resume from, or null for a fresh start. */
  readonly resumeFrom: Checkpoint | null;
  /**
   * Records metric values at a step. Steps must increase across calls. A value of null means
   * "undefined at this step" (e.g. NC1 when every feature is zero) and is not stored; NaN or
   * ±Infinity stop the run as diverged, naming the step and the metric.
   */
  log(step: number, metrics: Record<string, number | null>): void;
  /** Stores a named matrix (or spectrum) at a step. */
  artifact(name: string, step: number, matrix: ArtifactData): void;
  /** Reports progress: `step` of `total` done, in the manifest's progressUnit. Cheap enough to call every step. */
  progress(step: number, total: number): void;
  /**
   * Call once per step with the next step to execute. Returns true when the plugin must stop
   * now (pause or cancel); a checkpoint has then been taken. When a checkpoint is due (time
   * based), `state()` is called and written atomically together with the RNG state.
   */
  tick(nextStep: number, state: () => CheckpointState): boolean;
  /** Writes a checkpoint now (e.g. at the end of an epoch). */
  checkpoint(nextStep: number, state: CheckpointState): void;
  /** Throws the divergence error if any entry is NaN or infinite (parameter check). */
  assertFinite(step: number, name: string, values: ArrayLike<number>): void;
  /** Records the compute backend the run actually used (e.g. "js-f64", "tfjs-wasm"). */
  setBackend(backend: string, details?: Record<string, string>): void;
  /** Free-form log line shown in the run's log panel. */
  info(message: string): void;
}

export interface ModelPlugin<C extends Config = Config> {
  manifest: PluginManifest;
  /** Closed-form reference values for this configuration (theory overlays), if any. */
  theory?: (config: C) => TheoryValue[];
  /** Trains / iterates until done or stopped. Throwing fails the run with the message and stack. */
  run(ctx: RunContext<C>): Promise<void> | void;
}

/** Identity helper that gives plugin authors type checking of their object. */
export function definePlugin<C extends Config>(plugin: ModelPlugin<C>): ModelPlugin<C> {
  return plugin;
}

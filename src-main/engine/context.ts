import type {
  ArtifactData,
  Checkpoint,
  CheckpointState,
  CheckpointValue,
  Config,
  ModelPlugin,
  RunContext,
} from './plugin-api.ts';
import { DivergenceError } from './errors.ts';
import { Xoshiro128 } from './rng.ts';

/** Where a run context sends what the plugin produces: the worker's SQLite writer, or memory. */
export interface RunSink {
  points(step: number, metrics: Record<string, number>): void;
  artifact(name: string, step: number, matrix: ArtifactData): void;
  checkpoint(cp: Checkpoint): void;
  progress(step: number, total: number): void;
  backend(name: string, details: Record<string, string>): void;
  info(message: string): void;
}

/** Values of the shared stop flag: the host writes them, the run's thread polls them. */
export const STOP_NONE = 0;
export const STOP_PAUSE = 1;
export const STOP_CANCEL = 2;

export interface ContextOptions {
  config: Config;
  seed: number;
  /** An external signal (in-memory runs); its reason should be 'pause' or 'cancel'. */
  signal?: AbortSignal;
  /**
   * Shared stop flag (Int32Array over a SharedArrayBuffer). A plugin's synchronous loop blocks
   * its thread's event loop, so a posted message would never arrive; the flag is polled instead.
   */
  stopFlag?: Int32Array;
  resumeFrom: Checkpoint | null;
  inputs?: Record<string, ArtifactData>;
  dataDir?: string;
  /** Seconds between automatic checkpoints taken by `tick` (default 30). */
  checkpointEvery?: number;
}

/** The RNG state travels inside the checkpoint state under this key. */
const RNG_KEY = '__rng';

/**
 * Builds the narrow context a plugin's run function receives. The same implementation serves
 * the engine's worker and in-memory runs (tests, benchmarks), so both behave identically:
 * finite checks, increasing steps, time-based checkpoints with the RNG state, abort handling.
 */
export function createRunContext(opts: ContextOptions, sink: RunSink): RunContext {
  const rng = new Xoshiro128(opts.seed);
  let resumeFrom: Checkpoint | null = null;
  if (opts.resumeFrom) {
    const { [RNG_KEY]: rngState, ...state } = opts.resumeFrom.state;
    if (rngState instanceof Uint32Array) rng.setState(rngState);
    resumeFrom = { step: opts.resumeFrom.step, state };
  }
  const everyMs = (opts.checkpointEvery ?? 30) * 1000;
  const controller = new AbortController();
  if (opts.signal) {
    if (opts.signal.aborted) controller.abort(opts.signal.reason);
    else opts.signal.addEventListener('abort', () => controller.abort(opts.signal!.reason), { once: true });
  }
  const flag = opts.stopFlag;
  /** Turns a raised stop flag into an aborted signal; true when the run must stop. */
  const stopRequested = (): boolean => {
    if (flag && !controller.signal.aborted) {
      const v = Atomics.load(flag, 0);
      if (v !== STOP_NONE) controller.abort(v === STOP_CANCEL ? 'cancel' : 'pause');
    }
    return controller.signal.aborted;
  };
  let lastCheckpoint = Date.now();
  let lastLogged = -1;
  let ticks = 0;

  const writeCheckpoint = (nextStep: number, state: CheckpointState) => {
    assertFiniteState(nextStep, state);
    sink.checkpoint({ step: nextStep, state: { ...state, [RNG_KEY]: rng.getState() } });
    lastCheckpoint = Date.now();
  };

  const ctx: RunContext = {
    config: opts.config,
    seed: opts.seed,
    rng,
    inputs: opts.inputs ?? {},
    dataDir: opts.dataDir ?? '',
    signal: controller.signal,
    resumeFrom,
    log(step, metrics) {
      if (!(step > lastLogged)) throw new Error(`log: steps must increase (got ${step} after ${lastLogged})`);
      const clean: Record<string, number> = {};
      for (const key in metrics) {
        const v = metrics[key];
        if (v === null || v === undefined) continue;
        if (!Number.isFinite(v)) throw new DivergenceError(step, key, v);
        clean[key] = v;
      }
      lastLogged = step;
      sink.points(step, clean);
    },
    artifact(name, step, matrix) {
      if (matrix.data.length !== matrix.rows * matrix.cols) {
        throw new Error(`artifact ${name}: ${matrix.rows}x${matrix.cols} needs ${matrix.rows * matrix.cols} values, got ${matrix.data.length}`);
      }
      sink.artifact(name, step, matrix);
    },
    progress(step, total) {
      stopRequested();
      sink.progress(step, total);
    },
    tick(nextStep, state) {
      if (stopRequested()) {
        writeCheckpoint(nextStep, state());
        return true;
      }
      // Reading the clock every step would cost more than a small model's step.
      if ((++ticks & 255) === 0 && Date.now() - lastCheckpoint >= everyMs) writeCheckpoint(nextStep, state());
      return false;
    },
    checkpoint(nextStep, state) {
      writeCheckpoint(nextStep, state);
    },
    assertFinite(step, name, values) {
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) throw new DivergenceError(step, `${name}[${i}]`, values[i]);
      }
    },
    setBackend(name, details = {}) {
      sink.backend(name, details);
    },
    info(message) {
      sink.info(message);
    },
  };
  return ctx;
}

/**
 * Every float array of a checkpoint (the parameters) must be finite: a NaN or Inf parameter stops the run as
 * diverged (naming the step and the entry) even where the plugin does not check it itself,
 * and a poisoned state is never saved over the last good one.
 */
function assertFiniteState(step: number, value: CheckpointValue, name = 'state'): void {
  if (value instanceof Float64Array || value instanceof Float32Array) {
    for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) throw new DivergenceError(step, `${name}[${i}]`, value[i]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFiniteState(step, v, `${name}[${i}]`));
  } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) assertFiniteState(step, v, `${name}.${k}`);
  }
}

/** What an in-memory run produced. */
export interface MemoryRunResult {
  /** metric → parallel arrays of steps and values. */
  series: Record<string, { steps: number[]; values: number[] }>;
  /** Last value of every metric. */
  final: Record<string, number>;
  artifacts: { name: string; step: number; matrix: ArtifactData }[];
  checkpoints: Checkpoint[];
  backend: string | null;
  backendDetails: Record<string, string>;
  messages: string[];
  /** True when the run returned because the signal was aborted. */
  stopped: boolean;
}

/**
 * Runs a plugin in this thread, keeping everything in memory: for tests and benchmarks of a
 * plugin's numerics without the queue and the database. The config must already be validated.
 */
export async function runInMemory(
  plugin: ModelPlugin,
  config: Config,
  options: { seed?: number; signal?: AbortSignal; resumeFrom?: Checkpoint | null; inputs?: Record<string, ArtifactData>; checkpointEvery?: number; dataDir?: string } = {},
): Promise<MemoryRunResult> {
  const result: MemoryRunResult = { series: {}, final: {}, artifacts: [], checkpoints: [], backend: null, backendDetails: {}, messages: [], stopped: false };
  const ctx = createRunContext(
    {
      config,
      seed: options.seed ?? 0,
      signal: options.signal,
      resumeFrom: options.resumeFrom ?? null,
      inputs: options.inputs,
      checkpointEvery: options.checkpointEvery,
      dataDir: options.dataDir,
    },
    {
      points(step, metrics) {
        for (const key in metrics) {
          const s = (result.series[key] ??= { steps: [], values: [] });
          s.steps.push(step);
          s.values.push(metrics[key]);
          result.final[key] = metrics[key];
        }
      },
      artifact(name, step, matrix) {
        result.artifacts.push({ name, step, matrix });
      },
      checkpoint(cp) {
        result.checkpoints.push(cp);
      },
      progress() {},
      backend(name, details) {
        result.backend = name;
        result.backendDetails = details;
      },
      info(message) {
        result.messages.push(message);
      },
    },
  );
  await plugin.run(ctx);
  result.stopped = ctx.signal.aborted;
  return result;
}

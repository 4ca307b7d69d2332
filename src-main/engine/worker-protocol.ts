/** Messages between the engine (host thread) and a run's worker thread. */
import type { Run } from '../service/contract.ts';
import type { ArtifactData, ParamValue } from './plugin-api.ts';

export interface WorkerInit {
  dbPath: string;
  runId: number;
  pluginEntry: string;
  config: Record<string, ParamValue>;
  seed: number;
  /** Continue from the stored checkpoint (or from scratch if none), cutting later history. */
  resume: boolean;
  /** Seconds already spent running (so `_time` continues across resumes). */
  elapsed: number;
  checkpointEvery: number;
  /** The manifest's progress unit ('steps' unless the plugin says otherwise). */
  progressUnit: string;
  dataDir: string;
  inputs: Record<string, ArtifactData>;
  /** SharedArrayBuffer of one Int32: the stop flag (see STOP_* in context.ts). */
  stopBuffer: SharedArrayBuffer;
}

export type HostMessage = { type: 'stop'; reason: 'pause' | 'cancel' };

export type WorkerMessage =
  | { type: 'progress'; step: number; total: number }
  | { type: 'points'; metrics: string[]; lastStep: number }
  | { type: 'backend'; name: string; details: Record<string, string> }
  | { type: 'log'; line: { at: string; level: 'info' | 'warn' | 'error'; message: string } }
  | { type: 'done'; status: 'completed' | 'paused' | 'cancelled' | 'failed' | 'diverged'; step: number; error?: NonNullable<Run['error']> };

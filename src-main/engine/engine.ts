import { Worker } from 'node:worker_threads';
import type { Db } from '../storage/db.ts';
import { appendLog, getRun, readArtifact, setRunStatus } from '../storage/runs.ts';
import type { EngineEvent, Run } from '../service/contract.ts';
import type { ArtifactData } from './plugin-api.ts';
import type { PluginRegistry } from './registry.ts';
import { workerEntry } from './paths.ts';
import type { HostMessage, WorkerInit, WorkerMessage } from './worker-protocol.ts';
import { ValidationError } from './errors.ts';
import { STOP_CANCEL, STOP_PAUSE } from './context.ts';

export interface EngineOptions {
  db: Db;
  dbPath: string;
  registry: PluginRegistry;
  dataDir: string;
  concurrency?: number;
  /** Seconds between automatic checkpoints. */
  checkpointEvery?: number;
  /**
   * A run whose owner process still exists counts as interrupted only when its worker has not
   * written for this long (a reused process id after a reboot). Default 10 minutes.
   */
  staleAfterMs?: number;
  /** The worker script (default: beside the engine, source or bundle). */
  workerEntry?: URL;
}

interface Active {
  worker: Worker;
  stopFlag: Int32Array;
  stopping: 'pause' | 'cancel' | null;
  /** Smoothed progress units per second for the ETA. */
  rate: number;
  /** Progress units done (steps, or batches for the network trainer). */
  progressDone: number;
  lastAt: number;
  total: number | null;
  unit: string;
  done: Promise<void>;
}

/**
 * The run engine: a FIFO queue with a concurrency limit, one worker thread per running run,
 * status transitions, and live events. Everything here runs in plain Node (no electron).
 */
export class Engine {
  private readonly db: Db;
  private readonly opts: EngineOptions;
  private readonly queue: number[] = [];
  private readonly active = new Map<number, Active>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private concurrencyLimit: number;
  private closed = false;

  constructor(opts: EngineOptions) {
    this.db = opts.db;
    this.opts = opts;
    this.concurrencyLimit = opts.concurrency ?? 2;
  }

  get concurrency(): number {
    return this.concurrencyLimit;
  }

  setConcurrency(n: number): void {
    this.concurrencyLimit = n;
    this.pump();
  }

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a failing subscriber must not break the engine
      }
    }
  }

  private emitStatus(runId: number): Run {
    const run = this.decorate(getRun(this.db, runId));
    this.emit({ type: 'run-status', run });
    return run;
  }

  /** emitStatus for worker callbacks: the run may have been deleted meanwhile. */
  private emitStatusIfExists(runId: number): void {
    try {
      this.emitStatus(runId);
    } catch {
      // deleted while it ran
    }
  }

  /** Adds live progress (steps/s, ETA) to a run read from the database. */
  decorate(run: Run): Run {
    const a = this.active.get(run.id);
    if (a) {
      if (a.unit === 'steps') run.step = Math.max(run.step, a.progressDone);
      run.progress = { done: a.progressDone, total: a.total, unit: a.unit, stepsPerSec: a.rate, eta: a.total !== null && a.rate > 0 ? (a.total - a.progressDone) / a.rate : null };
    }
    return run;
  }

  runningIds(): number[] {
    return [...this.active.keys()];
  }

  queuedIds(): number[] {
    return [...this.queue];
  }

  /**
   * Marks runs left "running" by a process that is gone (crash, kill, power loss) as
   * interrupted. A run whose owner process exists (the desktop app while a CLI lists runs) is
   * left alone, unless it has not written for `staleAfterMs`.
   */
  recoverInterrupted(): number[] {
    const rows = this.db.prepare("SELECT id FROM runs WHERE status = 'running'").all() as { id: number }[];
    const out: number[] = [];
    for (const r of rows) {
      if (this.active.has(r.id) || this.ownerElsewhere(r.id) !== null) continue;
      setRunStatus(this.db, r.id, 'interrupted');
      appendLog(this.db, r.id, 'warn', 'the process running this run stopped without finishing it (crash or kill): resume continues from the last checkpoint');
      out.push(r.id);
    }
    return out;
  }

  /**
   * The process id of another live NC Lab process running this run (the CLI while the app is
   * open, or the reverse), or null. A run whose owner has not written for `staleAfterMs` is
   * taken as gone (a reused process id after a reboot).
   */
  ownerElsewhere(runId: number): number | null {
    if (this.active.has(runId)) return null;
    const r = this.db.prepare('SELECT status, owner_pid, heartbeat_at FROM runs WHERE id = ?').get(runId) as { status: string; owner_pid: number | null; heartbeat_at: number | null } | undefined;
    if (!r || r.status !== 'running' || r.owner_pid === null || r.owner_pid === process.pid) return null;
    const fresh = Date.now() - (r.heartbeat_at ?? 0) < (this.opts.staleAfterMs ?? 600_000);
    return fresh && pidAlive(r.owner_pid) ? r.owner_pid : null;
  }

  /** Asks the process that runs `runId` to pause or cancel it (its worker polls the request). */
  private requestStop(runId: number, owner: number, reason: 'pause' | 'cancel'): Run {
    this.db.prepare('UPDATE runs SET stop_request = ? WHERE id = ?').run(reason, runId);
    appendLog(this.db, runId, 'info', `${reason} requested from process ${process.pid}; the run is executing in process ${owner}`);
    return getRun(this.db, runId);
  }

  /** Re-queues runs that were queued when the previous session ended. */
  requeuePending(): void {
    const rows = this.db.prepare("SELECT id FROM runs WHERE status = 'queued' ORDER BY id").all() as { id: number }[];
    for (const r of rows) if (!this.queue.includes(r.id) && !this.active.has(r.id)) this.queue.push(r.id);
    this.pump();
  }

  /** Queues a run (new, paused, interrupted or failed: resumes from its checkpoint if it has one). */
  enqueue(runId: number): Run {
    const run = getRun(this.db, runId);
    if (this.active.has(runId) || this.queue.includes(runId)) return this.decorate(run);
    if (run.status === 'completed') throw new ValidationError([{ field: 'id', message: `run ${runId} is already completed (clone it to run again)` }]);
    const owner = this.ownerElsewhere(runId);
    if (owner !== null) throw new ValidationError([{ field: 'id', message: `run ${runId} is already running in another NC Lab process (pid ${owner})` }]);
    if (run.status === 'running') this.recoverInterrupted();
    setRunStatus(this.db, runId, 'queued');
    this.queue.push(runId);
    this.emitStatus(runId);
    this.pump();
    return this.decorate(getRun(this.db, runId));
  }

  pause(runId: number): Run {
    const q = this.queue.indexOf(runId);
    if (q >= 0) {
      this.queue.splice(q, 1);
      setRunStatus(this.db, runId, 'paused');
      return this.emitStatus(runId);
    }
    const a = this.active.get(runId);
    if (!a) {
      const owner = this.ownerElsewhere(runId);
      if (owner !== null) return this.requestStop(runId, owner, 'pause');
      const run = getRun(this.db, runId);
      // Queued in another process: the status change makes that process skip it.
      if (run.status === 'queued') {
        setRunStatus(this.db, runId, 'paused');
        return this.emitStatus(runId);
      }
      throw new ValidationError([{ field: 'id', message: `run ${runId} is ${run.status}: only a running or queued run can be paused` }]);
    }
    this.stop(a, 'pause');
    return this.decorate(getRun(this.db, runId));
  }

  cancel(runId: number): Run {
    const q = this.queue.indexOf(runId);
    if (q >= 0) this.queue.splice(q, 1);
    const a = this.active.get(runId);
    if (a) {
      this.stop(a, 'cancel');
      return this.decorate(getRun(this.db, runId));
    }
    const owner = this.ownerElsewhere(runId);
    if (owner !== null) return this.requestStop(runId, owner, 'cancel');
    const run = getRun(this.db, runId);
    if (['completed', 'failed', 'diverged', 'cancelled'].includes(run.status)) return run;
    setRunStatus(this.db, runId, 'cancelled', { finished: true });
    return this.emitStatus(runId);
  }

  private stop(a: Active, reason: 'pause' | 'cancel'): void {
    if (a.stopping === 'cancel') return;
    a.stopping = reason;
    Atomics.store(a.stopFlag, 0, reason === 'cancel' ? STOP_CANCEL : STOP_PAUSE);
    a.worker.postMessage({ type: 'stop', reason } satisfies HostMessage);
  }

  /** Resolves when the run is no longer queued or running. */
  async waitFor(runId: number): Promise<Run> {
    for (;;) {
      const a = this.active.get(runId);
      if (a) await a.done;
      else if (this.queue.includes(runId)) await new Promise<void>((resolve) => {
        const off = this.subscribe((e) => {
          if (e.type === 'run-status' && e.run.id === runId && e.run.status !== 'queued') (off(), resolve());
        });
      });
      else return getRun(this.db, runId);
    }
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.concurrencyLimit && this.queue.length > 0) {
      const runId = this.queue.shift()!;
      try {
        this.launch(runId);
      } catch (e) {
        setRunStatus(this.db, runId, 'failed', { error: { message: (e as Error).message, stack: (e as Error).stack }, finished: true });
        this.emitStatus(runId);
      }
    }
  }

  private launch(runId: number): void {
    const run = getRun(this.db, runId);
    const loaded = this.opts.registry.get(run.plugin);
    if (!loaded) throw new Error(`plugin "${run.plugin}" is not available (not installed, or it failed to load)`);
    const inputs = this.resolveInputs(run);
    // A run that has started before continues from its checkpoint (or restarts cleanly without one).
    const resume = run.startedAt !== null;
    const init: WorkerInit = {
      dbPath: this.opts.dbPath,
      runId,
      pluginEntry: loaded.entry,
      config: run.config,
      seed: run.seed,
      resume,
      elapsed: resume ? run.elapsed : 0,
      checkpointEvery: this.opts.checkpointEvery ?? 30,
      progressUnit: loaded.plugin.manifest.progressUnit ?? 'steps',
      dataDir: this.opts.dataDir,
      inputs,
      stopBuffer: new SharedArrayBuffer(4),
    };
    // Claim the run atomically: if another process started, paused or cancelled it since it was
    // queued here, the status is no longer 'queued' and this process leaves it alone.
    const claim = this.db
      .prepare(
        "UPDATE runs SET status = 'running', owner_pid = ?, heartbeat_at = ?, stop_request = NULL, started_at = coalesce(started_at, ?), finished_at = NULL, error = NULL WHERE id = ? AND status = 'queued'",
      )
      .run(process.pid, Date.now(), new Date().toISOString(), runId);
    if (claim.changes === 0) {
      this.emitStatus(runId);
      return;
    }
    const worker = new Worker(this.opts.workerEntry ?? workerEntry(), { workerData: init });
    let resolveDone!: () => void;
    const a: Active = {
      worker,
      stopFlag: new Int32Array(init.stopBuffer),
      stopping: null,
      rate: 0,
      progressDone: loaded.plugin.manifest.progressUnit ? 0 : run.step,
      lastAt: performance.now(),
      total: loaded.plugin.manifest.progressUnit ? null : run.totalSteps,
      unit: loaded.plugin.manifest.progressUnit ?? 'steps',
      done: new Promise<void>((r) => (resolveDone = r)),
    };
    this.active.set(runId, a);
    let finished = false;
    const finish = (status: Run['status'], error: Run['error'] | undefined) => {
      if (finished) return;
      finished = true;
      this.active.delete(runId);
      const terminal = status !== 'paused';
      setRunStatus(this.db, runId, status, { error: error ?? null, finished: terminal && status !== 'interrupted' });
      if (error) appendLog(this.db, runId, 'error', error.message);
      this.emitStatusIfExists(runId);
      resolveDone();
      this.pump();
    };
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'progress': {
          const t = performance.now();
          if (t - a.lastAt > 200 || m.step >= m.total) {
            const inst = ((m.step - a.progressDone) * 1000) / Math.max(1, t - a.lastAt);
            // The first interval after a resume starts from the checkpoint, not from zero.
            if (m.step >= a.progressDone) a.rate = a.rate === 0 ? inst : 0.7 * a.rate + 0.3 * inst;
            a.progressDone = m.step;
            a.lastAt = t;
            a.total = m.total;
            this.emit({ type: 'progress', runId, step: m.step, total: m.total, unit: a.unit, stepsPerSec: a.rate, eta: a.rate > 0 ? (m.total - m.step) / a.rate : null });
          }
          break;
        }
        case 'points':
          this.emit({ type: 'points', runId, metrics: m.metrics, lastStep: m.lastStep });
          break;
        case 'backend':
          this.emitStatusIfExists(runId);
          break;
        case 'log':
          this.emit({ type: 'log', runId, line: m.line });
          break;
        case 'done':
          if (m.status === 'completed' && m.step > 0) this.db.prepare('UPDATE runs SET step = ? WHERE id = ?').run(m.step, runId);
          finish(m.status, m.error);
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (e) => finish('failed', { message: `worker error: ${e.message}`, stack: e.stack }));
    worker.on('exit', (code) => {
      if (!finished) finish(a.stopping === 'cancel' ? 'cancelled' : 'failed', { message: `the run's worker exited unexpectedly (code ${code})` });
    });
  }

  /** Loads matrices referenced by `run-artifact` parameters (`<runId>:<name>[@step]`). */
  private resolveInputs(run: Run): Record<string, ArtifactData> {
    const loaded = this.opts.registry.get(run.plugin)!;
    const out: Record<string, ArtifactData> = {};
    for (const [key, spec] of Object.entries(loaded.plugin.manifest.params)) {
      if (spec.type !== 'string' || spec.format !== 'run-artifact') continue;
      const ref = String(run.config[key] ?? '').trim();
      if (!ref) continue;
      const m = /^(\d+):([^@]+)(?:@(\d+))?$/.exec(ref);
      if (!m) throw new ValidationError([{ field: key, message: `expected <runId>:<artifact>[@step], got "${ref}"` }]);
      const a = readArtifact(this.db, Number(m[1]), m[2], m[3] !== undefined ? Number(m[3]) : undefined);
      out[key] = { rows: a.rows, cols: a.cols, data: a.data, labels: a.labels ?? undefined };
    }
    return out;
  }

  /**
   * Pauses every running run (they checkpoint) and waits for the workers to finish. With
   * `resumeOnNextStart`, the runs it paused go back to the queue, so the next app or server
   * start (which processes the queue) continues them from their checkpoints.
   */
  async close(options: { pauseRunning?: boolean; resumeOnNextStart?: boolean } = {}): Promise<void> {
    this.closed = true;
    const waits: Promise<void>[] = [];
    const paused: number[] = [];
    for (const [runId, a] of this.active) {
      if (options.pauseRunning !== false && !a.stopping) {
        this.stop(a, 'pause');
        paused.push(runId);
      }
      waits.push(a.done);
    }
    await Promise.all(waits);
    if (options.resumeOnNextStart) {
      for (const runId of paused) {
        if (getRun(this.db, runId).status === 'paused') {
          setRunStatus(this.db, runId, 'queued');
          appendLog(this.db, runId, 'info', 'paused because the app quit: it continues from its checkpoint at the next start');
        }
      }
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

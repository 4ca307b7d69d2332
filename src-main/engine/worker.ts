/**
 * Executes one run in a worker thread. The worker owns the run's history, artifacts and
 * checkpoints (its own SQLite connection, batched transactions); the host owns the run's status.
 * A checkpoint and every point logged before it are committed in the same transaction, so after
 * a crash the history can be cut exactly at the checkpoint and continued without gaps or
 * duplicates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../storage/db.ts';
import { SeriesWriter, truncateSeries } from '../storage/series.ts';
import { appendLog, readCheckpoint, truncateArtifacts, writeArtifact, writeCheckpoint } from '../storage/runs.ts';
import { createRunContext, STOP_CANCEL, STOP_NONE, STOP_PAUSE } from './context.ts';
import { DivergenceError } from './errors.ts';
import type { ArtifactData, Config, ModelPlugin } from './plugin-api.ts';
import type { HostMessage, WorkerInit, WorkerMessage } from './worker-protocol.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

/** Milliseconds between history flushes (live charts) and heartbeats (crash detection). */
const FLUSH_MS = 250;
/** Milliseconds between progress messages to the host. */
const PROGRESS_MS = 100;

async function main(): Promise<void> {
  const db = openDatabase(init.dbPath, { migrate: false });
  // Async plugins (awaiting between batches) also receive the stop as a message.
  const controller = new AbortController();
  port.on('message', (m: HostMessage) => {
    if (m.type === 'stop' && !controller.signal.aborted) controller.abort(m.reason);
  });

  let resumeFrom = null;
  if (init.resume) {
    resumeFrom = readCheckpoint(db, init.runId);
    const from = resumeFrom?.step ?? 0;
    // Keep what was logged up to the checkpoint's step; a point the plugin logs again for that
    // step is dropped by the writer, so both loop shapes (log before or after the update) resume exactly.
    const keepUpTo = resumeFrom ? from : -Infinity;
    db.transaction(() => {
      truncateSeries(db, init.runId, keepUpTo);
      truncateArtifacts(db, init.runId, keepUpTo);
      db.prepare('UPDATE runs SET step = ? WHERE id = ?').run(from, init.runId);
    })();
    appendLog(db, init.runId, 'info', resumeFrom ? `resumed from the checkpoint at step ${from}` : 'no checkpoint: restarting from step 0');
  }

  const writer = new SeriesWriter(db, init.runId);
  const started = performance.now();
  const timeOffset = init.elapsed;
  let lastFlush = Date.now();
  let lastProgress = -Infinity;
  /** The run's step: the last logged step (progress may count other units, e.g. batches). */
  let lastStep = (db.prepare("SELECT max(last_step) AS s FROM metric_summary WHERE run_id = ? AND metric <> '_time'").get(init.runId) as { s: number | null }).s ?? 0;
  let lastLogged = -1;
  /** With a progress unit of its own (batches), progress does not move the run's step (epochs). */
  const progressUnit = init.progressUnit !== 'steps';
  const heartbeat = db.prepare('UPDATE runs SET heartbeat_at = ?, owner_pid = ?, step = ?, elapsed = ? WHERE id = ?');

  const stopFlag = new Int32Array(init.stopBuffer);
  const stopRequest = db.prepare('SELECT stop_request AS r FROM runs WHERE id = ?').pluck();
  /**
   * Writes buffered points (unless `written` says a checkpoint just did), beats the heartbeat,
   * tells the host, and picks up a pause or cancel that another process wrote for this run.
   */
  const flush = (written: string[] = writer.flush()) => {
    heartbeat.run(Date.now(), process.pid, lastStep, timeOffset + (performance.now() - started) / 1000, init.runId);
    const request = stopRequest.get(init.runId);
    if (request === 'pause' || request === 'cancel') Atomics.compareExchange(stopFlag, 0, STOP_NONE, request === 'cancel' ? STOP_CANCEL : STOP_PAUSE);
    lastFlush = Date.now();
    if (written.length) post({ type: 'points', metrics: written, lastStep: lastLogged });
  };

  const ctx = createRunContext(
    {
      config: init.config as Config,
      seed: init.seed,
      signal: controller.signal,
      stopFlag,
      resumeFrom,
      inputs: init.inputs as Record<string, ArtifactData>,
      dataDir: init.dataDir,
      checkpointEvery: init.checkpointEvery,
    },
    {
      points(step, metrics) {
        metrics._time = timeOffset + (performance.now() - started) / 1000;
        writer.append(step, metrics);
        lastLogged = step;
        if (step > lastStep) lastStep = step;
        if (Date.now() - lastFlush >= FLUSH_MS || writer.bufferedPoints > 50_000) flush();
      },
      artifact(name, step, matrix) {
        writeArtifact(db, init.runId, name, step, matrix);
      },
      checkpoint(cp) {
        const written = db.transaction(() => {
          const metrics = writer.flushInto();
          writeCheckpoint(db, init.runId, cp);
          return metrics;
        }).immediate();
        flush(written);
      },
      progress(step, total) {
        if (!progressUnit) lastStep = step;
        // A fast plugin calls this millions of times a second: tell the host at most every
        // PROGRESS_MS (and at the end), or its event loop drowns in messages.
        const t = performance.now();
        if (t - lastProgress >= PROGRESS_MS || step >= total) {
          lastProgress = t;
          post({ type: 'progress', step, total });
          if (Date.now() - lastFlush >= FLUSH_MS) flush();
        }
      },
      backend(name, details) {
        db.prepare('UPDATE runs SET backend = ?, backend_details = ? WHERE id = ?').run(name, JSON.stringify(details), init.runId);
        post({ type: 'backend', name, details });
      },
      info(message) {
        post({ type: 'log', line: appendLog(db, init.runId, 'info', message) });
      },
    },
  );

  try {
    const mod = (await import(pathToFileURL(init.pluginEntry).href)) as { default: ModelPlugin };
    await mod.default.run(ctx);
    flush();
    if (ctx.signal.aborted) {
      post({ type: 'done', status: ctx.signal.reason === 'cancel' ? 'cancelled' : 'paused', step: lastStep });
    } else {
      db.prepare('DELETE FROM checkpoints WHERE run_id = ?').run(init.runId);
      post({ type: 'done', status: 'completed', step: lastStep });
    }
  } catch (e) {
    flush();
    const err = e as Error;
    if (err instanceof DivergenceError) {
      post({ type: 'done', status: 'diverged', step: err.step, error: { message: err.message, step: err.step, quantity: err.quantity } });
    } else {
      post({ type: 'done', status: 'failed', step: lastStep, error: { message: err?.message ?? String(e), stack: err?.stack } });
    }
  } finally {
    db.close();
    // The stop listener would keep this thread alive; the host also terminates it on 'done'.
    port.unref();
  }
}

main().catch((e) => {
  post({ type: 'done', status: 'failed', step: 0, error: { message: (e as Error).message, stack: (e as Error).stack } });
});

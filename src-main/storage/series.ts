import type { Db } from './db.ts';

/** Points per stored chunk: 64 KiB of Float64 data per chunk and column. */
export const CHUNK_POINTS = 4096;

interface TailChunk {
  seq: number;
  steps: number[];
  vals: number[];
}

interface SummaryRow {
  count: number;
  firstStep: number;
  lastStep: number;
  lastValue: number;
  minValue: number;
  minStep: number;
}

/** Adds one point (in step order) to a metric's summary; starts one for the first point. */
function summarise(sum: SummaryRow | undefined, step: number, value: number): SummaryRow {
  if (!sum) return { count: 1, firstStep: step, lastStep: step, lastValue: value, minValue: value, minStep: step };
  sum.count++;
  sum.lastStep = step;
  sum.lastValue = value;
  if (value < sum.minValue) {
    sum.minValue = value;
    sum.minStep = step;
  }
  return sum;
}

function toBlob(values: number[]): Buffer {
  const a = Float64Array.from(values);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Decodes a Float64 blob without copying when it is aligned (SQLite blobs usually are not). */
export function fromBlob(blob: Buffer): Float64Array {
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  const copy = new Float64Array(blob.byteLength / 8);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}

/**
 * Appends metric points of one run in batched transactions. Points are buffered in memory and
 * written on `flush()`: the last (open) chunk of each metric is rewritten until it holds
 * CHUNK_POINTS points, then a new chunk starts. Only one writer per run may exist.
 */
export class SeriesWriter {
  private readonly db: Db;
  private readonly runId: number;
  private readonly tails = new Map<string, TailChunk>();
  private readonly summaries = new Map<string, SummaryRow>();
  private readonly pending = new Map<string, { steps: number[]; vals: number[] }>();
  private pendingCount = 0;
  private readonly lastSteps = new Map<string, number>();
  private readonly upsertChunk;
  private readonly upsertSummary;

  constructor(db: Db, runId: number) {
    this.db = db;
    this.runId = runId;
    this.upsertChunk = db.prepare(
      `INSERT INTO metric_chunks (run_id, metric, seq, first_step, last_step, n, vmin, vmax, vlast, steps, vals)
       VALUES (@runId, @metric, @seq, @first, @last, @n, @vmin, @vmax, @vlast, @steps, @vals)
       ON CONFLICT (run_id, metric, seq) DO UPDATE SET first_step = excluded.first_step, last_step = excluded.last_step,
         n = excluded.n, vmin = excluded.vmin, vmax = excluded.vmax, vlast = excluded.vlast, steps = excluded.steps, vals = excluded.vals`,
    );
    this.upsertSummary = db.prepare(
      `INSERT INTO metric_summary (run_id, metric, count, first_step, last_step, last_value, min_value, min_step)
       VALUES (@runId, @metric, @count, @firstStep, @lastStep, @lastValue, @minValue, @minStep)
       ON CONFLICT (run_id, metric) DO UPDATE SET count = excluded.count, first_step = excluded.first_step, last_step = excluded.last_step,
         last_value = excluded.last_value, min_value = excluded.min_value, min_step = excluded.min_step`,
    );
    this.loadTails();
  }

  /** Loads the open tail chunk and the summary of every metric (after a resume). */
  private loadTails(): void {
    const tails = this.db
      .prepare(
        `SELECT c.metric, c.seq, c.n, c.steps, c.vals FROM metric_chunks c
         WHERE c.run_id = ? AND c.seq = (SELECT max(seq) FROM metric_chunks WHERE run_id = c.run_id AND metric = c.metric)`,
      )
      .all(this.runId) as { metric: string; seq: number; n: number; steps: Buffer; vals: Buffer }[];
    for (const t of tails) {
      if (t.n < CHUNK_POINTS) this.tails.set(t.metric, { seq: t.seq, steps: [...fromBlob(t.steps)], vals: [...fromBlob(t.vals)] });
      else this.tails.set(t.metric, { seq: t.seq + 1, steps: [], vals: [] });
    }
    const sums = this.db
      .prepare(`SELECT metric, count, first_step AS firstStep, last_step AS lastStep, last_value AS lastValue, min_value AS minValue, min_step AS minStep FROM metric_summary WHERE run_id = ?`)
      .all(this.runId) as (SummaryRow & { metric: string })[];
    for (const { metric, ...s } of sums) this.summaries.set(metric, s);
  }

  /**
   * Buffers one point per metric at `step`. A point at or before the metric's last stored step
   * is dropped: after a resume a plugin may log the checkpoint's own step again.
   */
  append(step: number, metrics: Record<string, number>): void {
    for (const key in metrics) {
      const last = this.lastSteps.get(key) ?? this.summaries.get(key)?.lastStep;
      if (last !== undefined && step <= last) continue;
      this.lastSteps.set(key, step);
      let p = this.pending.get(key);
      if (!p) this.pending.set(key, (p = { steps: [], vals: [] }));
      p.steps.push(step);
      p.vals.push(metrics[key]);
      this.pendingCount++;
    }
  }

  get bufferedPoints(): number {
    return this.pendingCount;
  }

  /** Writes buffered points. Call inside a transaction to combine with a checkpoint. */
  flushInto(): string[] {
    const written: string[] = [];
    for (const [metric, p] of this.pending) {
      if (p.steps.length === 0) continue;
      written.push(metric);
      let tail = this.tails.get(metric);
      if (!tail) this.tails.set(metric, (tail = { seq: 0, steps: [], vals: [] }));
      let sum = this.summaries.get(metric);
      let i = 0;
      while (i < p.steps.length) {
        const room = CHUNK_POINTS - tail.steps.length;
        const take = Math.min(room, p.steps.length - i);
        for (let j = 0; j < take; j++) {
          const s = p.steps[i + j];
          const v = p.vals[i + j];
          tail.steps.push(s);
          tail.vals.push(v);
          sum = summarise(sum, s, v);
        }
        i += take;
        this.writeChunk(metric, tail);
        if (tail.steps.length >= CHUNK_POINTS) {
          tail = { seq: tail.seq + 1, steps: [], vals: [] };
          this.tails.set(metric, tail);
        }
      }
      if (sum) {
        this.summaries.set(metric, sum);
        this.upsertSummary.run({ runId: this.runId, metric, ...sum });
      }
    }
    this.pending.clear();
    this.pendingCount = 0;
    return written;
  }

  /** Writes buffered points in one transaction; returns the metrics written. */
  flush(): string[] {
    if (this.pendingCount === 0) return [];
    return this.db.transaction(() => this.flushInto()).immediate();
  }

  private writeChunk(metric: string, tail: TailChunk): void {
    let vmin = Infinity;
    let vmax = -Infinity;
    for (const v of tail.vals) {
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
    this.upsertChunk.run({
      runId: this.runId,
      metric,
      seq: tail.seq,
      first: tail.steps[0],
      last: tail.steps[tail.steps.length - 1],
      n: tail.steps.length,
      vmin,
      vmax,
      vlast: tail.vals[tail.vals.length - 1],
      steps: toBlob(tail.steps),
      vals: toBlob(tail.vals),
    });
  }
}

/**
 * Deletes every point with step > `afterStep` (history after a checkpoint, before a resume),
 * rewriting the boundary chunks and the summaries. Returns the number of points removed.
 */
export function truncateSeries(db: Db, runId: number, afterStep: number): number {
  let removed = 0;
  db.transaction(() => {
    const chunks = db
      .prepare('SELECT metric, seq, first_step, n, steps, vals FROM metric_chunks WHERE run_id = ? AND last_step > ?')
      .all(runId, afterStep) as { metric: string; seq: number; first_step: number; n: number; steps: Buffer; vals: Buffer }[];
    const del = db.prepare('DELETE FROM metric_chunks WHERE run_id = ? AND metric = ? AND seq = ?');
    const upd = db.prepare('UPDATE metric_chunks SET last_step = ?, n = ?, vmin = ?, vmax = ?, vlast = ?, steps = ?, vals = ? WHERE run_id = ? AND metric = ? AND seq = ?');
    const touched = new Set<string>();
    for (const c of chunks) {
      touched.add(c.metric);
      if (c.first_step > afterStep) {
        del.run(runId, c.metric, c.seq);
        removed += c.n;
        continue;
      }
      const steps = fromBlob(c.steps);
      const vals = fromBlob(c.vals);
      let keep = 0;
      while (keep < steps.length && steps[keep] <= afterStep) keep++;
      removed += c.n - keep;
      const ks = [...steps.subarray(0, keep)];
      const kv = [...vals.subarray(0, keep)];
      upd.run(ks[keep - 1], keep, Math.min(...kv), Math.max(...kv), kv[keep - 1], toBlob(ks), toBlob(kv), runId, c.metric, c.seq);
    }
    for (const metric of touched) recomputeSummary(db, runId, metric);
  })();
  return removed;
}

/** Rebuilds one metric's summary row from its chunks (after a truncation). */
function recomputeSummary(db: Db, runId: number, metric: string): void {
  const chunks = db.prepare('SELECT steps, vals FROM metric_chunks WHERE run_id = ? AND metric = ? ORDER BY seq').all(runId, metric) as { steps: Buffer; vals: Buffer }[];
  db.prepare('DELETE FROM metric_summary WHERE run_id = ? AND metric = ?').run(runId, metric);
  let s: SummaryRow | undefined;
  for (const c of chunks) {
    const steps = fromBlob(c.steps);
    const vals = fromBlob(c.vals);
    for (let i = 0; i < steps.length; i++) s = summarise(s, steps[i], vals[i]);
  }
  if (s) {
    db.prepare(
      'INSERT INTO metric_summary (run_id, metric, count, first_step, last_step, last_value, min_value, min_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(runId, metric, s.count, s.firstStep, s.lastStep, s.lastValue, s.minValue, s.minStep);
  }
}

export interface SeriesQuery {
  from?: number;
  to?: number;
  maxPoints?: number;
  bucketing?: 'lin' | 'log';
}

/** Exact statistics of every point in a queried range (not of the buckets). */
export interface RangeStats {
  firstStep: number;
  first: number;
  lastStep: number;
  last: number;
  minStep: number;
  min: number;
  maxStep: number;
  max: number;
}

export interface SeriesResult {
  total: number;
  totalAll: number;
  /** Exact first / last / min / max (with their steps) over the range; null when it is empty. */
  stats: RangeStats | null;
  steps: Float64Array;
  last: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/**
 * Downsampled read of one metric over a step range: at most `maxPoints` buckets (equal width in
 * step, or in log(1+step)), each giving the step and value of its last point and the bucket's
 * min and max, so spikes survive downsampling. The newest point in the range is always the
 * last returned point. A narrower range (zoom) returns finer buckets.
 */
export function querySeries(db: Db, runId: number, metric: string, q: SeriesQuery = {}): SeriesResult {
  const maxPoints = q.maxPoints ?? 2000;
  const summary = db.prepare('SELECT count, first_step, last_step FROM metric_summary WHERE run_id = ? AND metric = ?').get(runId, metric) as
    | { count: number; first_step: number; last_step: number }
    | undefined;
  const empty = { total: 0, totalAll: summary?.count ?? 0, stats: null, steps: new Float64Array(0), last: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0) };
  if (!summary) return empty;
  const from = q.from ?? summary.first_step;
  const to = q.to ?? summary.last_step;
  if (to < from) return empty;
  const chunks = db
    .prepare('SELECT n, first_step, last_step, steps, vals FROM metric_chunks WHERE run_id = ? AND metric = ? AND last_step >= ? AND first_step <= ? ORDER BY seq')
    .all(runId, metric, from, to) as { n: number; first_step: number; last_step: number; steps: Buffer; vals: Buffer }[];

  const log = q.bucketing === 'log';
  const f = log ? (s: number) => Math.log1p(Math.max(0, s)) : (s: number) => s;
  const lo = f(from);
  const width = (f(to) - lo) / maxPoints || 1;
  const outSteps = new Float64Array(maxPoints);
  const outLast = new Float64Array(maxPoints);
  const outMin = new Float64Array(maxPoints);
  const outMax = new Float64Array(maxPoints);
  let count = 0;
  let total = 0;
  let bucket = -1;
  const stats: RangeStats = { firstStep: NaN, first: NaN, lastStep: NaN, last: NaN, minStep: NaN, min: Infinity, maxStep: NaN, max: -Infinity };
  for (const c of chunks) {
    const steps = fromBlob(c.steps);
    const vals = fromBlob(c.vals);
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (s < from || s > to) continue;
      total++;
      const v = vals[i];
      if (total === 1) (stats.firstStep = s), (stats.first = v);
      if (v < stats.min) (stats.min = v), (stats.minStep = s);
      if (v > stats.max) (stats.max = v), (stats.maxStep = s);
      const b = Math.min(maxPoints - 1, Math.floor((f(s) - lo) / width));
      if (b !== bucket) {
        bucket = b;
        outMin[count] = v;
        outMax[count] = v;
        count++;
      } else {
        if (v < outMin[count - 1]) outMin[count - 1] = v;
        if (v > outMax[count - 1]) outMax[count - 1] = v;
      }
      outSteps[count - 1] = s;
      outLast[count - 1] = v;
    }
  }
  if (count > 0) (stats.lastStep = outSteps[count - 1]), (stats.last = outLast[count - 1]);
  return {
    total,
    totalAll: summary.count,
    stats: count > 0 ? stats : null,
    steps: outSteps.slice(0, count),
    last: outLast.slice(0, count),
    min: outMin.slice(0, count),
    max: outMax.slice(0, count),
  };
}

/** Every point of one metric, in step order. */
export function readAllPoints(db: Db, runId: number, metric: string): { steps: Float64Array; values: Float64Array } {
  return readPointsInRange(db, runId, metric, -Infinity, Infinity);
}

/** The points of the chunks overlapping [from, to] (a superset of the range, in step order). */
export function readPointsInRange(db: Db, runId: number, metric: string, from: number, to: number): { steps: Float64Array; values: Float64Array } {
  const chunks = db
    .prepare('SELECT steps, vals, n FROM metric_chunks WHERE run_id = ? AND metric = ? AND last_step >= ? AND first_step <= ? ORDER BY seq')
    .all(runId, metric, from, to) as { steps: Buffer; vals: Buffer; n: number }[];
  const n = chunks.reduce((a, c) => a + c.n, 0);
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  let o = 0;
  for (const c of chunks) {
    steps.set(fromBlob(c.steps), o);
    values.set(fromBlob(c.vals), o);
    o += c.n;
  }
  return { steps, values };
}

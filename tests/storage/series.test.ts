import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/storage/db.ts';
import type { Db } from '../../src-main/storage/db.ts';
import { CHUNK_POINTS, SeriesWriter, querySeries, readAllPoints, truncateSeries } from '../../src-main/storage/series.ts';
import { createProject, insertRun } from '../../src-main/storage/runs.ts';
import { tempDir } from '../helpers/service.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function freshRun(): { db: Db; runId: number } {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(path.join(dir, 's.sqlite'));
  cleanups.push(() => (db.close(), cleanup()));
  const p = createProject(db, 'p');
  const runId = insertRun(db, { projectId: p.id, name: 'r', plugin: 'x', pluginVersion: '1.0.0', appVersion: '0', preset: null, config: {}, seed: 0, status: 'running', totalSteps: null, tags: [], notes: '', theory: [] });
  return { db, runId };
}

/** A deterministic signal with one spike, so min/max per bucket can be checked. */
const value = (s: number) => (s === 777_777 ? -50 : Math.sin(s / 1000) + s * 1e-6);

function writeSeries(db: Db, runId: number, n: number, flushEvery = 10_000): void {
  const w = new SeriesWriter(db, runId);
  for (let s = 0; s < n; s++) {
    w.append(s, { y: value(s) });
    if ((s + 1) % flushEvery === 0) w.flush();
  }
  w.flush();
}

describe('chunked metric histories', () => {
  it('stores 10^6 points in chunks and reads every one back', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 1_000_000);
    const chunks = db.prepare('SELECT count(*) AS n, sum(n) AS pts FROM metric_chunks WHERE run_id = ?').get(runId) as { n: number; pts: number };
    expect(chunks.pts).toBe(1_000_000);
    expect(chunks.n).toBe(Math.ceil(1_000_000 / CHUNK_POINTS));
    const all = readAllPoints(db, runId, 'y');
    expect(all.steps.length).toBe(1_000_000);
    for (const s of [0, 1, 4095, 4096, 777_777, 999_999]) expect(all.values[s]).toBe(value(s));
  });

  it('downsamples a range to at most N buckets of min, max and last, always keeping the newest point', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 1_000_000);
    const q = querySeries(db, runId, 'y', { maxPoints: 1000 });
    expect(q.total).toBe(1_000_000);
    expect(q.totalAll).toBe(1_000_000);
    expect(q.steps.length).toBe(1000);
    expect(q.steps.at(-1)).toBe(999_999);
    expect(q.last.at(-1)).toBe(value(999_999));
    // The single-point spike survives as a bucket minimum.
    expect(Math.min(...q.min)).toBe(-50);
    for (let i = 0; i < q.steps.length; i++) {
      expect(q.min[i]).toBeLessThanOrEqual(q.last[i]);
      expect(q.max[i]).toBeGreaterThanOrEqual(q.last[i]);
    }
    // Bucket i covers [i*1000, (i+1)*1000): its last point is the bucket's end.
    expect(q.steps[5]).toBe(5999);
    expect(q.max[5]).toBe(Math.max(...Array.from({ length: 1000 }, (_, k) => value(5000 + k))));
  });

  it('gives the exact first, last, min and max of the range with their steps, whatever the bucketing', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 1_000_000);
    const q = querySeries(db, runId, 'y', { from: 700_001, to: 900_000, maxPoints: 100 });
    expect(q.stats).toEqual({
      firstStep: 700_001, first: value(700_001),
      lastStep: 900_000, last: value(900_000),
      minStep: 777_777, min: -50,
      maxStep: expect.any(Number), max: Array.from({ length: 200_000 }, (_, k) => value(700_001 + k)).reduce((a, b) => Math.max(a, b)),
    });
    expect(value(q.stats!.maxStep)).toBe(q.stats!.max);
    expect(querySeries(db, runId, 'y', { from: 2e6, to: 3e6 }).stats).toBeNull();
  });

  it('gives more detail when zooming in, and every point when the range is small enough', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 200_000);
    const wide = querySeries(db, runId, 'y', { maxPoints: 500 });
    const zoom = querySeries(db, runId, 'y', { from: 10_000, to: 12_000, maxPoints: 500 });
    expect(wide.steps.filter((s) => s >= 10_000 && s <= 12_000).length).toBeLessThan(10);
    expect(zoom.steps.length).toBe(500);
    expect(zoom.total).toBe(2001);
    const exact = querySeries(db, runId, 'y', { from: 10_000, to: 10_099, maxPoints: 500 });
    expect(exact.steps.length).toBe(100);
    expect([...exact.last]).toEqual(Array.from({ length: 100 }, (_, k) => value(10_000 + k)));
  });

  it('log bucketing keeps early steps of a long run visible', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 100_000);
    const lin = querySeries(db, runId, 'y', { maxPoints: 100 });
    const log = querySeries(db, runId, 'y', { maxPoints: 100, bucketing: 'log' });
    expect(lin.steps.filter((s) => s < 100).length).toBeLessThanOrEqual(1);
    expect(log.steps.filter((s) => s < 100).length).toBeGreaterThan(20);
    expect(log.steps.at(-1)).toBe(99_999);
  });

  it('cuts history after a checkpoint step and continues appending without gaps or duplicates', () => {
    const { db, runId } = freshRun();
    writeSeries(db, runId, 10_000);
    const removed = truncateSeries(db, runId, 5000);
    expect(removed).toBe(4999);
    const w = new SeriesWriter(db, runId);
    for (let s = 5000; s < 10_000; s++) w.append(s, { y: value(s) }); // step 5000 logged again: dropped
    w.flush();
    const all = readAllPoints(db, runId, 'y');
    expect([...all.steps]).toEqual(Array.from({ length: 10_000 }, (_, k) => k));
    const sum = db.prepare('SELECT count, last_step, min_value FROM metric_summary WHERE run_id = ?').get(runId) as { count: number; last_step: number; min_value: number };
    expect(sum.count).toBe(10_000);
    expect(sum.last_step).toBe(9999);
  });
});

/**
 * History storage: writing 10^6 points of one metric through the SeriesWriter (batched
 * transactions, chunked blobs) and downsampled range queries over them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src-main/storage/db.ts';
import { SeriesWriter, querySeries } from '../src-main/storage/series.ts';
import { createProject, insertRun } from '../src-main/storage/runs.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nclab-bench-'));
const db = openDatabase(path.join(dir, 'bench.sqlite'));
const p = createProject(db, 'bench');
const newRun = () => insertRun(db, { projectId: p.id, name: 'b', plugin: 'x', pluginVersion: '1', appVersion: '0', preset: null, config: {}, seed: 0, status: 'running', totalSteps: null, tags: [], notes: '', theory: [] });

const rows: [string, string][] = [];
const N = 1_000_000;

for (const flushEvery of [N, 10_000, 1_000]) {
  const runId = newRun();
  const w = new SeriesWriter(db, runId);
  const t0 = performance.now();
  for (let s = 0; s < N; s++) {
    w.append(s, { loss: Math.exp(-s / 1e5) + 1e-3 * Math.sin(s) });
    if ((s + 1) % flushEvery === 0) w.flush();
  }
  w.flush();
  const ms = performance.now() - t0;
  rows.push([`write 1e6 points, flush every ${flushEvery.toLocaleString('en')}`, `${ms.toFixed(0)} ms (${((N / ms) * 1000 / 1e6).toFixed(2)} M points/s)`]);
}

const runId = newRun();
const w = new SeriesWriter(db, runId);
for (let s = 0; s < N; s++) w.append(s, { loss: Math.exp(-s / 1e5) });
w.flush();

function time(label: string, f: () => unknown, reps = 20): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  rows.push([label, `${((performance.now() - t0) / reps).toFixed(2)} ms`]);
}
time('query full range, 1000 buckets', () => querySeries(db, runId, 'loss', { maxPoints: 1000 }));
time('query full range, 1000 log buckets', () => querySeries(db, runId, 'loss', { maxPoints: 1000, bucketing: 'log' }));
time('query 10% range (zoom), 1000 buckets', () => querySeries(db, runId, 'loss', { from: 450_000, to: 550_000, maxPoints: 1000 }));
time('query 0.1% range (deep zoom), 1000 buckets', () => querySeries(db, runId, 'loss', { from: 500_000, to: 501_000, maxPoints: 1000 }));
const size = fs.statSync(path.join(dir, 'bench.sqlite')).size + (fs.existsSync(path.join(dir, 'bench.sqlite-wal')) ? fs.statSync(path.join(dir, 'bench.sqlite-wal')).size : 0);
rows.push(['database size for 4 x 1e6 points', `${(size / 2 ** 20).toFixed(1)} MiB`]);

db.close();
fs.rmSync(dir, { recursive: true, force: true });
const width = Math.max(...rows.map((r) => r[0].length));
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);

import v8 from 'node:v8';
import type { Db } from './db.ts';
import { now } from './db.ts';
import { fromBlob } from './series.ts';
import type { Artifact, ArtifactInfo, LogLine, Project, Run, RunStatus, Sweep } from '../service/contract.ts';
import type { ArtifactData, Checkpoint, CheckpointState, Config, TheoryValue } from '../engine/plugin-api.ts';
import { NotFoundError } from '../engine/errors.ts';

/** Row access for projects, runs, sweeps, artifacts, checkpoints and run logs. */

interface RunRow {
  id: number;
  project_id: number;
  sweep_id: number | null;
  name: string;
  plugin: string;
  plugin_version: string;
  app_version: string;
  preset: string | null;
  config: string;
  seed: number;
  status: RunStatus;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  elapsed: number;
  step: number;
  total_steps: number | null;
  tags: string;
  notes: string;
  color: string | null;
  backend: string | null;
  backend_details: string;
  theory: string;
}

export const DEFAULT_PROJECT = 'Default';

// ---- projects ----

export function listProjects(db: Db, includeArchived = false): Project[] {
  const rows = db.prepare(`SELECT * FROM projects ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY id`).all() as {
    id: number; name: string; description: string; archived: number; created_at: string;
  }[];
  const counts = db.prepare('SELECT project_id, status, count(*) AS n FROM runs GROUP BY project_id, status').all() as { project_id: number; status: RunStatus; n: number }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    archived: r.archived === 1,
    createdAt: r.created_at,
    counts: Object.fromEntries(counts.filter((c) => c.project_id === r.id).map((c) => [c.status, c.n])),
  }));
}

export function getProject(db: Db, id: number): Project {
  const p = listProjects(db, true).find((x) => x.id === id);
  if (!p) throw new NotFoundError(`project ${id}`);
  return p;
}

export function createProject(db: Db, name: string, description = ''): Project {
  const info = db.prepare('INSERT INTO projects (name, description, created_at) VALUES (?, ?, ?)').run(name, description, now());
  return getProject(db, Number(info.lastInsertRowid));
}

/** The project with this name, created if it does not exist (CLI `--project NAME`). */
export function ensureProject(db: Db, name: string): Project {
  const row = db.prepare('SELECT id FROM projects WHERE name = ?').get(name) as { id: number } | undefined;
  return row ? getProject(db, row.id) : createProject(db, name);
}

export function updateProject(db: Db, id: number, patch: { name?: string; description?: string; archived?: boolean }): Project {
  getProject(db, id);
  if (patch.name !== undefined) db.prepare('UPDATE projects SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.description !== undefined) db.prepare('UPDATE projects SET description = ? WHERE id = ?').run(patch.description, id);
  if (patch.archived !== undefined) db.prepare('UPDATE projects SET archived = ? WHERE id = ?').run(patch.archived ? 1 : 0, id);
  return getProject(db, id);
}

export function deleteProject(db: Db, id: number): number {
  return db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes;
}

// ---- runs ----

export interface NewRun {
  projectId: number;
  sweepId?: number | null;
  name: string;
  plugin: string;
  pluginVersion: string;
  appVersion: string;
  preset: string | null;
  config: Config;
  seed: number;
  status: RunStatus;
  totalSteps: number | null;
  tags: string[];
  notes: string;
  theory: TheoryValue[];
}

export function insertRun(db: Db, r: NewRun): number {
  const info = db
    .prepare(
      `INSERT INTO runs (project_id, sweep_id, name, plugin, plugin_version, app_version, preset, config, seed, status, created_at, total_steps, tags, notes, theory)
       VALUES (@projectId, @sweepId, @name, @plugin, @pluginVersion, @appVersion, @preset, @config, @seed, @status, @createdAt, @totalSteps, @tags, @notes, @theory)`,
    )
    .run({
      ...r,
      sweepId: r.sweepId ?? null,
      config: JSON.stringify(r.config),
      tags: JSON.stringify(r.tags),
      theory: JSON.stringify(r.theory),
      createdAt: now(),
    });
  return Number(info.lastInsertRowid);
}

function summaries(db: Db, ids: number[]): Map<number, { final: Run['final']; min: Run['min'] }> {
  const out = new Map<number, { final: Run['final']; min: Run['min'] }>();
  if (ids.length === 0) return out;
  const rows = db
    .prepare(`SELECT run_id, metric, last_value, min_value, min_step FROM metric_summary WHERE run_id IN (${ids.map(() => '?').join(',')}) AND metric NOT LIKE '\\_%' ESCAPE '\\'`)
    .all(...ids) as { run_id: number; metric: string; last_value: number; min_value: number; min_step: number }[];
  for (const r of rows) {
    let s = out.get(r.run_id);
    if (!s) out.set(r.run_id, (s = { final: {}, min: {} }));
    s.final[r.metric] = r.last_value;
    s.min[r.metric] = { value: r.min_value, step: r.min_step };
  }
  return out;
}

function toRun(r: RunRow, s: { final: Run['final']; min: Run['min'] } | undefined): Run {
  return {
    id: r.id,
    projectId: r.project_id,
    sweepId: r.sweep_id,
    name: r.name,
    plugin: r.plugin,
    pluginVersion: r.plugin_version,
    appVersion: r.app_version,
    preset: r.preset,
    config: JSON.parse(r.config),
    seed: r.seed,
    status: r.status,
    error: r.error ? JSON.parse(r.error) : null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    elapsed: r.elapsed,
    step: r.step,
    totalSteps: r.total_steps,
    tags: JSON.parse(r.tags),
    notes: r.notes,
    color: r.color,
    backend: r.backend,
    backendDetails: JSON.parse(r.backend_details),
    theory: JSON.parse(r.theory),
    final: s?.final ?? {},
    min: s?.min ?? {},
    progress: null,
  };
}

export function getRun(db: Db, id: number): Run {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!r) throw new NotFoundError(`run ${id}`);
  return toRun(r, summaries(db, [id]).get(id));
}

export interface RunFilter {
  projectId?: number;
  plugin?: string;
  status?: RunStatus[];
  tag?: string;
  text?: string;
  sweepId?: number;
  params?: Record<string, { min?: number; max?: number; eq?: number | boolean | string }>;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

/** Filters in SQL where it is cheap (project, plugin, status, sweep), the rest on the rows. */
export function listRuns(db: Db, f: RunFilter = {}): Run[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.projectId !== undefined) (where.push('project_id = ?'), args.push(f.projectId));
  if (f.plugin !== undefined) (where.push('plugin = ?'), args.push(f.plugin));
  if (f.sweepId !== undefined) (where.push('sweep_id = ?'), args.push(f.sweepId));
  if (f.status?.length) (where.push(`status IN (${f.status.map(() => '?').join(',')})`), args.push(...f.status));
  const rows = db.prepare(`SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`).all(...args) as RunRow[];
  const sums = summaries(db, rows.map((r) => r.id));
  let runs = rows.map((r) => toRun(r, sums.get(r.id)));
  if (f.tag) runs = runs.filter((r) => r.tags.includes(f.tag!));
  if (f.text) {
    const t = f.text.toLowerCase();
    runs = runs.filter((r) => [r.name, r.notes, r.plugin, r.preset ?? '', ...r.tags, String(r.id)].some((x) => x.toLowerCase().includes(t)));
  }
  for (const [key, range] of Object.entries(f.params ?? {})) {
    runs = runs.filter((r) => {
      const v = r.config[key];
      if (v === undefined) return false;
      if (range.eq !== undefined && v !== range.eq) return false;
      if (range.min !== undefined && !(typeof v === 'number' && v >= range.min)) return false;
      if (range.max !== undefined && !(typeof v === 'number' && v <= range.max)) return false;
      return true;
    });
  }
  if (f.sort) {
    const key = f.sort;
    const get = (r: Run): number | string | null => {
      if (key.startsWith('final.')) return r.final[key.slice(6)] ?? null;
      if (key.startsWith('min.')) return r.min[key.slice(4)]?.value ?? null;
      if (key.startsWith('config.')) {
        const v = r.config[key.slice(7)];
        return v === undefined ? null : typeof v === 'boolean' ? Number(v) : v;
      }
      const v = (r as unknown as Record<string, unknown>)[key];
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    };
    const dir = f.order === 'desc' ? -1 : 1;
    runs.sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === null) return y === null ? 0 : 1; // missing values last
      if (y === null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  } else if (f.order === 'desc') runs.reverse();
  return f.limit ? runs.slice(0, f.limit) : runs;
}

export function setRunStatus(db: Db, id: number, status: RunStatus, extra: { error?: Run['error']; finished?: boolean } = {}): void {
  const sets = ['status = @status'];
  if (extra.error !== undefined) sets.push('error = @error');
  if (extra.finished) sets.push('finished_at = @now');
  db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run({ id, status, error: extra.error ? JSON.stringify(extra.error) : null, now: now() });
}

export function updateRunMeta(db: Db, id: number, patch: { name?: string; tags?: string[]; notes?: string; color?: string | null }): void {
  getRun(db, id);
  if (patch.name !== undefined) db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.tags !== undefined) db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify(patch.tags), id);
  if (patch.notes !== undefined) db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
  if (patch.color !== undefined) db.prepare('UPDATE runs SET color = ? WHERE id = ?').run(patch.color, id);
}

export function deleteRun(db: Db, id: number): number {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes;
}

// ---- checkpoints: v8 structured serialisation keeps typed arrays exact ----

export function writeCheckpoint(db: Db, runId: number, cp: Checkpoint): void {
  db.prepare(
    'INSERT INTO checkpoints (run_id, step, state, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET step = excluded.step, state = excluded.state, created_at = excluded.created_at',
  ).run(runId, cp.step, v8.serialize(cp.state), now());
}

export function readCheckpoint(db: Db, runId: number): Checkpoint | null {
  const row = db.prepare('SELECT step, state FROM checkpoints WHERE run_id = ?').get(runId) as { step: number; state: Buffer } | undefined;
  return row ? { step: row.step, state: v8.deserialize(row.state) as CheckpointState } : null;
}

export function deleteCheckpoint(db: Db, runId: number): void {
  db.prepare('DELETE FROM checkpoints WHERE run_id = ?').run(runId);
}

// ---- artifacts ----

export function writeArtifact(db: Db, runId: number, name: string, step: number, m: ArtifactData): void {
  db.prepare(
    'INSERT INTO artifacts (run_id, name, step, rows, cols, data, labels) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, name, step) DO UPDATE SET rows = excluded.rows, cols = excluded.cols, data = excluded.data, labels = excluded.labels',
  ).run(
    runId,
    name,
    step,
    m.rows,
    m.cols,
    Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength),
    m.labels ? Buffer.from(m.labels.buffer, m.labels.byteOffset, m.labels.byteLength) : null,
  );
}

export function listArtifacts(db: Db, runId: number): ArtifactInfo[] {
  const rows = db.prepare('SELECT name, step, rows, cols, labels IS NOT NULL AS has_labels FROM artifacts WHERE run_id = ? ORDER BY name, step').all(runId) as {
    name: string; step: number; rows: number; cols: number; has_labels: number;
  }[];
  const out = new Map<string, ArtifactInfo>();
  for (const r of rows) {
    let a = out.get(r.name);
    if (!a) out.set(r.name, (a = { name: r.name, steps: [], rows: r.rows, cols: r.cols, hasLabels: r.has_labels === 1 }));
    a.steps.push(r.step);
    a.rows = r.rows;
    a.cols = r.cols;
  }
  return [...out.values()];
}

/** One artifact at `step`, or at the latest step not after it (the scrubber's semantics). */
export function readArtifact(db: Db, runId: number, name: string, step?: number): Artifact {
  const row = (
    step === undefined
      ? db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1').get(runId, name)
      : db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND name = ? AND step <= ? ORDER BY step DESC LIMIT 1').get(runId, name, step)
  ) as { step: number; rows: number; cols: number; data: Buffer; labels: Buffer | null } | undefined;
  if (!row) throw new NotFoundError(`artifact "${name}" of run ${runId}${step !== undefined ? ` at step <= ${step}` : ''}`);
  let labels: Int32Array | null = null;
  if (row.labels) {
    labels = new Int32Array(row.labels.byteLength / 4);
    new Uint8Array(labels.buffer).set(row.labels);
  }
  return { runId, name, step: row.step, rows: row.rows, cols: row.cols, data: Float64Array.from(fromBlob(row.data)), labels };
}

/** Deletes the artifacts written after a checkpoint (step > afterStep). */
export function truncateArtifacts(db: Db, runId: number, afterStep: number): void {
  db.prepare('DELETE FROM artifacts WHERE run_id = ? AND step > ?').run(runId, afterStep);
}

// ---- logs ----

export function appendLog(db: Db, runId: number, level: LogLine['level'], message: string): LogLine {
  const at = now();
  db.prepare('INSERT INTO run_logs (run_id, at, level, message) VALUES (?, ?, ?, ?)').run(runId, at, level, message);
  return { at, level, message };
}

export function readLogs(db: Db, runId: number, limit = 1000): LogLine[] {
  const rows = db.prepare('SELECT at, level, message FROM run_logs WHERE run_id = ? ORDER BY id DESC LIMIT ?').all(runId, limit) as LogLine[];
  return rows.reverse();
}

// ---- sweeps ----

export function insertSweep(db: Db, s: { projectId: number; name: string; plugin: string; preset: string | null; base: Config; grid: Record<string, (number | boolean | string)[]> }): number {
  const info = db
    .prepare('INSERT INTO sweeps (project_id, name, plugin, preset, base, grid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(s.projectId, s.name, s.plugin, s.preset, JSON.stringify(s.base), JSON.stringify(s.grid), now());
  return Number(info.lastInsertRowid);
}

export function getSweep(db: Db, id: number): Sweep {
  const r = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as
    | { id: number; project_id: number; name: string; plugin: string; preset: string | null; base: string; grid: string; created_at: string }
    | undefined;
  if (!r) throw new NotFoundError(`sweep ${id}`);
  const runIds = (db.prepare('SELECT id FROM runs WHERE sweep_id = ? ORDER BY id').all(id) as { id: number }[]).map((x) => x.id);
  return { id: r.id, projectId: r.project_id, name: r.name, plugin: r.plugin, preset: r.preset, base: JSON.parse(r.base), grid: JSON.parse(r.grid), runIds, createdAt: r.created_at };
}

export function listSweeps(db: Db, projectId?: number): Sweep[] {
  const ids = (projectId === undefined
    ? db.prepare('SELECT id FROM sweeps ORDER BY id').all()
    : db.prepare('SELECT id FROM sweeps WHERE project_id = ? ORDER BY id').all(projectId)) as { id: number }[];
  return ids.map((x) => getSweep(db, x.id));
}

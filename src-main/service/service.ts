import path from 'node:path';
import { openDatabase } from '../storage/db.ts';
import type { Db } from '../storage/db.ts';
import * as store from '../storage/runs.ts';
import { querySeries, readAllPoints, readPointsInRange } from '../storage/series.ts';
import { Engine } from '../engine/engine.ts';
import { PluginRegistry } from '../engine/registry.ts';
import type { LoadedPlugin } from '../engine/registry.ts';
import { APP_VERSION, builtinPluginsDir, defaultDataDir } from '../engine/paths.ts';
import { checkConfig, isVisible, validateConfig, visibilityCondition } from '../engine/validate.ts';
import { ValidationError } from '../engine/errors.ts';
import { Xoshiro128 } from '../engine/rng.ts';
import type { Config, ParamValue, PresetSpec } from '../engine/plugin-api.ts';
import type { EngineEvent, InputOf, NcLabApi, Operation, OutputOf, Run } from './contract.ts';

export interface ServiceOptions {
  dbPath: string;
  userPluginsDir?: string;
  dataDir?: string;
  concurrency?: number;
  /** Start queued runs and mark crashed ones interrupted (the app and the server: yes; CLI queries: no). */
  processQueue?: boolean;
  checkpointEvery?: number;
  /** Built-in plugins and worker script, when not the ones beside this module (tests of the bundle). */
  builtinPluginsDir?: string;
  workerEntry?: URL;
}

type Handlers = { [Op in Operation]: (input: InputOf<Op>) => Promise<OutputOf<Op>> };

/** The service API implemented over the engine and the database. */
export type Service = NcLabApi & {
  readonly db: Db;
  readonly engine: Engine;
  readonly registry: PluginRegistry;
  readonly dbPath: string;
  close(options?: { pauseRunning?: boolean; resumeOnNextStart?: boolean }): Promise<void>;
};

/**
 * Opens the database, discovers plugins and starts the engine. Inputs are assumed validated
 * against the contract (see dispatch.ts); the CLI calls these methods directly with typed input.
 */
export async function createService(opts: ServiceOptions): Promise<Service> {
  const dbPath = path.resolve(opts.dbPath);
  const db = openDatabase(dbPath);
  const dirs: { dir: string; source: 'builtin' | 'user' }[] = [{ dir: opts.builtinPluginsDir ?? builtinPluginsDir(), source: 'builtin' }];
  if (opts.userPluginsDir) dirs.push({ dir: opts.userPluginsDir, source: 'user' });
  const registry = await PluginRegistry.load(dirs);
  const engine = new Engine({
    db,
    dbPath,
    registry,
    dataDir: opts.dataDir ?? defaultDataDir(),
    concurrency: opts.concurrency,
    workerEntry: opts.workerEntry,
    checkpointEvery: opts.checkpointEvery ?? (Number(process.env.NCLAB_CHECKPOINT_EVERY) || undefined),
  });
  if (opts.processQueue) {
    engine.recoverInterrupted();
    engine.requeuePending();
  }

  const plugin = (id: string): LoadedPlugin => {
    const p = registry.get(id);
    if (!p) {
      const failed = registry.errors.find((e) => e.id === id);
      throw new ValidationError([{ field: 'plugin', message: failed ? `plugin "${id}" failed to load: ${failed.message}` : `unknown plugin "${id}" (available: ${[...registry.plugins.keys()].join(', ')})` }]);
    }
    return p;
  };
  const preset = (p: LoadedPlugin, name: string | undefined): PresetSpec | null => {
    if (name === undefined) return null;
    const found = p.plugin.manifest.presets.find((x) => x.name === name);
    if (!found) throw new ValidationError([{ field: 'preset', message: `unknown preset "${name}" for ${p.plugin.manifest.id} (available: ${p.plugin.manifest.presets.map((x) => x.name).join(', ')})` }]);
    return found;
  };
  const projectId = (id: number | undefined): number => {
    if (id !== undefined) return store.getProject(db, id).id;
    return store.ensureProject(db, store.DEFAULT_PROJECT).id;
  };
  const decorate = (r: Run) => engine.decorate(r);

  /** Inserts one validated run row. */
  const insert = (p: LoadedPlugin, config: Config, o: { projectId: number; seed?: number; name?: string; tags?: string[]; notes?: string; preset: string | null; sweepId?: number }): number => {
    const m = p.plugin.manifest;
    const seedFromConfig = typeof config.seed === 'number' ? config.seed : undefined;
    const seed = o.seed ?? seedFromConfig ?? 0;
    if ('seed' in m.params) config = { ...config, seed };
    let theory: ReturnType<NonNullable<typeof p.plugin.theory>> = [];
    let theoryError: string | null = null;
    try {
      theory = p.plugin.theory?.(config) ?? [];
    } catch (e) {
      theoryError = (e as Error).message;
    }
    const totalSteps = m.stepsParam && typeof config[m.stepsParam] === 'number' ? (config[m.stepsParam] as number) : null;
    const id = store.insertRun(db, {
      projectId: o.projectId,
      sweepId: o.sweepId ?? null,
      name: o.name ?? (o.preset ? `${m.id} ${o.preset}` : m.id),
      plugin: m.id,
      pluginVersion: m.version,
      appVersion: APP_VERSION,
      preset: o.preset,
      config,
      seed,
      status: 'paused',
      totalSteps,
      tags: o.tags ?? [],
      notes: o.notes ?? '',
      theory: theory.filter((t) => Number.isFinite(t.value)),
    });
    if (theoryError) store.appendLog(db, id, 'warn', `no theory overlay: the plugin's closed form failed for this config: ${theoryError}`);
    return id;
  };

  const handlers: Handlers = {
    async 'plugins.list'() {
      return { plugins: registry.list(), errors: registry.errors };
    },
    async 'plugins.validate'({ plugin: id, config }) {
      const r = checkConfig(plugin(id).plugin.manifest, config);
      return { ok: r.ok, errors: r.errors, config: r.config };
    },
    async 'projects.list'({ includeArchived }) {
      return store.listProjects(db, includeArchived);
    },
    async 'projects.create'({ name, description }) {
      if (store.listProjects(db, true).some((p) => p.name === name)) throw new ValidationError([{ field: 'name', message: `a project named "${name}" already exists` }]);
      return store.createProject(db, name, description);
    },
    async 'projects.update'({ id, ...patch }) {
      if (patch.name !== undefined && store.listProjects(db, true).some((p) => p.name === patch.name && p.id !== id)) {
        throw new ValidationError([{ field: 'name', message: `a project named "${patch.name}" already exists` }]);
      }
      return store.updateProject(db, id, patch);
    },
    async 'projects.delete'({ id }) {
      const active = store.listRuns(db, { projectId: id }).filter((r) => r.status === 'running' || r.status === 'queued');
      for (const r of active) engine.cancel(r.id);
      await Promise.all(active.map((r) => engine.waitFor(r.id)));
      return { deleted: store.deleteProject(db, id) };
    },
    async 'runs.create'(input) {
      const p = plugin(input.plugin);
      const ps = preset(p, input.preset);
      if (ps?.grid) throw new ValidationError([{ field: 'preset', message: `preset "${ps.name}" is a sweep over ${Object.keys(ps.grid).join(', ')}: create it with sweeps.create (CLI: nclab sweep)` }]);
      const config = validateConfig(p.plugin.manifest, { ...(ps?.params ?? {}), ...(input.config ?? {}) });
      const id = insert(p, config, { projectId: projectId(input.projectId), seed: input.seed, name: input.name, tags: input.tags, notes: input.notes, preset: ps?.name ?? null });
      return input.start === false ? store.getRun(db, id) : engine.enqueue(id);
    },
    async 'runs.get'({ id }) {
      return decorate(store.getRun(db, id));
    },
    async 'runs.list'(filter) {
      return store.listRuns(db, filter).map(decorate);
    },
    async 'runs.start'({ id }) {
      return engine.enqueue(id);
    },
    async 'runs.pause'({ id }) {
      return engine.pause(id);
    },
    async 'runs.resume'({ id }) {
      return engine.enqueue(id);
    },
    async 'runs.cancel'({ id }) {
      return engine.cancel(id);
    },
    async 'runs.delete'({ id }) {
      store.getRun(db, id);
      const owner = engine.ownerElsewhere(id);
      if (owner !== null) throw new ValidationError([{ field: 'id', message: `run ${id} is running in another NC Lab process (pid ${owner}): cancel it first` }]);
      if (engine.runningIds().includes(id) || engine.queuedIds().includes(id)) {
        engine.cancel(id);
        await engine.waitFor(id);
      }
      return { deleted: store.deleteRun(db, id) };
    },
    async 'runs.clone'({ id, edits, seed, start }) {
      const src = store.getRun(db, id);
      const p = plugin(src.plugin);
      const config = validateConfig(p.plugin.manifest, { ...src.config, ...(edits ?? {}), ...(seed !== undefined && 'seed' in p.plugin.manifest.params ? { seed } : {}) });
      const changed = Object.keys(edits ?? {}).filter((k) => edits![k] !== src.config[k]);
      const newId = insert(p, config, {
        projectId: src.projectId,
        // The seed is in the config: the source's, an edited one, or `seed` when given.
        seed,
        name: changed.length ? `${src.name} (${changed.map((k) => `${k}=${config[k]}`).join(', ')})` : `${src.name} (re-run)`,
        tags: src.tags,
        notes: src.notes,
        preset: src.preset,
      });
      return start === false ? store.getRun(db, newId) : engine.enqueue(newId);
    },
    async 'runs.update'({ id, ...patch }) {
      store.updateRunMeta(db, id, patch);
      return decorate(store.getRun(db, id));
    },
    async 'runs.logs'({ id, limit }) {
      store.getRun(db, id);
      return store.readLogs(db, id, limit);
    },
    async 'runs.featuresToInput'({ runId, artifact, step, edits, start }) {
      const src = store.getRun(db, runId);
      const name = artifact ?? 'features';
      const a = store.readArtifact(db, runId, name, step);
      if (!a.labels) throw new ValidationError([{ field: 'artifact', message: `artifact "${name}" of run ${runId} has no labels, so it cannot serve as input features` }]);
      const target = plugin('perturbed-ufm');
      const config = validateConfig(target.plugin.manifest, { ...(edits ?? {}), h0Source: 'artifact', h0Artifact: `${runId}:${name}@${a.step}` });
      const newId = insert(target, config, {
        projectId: src.projectId,
        preset: null,
        name: `perturbed-ufm on run ${runId} ${name}@${a.step}`,
        tags: ['from-features'],
        notes: `Input features H0: ${name} of run ${runId} (${src.name}) at step ${a.step}, ${a.rows} x ${a.cols}.`,
      });
      return start === false ? store.getRun(db, newId) : engine.enqueue(newId);
    },
    async 'series.list'({ runId }) {
      store.getRun(db, runId);
      return (db.prepare('SELECT metric, count, first_step AS firstStep, last_step AS lastStep FROM metric_summary WHERE run_id = ? ORDER BY metric').all(runId) as {
        metric: string; count: number; firstStep: number; lastStep: number;
      }[]);
    },
    async 'series.get'({ runId, metric, from, to, maxPoints, bucketing }) {
      store.getRun(db, runId);
      const s = querySeries(db, runId, metric, { from, to, maxPoints, bucketing });
      const time = new Float64Array(s.steps.length);
      if (s.steps.length) {
        const t = querySeriesAt(db, runId, '_time', s.steps);
        time.set(t);
      }
      return { runId, metric, ...s, time };
    },
    async 'series.export'({ runId }) {
      store.getRun(db, runId);
      const metrics = (db.prepare("SELECT metric FROM metric_summary WHERE run_id = ? ORDER BY metric = '_time' DESC, metric").all(runId) as { metric: string }[]).map((r) => r.metric);
      const byMetric = metrics.map((m) => readAllPoints(db, runId, m));
      const stepSet = new Set<number>();
      for (const s of byMetric) for (const st of s.steps) stepSet.add(st);
      const steps = [...stepSet].sort((a, b) => a - b);
      const index = new Map(steps.map((s, i) => [s, i]));
      const rows: (number | null)[][] = steps.map(() => metrics.map(() => null));
      byMetric.forEach((s, j) => s.steps.forEach((st, k) => (rows[index.get(st)!][j] = s.values[k])));
      return { runId, metrics: metrics.map((m) => (m === '_time' ? 'time' : m)), steps, rows };
    },
    async 'artifacts.list'({ runId }) {
      store.getRun(db, runId);
      return store.listArtifacts(db, runId);
    },
    async 'artifacts.get'({ runId, name, step }) {
      return store.readArtifact(db, runId, name, step);
    },
    async 'sweeps.create'(input) {
      const p = plugin(input.plugin);
      const ps = preset(p, input.preset);
      const grid = { ...(ps?.grid ?? {}), ...(input.grid ?? {}) };
      const base = { ...(ps?.params ?? {}), ...(input.config ?? {}) };
      // A value set for a swept parameter would be silently overridden: say so instead.
      const clash = Object.keys(input.config ?? {}).filter((k) => k in grid || k in (input.random ?? {}));
      if (clash.length) {
        throw new ValidationError(clash.map((k) => ({ field: k, message: `${k} is swept (${k in grid ? `grid ${JSON.stringify(grid[k])}${ps?.grid && k in ps.grid && !(k in (input.grid ?? {})) ? ` of preset ${ps.name}` : ''}` : 'random'}); set its values with the grid instead of a single value` })));
      }
      if (Object.keys(grid).length === 0 && Object.keys(input.random ?? {}).length === 0) {
        throw new ValidationError([{ field: 'grid', message: 'a sweep needs at least one swept parameter (a grid, or random samples)' }]);
      }
      const points = expandGrid(grid);
      if (input.random && Object.keys(input.random).length) {
        const rng = new Xoshiro128(input.seed ?? 0);
        const samples = input.samples ?? 10;
        const withRandom: Config[] = [];
        for (const pt of points) {
          for (let i = 0; i < samples; i++) {
            const r: Config = { ...pt };
            for (const [k, spec] of Object.entries(input.random)) {
              const u = rng.uniform();
              const v = spec.scale === 'log' ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min))) : spec.min + u * (spec.max - spec.min);
              r[k] = p.plugin.manifest.params[k]?.type === 'int' ? Math.round(v) : v;
            }
            withRandom.push(r);
          }
        }
        points.splice(0, points.length, ...withRandom);
      }
      if (points.length > 1000) throw new ValidationError([{ field: 'grid', message: `the sweep has ${points.length} points; at most 1000 are allowed` }]);
      // Validate every point before writing anything, so a bad grid value loses nothing.
      const configs = points.map((pt) => {
        const r = checkConfig(p.plugin.manifest, { ...base, ...pt });
        if (!r.ok) throw new ValidationError(r.errors.map((e) => ({ field: e.field in grid ? `grid.${e.field}` : e.field, message: `${e.message} (at ${JSON.stringify(pt)})` })));
        return r.config;
      });
      // Sweeping a parameter where it does not apply would make identical runs under other names.
      for (const key of Object.keys(grid)) {
        const spec = p.plugin.manifest.params[key];
        const idle = spec?.visibleWhen ? configs.find((c) => !isVisible(spec, c)) : undefined;
        if (spec && idle) throw new ValidationError([{ field: `grid.${key}`, message: `${key} has no effect unless ${visibilityCondition(spec)}, so sweeping it would change nothing` }]);
      }
      const pid = projectId(input.projectId);
      const keys = [...new Set([...Object.keys(grid), ...Object.keys(input.random ?? {})])];
      const runIds = db.transaction(() => {
        const sweepId = store.insertSweep(db, {
          projectId: pid,
          name: input.name ?? `${p.plugin.manifest.id} ${ps?.name ?? 'sweep'} over ${keys.join(', ')}`,
          plugin: p.plugin.manifest.id,
          preset: ps?.name ?? null,
          base,
          grid: Object.fromEntries(keys.map((k) => [k, [...new Set(configs.map((c) => c[k]))]])),
        });
        const ids = configs.map((config, i) =>
          insert(p, config, {
            projectId: pid,
            preset: ps?.name ?? null,
            sweepId,
            name: `${ps?.name ?? p.plugin.manifest.id} ${keys.map((k) => `${k}=${configs[i][k]}`).join(' ')}`,
          }),
        );
        return { sweepId, ids };
      })();
      const runs = runIds.ids.map((id) => (input.start === false ? store.getRun(db, id) : engine.enqueue(id)));
      return { sweep: store.getSweep(db, runIds.sweepId), runs };
    },
    async 'sweeps.list'({ projectId: pid }) {
      return store.listSweeps(db, pid);
    },
    async 'sweeps.get'({ id }) {
      const sweep = store.getSweep(db, id);
      return { sweep, runs: store.listRuns(db, { sweepId: id }).map(decorate) };
    },
    async 'sweeps.summary'({ id, reduce }) {
      const sweep = store.getSweep(db, id);
      const runs = store.listRuns(db, { sweepId: id });
      const how = reduce ?? 'final';
      const params = Object.keys(sweep.grid);
      const metricSet = new Set<string>();
      for (const r of runs) for (const k of Object.keys(r.final)) metricSet.add(k);
      const metrics = [...metricSet].sort();
      return {
        sweep,
        params,
        metrics,
        reduce: how,
        rows: runs.map((r) => ({
          runId: r.id,
          status: r.status,
          params: Object.fromEntries(params.map((k) => [k, r.config[k]])),
          values: Object.fromEntries(metrics.map((m) => [m, how === 'final' ? (r.final[m] ?? null) : (r.min[m]?.value ?? null)])),
        })),
      };
    },
    async 'engine.status'() {
      return { concurrency: engine.concurrency, running: engine.runningIds(), queued: engine.queuedIds(), dbPath, appVersion: APP_VERSION, pluginErrors: registry.errors };
    },
    async 'engine.setConcurrency'({ concurrency }) {
      engine.setConcurrency(concurrency);
      return handlers['engine.status']({});
    },
  };

  return Object.assign(handlers, {
    db,
    engine,
    registry,
    dbPath,
    subscribe: (listener: (e: EngineEvent) => void) => engine.subscribe(listener),
    async close(options?: { pauseRunning?: boolean; resumeOnNextStart?: boolean }) {
      await engine.close(options);
      db.close();
    },
  });
}

/** Cartesian product of a grid, in the order the keys were given (one empty point for no grid). */
export function expandGrid(grid: Record<string, ParamValue[]>): Config[] {
  let points: Config[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/** Values of a metric at exactly the given (sorted) steps, NaN where it has no point. */
function querySeriesAt(db: Db, runId: number, metric: string, steps: Float64Array): Float64Array {
  const all = readPointsInRange(db, runId, metric, steps[0], steps[steps.length - 1]);
  const out = new Float64Array(steps.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < steps.length; i++) {
    while (j < all.steps.length && all.steps[j] < steps[i]) j++;
    if (j < all.steps.length && all.steps[j] === steps[i]) out[i] = all.values[j];
  }
  return out;
}

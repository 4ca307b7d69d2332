#!/usr/bin/env node
/**
 * nclab: the command-line interface of NC Lab. It drives the same service as the desktop app
 * and the headless server. Runs execute in worker threads; histories go to the SQLite database.
 */
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { createService } from '../service/service.ts';
import type { Service } from '../service/service.ts';
import { defaultDataDir, defaultDbPath, defaultUserPluginsDir, APP_VERSION } from '../engine/paths.ts';
import { ValidationError } from '../engine/errors.ts';
import { coerceParam } from '../engine/validate.ts';
import type { Config } from '../engine/plugin-api.ts';
import type { Run, RunStatus } from '../service/contract.ts';
import { runStatuses } from '../service/contract.ts';
import { toCsv } from './format.ts';

/** Exit codes: 0 completed, 1 failed, 2 bad input, 3 diverged, 4 cancelled / paused / interrupted. */
const EXIT: Record<RunStatus, number> = { completed: 0, failed: 1, diverged: 3, cancelled: 4, paused: 4, interrupted: 4, queued: 4, running: 4 };

interface GlobalOpts {
  db?: string;
  dataDir?: string;
  pluginsDir?: string;
  json?: boolean;
}

const program = new Command();
program
  .name('nclab')
  .description('NC Lab: neural-collapse models and networks, from the command line')
  .version(APP_VERSION)
  .option('--db <path>', 'SQLite database file (default: NCLAB_DB or the user data directory)')
  .option('--data-dir <dir>', 'dataset folder for the network trainer (default: NCLAB_DATA or <user data>/data)')
  .option('--plugins-dir <dir>', 'user plugins folder (default: NCLAB_PLUGINS or <user data>/plugins)')
  .showHelpAfterError()
  // Usage errors (unknown option, bad choice, missing argument) exit 2 like any bad input.
  .exitOverride();

async function open(cmd: Command, extra: { processQueue?: boolean } = {}): Promise<Service> {
  const g = cmd.optsWithGlobals() as GlobalOpts;
  return createService({
    dbPath: g.db ?? defaultDbPath(),
    dataDir: g.dataDir ?? defaultDataDir(),
    userPluginsDir: g.pluginsDir ?? defaultUserPluginsDir(),
    processQueue: extra.processQueue ?? false,
  });
}

/** Opens the service for one command and always closes it (pausing runs still going). */
async function withService(cmd: Command, body: (service: Service) => Promise<void>): Promise<void> {
  const service = await open(cmd);
  try {
    await body(service);
  } finally {
    await service.close();
  }
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** --config FILE, then --set key=value (coerced by the parameter's declared type). */
function readConfig(service: Service, pluginId: string, opts: { config?: string; set: string[] }): Config {
  const loaded = service.registry.get(pluginId);
  let config: Config = {};
  if (opts.config) {
    let text: string;
    try {
      text = fs.readFileSync(opts.config, 'utf8');
    } catch (e) {
      throw new ValidationError([{ field: '--config', message: `cannot read ${opts.config}: ${(e as Error).message}` }]);
    }
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object of parameter values');
      config = parsed;
    } catch (e) {
      throw new ValidationError([{ field: '--config', message: `${opts.config} is not a valid config: ${(e as Error).message}` }]);
    }
  }
  for (const kv of opts.set) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new ValidationError([{ field: '--set', message: `expected key=value, got "${kv}"` }]);
    const key = kv.slice(0, eq);
    const raw = kv.slice(eq + 1);
    const spec = loaded?.plugin.manifest.params[key];
    config[key] = spec ? coerceParam(spec, raw) : raw;
  }
  return config;
}

function parseGrid(service: Service, pluginId: string, grids: string[]): Record<string, (number | boolean | string)[]> {
  const loaded = service.registry.get(pluginId);
  const grid: Record<string, (number | boolean | string)[]> = {};
  for (const g of grids) {
    const eq = g.indexOf('=');
    if (eq <= 0) throw new ValidationError([{ field: '--grid', message: `expected key=v1,v2,..., got "${g}"` }]);
    const key = g.slice(0, eq);
    const spec = loaded?.plugin.manifest.params[key];
    if (!spec) throw new ValidationError([{ field: `grid.${key}`, message: `unknown parameter "${key}"` }]);
    if (key in grid) throw new ValidationError([{ field: `grid.${key}`, message: `"${key}" is given by two --grid options: list all its values in one` }]);
    grid[key] = g.slice(eq + 1).split(',').map((v) => coerceParam(spec, v.trim()));
  }
  return grid;
}

/** Shows a progress bar on a terminal while the runs go; returns a function that stops it. */
function progressBar(service: Service, runIds: number[], enabled: boolean): () => void {
  if (!enabled || !process.stderr.isTTY) return () => {};
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, format: ' {name} |{bar}| {percentage}% | {value}/{total} {unit} | {rate} {unit}/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map(runIds.map((id) => [id, multi.create(1, 0, { name: `run ${id}`, rate: '-', unit: 'steps' })]));
  const off = service.subscribe((e) => {
    if (e.type === 'progress') {
      const bar = bars.get(e.runId);
      if (bar) {
        bar.setTotal(e.total ?? 1);
        bar.update(e.step, { rate: e.stepsPerSec > 0 ? Math.round(e.stepsPerSec).toLocaleString('en') : '-', unit: e.unit });
      }
    }
  });
  return () => {
    off();
    multi.stop();
  };
}

/** Ctrl-C pauses the running runs (they checkpoint) instead of killing them. */
function pauseOnInterrupt(service: Service, runIds: number[]): () => void {
  const handler = () => {
    process.stderr.write('\ninterrupted: pausing (checkpointing) ... resume with `nclab resume <run>`\n');
    for (const id of runIds) {
      try {
        service.engine.pause(id);
      } catch {
        // already finished
      }
    }
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

function runJson(run: Run) {
  return { id: run.id, plugin: run.plugin, status: run.status, steps: run.step, seconds: Number(run.elapsed.toFixed(3)), backend: run.backend, ...(run.error ? { error: run.error.message } : {}) };
}

function printRunLine(run: Run): void {
  const err = run.error ? `  ${run.error.message}` : '';
  process.stdout.write(`run ${run.id} ${run.plugin}${run.preset ? ` (${run.preset})` : ''}: ${run.status} after ${run.step} steps in ${run.elapsed.toFixed(2)} s [${run.backend ?? '-'}]${err}\n`);
}

function printFinal(run: Run): void {
  const keys = Object.keys(run.final).sort();
  for (const k of keys) process.stdout.write(`  ${k.padEnd(18)} ${formatNumber(run.final[k])}\n`);
}

function formatNumber(v: number): string {
  return Math.abs(v) !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential(6) : String(Number(v.toPrecision(10)));
}

async function runSweep(service: Service, input: Parameters<Service['sweeps.create']>[0], json: boolean): Promise<number> {
  const { sweep, runs } = await service['sweeps.create'](input);
  const ids = runs.map((r) => r.id);
  const stopBar = progressBar(service, ids, !json);
  const stopInt = pauseOnInterrupt(service, ids);
  const finals = await Promise.all(ids.map((id) => service.engine.waitFor(id)));
  stopBar();
  stopInt();
  if (json) {
    process.stdout.write(
      JSON.stringify({
        sweep: { id: sweep.id, name: sweep.name, plugin: sweep.plugin, preset: sweep.preset, grid: sweep.grid },
        runs: finals.map((r) => ({ id: r.id, status: r.status, params: Object.fromEntries(Object.keys(sweep.grid).map((k) => [k, r.config[k]])), final: r.final })),
      }) + '\n',
    );
  } else {
    process.stdout.write(`sweep ${sweep.id}: ${sweep.name}\n`);
    for (const r of finals) printRunLine(r);
  }
  return Math.max(...finals.map((r) => EXIT[r.status]));
}

program
  .command('plugins')
  .description('list plugins with their presets (and plugins that failed to load)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      const { plugins, errors } = await service['plugins.list']({});
      if (opts.json) {
        process.stdout.write(JSON.stringify({ plugins, errors }, null, 2) + '\n');
        return;
      }
      for (const p of plugins) {
        process.stdout.write(`${p.id} ${p.version}  ${p.name}${p.source === 'user' ? '  [user]' : ''}\n  ${p.description}\n  presets:\n`);
        for (const ps of p.presets) process.stdout.write(`    ${ps.name.padEnd(20)} ${ps.grid ? '[sweep] ' : ''}${ps.label}\n`);
      }
      for (const e of errors) process.stdout.write(`! ${e.id}: failed to load (${e.path}): ${e.message}\n`);
    });
  });

program
  .command('run')
  .description('run a plugin to completion (a preset with a grid runs as a sweep)')
  .argument('<plugin>', 'plugin id, e.g. mse-ufm')
  .option('--preset <name>', 'start from a named preset')
  .option('--set <key=value>', 'set a parameter (repeatable)', collect, [])
  .option('--config <file>', 'JSON file of parameter values')
  .option('--seed <n>', 'random seed (of every run of a sweep preset)', parseSeed)
  .option('--project <name>', 'project to file the run under (created if missing)')
  .option('--name <name>', 'run name')
  .option('--tag <tag>', 'tag (repeatable)', collect, [])
  .option('--json', 'print one JSON object: {run: {...}, final: {...}}')
  .action(async (pluginId: string, opts: { preset?: string; set: string[]; config?: string; seed?: number; project?: string; name?: string; tag: string[]; json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      const config = readConfig(service, pluginId, opts);
      const projectId = opts.project ? (await ensureProject(service, opts.project)) : undefined;
      const preset = service.registry.get(pluginId)?.plugin.manifest.presets.find((p) => p.name === opts.preset);
      if (preset?.grid) {
        const seeded = opts.seed !== undefined ? { ...config, seed: opts.seed } : config;
        process.exitCode = await runSweep(service, { plugin: pluginId, preset: opts.preset, config: seeded, projectId, seed: opts.seed }, !!opts.json);
        return;
      }
      const created = await service['runs.create']({ plugin: pluginId, preset: opts.preset, config, seed: opts.seed, projectId, name: opts.name, tags: opts.tag });
      process.exitCode = await watch(service, created.id, !!opts.json);
    });
  });

async function ensureProject(service: Service, name: string): Promise<number> {
  const existing = (await service['projects.list']({ includeArchived: true })).find((p) => p.name === name);
  return existing ? existing.id : (await service['projects.create']({ name })).id;
}

async function watch(service: Service, runId: number, json: boolean): Promise<number> {
  const stopBar = progressBar(service, [runId], !json);
  const stopInt = pauseOnInterrupt(service, [runId]);
  const run = await service.engine.waitFor(runId);
  stopBar();
  stopInt();
  if (json) process.stdout.write(JSON.stringify({ run: runJson(run), final: run.final }) + '\n');
  else {
    printRunLine(run);
    printFinal(run);
  }
  return EXIT[run.status];
}

program
  .command('sweep')
  .description('run one run per point of a parameter grid')
  .argument('<plugin>', 'plugin id')
  .option('--preset <name>', 'start from a named preset (its grid, if any, is included)')
  .option('--set <key=value>', 'set a parameter for every run (repeatable)', collect, [])
  .option('--config <file>', 'JSON file of parameter values')
  .option('--grid <key=v1,v2,...>', 'grid over a parameter (repeatable; the product is taken)', collect, [])
  .option('--seed <n>', 'random seed of every run (use --grid seed=0,1,2 to sweep seeds)', parseSeed)
  .option('--project <name>', 'project (created if missing)')
  .option('--name <name>', 'sweep name')
  .option('--json', 'print one JSON object: {sweep: {...}, runs: [...]}')
  .action(async (pluginId: string, opts: { preset?: string; set: string[]; config?: string; grid: string[]; seed?: number; project?: string; name?: string; json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      const config = readConfig(service, pluginId, opts);
      if (opts.seed !== undefined) config.seed = opts.seed;
      const grid = parseGrid(service, pluginId, opts.grid);
      const projectId = opts.project ? await ensureProject(service, opts.project) : undefined;
      process.exitCode = await runSweep(service, { plugin: pluginId, preset: opts.preset, config, grid, projectId, name: opts.name }, !!opts.json);
    });
  });

program
  .command('resume')
  .description('resume a paused or interrupted run from its last checkpoint and wait for it')
  .argument('<run>', 'run id', parseId)
  .option('--json', 'print one JSON object')
  .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      service.engine.recoverInterrupted();
      await service['runs.resume']({ id });
      process.exitCode = await watch(service, id, !!opts.json);
    });
  });

program
  .command('runs')
  .description('list runs')
  .option('--project <name>', 'only this project')
  .option('--plugin <id>', 'only this plugin')
  .addOption(new Option('--status <status>', 'only this status').choices([...runStatuses]))
  .option('--json', 'print JSON')
  .action(async (opts: { project?: string; plugin?: string; status?: RunStatus; json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      service.engine.recoverInterrupted();
      let projectId: number | undefined;
      if (opts.project) {
        const p = (await service['projects.list']({ includeArchived: true })).find((x) => x.name === opts.project);
        if (!p) throw new ValidationError([{ field: '--project', message: `no project named "${opts.project}"` }]);
        projectId = p.id;
      }
      const runs = await service['runs.list']({ projectId, plugin: opts.plugin, status: opts.status ? [opts.status] : undefined });
      if (opts.json) {
        process.stdout.write(JSON.stringify(runs, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${'id'.padStart(5)}  ${'plugin'.padEnd(16)} ${'preset'.padEnd(18)} ${'status'.padEnd(11)} ${'steps'.padStart(9)} ${'seconds'.padStart(9)}  name\n`);
      for (const r of runs) {
        process.stdout.write(`${String(r.id).padStart(5)}  ${r.plugin.padEnd(16)} ${(r.preset ?? '').padEnd(18)} ${r.status.padEnd(11)} ${String(r.step).padStart(9)} ${r.elapsed.toFixed(2).padStart(9)}  ${r.name}\n`);
      }
    });
  });

program
  .command('show')
  .description('show a run: config, status, timings, final metrics')
  .argument('<run>', 'run id', parseId)
  .option('--json', 'print JSON')
  .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
    await withService(cmd, async (service) => {
      service.engine.recoverInterrupted();
      const run = await service['runs.get']({ id });
      if (opts.json) {
        process.stdout.write(JSON.stringify(run, null, 2) + '\n');
        return;
      }
      printRunLine(run);
      process.stdout.write(`  name: ${run.name}\n  project: ${run.projectId}  seed: ${run.seed}  plugin ${run.plugin} ${run.pluginVersion}, app ${run.appVersion}\n`);
      process.stdout.write(`  created ${run.createdAt}, started ${run.startedAt ?? '-'}, finished ${run.finishedAt ?? '-'}\n  config:\n`);
      for (const [k, v] of Object.entries(run.config)) process.stdout.write(`    ${k.padEnd(18)} ${String(v)}\n`);
      if (run.error?.stack) process.stdout.write(`  error stack:\n${run.error.stack}\n`);
      process.stdout.write('  final:\n');
      printFinal(run);
      for (const t of run.theory) process.stdout.write(`  theory ${t.metric}: ${formatNumber(t.value)} (${t.label})\n`);
    });
  });

program
  .command('export')
  .description('export the full history of a run (every logged point)')
  .argument('<run>', 'run id', parseId)
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
  .option('--out <file>', 'write to a file instead of standard output')
  .action(async (id: number, opts: { format: 'csv' | 'json'; out?: string }, cmd: Command) => {
    await withService(cmd, async (service) => {
      const data = await service['series.export']({ runId: id });
      let text: string;
      if (opts.format === 'json') {
        const run = await service['runs.get']({ id });
        text = JSON.stringify({ run: { id: run.id, plugin: run.plugin, config: run.config, seed: run.seed, status: run.status, backend: run.backend }, metrics: data.metrics, steps: data.steps, rows: data.rows }) + '\n';
      } else {
        text = toCsv(['step', ...data.metrics], data.steps.map((s, i) => [s, ...data.rows[i]]));
      }
      if (opts.out) fs.writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });
  });

program
  .command('serve')
  .description('serve the app and its API to a browser (headless server mode)')
  .option('--port <n>', 'port (default 8765; 0 picks a free one)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ValidationError([{ field: '--port', message: `must be an integer from 0 to 65535, got "${v}"` }]);
    return n;
  })
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--open', 'open the browser')
  .action(async (opts: { port?: number; host: string; open?: boolean }, cmd: Command) => {
    const service = await open(cmd, { processQueue: true });
    const { startServer } = await import('../server/index.ts');
    const server = await startServer({ port: opts.port, host: opts.host, dbPath: service.dbPath, service });
    process.stdout.write(`NC Lab is serving ${service.dbPath}\n  ${server.url}\n(Ctrl-C to stop; running runs are paused and resume on the next start)\n`);
    if (opts.open) {
      const { spawn } = await import('node:child_process');
      spawn(process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open', [server.url], { detached: true, stdio: 'ignore' }).on('error', () => {}).unref();
    }
    const shutdown = async () => {
      await server.close();
      await service.close({ pauseRunning: true, resumeOnNextStart: true });
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new ValidationError([{ field: '--seed', message: `must be an integer from 0 to 2^32-1, got "${v}"` }]);
  return n;
}

function parseId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ValidationError([{ field: 'run', message: `expected a run id (positive integer), got "${v}"` }]);
  return n;
}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // Commander has printed its message (or the help / the version, which exit 0).
    process.exitCode = e.exitCode === 0 ? 0 : 2;
    return;
  }
  const err = e as Error;
  process.stderr.write(`nclab: ${err.message}\n`);
  process.exitCode = err instanceof ValidationError ? 2 : 1;
});

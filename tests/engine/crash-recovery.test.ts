import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURE_PLUGINS, tempDir, testService, bits } from '../helpers/service.ts';
import { openDatabase } from '../../src-main/storage/db.ts';
import { readAllPoints } from '../../src-main/storage/series.ts';

const CLI = path.resolve(import.meta.dirname, '../../src-main/cli/nclab.ts');

describe('a process killed mid-run', () => {
  it('leaves the run interrupted; resuming continues from the checkpoint with no lost or duplicated rows', async () => {
    const { dir, cleanup } = tempDir();
    onTestFinished(cleanup);
    const dbPath = path.join(dir, 'crash.sqlite');
    const steps = 4000;
    // A real OS process running the CLI, checkpointing every 0.2 s, killed with SIGKILL.
    const child = spawn(process.execPath, [CLI, 'run', 'test-walk', '--set', `steps=${steps}`, '--set', 'delayMs=1', '--seed', '9', '--db', dbPath, '--plugins-dir', FIXTURE_PLUGINS, '--json'], {
      env: { ...process.env, NCLAB_CHECKPOINT_EVERY: '0.2' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Kill once a checkpoint exists and history has gone past it.
    const probe = openDatabase(dbPath);
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const t = setInterval(() => {
        const cp = probe.prepare('SELECT step FROM checkpoints').get() as { step: number } | undefined;
        const pts = probe.prepare("SELECT max(last_step) AS s FROM metric_chunks WHERE metric = 'x'").get() as { s: number | null };
        if (cp && cp.step > 500 && (pts.s ?? 0) > cp.step) (clearInterval(t), resolve());
        if (Date.now() - started > 60_000) (clearInterval(t), reject(new Error('no checkpoint within 60 s')));
      }, 20);
    });
    child.kill('SIGKILL');
    await exited;
    const before = probe.prepare("SELECT status FROM runs WHERE id = 1").get() as { status: string };
    expect(before.status).toBe('running');
    const cpStep = (probe.prepare('SELECT step FROM checkpoints').get() as { step: number }).step;
    const beforeMax = (probe.prepare("SELECT max(last_step) AS s FROM metric_chunks WHERE metric = 'x'").get() as { s: number }).s;
    expect(beforeMax).toBeGreaterThanOrEqual(cpStep);
    probe.close();

    // The next start sees the run as interrupted (its owner process is gone).
    const t = await testService({ dbPath, processQueue: true });
    const run = await t.service['runs.get']({ id: 1 });
    expect(run.status).toBe('interrupted');
    await t.service['runs.resume']({ id: 1 });
    const done = await t.service.engine.waitFor(1);
    expect(done.status).toBe('completed');
    const logs = await t.service['runs.logs']({ id: 1 });
    expect(logs.some((l) => l.message.includes(`resumed from the checkpoint at step ${cpStep}`))).toBe(true);

    const ref = await t.service.engine.waitFor((await t.service['runs.create']({ plugin: 'test-walk', config: { steps, delayMs: 0 }, seed: 9 })).id);
    for (const metric of ['x', 'x2']) {
      const a = readAllPoints(t.service.db, 1, metric);
      const b = readAllPoints(t.service.db, ref.id, metric);
      expect(a.steps.length).toBe(steps);
      expect(new Set(a.steps).size).toBe(steps);
      expect(bits(a.steps).equals(bits(b.steps))).toBe(true);
      expect(bits(a.values).equals(bits(b.values))).toBe(true);
    }
    const summary = t.service.db.prepare("SELECT count FROM metric_summary WHERE run_id = 1 AND metric = 'x'").get() as { count: number };
    expect(summary.count).toBe(steps);
  });
});

describe('a run owned by another live process', () => {
  it('is left running while that process lives (e.g. the app while the CLI lists runs), and is interrupted once it is gone', async () => {
    const t = await testService();
    const s = t.service;
    const { id } = await s['runs.create']({ plugin: 'test-walk', config: { steps: 10 }, start: false });
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const gone = new Promise((r) => other.on('exit', r));
    s.db.prepare("UPDATE runs SET status = 'running', owner_pid = ?, heartbeat_at = ? WHERE id = ?").run(other.pid, Date.now() - 60_000, id);
    expect(s.engine.recoverInterrupted()).toEqual([]);
    expect((await s['runs.get']({ id })).status).toBe('running');
    other.kill('SIGKILL');
    await gone;
    expect(s.engine.recoverInterrupted()).toEqual([id]);
    expect((await s['runs.get']({ id })).status).toBe('interrupted');
  });
});

describe('a run executing in another process (a CLI run while the app is open)', () => {
  async function cliRun(dbPath: string, steps: number) {
    const child = spawn(process.execPath, [CLI, 'run', 'test-walk', '--set', `steps=${steps}`, '--set', 'delayMs=0.3', '--db', dbPath, '--plugins-dir', FIXTURE_PLUGINS, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exit = new Promise<{ code: number | null; out: string }>((r) => child.on('exit', (code) => r({ code, out })));
    return { child, exit };
  }
  async function until(f: () => boolean) {
    const t0 = Date.now();
    while (!f()) {
      if (Date.now() - t0 > 30_000) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('cannot be started twice; pause and cancel from here reach the process that runs it', async () => {
    const t = await testService();
    const s = t.service;
    const owner = (id: number) => s.db.prepare('SELECT status, owner_pid, step FROM runs WHERE id = ?').get(id) as { status: string; owner_pid: number; step: number } | undefined;

    const first = await cliRun(t.dbPath, 50_000);
    await until(() => (owner(1)?.step ?? 0) > 50 && owner(1)?.status === 'running');
    expect(owner(1)!.owner_pid).toBe(first.child.pid);
    await expect(s['runs.resume']({ id: 1 })).rejects.toThrow(/already running in another NC Lab process/);
    await expect(s['runs.delete']({ id: 1 })).rejects.toThrow(/cancel it first/);
    expect(s.engine.runningIds()).toEqual([]);
    const asked = await s['runs.pause']({ id: 1 });
    expect(asked.status).toBe('running');
    const { code, out } = await first.exit;
    expect(code).toBe(4);
    expect(JSON.parse(out).run.status).toBe('paused');
    expect(owner(1)!.status).toBe('paused');
    // Paused there, resumed here: it continues from the other process's checkpoint.
    const cp = (s.db.prepare('SELECT step FROM checkpoints WHERE run_id = 1').get() as { step: number }).step;
    expect(cp).toBeGreaterThan(0);
    await s['runs.resume']({ id: 1 });
    await until(() => (owner(1)?.step ?? 0) > cp);
    await s['runs.cancel']({ id: 1 });
    expect((await s.engine.waitFor(1)).status).toBe('cancelled');

    const second = await cliRun(t.dbPath, 50_000);
    await until(() => owner(2)?.status === 'running' && owner(2)!.step > 50);
    await s['runs.cancel']({ id: 2 });
    const r2 = await second.exit;
    expect(JSON.parse(r2.out).run.status).toBe('cancelled');
    expect(owner(2)!.status).toBe('cancelled');
  });
});

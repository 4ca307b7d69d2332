import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_PLUGINS, tempDir } from '../helpers/service.ts';

const CLI = path.resolve(import.meta.dirname, '../../src-main/cli/nclab.ts');
const tmp = tempDir('nclab-cli-');
afterAll(tmp.cleanup);
const db = path.join(tmp.dir, 'cli.sqlite');

/** Runs the real CLI in a child process on Node 24 (no terminal: no progress bar). */
function nclab(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db, '--plugins-dir', FIXTURE_PLUGINS], { encoding: 'utf8', env: { ...process.env, NCLAB_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('nclab CLI', () => {
  it('lists plugins with presets and reports broken ones', () => {
    const r = nclab('plugins');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/test-walk 1\.0\.0/);
    expect(r.out).toMatch(/short\s+Short walk/);
    expect(r.out).toMatch(/broken-plugin: failed to load/);
  });

  it('run --json prints exactly one JSON object with the run and final metrics, exit 0', () => {
    const r = nclab('run', 'test-walk', '--preset', 'short', '--seed', '4', '--project', 'cli-tests', '--json');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBe(1);
    const obj = JSON.parse(lines[0]);
    expect(Object.keys(obj)).toEqual(['run', 'final']);
    expect(obj.run).toMatchObject({ id: 1, plugin: 'test-walk', status: 'completed', steps: 50, backend: 'js-f64' });
    expect(obj.run.seconds).toBeGreaterThanOrEqual(0);
    expect(Object.keys(obj.final).sort()).toEqual(['x', 'x2']);
    expect(obj.final.x2).toBeCloseTo(obj.final.x ** 2, 10);
  });

  it('a bad parameter gives a message naming it and exit code 2', () => {
    const r = nclab('run', 'test-walk', '--set', 'steps=-3', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/steps: steps must be at least 1 \(got -3\)/);
    expect(r.out).toBe('');
    const unknown = nclab('run', 'test-walk', '--set', 'stepz=3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown parameter "stepz"/);
    fs.writeFileSync(path.join(tmp.dir, 'bad.json'), '{"steps": 10,');
    const badFile = nclab('run', 'test-walk', '--config', path.join(tmp.dir, 'bad.json'));
    expect(badFile.code).toBe(2);
    expect(badFile.err).toMatch(/--config: .*bad\.json is not a valid config/);
    expect(nclab('run', 'nope').err).toMatch(/unknown plugin "nope"/);
  });

  it('reads --config files and lets --set override them', () => {
    const file = path.join(tmp.dir, 'cfg.json');
    fs.writeFileSync(file, JSON.stringify({ steps: 30, delayMs: 0 }));
    const r = nclab('run', 'test-walk', '--config', file, '--set', 'steps=20', '--json');
    expect(JSON.parse(r.out).run.steps).toBe(20);
  });

  it('exits non-zero for a diverged run', () => {
    const r = nclab('run', 'test-walk', '--set', 'nanAt=5', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out).run).toMatchObject({ status: 'diverged', error: 'diverged at step 5: x2 is NaN' });
  });

  it('exports the full history as CSV and JSON', () => {
    const csv = nclab('export', '1', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('step,time,x,x2');
    expect(lines.length).toBe(51);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const json = JSON.parse(nclab('export', '1', '--format', 'json').out);
    expect(json.steps.length).toBe(50);
    expect(json.metrics).toEqual(['time', 'x', 'x2']);
    const x = json.rows.map((r: number[]) => r[1]);
    const show = JSON.parse(nclab('show', '1', '--json').out);
    expect(x.at(-1)).toBe(show.final.x);
  });

  it('lists and shows runs', () => {
    const list = nclab('runs', '--project', 'cli-tests');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/\s1\s+test-walk\s+short\s+completed\s+50/);
    const show = nclab('show', '1');
    expect(show.out).toMatch(/seed: 4/);
    expect(show.out).toMatch(/steps\s+50/);
    expect(nclab('show', '999').err).toMatch(/run 999 not found/);
  });

  it('sweep --json creates one run per grid point', () => {
    const r = nclab('sweep', 'test-walk', '--grid', 'steps=5,6', '--grid', 'seed=1,2,3', '--json');
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj.sweep.grid).toEqual({ steps: [5, 6], seed: [1, 2, 3] });
    expect(obj.runs.length).toBe(6);
    expect(obj.runs.map((x: { params: object }) => x.params)).toEqual([
      { steps: 5, seed: 1 }, { steps: 5, seed: 2 }, { steps: 5, seed: 3 },
      { steps: 6, seed: 1 }, { steps: 6, seed: 2 }, { steps: 6, seed: 3 },
    ]);
    for (const run of obj.runs) expect(run.status).toBe('completed');
    const bad = nclab('sweep', 'test-walk', '--grid', 'steps=5,0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/grid\.steps: steps must be at least 1/);
  });

  it('exits 2 on usage errors too', () => {
    for (const args of [['export', '1', '--format', 'xml'], ['runs', '--status', 'bogus'], ['run', 'test-walk', '--bogus'], ['run']]) {
      expect(nclab(...args).code, args.join(' ')).toBe(2);
    }
    expect(nclab('--version').code).toBe(0);
  });

  it('refuses conflicting sweep inputs instead of resolving them silently', () => {
    const twice = nclab('sweep', 'test-walk', '--grid', 'steps=1,2', '--grid', 'steps=3');
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/"steps" is given by two --grid options/);
    const clash = nclab('run', 'test-walk', '--preset', 'grid', '--set', 'steps=7');
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/steps is swept \(grid \[10,20,30\] of preset grid\)/);
    const none = nclab('sweep', 'test-walk');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/a sweep needs at least one swept parameter/);
  });

  it('gives every run of a sweep the --seed', () => {
    const obj = JSON.parse(nclab('run', 'test-walk', '--preset', 'grid', '--seed', '7', '--json').out);
    const seeds = obj.runs.map((r: { id: number }) => JSON.parse(nclab('show', String(r.id), '--json').out).seed);
    expect(seeds).toEqual([7, 7, 7]);
    const sw = JSON.parse(nclab('sweep', 'test-walk', '--grid', 'steps=3,4', '--seed', '5', '--json').out);
    expect(sw.runs.map((r: { id: number }) => JSON.parse(nclab('show', String(r.id), '--json').out).seed)).toEqual([5, 5]);
  });

  it('runs a preset with a grid as a sweep', () => {
    const obj = JSON.parse(nclab('run', 'test-walk', '--preset', 'grid', '--json').out);
    expect(obj.runs.map((r: { params: { steps: number } }) => r.params.steps)).toEqual([10, 20, 30]);
  });
});

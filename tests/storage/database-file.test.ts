import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseFileError, openDatabase } from '../../src-main/storage/db.ts';
import { migrations } from '../../src-main/storage/migrations.ts';
import { tempDir } from '../helpers/service.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function dir() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('opening the database file', () => {
  it('creates a WAL database with the current schema version', () => {
    const file = path.join(dir(), 'sub', 'new.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['artifacts', 'checkpoints', 'metric_chunks', 'metric_summary', 'projects', 'run_logs', 'runs', 'sweeps']);
    db.close();
    // Re-opening is a no-op migration.
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    again.close();
  });

  it('refuses a file that is not SQLite with a clear error and leaves it untouched', () => {
    const file = path.join(dir(), 'notes.sqlite');
    const content = 'these are my notes, not a database\n'.repeat(200);
    fs.writeFileSync(file, content);
    expect(() => openDatabase(file)).toThrow(DatabaseFileError);
    expect(() => openDatabase(file)).toThrow(/notes\.sqlite.*not a SQLite database/);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses a corrupt NC Lab database', () => {
    const file = path.join(dir(), 'corrupt.sqlite');
    const db = openDatabase(file);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 100, bytes.length); // keep the header, destroy every page
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(DatabaseFileError);
  });

  it('refuses another application\'s SQLite database', () => {
    const file = path.join(dir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    expect(() => openDatabase(file)).toThrow(/another application/);
    const check = new Database(file);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'runs'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses a database written by a newer NC Lab', () => {
    const file = path.join(dir(), 'newer.sqlite');
    const db = openDatabase(file);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer NC Lab/);
  });
});

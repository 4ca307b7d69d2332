import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/** PRAGMA application_id of NC Lab databases ("NCLB"), so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 0x4e434c42;

/** The database file cannot be used: not SQLite, corrupt, another application's, or too new. */
export class DatabaseFileError extends Error {
  constructor(file: string, reason: string) {
    super(`cannot open NC Lab database ${file}: ${reason}`);
    this.name = 'DatabaseFileError';
  }
}

/**
 * Opens (creating if needed) an NC Lab database: WAL journal, foreign keys, a busy timeout for
 * the worker connections that write histories concurrently, then the versioned migrations.
 * A corrupt or foreign file is reported with a clear error and left untouched.
 */
export function openDatabase(file: string, options: { readonly?: boolean; migrate?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    throw new DatabaseFileError(file, (e as Error).message);
  }
  try {
    db.pragma('busy_timeout = 10000');
    // Reading the schema is the first access that touches the file's pages: garbage fails here.
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      throw new DatabaseFileError(file, `it is a SQLite database of another application (application_id ${appId}, ${tables.n} tables)`);
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (options.migrate !== false && !options.readonly) migrate(db, file);
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new DatabaseFileError(file, `integrity check failed: ${String(integrity)}`);
  } catch (e) {
    db.close();
    if (e instanceof DatabaseFileError) throw e;
    const code = (e as { code?: string }).code;
    const reason = code === 'SQLITE_NOTADB' ? 'the file is not a SQLite database (or is encrypted or corrupt)'
      : code === 'SQLITE_CORRUPT' ? 'the file is corrupt'
      : (e as Error).message;
    throw new DatabaseFileError(file, reason);
  }
  return db;
}

function migrate(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new DatabaseFileError(file, `it was written by a newer NC Lab (schema ${version}, this version knows ${migrations.length})`);
  }
  if (version === migrations.length) return;
  const apply = db.transaction(() => {
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${migrations.length}`);
  });
  apply.immediate();
}

/** Current UTC time as ISO text, the format of every timestamp column. */
export function now(): string {
  return new Date().toISOString();
}

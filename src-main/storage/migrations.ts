/**
 * Versioned schema migrations. Entry i upgrades user_version i to i+1; never edit a released
 * entry, append a new one.
 *
 * Metric histories are stored in chunks (up to CHUNK_POINTS points per row, steps and values as
 * packed Float64 blobs) rather than one row per point: 10^6 points per run become ~250 rows per
 * metric, writes are a few blob updates per flush, and a range query decodes only the chunks
 * that overlap the range. `metric_summary` keeps last/min per metric for sortable columns.
 */
export const migrations: string[] = [
  `
  CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    plugin TEXT NOT NULL,
    preset TEXT,
    base TEXT NOT NULL,
    grid TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL,
    name TEXT NOT NULL DEFAULT '',
    plugin TEXT NOT NULL,
    plugin_version TEXT NOT NULL,
    app_version TEXT NOT NULL,
    preset TEXT,
    config TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    elapsed REAL NOT NULL DEFAULT 0,
    step INTEGER NOT NULL DEFAULT 0,
    total_steps INTEGER,
    tags TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    color TEXT,
    backend TEXT,
    backend_details TEXT NOT NULL DEFAULT '{}',
    theory TEXT NOT NULL DEFAULT '[]',
    owner_pid INTEGER,
    heartbeat_at INTEGER
  );
  CREATE INDEX runs_project ON runs(project_id, id);
  CREATE INDEX runs_status ON runs(status);
  CREATE INDEX runs_sweep ON runs(sweep_id);
  CREATE TABLE metric_chunks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    seq INTEGER NOT NULL,
    first_step REAL NOT NULL,
    last_step REAL NOT NULL,
    n INTEGER NOT NULL,
    vmin REAL NOT NULL,
    vmax REAL NOT NULL,
    vlast REAL NOT NULL,
    steps BLOB NOT NULL,
    vals BLOB NOT NULL,
    PRIMARY KEY (run_id, metric, seq)
  ) WITHOUT ROWID;
  CREATE TABLE metric_summary (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_step REAL NOT NULL,
    last_step REAL NOT NULL,
    last_value REAL NOT NULL,
    min_value REAL NOT NULL,
    min_step REAL NOT NULL,
    PRIMARY KEY (run_id, metric)
  ) WITHOUT ROWID;
  CREATE TABLE artifacts (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    step INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    cols INTEGER NOT NULL,
    data BLOB NOT NULL,
    labels BLOB,
    PRIMARY KEY (run_id, name, step)
  ) WITHOUT ROWID;
  CREATE TABLE checkpoints (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    state BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE run_logs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX run_logs_run ON run_logs(run_id, id);
  `,
  // 2: pause/cancel requests for a run that another process (the CLI, the app) is running.
  `
  ALTER TABLE runs ADD COLUMN stop_request TEXT;
  `,
];

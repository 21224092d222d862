/**
 * The SQLite schema, as the list of migrations that build it. A database records which it
 * has (`schema_migrations`); opening one applies the missing ones in order, each in its own
 * transaction. Migrations are only ever appended: a released one is never edited.
 */
import type Database from 'better-sqlite3';
import { StorageError } from './storage.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces, scenarios with versions, source texts, runs',
    sql: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        head_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX scenarios_by_workspace ON scenarios(workspace_id, updated_at);
      -- Source texts, stored once per content and named by their SHA-256.
      CREATE TABLE texts (
        hash TEXT PRIMARY KEY,
        content TEXT NOT NULL
      );
      -- Every version of every scenario; never updated or deleted on its own.
      CREATE TABLE scenario_versions (
        scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        restored_from INTEGER,
        title TEXT NOT NULL,
        scenario_json TEXT NOT NULL,
        -- source id -> text hash
        texts_json TEXT NOT NULL,
        PRIMARY KEY (scenario_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        models_json TEXT NOT NULL,
        variant TEXT,
        inputs_hash TEXT NOT NULL,
        seed INTEGER,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        request_json TEXT NOT NULL,
        outputs_json TEXT NOT NULL,
        FOREIGN KEY (scenario_id, version) REFERENCES scenario_versions(scenario_id, version) ON DELETE CASCADE
      );
      CREATE INDEX runs_by_scenario ON runs(scenario_id, created_at);
    `,
  },
  {
    version: 2,
    name: 'users with hashed tokens, workspace members',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      -- Only the SHA-256 of a token is kept; the token itself is shown once.
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      CREATE INDEX tokens_by_user ON tokens(user_id);
      CREATE TABLE workspace_members (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX members_by_user ON workspace_members(user_id);
    `,
  },
];

/** The newest schema version this code knows. */
export const schemaVersion = migrations.at(-1)!.version;

/**
 * Brings the database to `schemaVersion`; returns the versions applied. A database made by
 * a newer Parley (a version this code does not know) is refused rather than misread.
 */
export function migrate(db: Database.Database, known: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  const newest = Math.max(0, ...applied);
  const knownNewest = Math.max(0, ...known.map((migration) => migration.version));
  if (newest > knownNewest) {
    throw new StorageError('newer-schema', `the database has schema version ${newest}, newer than this Parley knows (${knownNewest}); upgrade Parley`);
  }
  const done: number[] = [];
  for (const migration of known) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    })();
    done.push(migration.version);
  }
  return done;
}

/**
 * The schema, as the list of migrations that build it, for SQLite and PostgreSQL alike (same
 * versions, same names). A database records which it has (`schema_migrations`); opening one
 * applies the missing ones in order, each in its own transaction. Migrations are only ever
 * appended: a released one is never edited.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { StorageError } from './storage.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  /** The SQL, for SQLite, and for PostgreSQL too unless `postgres` is given. */
  sql: string;
  /** PostgreSQL's SQL where the dialects differ (INTEGER is 32-bit there, there is no rowid). */
  postgres?: string;
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
    // Integers that SQLite keeps in 64 bits are BIGINT (seeds are any safe integer), and
    // `seq` numbers rows in the order they were written: lists break ties of equal times
    // with it, as SQLite's do with rowid.
    postgres: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seq BIGINT GENERATED ALWAYS AS IDENTITY
      );
      CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        head_version BIGINT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        seq BIGINT GENERATED ALWAYS AS IDENTITY
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
        version BIGINT NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        restored_from BIGINT,
        title TEXT NOT NULL,
        scenario_json TEXT NOT NULL,
        -- source id -> text hash
        texts_json TEXT NOT NULL,
        PRIMARY KEY (scenario_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        version BIGINT NOT NULL,
        kind TEXT NOT NULL,
        models_json TEXT NOT NULL,
        variant TEXT,
        inputs_hash TEXT NOT NULL,
        seed BIGINT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        request_json TEXT NOT NULL,
        outputs_json TEXT NOT NULL,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
  {
    version: 3,
    name: 'the forecast ledger, append-only',
    // The entry's JSON is what is hashed and exported; the other columns order the chain and
    // keep it from forking (one entry per number, one successor per hash). There is no
    // cascade from workspaces: a ledger outlives nothing it could be deleted with.
    sql: `
      CREATE TABLE ledger_entries (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        previous TEXT,
        kind TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        entry_json TEXT NOT NULL,
        PRIMARY KEY (workspace_id, seq),
        UNIQUE (workspace_id, previous)
      );
      CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
      BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an entry is never changed (a resolution is a new entry)'); END;
      CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
      BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an entry is never deleted'); END;
    `,
    postgres: `
      CREATE TABLE ledger_entries (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL,
        previous TEXT,
        kind TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        entry_json TEXT NOT NULL,
        PRIMARY KEY (workspace_id, seq),
        UNIQUE (workspace_id, previous)
      );
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: an entry is never changed or deleted (a resolution is a new entry)';
      END $$;
      CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
    `,
  },
];

/** The newest schema version this code knows. */
export const schemaVersion = migrations.at(-1)!.version;

/** A migration's SQL in a dialect. */
export function migrationSql(migration: Migration, dialect: Dialect): string {
  return dialect === 'postgres' ? (migration.postgres ?? migration.sql) : migration.sql;
}

/** Which migrations a database has; the same in both dialects. */
const schemaMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * The known migrations a database that has `applied` still needs, in order. A database made
 * by a newer Parley (a version this code does not know) is refused rather than misread.
 */
export function pendingMigrations(applied: readonly number[], known: readonly Migration[] = migrations): Migration[] {
  const newest = Math.max(0, ...applied);
  const knownNewest = Math.max(0, ...known.map((migration) => migration.version));
  if (newest > knownNewest) {
    throw new StorageError('newer-schema', `the database has schema version ${newest}, newer than this Parley knows (${knownNewest}); upgrade Parley`);
  }
  return known.filter((migration) => !applied.includes(migration.version));
}

/** Brings a SQLite database to `schemaVersion`; returns the versions applied. */
export function migrate(db: Database.Database, known: readonly Migration[] = migrations): number[] {
  db.exec(schemaMigrationsTable);
  const applied = (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version);
  const done: number[] = [];
  for (const migration of pendingMigrations(applied, known)) {
    db.transaction(() => {
      db.exec(migrationSql(migration, 'sqlite'));
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    })();
    done.push(migration.version);
  }
  return done;
}

/** Key of the advisory lock PostgreSQL migrations hold ('parley' in ASCII). */
const migrationLock = 0x7061726c6579;

/**
 * Brings a PostgreSQL database to `schemaVersion`; returns the versions applied. Each
 * migration is one transaction holding an advisory lock, and reads what is applied after
 * taking it, so servers starting at once apply each migration once and wait for each other.
 * Takes a client that is not in a transaction.
 */
export async function migratePostgres(client: pg.ClientBase, known: readonly Migration[] = migrations): Promise<number[]> {
  const done: number[] = [];
  for (;;) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
      await client.query(schemaMigrationsTable);
      const applied = (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version);
      const [next] = pendingMigrations(applied, known);
      if (next) {
        await client.query(migrationSql(next, 'postgres'));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          next.version,
          next.name,
          new Date().toISOString(),
        ]);
      }
      await client.query('COMMIT');
      if (!next) return done;
      done.push(next.version);
    } catch (error) {
      // A failed ROLLBACK means the connection is gone, which ends the transaction anyway; the first error says why.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

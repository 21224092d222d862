/**
 * One place that turns where the data lives into a storage: a `postgres://` or
 * `postgresql://` URL is a PostgreSQL server shared by a team, anything else a SQLite file.
 * Each engine's driver is imported when a storage of that engine is opened, so a command
 * that never opens a database loads neither `pg` nor `better-sqlite3`.
 */
import type { Storage } from './storage.js';
import { isPostgresUrl } from './target.js';

export { describeTarget, isPostgresUrl } from './target.js';

export interface OpenOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Makes ids; default random UUIDs. */
  newId?: () => string;
  /** A SQLite file writes its runs on a thread of its own (`SqliteOptions.writeRunsInThread`); PostgreSQL's driver never holds the event loop for them. */
  writeRunsInThread?: boolean;
}

/**
 * Opens the storage a target names (creating and migrating when needed): a PostgreSQL URL,
 * or a SQLite file path (or `:memory:`). A server that cannot be reached is a `StorageError`
 * with code `unreachable`.
 */
export async function openStorage(target: string, options: OpenOptions = {}): Promise<Storage> {
  if (isPostgresUrl(target)) {
    const { openPostgresStorage } = await import('./postgres.js');
    const { writeRunsInThread: _sqliteOnly, ...postgresOptions } = options;
    return openPostgresStorage({ ...postgresOptions, url: target });
  }
  const { openSqliteStorage } = await import('./sqlite.js');
  return openSqliteStorage({ ...options, path: target });
}

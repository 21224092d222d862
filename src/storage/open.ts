/**
 * One place that turns where the data lives into a storage: a `postgres://` or
 * `postgresql://` URL is a PostgreSQL server shared by a team, anything else a SQLite file.
 */
import { maskPassword, openPostgresStorage } from './postgres.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';

export interface OpenOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Makes ids; default random UUIDs. */
  newId?: () => string;
}

/** Whether a target names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the storage a target names (creating and migrating when needed): a PostgreSQL URL,
 * or a SQLite file path (or `:memory:`). A server that cannot be reached is a `StorageError`
 * with code `unreachable`.
 */
export async function openStorage(target: string, options: OpenOptions = {}): Promise<Storage> {
  if (isPostgresUrl(target)) return openPostgresStorage({ ...options, url: target });
  return openSqliteStorage({ ...options, path: target });
}

/**
 * A target fit to print (`database postgres://parley:***@db/parley`): a URL with its password
 * masked, a file path as given.
 *
 * @example describeTarget('postgres://parley:secret@db/parley') // 'postgres://parley:***@db/parley'
 */
export function describeTarget(target: string): string {
  return isPostgresUrl(target) ? maskPassword(target) : target;
}

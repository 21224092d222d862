/**
 * Which database a command uses: `--db`, else the `PARLEY_DB` environment variable, else the
 * SQLite file in the user's data folder. A `postgres://` URL means a shared PostgreSQL
 * server; anything else is a SQLite file (relative to the command's folder).
 */
import { resolve } from 'node:path';
import { defaultDatabasePath } from '../storage/paths.js';
import type { OpenOptions } from '../storage/open.js';
import { describeTarget, isPostgresUrl } from '../storage/target.js';
import { StorageError, type Storage } from '../storage/storage.js';
import { EXIT, Exit, type CliIo } from './shared.js';

/** The environment variable naming the database when `--db` is not given. */
export const databaseEnv = 'PARLEY_DB';

export const databaseFlagHelp = `the database: a SQLite file, or postgres://user:password@host:5432/name for a shared server (default: $${databaseEnv}, else ${defaultDatabasePath()})`;

/** The database a command names: the flag, the environment, or the default file; files resolved from `cwd`. */
export function databaseTarget(io: CliIo, flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  const given = flag ?? (env[databaseEnv] || undefined);
  if (given === undefined) return defaultDatabasePath(env);
  return isPostgresUrl(given) ? given : resolve(io.cwd, given);
}

export interface OpenDatabase {
  storage: Storage;
  target: string;
  /** The target for messages: a URL's password masked. */
  label: string;
  postgres: boolean;
}

/** Opens (and migrates) the database; an Exit naming it when it cannot be reached or read. */
export async function openDatabase(io: CliIo, flag: string | undefined, options: OpenOptions = {}): Promise<OpenDatabase> {
  const target = databaseTarget(io, flag);
  const label = describeTarget(target);
  try {
    // The open code and its engine's driver load only when a database is opened.
    const { openStorage } = await import('../storage/open.js');
    return { storage: await openStorage(target, options), target, label, postgres: isPostgresUrl(target) };
  } catch (error) {
    if (error instanceof StorageError) throw new Exit(EXIT.invalid, `parley: ${error.message}`);
    const cause = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new Exit(EXIT.invalid, `parley: cannot open the database ${label} (${cause})`);
  }
}

/** Where the default database lives: the user's data folder, as the XDG base directory spec says. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `$XDG_DATA_HOME/parley/parley.db`, or `~/.local/share/parley/parley.db` when XDG_DATA_HOME
 * is unset or not absolute (the spec says to ignore a relative one).
 */
export function defaultDatabasePath(env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
  const dataHome = env.XDG_DATA_HOME;
  const base = dataHome?.startsWith('/') ? dataHome : join(home, '.local', 'share');
  return join(base, 'parley', 'parley.db');
}

/**
 * Where the data lives, as text: which engine a target names and how to show it. Kept apart
 * from the engines so that naming a database (a command's help, its messages) loads neither
 * `pg` nor `better-sqlite3`.
 */

/** Whether a target names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * A PostgreSQL URL fit to show: the password (in the address or as a `password` parameter)
 * replaced by `***`. The password is taken to run to the last `@` before any parameters, so
 * one with an unescaped `/` or `@` is masked whole rather than shown in part.
 *
 * @example maskPassword('postgres://parley:secret@db:5432/parley') // 'postgres://parley:***@db:5432/parley'
 */
export function maskPassword(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  const paramsAt = rest.search(/[?#]/);
  const address = paramsAt === -1 ? rest : rest.slice(0, paramsAt);
  const params = paramsAt === -1 ? '' : rest.slice(paramsAt).replace(/([?&]password=)[^&#]*/gi, '$1***');
  const at = address.lastIndexOf('@');
  const colon = address.indexOf(':');
  const masked = at !== -1 && colon !== -1 && colon < at ? `${address.slice(0, colon)}:***${address.slice(at)}` : address;
  return `${scheme}${masked}${params}`;
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

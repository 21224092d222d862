/** Storage: workspaces, versioned scenarios and runs, behind one interface (`storage.ts`). */
export * from './storage.js';
export { describeChanges } from './describe-changes.js';
export { canonicalJson, inputsHash, newToken, tokenHash, tokenPrefix } from './hash.js';
export { migrate, migratePostgres, migrations, schemaVersion, type Dialect, type Migration } from './migrations.js';
export { describeTarget, isPostgresUrl, openStorage, type OpenOptions } from './open.js';
export { defaultDatabasePath } from './paths.js';
export { openPostgresStorage, PostgresStorage, type PostgresOptions } from './postgres.js';
export { openSqliteStorage, SqliteStorage, type SqliteOptions } from './sqlite.js';

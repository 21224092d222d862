/** Storage: workspaces, versioned scenarios and runs, behind one interface (`storage.ts`). */
export * from './storage.js';
export { describeChanges } from './describe-changes.js';
export { canonicalJson, inputsHash, newToken, tokenHash, tokenPrefix } from './hash.js';
export { migrate, migrations, schemaVersion, type Migration } from './migrations.js';
export { defaultDatabasePath } from './paths.js';
export { openSqliteStorage, SqliteStorage, type SqliteOptions } from './sqlite.js';

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeChanges } from './describe-changes.js';
import { canonicalJson, inputsHash } from './hash.js';
import { migrate, migrations, schemaVersion } from './migrations.js';
import { describeTarget, openStorage } from './open.js';
import { defaultDatabasePath } from './paths.js';
import { openSqliteStorage, SqliteStorage } from './sqlite.js';
import { describeLedgerStorage } from './ledger-contract.js';
import { budget, describeStorage, sqliteHarness } from './storage-contract.js';

describeStorage('SQLite storage', async (now) => {
  const storage = openSqliteStorage({ path: ':memory:', now });
  return sqliteHarness(storage);
});

describeLedgerStorage('SQLite storage', async (now) => {
  const storage = openSqliteStorage({ path: ':memory:', now });
  return {
    storage,
    exec: async (sql) => {
      storage.db.exec(sql);
    },
    dropLedgerTriggers: async () => {
      storage.db.exec('DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete');
    },
  };
});

describe('inputs hash', () => {
  it('hashes inputs independently of field order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(inputsHash({ x: 1, y: { b: 2, a: 1 } })).toBe(inputsHash({ y: { a: 1, b: 2 }, x: 1 }));
    expect(inputsHash({ x: 1 })).not.toBe(inputsHash({ x: 2 }));
  });
});

describe('the database file', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'parley-storage-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates its folder, migrates once, and keeps data across openings', async () => {
    const path = join(folder, 'nested', 'parley.db');
    const first = openSqliteStorage({ path });
    const space = await first.createWorkspace('Mine');
    await first.createScenario(space.id, { scenario: budget(), author: 'ana' });
    await first.close();
    const second = openSqliteStorage({ path });
    expect((await second.listScenarios(space.id)).length).toBe(1);
    expect(migrate(second.db)).toEqual([]);
    expect(second.db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: schemaVersion });
    await second.close();
  });

  it('refuses a database made by a newer Parley', () => {
    const path = join(folder, 'newer.db');
    const db = new Database(path);
    migrate(db);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(schemaVersion + 1, 'future', 'x');
    db.close();
    expect(() => openSqliteStorage({ path })).toThrow(/newer than this Parley knows/);
  });

  it('keeps a write-ahead journal, so readers never wait for a writer', async () => {
    const storage = openSqliteStorage({ path: join(folder, 'wal.db') });
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // FULL (2): every commit, a ledger entry's included, is synced before it is acknowledged.
    expect(storage.db.pragma('synchronous', { simple: true })).toBe(2);
    await storage.close();
  });

  it('is what a target that is not a PostgreSQL URL opens', async () => {
    const path = join(folder, 'chosen.db');
    const storage = await openStorage(path);
    expect(storage).toBeInstanceOf(SqliteStorage);
    await storage.close();
    expect(describeTarget(path)).toBe(path);
  });

  it('lives in the user data folder by default', () => {
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, '/home/ana')).toBe('/data/parley/parley.db');
    expect(defaultDatabasePath({}, '/home/ana')).toBe('/home/ana/.local/share/parley/parley.db');
    expect(defaultDatabasePath({ XDG_DATA_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.local/share/parley/parley.db');
  });
});

describe('migrations', () => {
  it('never edits a released one', () => {
    // SHA-256 of migration 1's SQLite text as released (commit 59e6e4d): databases made by it must open unchanged.
    expect(createHash('sha256').update(migrations[0]!.sql).digest('hex')).toBe('2e441c6a025f62e54d9103ddebbf88c5fa226e089e925cf80d7b9ae70031a607');
  });
});

describe('describeChanges', () => {
  it('names what changed, and counts the rest', () => {
    const before = { scenario: budget(), texts: {} };
    const after = structuredClone(before);
    after.scenario.actors.push({ id: 'press', name: 'Press', capability: 0.1, stances: {} });
    after.scenario.actors[0]!.name = 'Chief treasurer';
    after.scenario.actors[0]!.capability = { low: 0.5, mode: 0.6, high: 0.7 };
    after.scenario.issues[0]!.statusQuo = 0;
    after.scenario.actors[1]!.stances.CUT!.evidence = [{ source: 'minutes', quote: 'no cut' }];
    expect(describeChanges(before, after)).toBe(
      'CUT: status quo none → 0; renamed treasurer to "Chief treasurer"; treasurer: capability 0.6 → 0.5–0.6–0.7; unions / CUT: added evidence; and 1 more change',
    );
    expect(describeChanges(before, before)).toBe('no change');
  });
});

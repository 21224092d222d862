import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from './sqlite.js';
import { budget, describeStorage, rejection, sqliteHarness } from './storage-contract.js';
import type { NewRunJson } from './storage.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'parley-writer-'));
  folders.push(folder);
  return folder;
}

// The whole storage contract again, on a file whose runs are written by the writer thread.
describeStorage('SQLite storage, runs written on a thread of their own', async (now) => {
  const storage = openSqliteStorage({ path: join(newFolder(), 'parley.db'), now, writeRunsInThread: true });
  return sqliteHarness(storage);
});

describe('the SQLite writer thread', () => {
  let path: string;
  let storage: SqliteStorage;
  let scenario: string;
  const run = (outputsJson: string, author = 'ana'): NewRunJson => ({
    scenario,
    version: 1,
    kind: 'forecast',
    models: ['median'],
    variant: null,
    inputsHash: 'h',
    seed: null,
    author,
    request: { models: ['median'] },
    outputsJson,
  });

  beforeEach(async () => {
    path = join(newFolder(), 'parley.db');
    storage = openSqliteStorage({ path, writeRunsInThread: true });
    const workspace = await storage.createWorkspace('Team');
    scenario = (await storage.createScenario(workspace.id, { scenario: budget(), author: 'ana' })).id;
  });
  afterEach(async () => storage.close());

  it('answers a run once it is committed: another connection reads it at once, outputs byte for byte', async () => {
    const outputsJson = JSON.stringify({ results: [{ model: 'median', issue: 'CUT', forecast: 10.25 }], padding: 'x'.repeat(5_000_000) });
    const recorded = await storage.recordRunJson(run(outputsJson));
    const other = new Database(path, { readonly: true });
    try {
      expect(other.prepare('SELECT outputs_json FROM runs WHERE id = ?').get(recorded.id)).toEqual({ outputs_json: outputsJson });
    } finally {
      other.close();
    }
    expect((await storage.getRun(recorded.id))!.outputs).toEqual(JSON.parse(outputsJson));
  });

  it('writes runs sent at once one after another, in the order sent', async () => {
    const recorded = await Promise.all(Array.from({ length: 30 }, (_, index) => storage.recordRunJson(run(`{"n":${index}}`, `author-${index}`))));
    const rows = storage.db.prepare('SELECT id, author FROM runs ORDER BY rowid').all() as { id: string; author: string }[];
    expect(rows).toEqual(recorded.map((record, index) => ({ id: record.id, author: `author-${index}` })));
  });

  it('refuses a run of a version that is not there (not-found), and one whose insert fails, recording neither', async () => {
    expect((await rejection(storage.recordRunJson({ ...run('{}'), version: 9 }))).code).toBe('not-found');
    storage.db.exec(`CREATE TRIGGER fail_run BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    await expect(storage.recordRunJson(run('{}'))).rejects.toThrow(/simulated/);
    storage.db.exec('DROP TRIGGER fail_run');
    expect(storage.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    await storage.recordRunJson(run('{}'));
    expect(storage.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
  });

  it('refuses a run of a scenario deleted while the run was on its way', async () => {
    const writes = [storage.recordRunJson(run('{"first":true}')), storage.deleteScenario(scenario)];
    const [first, deleted] = await Promise.allSettled(writes);
    expect(deleted).toEqual({ status: 'fulfilled', value: true });
    // The delete ran on this thread at once; the run reached the writer after it.
    expect(first).toMatchObject({ status: 'rejected', reason: { code: 'not-found' } });
    expect(storage.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });

  it('closes after the writes sent before: none is lost, and later ones are refused', async () => {
    const writes = Array.from({ length: 10 }, (_, index) => storage.recordRunJson(run(`{"n":${index}}`)));
    await storage.close();
    await Promise.all(writes);
    await expect(storage.recordRunJson(run('{}'))).rejects.toThrow(/closed/);
    const again = openSqliteStorage({ path });
    try {
      expect(again.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 10 });
    } finally {
      await again.close();
    }
  });

  it('is not used for an in-memory database, which another connection cannot open', async () => {
    const memory = openSqliteStorage({ path: ':memory:', writeRunsInThread: true });
    const workspace = await memory.createWorkspace('Team');
    const { id } = await memory.createScenario(workspace.id, { scenario: budget(), author: 'ana' });
    const recorded = await memory.recordRunJson({ ...run('{"n":1}'), scenario: id });
    expect((await memory.getRun(recorded.id))!.outputs).toEqual({ n: 1 });
    await memory.close();
  });
});

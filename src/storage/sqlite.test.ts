import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../core/scenario.js';
import { describeChanges } from './describe-changes.js';
import { canonicalJson, inputsHash, tokenHash } from './hash.js';
import { migrate, schemaVersion } from './migrations.js';
import { defaultDatabasePath } from './paths.js';
import { openSqliteStorage, type SqliteStorage } from './sqlite.js';
import { StorageError } from './storage.js';

function budget(salience = 0.9): Scenario {
  return {
    parley: 1,
    id: 'budget',
    title: 'Budget',
    sources: [{ id: 'minutes', title: 'Minutes' }],
    issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 } }],
    actors: [
      { id: 'treasurer', name: 'Treasurer', capability: 0.6, stances: { CUT: { position: 10, salience } } },
      { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
    ],
  };
}

/** A clock that advances one second a call, so every write has its own time. */
function steppingClock(): () => Date {
  let tick = 0;
  return () => new Date(Date.UTC(2025, 0, 1, 12, 0, tick++));
}

let storage: SqliteStorage;
let workspace: string;

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:', now: steppingClock() });
  workspace = (await storage.createWorkspace('Team')).id;
});
afterEach(async () => storage.close());

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('versions', () => {
  it('keeps every saved version with who saved it, what changed and when', async () => {
    const created = await storage.createScenario(workspace, { scenario: budget(), texts: { minutes: 'We cut ten percent.' }, author: 'ana' });
    expect(created.version).toBe(1);
    const saved = await storage.saveScenario(created.id, { baseVersion: 1, scenario: budget(0.5), author: 'ben' });
    expect(saved.version).toBe(2);
    expect(saved.updatedBy).toBe('ben');
    expect(saved.document.scenario.actors[0]!.stances.CUT!.salience).toBe(0.5);
    expect(saved.document.texts).toEqual({ minutes: 'We cut ten percent.' });

    const versions = await storage.listVersions(created.id);
    expect(versions).toEqual([
      { version: 2, author: 'ben', summary: 'treasurer / CUT: salience 0.9 → 0.5', createdAt: '2025-01-01T12:00:02.000Z', restoredFrom: null },
      { version: 1, author: 'ana', summary: 'created', createdAt: '2025-01-01T12:00:01.000Z', restoredFrom: null },
    ]);
    expect((await storage.getScenario(created.id, 1))!.document.scenario.actors[0]!.stances.CUT!.salience).toBe(0.9);
    expect((await storage.listScenarios(workspace)).map((summary) => [summary.title, summary.version, summary.scenarioId])).toEqual([['Budget', 2, 'budget']]);
  });

  it('undoes to any version by saving a new one with its content, keeping the history', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(0.9), author: 'ana' });
    await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
    await storage.saveScenario(id, { baseVersion: 2, scenario: budget(0.1), author: 'ana' });
    const restored = await storage.restoreVersion(id, { version: 1, author: 'ben' });
    expect(restored.version).toBe(4);
    expect(restored.document.scenario).toEqual(budget(0.9));
    const [newest] = (await storage.listVersions(id))!;
    expect(newest).toMatchObject({ version: 4, author: 'ben', restoredFrom: 1, summary: 'restored version 1 (treasurer / CUT: salience 0.1 → 0.9)' });
    expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([4, 3, 2, 1]);
  });

  it('refuses a save made to an older version (someone else saved in between)', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
    await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
    const error = await rejection(storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.2), author: 'ben' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/ana saved version 2/);
    expect((await storage.getScenario(id))!.version).toBe(2);
  });

  it('updates source texts as a patch and drops texts of removed sources', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(), texts: { minutes: 'old', stray: 'no such source' }, author: 'ana' });
    expect((await storage.getScenario(id))!.document.texts).toEqual({ minutes: 'old' });
    const withNews = { ...budget(), sources: [...budget().sources!, { id: 'news' }] };
    const saved = await storage.saveScenario(id, { baseVersion: 1, scenario: withNews, texts: { news: 'new text' }, author: 'ana' });
    expect(saved.document.texts).toEqual({ minutes: 'old', news: 'new text' });
    const removed = await storage.saveScenario(id, { baseVersion: 2, scenario: withNews, texts: { minutes: null }, author: 'ana' });
    expect(removed.document.texts).toEqual({ news: 'new text' });
    const dropped = await storage.saveScenario(id, { baseVersion: 3, scenario: budget(), author: 'ana' });
    expect(dropped.document.texts).toEqual({});
    expect((await storage.getScenario(id, 2))!.document.texts).toEqual({ minutes: 'old', news: 'new text' });
  });

  it('says not found for unknown workspaces, scenarios and versions', async () => {
    expect((await rejection(storage.createScenario('nope', { scenario: budget(), author: 'ana' }))).code).toBe('not-found');
    expect((await rejection(storage.listScenarios('nope'))).code).toBe('not-found');
    expect(await storage.getScenario('nope')).toBeUndefined();
    expect(await storage.listVersions('nope')).toBeUndefined();
    const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
    expect(await storage.getScenario(id, 7)).toBeUndefined();
    expect((await rejection(storage.restoreVersion(id, { version: 7, author: 'ana' }))).code).toBe('not-found');
    expect((await rejection(storage.saveScenario('nope', { baseVersion: 1, scenario: budget(), author: 'ana' }))).code).toBe('not-found');
  });

  it('deletes a scenario with its versions and runs', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
    const run = await storage.recordRun({ scenario: id, version: 1, kind: 'forecast', models: ['median'], variant: null, inputsHash: 'h', seed: null, author: 'ana', request: {}, outputs: {} });
    expect(await storage.deleteScenario(id)).toBe(true);
    expect(await storage.deleteScenario(id)).toBe(false);
    expect(await storage.getRun(run.id)).toBeUndefined();
    expect(storage.db.prepare('SELECT count(*) AS n FROM scenario_versions').get()).toEqual({ n: 0 });
  });
});

describe('transactions', () => {
  /** Makes the database fail the next write of `table` the way a full disk or a crash mid-save would. */
  function failWritesTo(table: 'scenarios' | 'scenario_versions', event: 'INSERT' | 'UPDATE'): void {
    storage.db.exec(`CREATE TRIGGER fail_write BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
  }

  it('rolls back a save whose last write fails: no half-written version, no orphan text', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
    const withNews = { ...budget(0.5), sources: [...budget().sources!, { id: 'news' }] };
    failWritesTo('scenarios', 'UPDATE');
    await expect(storage.saveScenario(id, { baseVersion: 1, scenario: withNews, texts: { news: 'a long article' }, author: 'ana' })).rejects.toThrow(/simulated/);
    storage.db.exec('DROP TRIGGER fail_write');
    expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([1]);
    expect(storage.db.prepare('SELECT count(*) AS n FROM texts').get()).toEqual({ n: 0 });
    const next = await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
    expect(next.version).toBe(2);
  });

  it('rolls back a new scenario whose version cannot be written', async () => {
    failWritesTo('scenario_versions', 'INSERT');
    await expect(storage.createScenario(workspace, { scenario: budget(), author: 'ana' })).rejects.toThrow(/simulated/);
    expect(await storage.listScenarios(workspace)).toEqual([]);
  });

  it('rolls back an undo whose head cannot move', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(0.9), author: 'ana' });
    await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
    failWritesTo('scenarios', 'UPDATE');
    await expect(storage.restoreVersion(id, { version: 1, author: 'ana' })).rejects.toThrow(/simulated/);
    expect((await storage.getScenario(id))!.version).toBe(2);
    expect((await storage.listVersions(id))!.length).toBe(2);
  });
});

describe('runs', () => {
  it('keeps a run with model, inputs hash, seed, timestamp and outputs', async () => {
    const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
    const hash = inputsHash({ scenario: budget(), request: { models: ['median'] } });
    const run = await storage.recordRun({
      scenario: id, version: 1, kind: 'forecast', models: ['median'], variant: null, inputsHash: hash, seed: 7, author: 'ana',
      request: { models: ['median'] }, outputs: { results: [{ model: 'median', issue: 'CUT', forecast: 10 }] },
    });
    expect(await storage.getRun(run.id)).toEqual({ ...run, createdAt: '2025-01-01T12:00:02.000Z' });
    expect(await storage.listRuns(id)).toEqual([
      { id: run.id, scenario: id, version: 1, kind: 'forecast', models: ['median'], variant: null, inputsHash: hash, seed: 7, author: 'ana', createdAt: '2025-01-01T12:00:02.000Z' },
    ]);
    expect(await storage.listRuns('nope')).toBeUndefined();
    expect((await rejection(storage.recordRun({ ...run, version: 9 }))).code).toBe('not-found');
  });

  it('hashes inputs independently of field order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(inputsHash({ x: 1, y: { b: 2, a: 1 } })).toBe(inputsHash({ y: { a: 1, b: 2 }, x: 1 }));
    expect(inputsHash({ x: 1 })).not.toBe(inputsHash({ x: 2 }));
  });
});

describe('users and members', () => {
  it('creates a user with a token shown once and keeps only its SHA-256', async () => {
    const { user, token } = await storage.createUser('ana');
    expect(user).toMatchObject({ name: 'ana' });
    expect(token).toMatch(/^parley_[A-Za-z0-9_-]{43}$/);
    expect(await storage.getUserByToken(token)).toEqual(user);
    expect(await storage.getUserByToken(`${token}x`)).toBeUndefined();
    expect(await storage.getUserByToken('')).toBeUndefined();
    expect(await storage.getUserByName('ana')).toEqual(user);
    expect(await storage.getUserByName('ben')).toBeUndefined();
    const stored = storage.db.prepare('SELECT hash FROM tokens').all() as { hash: string }[];
    expect(stored).toEqual([{ hash: tokenHash(token) }]);
    expect(JSON.stringify(storage.db.prepare('SELECT * FROM tokens').all())).not.toContain(token);
  });

  it('refuses a second user of the same name', async () => {
    await storage.createUser('ana');
    const error = await rejection(storage.createUser('ana'));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already a user named ana/);
    expect((await storage.listUsers()).length).toBe(1);
  });

  it('issues a new token and revokes the old one', async () => {
    const { user, token } = await storage.createUser('ana');
    const renewed = await storage.issueToken(user.id);
    expect(renewed.token).not.toBe(token);
    expect(await storage.getUserByToken(token)).toBeUndefined();
    expect(await storage.getUserByToken(renewed.token)).toEqual(user);
    expect((await rejection(storage.issueToken('nope'))).code).toBe('not-found');
  });

  it('makes users members of workspaces, once each', async () => {
    const ana = (await storage.createUser('ana')).user;
    const ben = (await storage.createUser('ben')).user;
    const shared = await storage.createWorkspace('Shared', [ana.id, ben.id]);
    await storage.addMember(workspace, ana.id);
    await storage.addMember(workspace, ana.id);
    expect(await storage.memberWorkspaces(ana.id)).toEqual([workspace, shared.id].sort());
    expect(await storage.memberWorkspaces(ben.id)).toEqual([shared.id]);
    expect(await storage.listUsers()).toEqual([
      { ...ana, workspaces: [workspace, shared.id].sort() },
      { ...ben, workspaces: [shared.id] },
    ]);
    expect((await rejection(storage.addMember('nope', ana.id))).code).toBe('not-found');
    expect((await rejection(storage.addMember(workspace, 'nope'))).code).toBe('not-found');
    expect((await rejection(storage.createWorkspace('Ghosts', ['nope']))).code).toBe('not-found');
    expect((await storage.listWorkspaces()).map((space) => space.name)).toEqual(['Team', 'Shared']);
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

  it('lives in the user data folder by default', () => {
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, '/home/ana')).toBe('/data/parley/parley.db');
    expect(defaultDatabasePath({}, '/home/ana')).toBe('/home/ana/.local/share/parley/parley.db');
    expect(defaultDatabasePath({ XDG_DATA_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.local/share/parley/parley.db');
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

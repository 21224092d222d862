/**
 * What every storage answers, whatever keeps the data: the behaviour of `storage.ts`, run
 * against SQLite (`sqlite.test.ts`) and PostgreSQL (`postgres.test.ts`). SQLite's answers are
 * the reference: where a store differs, the store is fixed, not the test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../core/scenario.js';
import { inputsHash, tokenHash } from './hash.js';
import type { SqliteStorage } from './sqlite.js';
import { StorageError, type Storage } from './storage.js';

/** An open storage with a way into its database, for what the interface does not show. */
export interface StorageHarness {
  storage: Storage;
  /** The rows a query answers, run on the database directly; counts come back as numbers. */
  rows(sql: string): Promise<unknown[]>;
  /** Makes every later `event` on `table` fail the way a full disk or a crash mid-save would (message: `simulated`). */
  failWritesTo(table: 'scenarios' | 'scenario_versions', event: 'INSERT' | 'UPDATE'): Promise<void>;
  /** Undoes `failWritesTo`. */
  allowWrites(): Promise<void>;
}

/** The harness of a SQLite storage: queries and failing writes go to its database directly. */
export function sqliteHarness(storage: SqliteStorage): StorageHarness {
  return {
    storage,
    rows: async (sql) => storage.db.prepare(sql).all(),
    failWritesTo: async (table, event) => {
      storage.db.exec(`CREATE TRIGGER fail_write BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    },
    allowWrites: async () => {
      storage.db.exec('DROP TRIGGER fail_write');
    },
  };
}

/** Opens a new, empty storage on the given clock. */
export type OpenHarness = (now: () => Date) => Promise<StorageHarness>;

export function budget(salience = 0.9): Scenario {
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

/** A clock that advances one second a call from `start`, so every write has its own time. */
export function steppingClock(start = Date.UTC(2025, 0, 1, 12, 0, 0)): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

/** The error a promise rejects with, which must be a `StorageError`. */
export async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

/** The storage contract as tests, under `describe(name)`. */
export function describeStorage(name: string, open: OpenHarness): void {
  describe(name, () => {
    let database: StorageHarness;
    let storage: Storage;
    let workspace: string;

    beforeEach(async () => {
      database = await open(steppingClock());
      storage = database.storage;
      workspace = (await storage.createWorkspace('Team')).id;
    });
    afterEach(async () => database.storage.close());

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
        expect((await storage.listScenarios(workspace)).map((summary) => [summary.title, summary.version, summary.scenarioId])).toEqual([
          ['Budget', 2, 'budget'],
        ]);
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

      it('coalesces rapid saves of the same one value by its author into one version, and nothing else', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(0.9), author: 'ana' });
        const save = (baseVersion: number, scenario: Scenario, extra: { author?: string; summary?: string; coalesceSeconds?: number } = {}) =>
          storage.saveScenario(id, { baseVersion, scenario, author: 'ana', coalesceSeconds: 30, ...extra });
        const moved = (salience: number, position: number) => {
          const scenario = budget(salience);
          scenario.actors[0]!.stances.CUT!.position = position;
          return scenario;
        };
        // The first change after creating is a version of its own (the first version is never replaced).
        expect((await save(1, budget(0.8))).version).toBe(2);
        // The same value again, twice: the newest version is replaced, its number kept.
        expect((await save(2, budget(0.7))).version).toBe(2);
        const nudged = await save(2, budget(0.6));
        expect(nudged.version).toBe(2);
        expect(nudged.document.scenario).toEqual(budget(0.6));
        expect((await storage.listVersions(id))!.map((version) => [version.version, version.summary])).toEqual([
          [2, 'treasurer / CUT: salience 0.9 → 0.6'],
          [1, 'created'],
        ]);
        // Another value: a new version; then the same value by someone else: a new version.
        expect((await save(2, moved(0.6, 12))).version).toBe(3);
        expect((await save(3, moved(0.6, 13), { author: 'ben' })).version).toBe(4);
        // A save that does not ask to coalesce adds a version.
        expect((await save(4, moved(0.6, 14), { author: 'ben', coalesceSeconds: undefined })).version).toBe(5);
        // A named version is never coalesced, nor coalesced into.
        expect((await save(5, moved(0.6, 15), { author: 'ben', summary: 'named "before the vote"' })).version).toBe(6);
        expect((await save(6, moved(0.6, 16), { author: 'ben' })).version).toBe(7);
        // Outside the window (each write on this clock is a second after the one before): a new version.
        expect((await save(7, moved(0.6, 17), { author: 'ben', coalesceSeconds: 0.5 })).version).toBe(8);
        // A version a run was recorded on keeps its content.
        await storage.recordRun({
          scenario: id,
          version: 8,
          kind: 'forecast',
          models: ['median'],
          variant: null,
          inputsHash: 'h',
          seed: null,
          author: 'ben',
          request: {},
          outputs: {},
        });
        expect((await save(8, moved(0.6, 18), { author: 'ben' })).version).toBe(9);
        expect((await storage.getScenario(id, 8))!.document.scenario).toEqual(moved(0.6, 17));
        // Two values at once are never coalesced.
        expect((await save(9, moved(0.5, 19), { author: 'ben' })).version).toBe(10);
        expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        expect((await storage.listScenarios(workspace))[0]!.version).toBe(10);
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
        const run = await storage.recordRun({
          scenario: id,
          version: 1,
          kind: 'forecast',
          models: ['median'],
          variant: null,
          inputsHash: 'h',
          seed: null,
          author: 'ana',
          request: {},
          outputs: {},
        });
        expect(await storage.deleteScenario(id)).toBe(true);
        expect(await storage.deleteScenario(id)).toBe(false);
        expect(await storage.getRun(run.id)).toBeUndefined();
        expect(await database.rows('SELECT count(*) AS n FROM scenario_versions')).toEqual([{ n: 0 }]);
      });
    });

    describe('transactions', () => {
      it('rolls back a save whose last write fails: no half-written version, no orphan text', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
        const withNews = { ...budget(0.5), sources: [...budget().sources!, { id: 'news' }] };
        await database.failWritesTo('scenarios', 'UPDATE');
        await expect(storage.saveScenario(id, { baseVersion: 1, scenario: withNews, texts: { news: 'a long article' }, author: 'ana' })).rejects.toThrow(
          /simulated/,
        );
        await database.allowWrites();
        expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([1]);
        expect(await database.rows('SELECT count(*) AS n FROM texts')).toEqual([{ n: 0 }]);
        const next = await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
        expect(next.version).toBe(2);
      });

      it('rolls back a new scenario whose version cannot be written', async () => {
        await database.failWritesTo('scenario_versions', 'INSERT');
        await expect(storage.createScenario(workspace, { scenario: budget(), author: 'ana' })).rejects.toThrow(/simulated/);
        expect(await storage.listScenarios(workspace)).toEqual([]);
      });

      it('rolls back an undo whose head cannot move', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(0.9), author: 'ana' });
        await storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
        await database.failWritesTo('scenarios', 'UPDATE');
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
          scenario: id,
          version: 1,
          kind: 'forecast',
          models: ['median'],
          variant: null,
          inputsHash: hash,
          seed: 7,
          author: 'ana',
          request: { models: ['median'] },
          outputs: { results: [{ model: 'median', issue: 'CUT', forecast: 10 }] },
        });
        expect(await storage.getRun(run.id)).toEqual({ ...run, createdAt: '2025-01-01T12:00:02.000Z' });
        expect(await storage.listRuns(id)).toEqual([
          {
            id: run.id,
            scenario: id,
            version: 1,
            kind: 'forecast',
            models: ['median'],
            variant: null,
            inputsHash: hash,
            seed: 7,
            author: 'ana',
            createdAt: '2025-01-01T12:00:02.000Z',
          },
        ]);
        expect(await storage.listRuns('nope')).toBeUndefined();
        expect((await rejection(storage.recordRun({ ...run, version: 9 }))).code).toBe('not-found');
      });

      it('keeps outputs given as JSON text byte for byte: the text recordRun writes for the same outputs, read back as the same run', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
        const outputs = { results: [{ model: 'median', issue: 'CUT', forecast: 10.25, low: 1e-7, high: 1e21 }], note: 'é "quoted"\n\u2028', none: null };
        const outputsJson = JSON.stringify(outputs);
        const base = {
          scenario: id,
          version: 1,
          kind: 'forecast' as const,
          models: ['median'],
          variant: null,
          inputsHash: 'h',
          seed: 7,
          author: 'ana',
          request: { models: ['median'] },
        };
        const asText = await storage.recordRunJson({ ...base, outputsJson });
        expect(asText.outputsJson).toBe(outputsJson);
        const { outputsJson: _text, ...summary } = asText;
        expect(await storage.getRun(asText.id)).toEqual({ ...summary, outputs });
        const asObject = await storage.recordRun({ ...base, outputs });
        const stored = await database.rows(`SELECT id, outputs_json FROM runs WHERE id IN ('${asText.id}', '${asObject.id}') ORDER BY id`);
        expect(stored).toEqual([asText.id, asObject.id].sort().map((run) => ({ id: run, outputs_json: outputsJson })));
        expect((await rejection(storage.recordRunJson({ ...base, version: 9, outputsJson }))).code).toBe('not-found');
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
        expect(await database.rows('SELECT hash FROM tokens')).toEqual([{ hash: tokenHash(token) }]);
        expect(JSON.stringify(await database.rows('SELECT * FROM tokens'))).not.toContain(token);
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

    describe('texts, order and numbers', () => {
      it('keeps a text once however many versions and scenarios use it', async () => {
        const first = await storage.createScenario(workspace, { scenario: budget(), texts: { minutes: 'shared text' }, author: 'ana' });
        await storage.saveScenario(first.id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
        const second = await storage.createScenario(workspace, { scenario: budget(), texts: { minutes: 'shared text' }, author: 'ben' });
        expect(await database.rows('SELECT count(*) AS n FROM texts')).toEqual([{ n: 1 }]);
        expect((await storage.getScenario(second.id))!.document.texts).toEqual({ minutes: 'shared text' });
      });

      it('keeps seeds of any safe integer', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
        const run = (seed: number) => ({
          scenario: id,
          version: 1,
          kind: 'monte-carlo' as const,
          models: ['median'],
          variant: null,
          inputsHash: 'h',
          seed,
          author: 'ana',
          request: {},
          outputs: {},
        });
        for (const seed of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 32 + 1, 0]) {
          const { id: runId } = await storage.recordRun(run(seed));
          expect((await storage.getRun(runId))!.seed).toBe(seed);
        }
        expect((await storage.listRuns(id))!.map((summary) => summary.seed)).toEqual([0, 2 ** 32 + 1, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
      });

      it('sorts names by code point, as SQLite compares text', async () => {
        for (const user of ['ana', 'Zoe', 'ben', 'Åsa']) await storage.createUser(user);
        expect((await storage.listUsers()).map((user) => user.name)).toEqual(['Zoe', 'ana', 'ben', 'Åsa']);
      });

      it('lists things written at the same time in the order they were written', async () => {
        const fixed = await open(() => new Date(Date.UTC(2025, 0, 1)));
        try {
          const still = fixed.storage;
          const spaces = [await still.createWorkspace('b'), await still.createWorkspace('a'), await still.createWorkspace('c')];
          expect((await still.listWorkspaces()).map((space) => space.id)).toEqual(spaces.map((space) => space.id));
          const first = await still.createScenario(spaces[0]!.id, { scenario: budget(), author: 'ana' });
          const second = await still.createScenario(spaces[0]!.id, { scenario: budget(), author: 'ana' });
          await still.saveScenario(first.id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' });
          expect((await still.listScenarios(spaces[0]!.id)).map((summary) => summary.id)).toEqual([second.id, first.id]);
          const runs = [];
          for (const model of ['a', 'b', 'c']) {
            runs.push(
              await still.recordRun({
                scenario: first.id,
                version: 2,
                kind: 'forecast',
                models: [model],
                variant: null,
                inputsHash: 'h',
                seed: null,
                author: 'ana',
                request: {},
                outputs: {},
              }),
            );
          }
          expect((await still.listRuns(first.id))!.map((run) => run.id)).toEqual(runs.map((run) => run.id).reverse());
        } finally {
          await fixed.storage.close();
        }
      });
    });

    describe('at the same time', () => {
      it('gives one of two saves made to the same version a conflict, not a crash', async () => {
        const { id } = await storage.createScenario(workspace, { scenario: budget(), author: 'ana' });
        const outcomes = await Promise.allSettled([
          storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.5), author: 'ana' }),
          storage.saveScenario(id, { baseVersion: 1, scenario: budget(0.2), author: 'ben' }),
        ]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(1);
        const [refused] = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
        expect(refused).toBeInstanceOf(StorageError);
        expect((refused as StorageError).code).toBe('conflict');
        expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([2, 1]);
      });

      it('gives one of two users taking the same name a conflict', async () => {
        const outcomes = await Promise.allSettled([storage.createUser('ana'), storage.createUser('ana')]);
        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = outcomes.find((outcome) => outcome.status === 'rejected')!.reason as unknown;
        expect((refused as StorageError).code).toBe('conflict');
        expect((await storage.listUsers()).length).toBe(1);
      });
    });
  });
}

/**
 * The ledger's routes through fastify's inject: record a saved scenario's forecast, resolve
 * it, list, verify, score, digest and export; refusals name the field and write nothing; on
 * a shared server another workspace's ledger is refused as its scenarios are.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/ledger/chain.js';
import { ledgerScenario } from '../core/testing/ledger.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import type { ApiError, ChainReport, DigestResponse, LedgerEntryResponse, LedgerResponse, TrackRecordResponse } from './protocol.js';

const budget = ledgerScenario;

let storage: SqliteStorage;
let app: FastifyInstance;

afterEach(async () => {
  await app.close();
  await storage.close();
});

async function call<T>(options: InjectOptions, status: number): Promise<T> {
  const response = await app.inject(options);
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('the ledger routes', () => {
  let workspace: string;
  let scenario: string;
  beforeEach(async () => {
    storage = openSqliteStorage({ path: ':memory:' });
    app = await buildServer({ storage });
    workspace = (await storage.createWorkspace('Team')).id;
    scenario = (await storage.createScenario(workspace, { scenario: budget, author: 'ana' })).id;
  });

  it('records, resolves, lists, verifies, scores, digests and exports', async () => {
    const url = `/api/workspaces/${workspace}/ledger`;
    const { entry } = await call<LedgerEntryResponse>(
      { method: 'POST', url, payload: { scenario, variant: 'soft', models: ['median'], seed: 4, note: 'from the page', author: 'ana' } },
      201,
    );
    expect(entry).toMatchObject({
      seq: 1,
      previous: null,
      author: 'ana',
      body: { kind: 'forecast', variant: 'soft', request: { models: ['median'], seed: 4 }, note: 'from the page' },
    });
    const resolved = await call<LedgerEntryResponse>(
      { method: 'POST', url: `${url}/resolutions`, payload: { entry: 1, issue: 'CUT', observed: 'status-quo', date: today(), source: 'the vote failed' } },
      201,
    );
    expect(resolved.entry.body).toMatchObject({ kind: 'resolution', entry: { seq: 1, hash: entry.hash }, outcome: { agreement: false, observed: 0 } });

    const listed = await call<LedgerResponse>({ method: 'GET', url }, 200);
    expect(listed.entries.map((row) => row.hash)).toEqual([entry.hash, resolved.entry.hash]);
    expect(listed.verify.ok).toBe(true);
    expect(await call<ChainReport>({ method: 'GET', url: `${url}/verify?digest=${entry.hash}` }, 200)).toMatchObject({ ok: true, verified: 2 });
    expect(await call<DigestResponse>({ method: 'GET', url: `${url}/digest` }, 200)).toEqual({ head: { seq: 2, hash: resolved.entry.hash } });
    const score = await call<TrackRecordResponse>({ method: 'GET', url: `${url}/score` }, 200);
    expect(score).toMatchObject({ resolved: 1, open: 0, head: { seq: 2 } });
    // The status quo forecast exactly what happened: no error, and a Brier score of 0 for "no deal".
    expect(score.overall.find((row) => row.model === 'status-quo')).toMatchObject({ mae: 0, noChange: { brier: 0 } });

    const exported = await app.inject({ method: 'GET', url: `${url}/export.jsonl` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/jsonl/);
    expect(
      verifyChain(
        exported.body
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).ok,
    ).toBe(true);
  });

  it('refuses bad requests naming the field, writing nothing', async () => {
    const url = `/api/workspaces/${workspace}/ledger`;
    await call({ method: 'POST', url, payload: { scenario, models: ['median'] } }, 201);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ entry: 5, issue: 'CUT', observed: 3, date: today() }, 'entry', /there is no entry 5/],
      [{ entry: 1, issue: 'TAX', observed: 3, date: today() }, 'issue', /has no issue "TAX"/],
      [{ entry: 1, issue: 'CUT', observed: 30, date: today() }, 'observed', /off CUT's scale/],
      [{ entry: 1, issue: 'CUT', observed: 3, date: '2000-01-01' }, 'date', /before entry 1 was recorded/],
      [{ entry: 1, issue: 'CUT', observed: 3, date: 'tomorrow' }, 'date', /is not a date/],
    ];
    for (const [payload, field, message] of cases) {
      const error = await call<ApiError>({ method: 'POST', url: `${url}/resolutions`, payload: { ...payload, source: 'minutes' } }, 400);
      expect(error.problems?.[0]?.path, field).toEqual([field]);
      expect(error.message, field).toMatch(message);
    }
    expect((await call<ApiError>({ method: 'POST', url, payload: { scenario, resolveBy: '2027-02-30' } }, 400)).problems?.[0]?.path).toEqual(['resolveBy']);
    expect((await call<ApiError>({ method: 'POST', url, payload: { scenario: 'nope' } }, 404)).error).toBe('not-found');
    expect((await call<LedgerResponse>({ method: 'GET', url }, 200)).entries.length).toBe(1);
  });

  it('answers 409 and writes nothing once the chain no longer verifies', async () => {
    const url = `/api/workspaces/${workspace}/ledger`;
    await call({ method: 'POST', url, payload: { scenario, models: ['median'] } }, 201);
    storage.db.exec('DROP TRIGGER ledger_entries_no_update');
    storage.db.exec(`UPDATE ledger_entries SET entry_json = replace(entry_json, '"author":"anonymous"', '"author":"someone else"')`);
    const report = await call<ChainReport>({ method: 'GET', url: `${url}/verify` }, 200);
    expect(report.firstBreak?.message).toMatch(/^entry 1 was changed/);
    expect((await call<ApiError>({ method: 'POST', url, payload: { scenario, models: ['median'] } }, 409)).message).toMatch(
      /does not verify: entry 1 was changed/,
    );
    await call<ApiError>({ method: 'GET', url: `${url}/score` }, 409);
    expect((await storage.listLedgerEntries(workspace)).length).toBe(1);
  });
});

describe('the ledger on a shared server', () => {
  it("refuses another workspace's ledger, and a scenario of another workspace", async () => {
    storage = openSqliteStorage({ path: ':memory:' });
    app = await buildServer({ storage, auth: 'tokens' });
    const ana = await storage.createUser('ana');
    const ben = await storage.createUser('ben');
    const anas = (await storage.createWorkspace('Ana', [ana.user.id])).id;
    const bens = (await storage.createWorkspace('Ben', [ben.user.id])).id;
    const bensScenario = (await storage.createScenario(bens, { scenario: budget, author: 'ben' })).id;
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    await call({ method: 'GET', url: `/api/workspaces/${bens}/ledger`, headers: as(ana.token) }, 403);
    await call({ method: 'POST', url: `/api/workspaces/${anas}/ledger`, headers: as(ana.token), payload: { scenario: bensScenario } }, 403);
    const { entry } = await call<LedgerEntryResponse>(
      { method: 'POST', url: `/api/workspaces/${bens}/ledger`, headers: as(ben.token), payload: { scenario: bensScenario, models: ['median'] } },
      201,
    );
    expect(entry.author).toBe('ben');
    await call({ method: 'GET', url: `/api/workspaces/${bens}/ledger/export.jsonl` }, 401);
  });
});

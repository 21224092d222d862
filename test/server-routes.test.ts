/** The two routes the page's History and "Download report" use: changes between versions in words, and the brief. */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../src/core/scenario.js';
import { openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';
import { makeBrief } from '../src/report/brief.js';
import { buildServer } from '../src/server/app.js';
import type { ChangesResponse } from '../src/server/protocol.js';

const budget: Scenario = {
  parley: 1,
  id: 'budget',
  title: 'Budget',
  issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
  actors: [
    { id: 'treasurer', name: 'Treasurer', capability: 0.6, stances: { CUT: { position: 10, salience: 0.9 } } },
    { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
  ],
  variants: [{ id: 'soft', changes: [{ actor: 'treasurer', issue: 'CUT', position: 6 }] }],
};

let storage: SqliteStorage;
let app: FastifyInstance;
let id: string;

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage, report: (scenario, request) => makeBrief(scenario, request) });
  const workspace = await storage.createWorkspace('Team');
  const created = await storage.createScenario(workspace.id, { scenario: budget, author: 'ana' });
  id = created.id;
  const moved = structuredClone(budget);
  moved.actors[1]!.stances.CUT!.salience = 0.5;
  moved.actors.push({ id: 'board', name: 'Board', capability: 0.4, stances: { CUT: { position: 15, salience: 0.5 } } });
  await storage.saveScenario(id, { baseVersion: created.version, scenario: moved, author: 'ana' });
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

describe('GET /api/scenarios/:scenario/changes', () => {
  it('lists every change from one version to another, in words', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/scenarios/${id}/changes?from=1&to=2` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as ChangesResponse;
    expect(body.from).toBe(1);
    expect(body.changes.some((change) => change.includes('salience 1 → 0.5'))).toBe(true);
    expect(body.changes.some((change) => change.includes('Board'))).toBe(true);
  });

  it('refuses a missing or malformed version with 400, and a version that does not exist with 404', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/scenarios/${id}/changes?from=1` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/scenarios/${id}/changes?from=x&to=2` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/scenarios/${id}/changes?from=1&to=9` })).statusCode).toBe(404);
  });
});

describe('GET /api/scenarios/:scenario/report.html', () => {
  it('is the brief of the saved scenario (or a variant of it), as a download', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/scenarios/${id}/report.html?variant=soft&draws=20` });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-disposition']).toBe('attachment; filename="budget-soft-brief.html"');
    expect(response.body).toMatch(/^<!doctype html>/i);
    expect(response.body).toContain('Budget');
  }, 60_000);

  it('refuses an unknown variant with 404', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/scenarios/${id}/report.html?variant=nope` })).statusCode).toBe(404);
  });
});

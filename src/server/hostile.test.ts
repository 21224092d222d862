/**
 * Requests written to break the server (issue 24): a body of absurdly long ids, a body over
 * the limit. Each gets a 4xx with a message, and the server keeps answering.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import type { WorkspaceRecord } from './protocol.js';

let storage: SqliteStorage;
let app: FastifyInstance;
let workspace: WorkspaceRecord;

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage });
  workspace = await storage.createWorkspace('Team');
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

function scenarioWithIds(sourceId: string, citedId: string) {
  return {
    parley: 1,
    id: 'long',
    title: 'Long ids',
    sources: [{ id: sourceId, title: 'A source' }],
    issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 } }],
    actors: [
      { id: 'a', name: 'A', capability: 1, stances: { CUT: { position: 10, salience: 1, evidence: [{ source: citedId }] } } },
      { id: 'b', name: 'B', capability: 1, stances: { CUT: { position: 0, salience: 1 } } },
    ],
  };
}

describe('hostile requests', () => {
  it('an 83 KB scenario of two 40,000-character ids is a 400 naming the fields, and the server keeps answering', async () => {
    // The issue's report: this body made the "did you mean" table exhaust the heap and kill the server.
    const payload = { scenario: scenarioWithIds('a'.repeat(40_000), 'b'.repeat(40_000)), texts: {} };
    expect(JSON.stringify(payload).length).toBeGreaterThan(80_000);
    const response = await app.inject({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload });
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json() as { problems: { code: string; message: string }[] };
    expect(body.problems.map((problem) => problem.code)).toEqual(expect.arrayContaining(['too-long', 'unknown-source']));
    for (const problem of body.problems) expect(problem.message.length).toBeLessThan(200);
    expect((await app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);
  });

  it('`__proto__` and `constructor` as ids: a 400 for the first, a saved scenario for the second', async () => {
    const named = scenarioWithIds('constructor', 'constructor');
    const saved = await app.inject({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload: { scenario: named, texts: {} } });
    expect(saved.statusCode, saved.body).toBe(201);
    const body = JSON.stringify({ scenario: scenarioWithIds('s', 's'), texts: {} }).replace('"a","name":"A"', '"__proto__","name":"A"');
    const refused = await app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/scenarios`,
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.statusCode, refused.body).toBe(400);
  });

  it('a body over the limit is a 413 with a message', async () => {
    const payload = { scenario: scenarioWithIds('s', 's'), texts: { s: 'x'.repeat(3 * 1024 * 1024) } };
    const response = await app.inject({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.stringMatching(/\d/) });
  });
});

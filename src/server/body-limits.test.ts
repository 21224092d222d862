/**
 * Each kind of route takes a body up to its limit and answers 413 one byte beyond it, with
 * the limit and the kind in words (`body-limits.ts`). The bodies are valid JSON padded with
 * whitespace to the exact size, so the byte just under the limit gets the route's own answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../cli/shared.js';
import type { Scenario } from '../core/scenario.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer, registeredRoutes } from './app.js';
import { type BodyKind, bodyKind, defaultBodyLimits, sizeInWords } from './body-limits.js';
import type { ScenarioResponse, WorkspaceRecord } from './protocol.js';

const small: Scenario = {
  parley: 1,
  id: 'budget',
  title: 'Budget',
  issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
  actors: [
    { id: 'treasurer', name: 'Treasurer', capability: 0.6, stances: { CUT: { position: 10, salience: 0.9 } } },
    { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
  ],
};

let storage: SqliteStorage;
let app: FastifyInstance;
let workspace: WorkspaceRecord;
let stored: ScenarioResponse;

beforeAll(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage });
  workspace = await storage.createWorkspace('Team');
  const created = await app.inject({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload: { scenario: small } });
  stored = created.json() as ScenarioResponse;
});
afterAll(async () => {
  await app.close();
  await storage.close();
});

/** `body` as JSON followed by spaces, `bytes` long in all. */
function padded(body: unknown, bytes: number): string {
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) > bytes) throw new Error(`the body is already ${Buffer.byteLength(text)} bytes`);
  return text + ' '.repeat(bytes - Buffer.byteLength(text));
}

interface Case {
  kind: BodyKind;
  route: string;
  request: () => Omit<InjectOptions, 'payload'> & { body: unknown };
  /** The status just under the limit: the route's own answer. */
  under: number;
}

const cases: Case[] = [
  {
    kind: 'scenario',
    route: 'POST a scenario',
    request: () => ({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, body: { scenario: small } }),
    under: 201,
  },
  {
    kind: 'scenario',
    route: 'PUT a scenario',
    request: () => ({
      method: 'PUT',
      url: `/api/scenarios/${stored.id}`,
      body: { baseVersion: stored.version, scenario: { ...small, title: 'Budget, again' } },
    }),
    under: 200,
  },
  {
    kind: 'import',
    route: 'an import',
    request: () => ({
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/imports`,
      body: { format: 'yaml', text: readFileSync(join(packageRoot(), 'scenarios', 'eu-emissions-1994.yaml'), 'utf8') },
    }),
    under: 201,
  },
  // This server runs no sweeps: its answer under the limit says so; the limit comes first.
  {
    kind: 'sweep',
    route: 'a sweep',
    request: () => ({ method: 'POST', url: `/api/scenarios/${stored.id}/sweeps`, body: { draws: 100, seed: 1 } }),
    under: 404,
  },
  {
    kind: 'other',
    route: 'a run',
    request: () => ({ method: 'POST', url: `/api/scenarios/${stored.id}/runs`, body: { kind: 'forecast', models: ['median'] } }),
    under: 201,
  },
  { kind: 'other', route: 'a workspace', request: () => ({ method: 'POST', url: '/api/workspaces', body: { name: 'Second' } }), under: 201 },
];

describe('request body limits', () => {
  it('every route registered has the limit of its kind', () => {
    const kinds = registeredRoutes(app)
      .filter((route) => route.url.startsWith('/api/'))
      .map((route) => `${route.method} ${route.url} ${bodyKind(route.method, route.url)}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'POST /api/workspaces/:workspace/scenarios scenario',
        'PUT /api/scenarios/:scenario scenario',
        'POST /api/workspaces/:workspace/imports import',
        'POST /api/scenarios/:scenario/sweeps sweep',
        'POST /api/scenarios/:scenario/runs other',
        'POST /api/workspaces/:workspace/ledger other',
      ]),
    );
    expect(defaultBodyLimits).toEqual({ scenario: 2 * 1024 * 1024, import: 2 * 1024 * 1024, sweep: 16 * 1024, other: 64 * 1024 });
  });

  it.each(cases)('$route ($kind): the limit is taken, one byte more is a 413 naming the limit and the kind', async ({ kind, request, under }) => {
    const limit = defaultBodyLimits[kind];
    const { body, ...options } = request();
    const headers = { 'content-type': 'application/json' };
    const taken = await app.inject({ ...options, headers, payload: padded(body, limit) });
    expect(taken.statusCode, taken.body.slice(0, 300)).toBe(under);
    // The PUT saved a version: the next one saves on top of it.
    if (kind === 'scenario' && options.method === 'PUT') stored = taken.json() as ScenarioResponse;
    const refused = await app.inject({ ...request(), headers, payload: padded(request().body, limit + 1) });
    expect(refused.statusCode).toBe(413);
    expect(refused.json()).toEqual({
      error: 'too-large',
      message: expect.stringContaining(`larger than ${sizeInWords(limit)} (${limit.toLocaleString('en-US')} bytes), the most this server takes for `),
    });
    expect(refused.json().message).toContain(
      { scenario: 'a scenario (POST or PUT of a scenario)', import: 'an import', sweep: 'a sweep request', other: 'a request to this route' }[kind],
    );
  });

  it('every shipped scenario fits a scenario body many times over', () => {
    for (const name of ['cop21.yaml', 'eu-emissions-1994.yaml', 'ukraine-2024-11.yaml']) {
      const { scenario } = loadScenarioFile(join(packageRoot(), 'scenarios', name));
      expect(Buffer.byteLength(JSON.stringify({ scenario })), name).toBeLessThan(defaultBodyLimits.scenario / 4);
    }
  });

  it('limits can be set per kind', async () => {
    const strict = await buildServer({ storage, bodyLimits: { other: 100 } });
    try {
      const refused = await strict.inject({
        method: 'POST',
        url: '/api/workspaces',
        headers: { 'content-type': 'application/json' },
        payload: padded({ name: 'x' }, 101),
      });
      expect(refused.statusCode).toBe(413);
      expect(refused.json().message).toMatch(/^the request body is larger than 100 bytes, the most this server takes for a request to this route; send less$/);
    } finally {
      await strict.close();
    }
  });
});

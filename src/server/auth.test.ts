/**
 * A shared server (`auth: 'tokens'`): every API request signs in with a user's token, and a
 * user sees only the workspaces they are a member of. A refusal (401 without a valid token,
 * 403 for another workspace's work) carries nothing of what it refuses: the same answer as
 * for an id that does not exist.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { secretScenario, secretTitle } from '../../test/fixtures/secret-scenario.js';
import { buildServer } from './app.js';
import type { ApiError, MeResponse, RunResponse, ScenarioResponse, WorkspaceRecord, WorkspacesResponse } from './protocol.js';

let storage: SqliteStorage;
let app: FastifyInstance;
let ana: string;
let ben: string;
let anaSpace: WorkspaceRecord;
let benSpace: WorkspaceRecord;
let secret: ScenarioResponse;
let secretRun: RunResponse;

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage, auth: 'tokens' });
  const anaToken = await storage.createUser('ana');
  const benToken = await storage.createUser('ben');
  ana = anaToken.token;
  ben = benToken.token;
  anaSpace = await storage.createWorkspace('Ana team', [anaToken.user.id]);
  benSpace = await storage.createWorkspace('Ben team', [benToken.user.id]);
  secret = await storage.createScenario(anaSpace.id, { scenario: secretScenario(), author: 'ana' });
  secretRun = await storage.recordRun({
    scenario: secret.id,
    version: 1,
    kind: 'forecast',
    models: ['median'],
    variant: null,
    inputsHash: 'h',
    seed: null,
    author: 'ana',
    request: {},
    outputs: { secret: 60 },
  });
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

function as(token: string | undefined, options: InjectOptions): InjectOptions {
  return token === undefined ? options : { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } };
}

async function call<T>(token: string | undefined, options: InjectOptions, status: number): Promise<T> {
  const response = await app.inject(as(token, options));
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** Every route that names something of Ana's, with a body that would be valid. */
function routesOnAnasWork(): InjectOptions[] {
  const scenario = `/api/scenarios/${secret.id}`;
  return [
    { method: 'GET', url: `/api/workspaces/${anaSpace.id}` },
    { method: 'POST', url: `/api/workspaces/${anaSpace.id}/scenarios`, payload: { scenario: secretScenario() } },
    { method: 'POST', url: `/api/workspaces/${anaSpace.id}/imports`, payload: { format: 'yaml', text: 'parley: 1' } },
    { method: 'GET', url: scenario },
    { method: 'GET', url: `${scenario}?version=1` },
    { method: 'PUT', url: scenario, payload: { baseVersion: 1, scenario: secretScenario() } },
    { method: 'DELETE', url: scenario },
    { method: 'POST', url: `${scenario}/duplicate`, payload: {} },
    { method: 'GET', url: `${scenario}/versions` },
    { method: 'POST', url: `${scenario}/restore`, payload: { version: 1 } },
    { method: 'GET', url: `${scenario}/export.yaml` },
    { method: 'POST', url: `${scenario}/runs`, payload: { kind: 'forecast', models: ['median'] } },
    { method: 'GET', url: `${scenario}/runs` },
    { method: 'GET', url: `/api/runs/${secretRun.id}` },
    { method: 'POST', url: `${scenario}/sweeps`, payload: { draws: 10, seed: 1 } },
  ];
}

/** Nothing of Ana's work in an answer: not the title, the workspace's name, the numbers or the run. */
function expectNothingLeaked(body: string): void {
  for (const secretText of [secretTitle, 'Ana team', 'merger', 'buyer', secretRun.inputsHash === 'h' ? '"secret"' : '', 'ana']) {
    if (secretText) expect(body.toLowerCase()).not.toContain(secretText.toLowerCase());
  }
}

describe('signing in', () => {
  it('refuses every API request without a token with 401 and says how to sign in', async () => {
    for (const route of [
      { method: 'GET' as const, url: '/api/workspaces' },
      { method: 'GET' as const, url: '/api/models' },
      { method: 'GET' as const, url: '/api/me' },
      ...routesOnAnasWork(),
    ]) {
      const response = await app.inject(route);
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      const body = response.json() as ApiError;
      expect(body.error).toBe('unauthorized');
      expect(body.message).toMatch(/Authorization: Bearer/);
      expectNothingLeaked(response.body);
    }
    expect((await storage.listVersions(secret.id))!.length).toBe(1);
    expect(await storage.getScenario(secret.id)).toBeDefined();
  });

  it('refuses a wrong, malformed or replaced token with 401', async () => {
    for (const header of [`Bearer ${ana}x`, `Bearer ${ana.slice(0, -1)}`, 'Bearer', `Basic ${ana}`, ana, 'Bearer parley_', `Bearer ${ana} extra`]) {
      const response = await app.inject({ method: 'GET', url: `/api/scenarios/${secret.id}`, headers: { authorization: header } });
      expect(response.statusCode, header).toBe(401);
      expect((response.json() as ApiError).error).toBe('unauthorized');
      expectNothingLeaked(response.body);
    }
    const user = (await storage.getUserByName('ana'))!;
    await storage.issueToken(user.id);
    const replaced = await app.inject(as(ana, { method: 'GET', url: '/api/workspaces' }));
    expect(replaced.statusCode).toBe(401);
    expect((replaced.json() as ApiError).message).toMatch(/not valid/);
  });

  it('tells a signed-in user who they are', async () => {
    expect(await call<MeResponse>(ana, { method: 'GET', url: '/api/me' }, 200)).toEqual({ auth: 'tokens', user: { name: 'ana' }, sweeps: null });
  });

  it('serves the page itself without a token (it holds no data)', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
  });
});

describe('workspaces', () => {
  it("refuses another workspace's scenario, versions and runs with 403, changing nothing and leaking nothing", async () => {
    for (const route of routesOnAnasWork()) {
      const response = await app.inject(as(ben, route));
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(403);
      expect((response.json() as ApiError).error).toBe('forbidden');
      expectNothingLeaked(response.body);
    }
    expect((await storage.listVersions(secret.id))!.map((version) => version.version)).toEqual([1]);
    expect((await storage.listRuns(secret.id))!.length).toBe(1);
    expect((await storage.listScenarios(anaSpace.id)).length).toBe(1);
    expect((await storage.listScenarios(benSpace.id)).length).toBe(0);
  });

  it('answers an id that exists elsewhere exactly as one that does not exist', async () => {
    const pairs: [string, string][] = [
      [`/api/scenarios/${secret.id}`, '/api/scenarios/00000000-0000-4000-8000-000000000000'],
      [`/api/workspaces/${anaSpace.id}`, '/api/workspaces/00000000-0000-4000-8000-000000000000'],
      [`/api/runs/${secretRun.id}`, '/api/runs/00000000-0000-4000-8000-000000000000'],
    ];
    for (const [existing, missing] of pairs) {
      const a = await app.inject(as(ben, { method: 'GET', url: existing }));
      const b = await app.inject(as(ben, { method: 'GET', url: missing }));
      expect(a.statusCode).toBe(b.statusCode);
      const idOf = (url: string) => url.split('/').at(-1)!;
      expect(a.body.replace(idOf(existing), 'ID')).toBe(b.body.replace(idOf(missing), 'ID'));
    }
  });

  it('lists only the workspaces the user is a member of', async () => {
    expect((await call<WorkspacesResponse>(ben, { method: 'GET', url: '/api/workspaces' }, 200)).workspaces.map((space) => space.name)).toEqual(['Ben team']);
    expect((await call<WorkspacesResponse>(ana, { method: 'GET', url: '/api/workspaces' }, 200)).workspaces.map((space) => space.name)).toEqual(['Ana team']);
  });

  it('lets a member work, and records the signed-in user as the author whatever the body says', async () => {
    const saved = await call<ScenarioResponse>(
      ana,
      { method: 'PUT', url: `/api/scenarios/${secret.id}`, payload: { baseVersion: 1, scenario: secretScenario(), author: 'mallory' } },
      200,
    );
    expect(saved.updatedBy).toBe('ana');
    const run = await call<RunResponse>(
      ana,
      { method: 'POST', url: `/api/scenarios/${secret.id}/runs`, payload: { kind: 'forecast', models: ['median'], author: 'mallory' } },
      201,
    );
    expect(run.author).toBe('ana');
    expect((await call<RunResponse>(ana, { method: 'GET', url: `/api/runs/${run.id}` }, 200)).id).toBe(run.id);
  });

  it('makes the creator of a workspace its member, and no one else', async () => {
    const created = await call<WorkspaceRecord>(ben, { method: 'POST', url: '/api/workspaces', payload: { name: 'Ben side project' } }, 201);
    await call<ScenarioResponse>(ben, { method: 'POST', url: `/api/workspaces/${created.id}/scenarios`, payload: { scenario: secretScenario() } }, 201);
    expect((await call<ApiError>(ana, { method: 'GET', url: `/api/workspaces/${created.id}` }, 403)).error).toBe('forbidden');
    expect((await call<WorkspacesResponse>(ben, { method: 'GET', url: '/api/workspaces' }, 200)).workspaces.map((space) => space.name)).toEqual([
      'Ben team',
      'Ben side project',
    ]);
  });

  it('opens a workspace to a user once they are made a member', async () => {
    await call<ApiError>(ben, { method: 'GET', url: `/api/scenarios/${secret.id}` }, 403);
    await storage.addMember(anaSpace.id, (await storage.getUserByName('ben'))!.id);
    expect((await call<ScenarioResponse>(ben, { method: 'GET', url: `/api/scenarios/${secret.id}` }, 200)).title).toBe(secretTitle);
  });
});

describe('without sign-in (one person on their own machine)', () => {
  it('answers as before: no token needed, 404 for what does not exist', async () => {
    const local = await buildServer({ storage });
    try {
      expect((await local.inject({ method: 'GET', url: '/api/me' })).json()).toEqual({ auth: 'none', user: null, sweeps: null });
      expect((await local.inject({ method: 'GET', url: `/api/scenarios/${secret.id}` })).statusCode).toBe(200);
      expect((await local.inject({ method: 'GET', url: '/api/runs/nope' })).statusCode).toBe(404);
    } finally {
      await local.close();
    }
  });
});

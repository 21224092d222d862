/**
 * Every route of the API, through fastify's inject (no socket): a valid request, an invalid
 * one (400 with the problems, never 500) and, where a route names something, one that names
 * nothing (404).
 */
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelIds } from '../core/models/index.js';
import type { Scenario } from '../core/scenario.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import type { ApiError, ImportResponse, RunResponse, ScenarioResponse, VersionsResponse, WorkspaceRecord, WorkspaceResponse } from './protocol.js';

function budget(salience = 0.9): Scenario {
  return {
    parley: 1,
    id: 'budget',
    title: 'Budget',
    sources: [{ id: 'minutes', title: 'Minutes' }],
    issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
    actors: [
      { id: 'treasurer', name: 'Treasurer', capability: { low: 0.5, mode: 0.6, high: 0.7 }, stances: { CUT: { position: 10, salience } } },
      { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
      { id: 'board', name: 'Board', capability: 0.4, stances: { CUT: { position: 15, salience: 0.5 } } },
    ],
    variants: [{ id: 'soft', changes: [{ actor: 'treasurer', issue: 'CUT', position: 6 }] }],
  };
}

let storage: SqliteStorage;
let app: FastifyInstance;
let workspace: WorkspaceRecord;
let webRoot: string;

beforeAll(() => {
  webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>');
});
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage, webRoot });
  workspace = await storage.createWorkspace('Team');
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

async function call<T>(options: InjectOptions, status: number): Promise<T> {
  const response = await app.inject(options);
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

async function createBudget(): Promise<ScenarioResponse> {
  return call<ScenarioResponse>(
    {
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/scenarios`,
      payload: { scenario: budget(), texts: { minutes: 'We cut ten percent.' }, author: 'ana' },
    },
    201,
  );
}

describe('models and workspaces', () => {
  it('GET /api/models lists every registered model with its parameters', async () => {
    const body = await call<{ models: { id: string; params: unknown[] }[] }>({ method: 'GET', url: '/api/models' }, 200);
    expect(body.models.map((model) => model.id)).toEqual(modelIds);
  });

  it('GET /api/workspaces lists workspaces; POST creates one or says what is wrong', async () => {
    const created = await call<WorkspaceRecord>({ method: 'POST', url: '/api/workspaces', payload: { name: 'Second' } }, 201);
    const { workspaces } = await call<{ workspaces: WorkspaceRecord[] }>({ method: 'GET', url: '/api/workspaces' }, 200);
    expect(workspaces.map((space) => space.name)).toEqual(['Team', 'Second']);
    expect(created.name).toBe('Second');
    const invalid = await call<ApiError>({ method: 'POST', url: '/api/workspaces', payload: { name: '', extra: 1 } }, 400);
    expect(invalid.error).toBe('invalid-request');
    expect(invalid.problems!.map((problem) => problem.path)).toEqual(expect.arrayContaining([['name'], []]));
    for (const name of ['A\u0000B', 'two\nlines', 'tab\there']) {
      const refused = await call<ApiError>({ method: 'POST', url: '/api/workspaces', payload: { name } }, 400);
      expect(refused.problems![0]!.message).toMatch(/no control characters/);
    }
  });

  it('GET /api/workspaces/:workspace lists its scenarios, or 404', async () => {
    await createBudget();
    const body = await call<WorkspaceResponse>({ method: 'GET', url: `/api/workspaces/${workspace.id}` }, 200);
    expect(body.scenarios.map((scenario) => scenario.title)).toEqual(['Budget']);
    expect((await call<ApiError>({ method: 'GET', url: '/api/workspaces/nope' }, 404)).error).toBe('not-found');
  });
});

describe('scenarios', () => {
  it('POST /api/workspaces/:workspace/scenarios creates a scenario; an invalid one is 400 with the problems where they are', async () => {
    const created = await createBudget();
    expect(created.version).toBe(1);
    expect(created.document.texts).toEqual({ minutes: 'We cut ten percent.' });
    const broken = budget();
    broken.actors[0]!.stances.CUT!.salience = 1.4;
    (broken.actors[1] as unknown as Record<string, unknown>).salinece = 1;
    const invalid = await call<ApiError>({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload: { scenario: broken } }, 400);
    expect(invalid.error).toBe('invalid-scenario');
    expect(invalid.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'salience', path: ['actors', 0, 'stances', 'CUT', 'salience'] }),
        expect.objectContaining({ code: 'unknown-field', path: ['actors', 1, 'salinece'] }),
      ]),
    );
    await call<ApiError>({ method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload: { texts: 'no' } }, 400);
    await call<ApiError>({ method: 'POST', url: '/api/workspaces/nope/scenarios', payload: { scenario: budget() } }, 404);
  });

  it('GET /api/scenarios/:scenario gives the newest or an asked-for version, or 404', async () => {
    const { id } = await createBudget();
    const body = await call<ScenarioResponse>({ method: 'GET', url: `/api/scenarios/${id}` }, 200);
    expect(body.document.scenario).toEqual(budget());
    expect((await call<ScenarioResponse>({ method: 'GET', url: `/api/scenarios/${id}?version=1` }, 200)).shown.version).toBe(1);
    await call<ApiError>({ method: 'GET', url: `/api/scenarios/${id}?version=x` }, 400);
    await call<ApiError>({ method: 'GET', url: `/api/scenarios/${id}?version=9` }, 404);
    await call<ApiError>({ method: 'GET', url: '/api/scenarios/nope' }, 404);
  });

  it('PUT /api/scenarios/:scenario saves a version; invalid is 400, stale is 409, unknown is 404', async () => {
    const { id } = await createBudget();
    const saved = await call<ScenarioResponse>(
      { method: 'PUT', url: `/api/scenarios/${id}`, payload: { baseVersion: 1, scenario: budget(0.5), author: 'ben' } },
      200,
    );
    expect(saved.version).toBe(2);
    expect(saved.updatedBy).toBe('ben');
    expect(saved.shown.summary).toBe('treasurer / CUT: salience 0.9 → 0.5');
    const conflict = await call<ApiError>({ method: 'PUT', url: `/api/scenarios/${id}`, payload: { baseVersion: 1, scenario: budget(0.2) } }, 409);
    expect(conflict.message).toMatch(/ben saved version 2/);
    const outOfScale = budget();
    outOfScale.actors[0]!.stances.CUT!.position = 40;
    const invalid = await call<ApiError>({ method: 'PUT', url: `/api/scenarios/${id}`, payload: { baseVersion: 2, scenario: outOfScale } }, 400);
    expect(invalid.problems![0]).toMatchObject({ code: 'out-of-scale', path: ['actors', 0, 'stances', 'CUT', 'position'] });
    await call<ApiError>({ method: 'PUT', url: `/api/scenarios/${id}`, payload: { scenario: budget() } }, 400);
    await call<ApiError>({ method: 'PUT', url: '/api/scenarios/nope', payload: { baseVersion: 1, scenario: budget() } }, 404);
  });

  it('PUT /api/scenarios/:scenario coalesces the same one value saved again by its author into one version; a named one is kept', async () => {
    const { id } = await createBudget();
    const put = (baseVersion: number, salience: number, extra: Record<string, unknown> = {}) =>
      call<ScenarioResponse>(
        { method: 'PUT', url: `/api/scenarios/${id}`, payload: { baseVersion, scenario: budget(salience), author: 'ben', ...extra } },
        200,
      );
    expect((await put(1, 0.5)).version).toBe(2);
    const again = await put(2, 0.4);
    expect(again.version).toBe(2);
    expect(again.shown.summary).toBe('treasurer / CUT: salience 0.9 → 0.4');
    expect((await put(2, 0.3, { summary: 'named "draft"' })).version).toBe(3);
    expect((await put(3, 0.2)).version).toBe(4);
    expect((await put(4, 0.1, { author: 'ana' })).version).toBe(5);
  });

  it('DELETE /api/scenarios/:scenario removes it, or 404', async () => {
    const { id } = await createBudget();
    expect(await call({ method: 'DELETE', url: `/api/scenarios/${id}` }, 200)).toEqual({ deleted: true });
    await call<ApiError>({ method: 'DELETE', url: `/api/scenarios/${id}` }, 404);
  });

  it('POST /api/scenarios/:scenario/duplicate copies the scenario with its texts', async () => {
    const { id } = await createBudget();
    const copy = await call<ScenarioResponse>({ method: 'POST', url: `/api/scenarios/${id}/duplicate`, payload: { author: 'ana' } }, 201);
    expect(copy.id).not.toBe(id);
    expect(copy.title).toBe('Budget (copy)');
    expect(copy.document.texts).toEqual({ minutes: 'We cut ten percent.' });
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/duplicate`, payload: { title: 7 } }, 400);
    await call<ApiError>({ method: 'POST', url: '/api/scenarios/nope/duplicate', payload: {} }, 404);
  });

  it('GET …/versions lists who changed what when; POST …/restore undoes to any version', async () => {
    const { id } = await createBudget();
    await call({ method: 'PUT', url: `/api/scenarios/${id}`, payload: { baseVersion: 1, scenario: budget(0.5), author: 'ben' } }, 200);
    const restored = await call<ScenarioResponse>({ method: 'POST', url: `/api/scenarios/${id}/restore`, payload: { version: 1, author: 'ana' } }, 200);
    expect(restored.version).toBe(3);
    expect(restored.document.scenario).toEqual(budget());
    const { versions } = await call<VersionsResponse>({ method: 'GET', url: `/api/scenarios/${id}/versions` }, 200);
    expect(versions.map((version) => [version.version, version.author, version.restoredFrom])).toEqual([
      [3, 'ana', 1],
      [2, 'ben', null],
      [1, 'ana', null],
    ]);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/restore`, payload: { version: 0 } }, 400);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/restore`, payload: { version: 9 } }, 404);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/restore`, payload: { version: 1, baseVersion: 1 } }, 409);
    await call<ApiError>({ method: 'GET', url: '/api/scenarios/nope/versions' }, 404);
  });

  it('GET …/export.yaml gives the scenario file', async () => {
    const { id } = await createBudget();
    const response = await app.inject({ method: 'GET', url: `/api/scenarios/${id}/export.yaml` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/yaml/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="budget.yaml"');
    expect(response.body).toMatch(/^parley: 1\nid: budget\n/);
    await call<ApiError>({ method: 'GET', url: `/api/scenarios/${id}/export.yaml?version=-1` }, 400);
    await call<ApiError>({ method: 'GET', url: '/api/scenarios/nope/export.yaml' }, 404);
  });

  it("the exported file keeps the sources' pasted texts, and importing it gives them back exactly", async () => {
    const pasted = 'The council met.\n\nWe cut ten percent.\n  - "quoted": indented\n# a hash line\n\n';
    const { id } = await call<ScenarioResponse>(
      { method: 'POST', url: `/api/workspaces/${workspace.id}/scenarios`, payload: { scenario: budget(), texts: { minutes: pasted }, author: 'ana' } },
      201,
    );
    const exported = (await app.inject({ method: 'GET', url: `/api/scenarios/${id}/export.yaml` })).body;
    expect(exported).toContain('    text: ');
    const imported = await call<ImportResponse>(
      { method: 'POST', url: `/api/workspaces/${workspace.id}/imports`, payload: { format: 'yaml', fileName: 'budget.yaml', text: exported } },
      201,
    );
    expect(imported.scenario.document.texts).toEqual({ minutes: pasted });
    expect(imported.scenario.document.scenario).toEqual(budget());
  });
});

describe('imports', () => {
  it('imports YAML, KTAB CSV and BDM CSV; a broken file is 400 with its problems and lines', async () => {
    const yaml = await call<ImportResponse>(
      {
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/imports`,
        payload: {
          format: 'yaml',
          fileName: 'cut.yaml',
          text: 'parley: 1\nid: cut\ntitle: Cut\nissues:\n  - { id: X, name: X, scale: { min: 0, max: 1 } }\nactors:\n  - { id: a, name: A, capability: 1, stances: { X: { position: 0, salience: 1 } } }\n  - { id: b, name: B, capability: 1, stances: { X: { position: 1, salience: 1 } } }\n',
        },
      },
      201,
    );
    expect(yaml.scenario.title).toBe('Cut');
    expect(yaml.scenario.shown.summary).toBe('imported from cut.yaml (yaml)');
    const ktab = await call<ImportResponse>(
      {
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/imports`,
        payload: { format: 'ktab', text: 'Demo,,3,1\nActor,Description,Power,Tax,Tax salience\nA,,10,20,50\nB,,20,60,40\nC,,30,90,30\n' },
      },
      201,
    );
    expect(ktab.scenario.document.scenario.issues[0]!.id).toBe('tax');
    const bdm = await call<ImportResponse>(
      {
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/imports`,
        payload: { format: 'bdm', text: 'actor,capability,position,salience\nA,10,0,80\nB,20,100,60\n', scale: { min: 0, max: 100 } },
      },
      201,
    );
    expect(bdm.scenario.document.scenario.actors.map((actor) => actor.name)).toEqual(['A', 'B']);
    expect(bdm.notes.length).toBeGreaterThan(0);

    const broken = await call<ApiError>(
      { method: 'POST', url: `/api/workspaces/${workspace.id}/imports`, payload: { format: 'yaml', fileName: 'x.yaml', text: 'parley: 2\n' } },
      400,
    );
    expect(broken.error).toBe('invalid-scenario');
    expect(broken.problems![0]).toMatchObject({ file: 'x.yaml', line: 1 });
    await call<ApiError>({ method: 'POST', url: `/api/workspaces/${workspace.id}/imports`, payload: { format: 'docx', text: '' } }, 400);
    await call<ApiError>(
      { method: 'POST', url: '/api/workspaces/nope/imports', payload: { format: 'bdm', text: 'actor,capability,position,salience\nA,10,0,80\nB,20,100,60\n' } },
      404,
    );
  });
});

describe('runs', () => {
  it('POST …/runs runs a forecast with the registered models and keeps it with its inputs hash', async () => {
    const { id } = await createBudget();
    const run = await call<RunResponse>(
      { method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', models: ['median', 'compromise'], author: 'ana' } },
      201,
    );
    expect(run).toMatchObject({ kind: 'forecast', models: ['median', 'compromise'], version: 1, variant: null, seed: null, author: 'ana' });
    expect(run.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect((run.outputs as { results: { model: string; forecast: number }[] }).results.find((row) => row.model === 'median')!.forecast).toBe(10);
    const again = await call<RunResponse>(
      { method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', models: ['median', 'compromise'] } },
      201,
    );
    expect(again.inputsHash).toBe(run.inputsHash);
    const all = await call<RunResponse>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast' } }, 201);
    expect(all.models).toEqual(modelIds);
  });

  it('runs Monte Carlo, sensitivity and comparisons', async () => {
    const { id } = await createBudget();
    const monteCarlo = await call<RunResponse>(
      { method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'monte-carlo', draws: 50, seed: 3, models: ['median'] } },
      201,
    );
    expect(monteCarlo.seed).toBe(3);
    expect((monteCarlo.outputs as { draws: { finished: number } }).draws.finished).toBe(50);
    const tornado = await call<RunResponse>(
      { method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'sensitivity', models: ['compromise'] } },
      201,
    );
    expect((tornado.outputs as { tornado: unknown[] }).tornado.length).toBe(1);
    const comparison = await call<RunResponse>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'compare', models: ['median'] } }, 201);
    expect((comparison.outputs as { variants: string[] }).variants).toEqual(['soft']);
  });

  it('refuses bad run requests with 400 (unknown model or variant, too many draws) and unknown scenarios with 404', async () => {
    const { id } = await createBudget();
    const unknownModel = await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', models: ['oracle'] } }, 400);
    expect(unknownModel.message).toMatch(/unknown model "oracle"/);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', variant: 'nope' } }, 400);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'monte-carlo', draws: 1e9, seed: 1 } }, 400);
    await call<ApiError>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'guess' } }, 400);
    await call<ApiError>({ method: 'POST', url: '/api/scenarios/nope/runs', payload: { kind: 'forecast' } }, 404);
  });

  it('GET …/runs lists a scenario’s runs and GET /api/runs/:run gives one, or 404', async () => {
    const { id } = await createBudget();
    const run = await call<RunResponse>({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', models: ['median'] } }, 201);
    const { runs } = await call<{ runs: { id: string }[] }>({ method: 'GET', url: `/api/scenarios/${id}/runs` }, 200);
    expect(runs.map((entry) => entry.id)).toEqual([run.id]);
    expect((await call<RunResponse>({ method: 'GET', url: `/api/runs/${run.id}` }, 200)).outputs).toEqual(run.outputs);
    await call<ApiError>({ method: 'GET', url: '/api/scenarios/nope/runs' }, 404);
    await call<ApiError>({ method: 'GET', url: '/api/runs/nope' }, 404);
  });
});

describe('what a request cannot do', () => {
  it('refuses a body over the limit with 413', async () => {
    const body = await call<ApiError>({ method: 'POST', url: '/api/workspaces', payload: { name: 'x'.repeat(100 * 1024) } }, 413);
    expect(body.error).toBe('too-large');
  });

  it('answers malformed JSON, a missing body and a non-JSON body with 4xx, never 500', async () => {
    const malformed = await call<ApiError>(
      { method: 'POST', url: '/api/workspaces', headers: { 'content-type': 'application/json' }, payload: '{"name":' },
      400,
    );
    expect(malformed.error).toBe('invalid-request');
    await call<ApiError>({ method: 'POST', url: '/api/workspaces' }, 400);
    await call<ApiError>({ method: 'POST', url: '/api/workspaces', headers: { 'content-type': 'text/plain' }, payload: 'name' }, 400);
    await call<ApiError>({ method: 'POST', url: '/api/workspaces', headers: { 'content-type': 'application/xml' }, payload: '<name/>' }, 415);
  });

  it('answers unknown API routes with 404 and sends security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('answers an id holding a control character as missing (PostgreSQL cannot look one up)', async () => {
    const body = await call<ApiError>({ method: 'GET', url: '/api/scenarios/abc%00' }, 404);
    expect(body.error).toBe('not-found');
  });

  it('answers a request the HTTP parser refuses with a JSON 400 and the security headers', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET \\api\\workspaces HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-security-policy: default-src 'self'/);
    expect(answer).toContain('"error":"invalid-request"');
  });

  it('serves the built web app', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>Parley</title>');
  });
});

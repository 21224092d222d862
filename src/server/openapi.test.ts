/**
 * The OpenAPI document at GET /api/openapi.json: valid against the OpenAPI specification's
 * own JSON Schema, listing exactly the routes the server registers, each with its method,
 * and describing the answers the server really gives.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer, registeredRoutes } from './app.js';
import {
  meSchema,
  modelsSchema,
  runSchema,
  runsSchema,
  storedScenarioSchema,
  versionsSchema,
  workspaceResponseSchema,
  workspaceSchema,
  workspacesSchema,
} from './responses.js';

let storage: SqliteStorage;
let app: FastifyInstance;
let document: {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  app = await buildServer({ storage });
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode, response.body).toBe(200);
  document = response.json();
});
afterAll(async () => {
  await app.close();
  await storage.close();
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (the specification’s JSON Schema)', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(validator.version).toBe('3.1');
  });

  it('a broken document is refused, so the validation above can fail', async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses?: unknown }>> };
    delete broken.paths['/api/me']!.get!.responses;
    (broken as unknown as { info: unknown }).info = { title: 3 };
    expect((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid).toBe(false);
  });

  it('lists every route the server registers, and no other', () => {
    const served = registeredRoutes(app)
      .filter((route) => !route.public && route.method !== 'HEAD' && route.url !== '/api/*')
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const described = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).toBeGreaterThan(15);
    expect(described).toEqual([...new Set(served)]);
  });

  it("describes request bodies with the protocol's schemas and scenarios with the scenario file's", () => {
    const create = document.paths['/api/workspaces/{workspace}/scenarios']!.post!;
    expect(JSON.stringify(create.requestBody!.content['application/json']!.schema)).toContain('"scenario":{"$ref":"#/components/schemas/Scenario"}');
    const run = document.paths['/api/scenarios/{scenario}/runs']!.post!.requestBody!.content['application/json']!.schema as {
      oneOf: { properties: { kind: { const: string } } }[];
    };
    expect(run.oneOf.map((kind) => kind.properties.kind.const)).toEqual(['forecast', 'monte-carlo', 'sensitivity', 'compare']);
    expect(Object.keys(document.components.schemas.Scenario as object)).toContain('properties');
    expect(Object.keys(document.paths['/api/scenarios/{scenario}']!.put!.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409']));
  });

  it("states the package's version", async () => {
    const { readFileSync } = await import('node:fs');
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(document.info.version).toBe(version);
  });

  it('the answers the server really gives are what the document says, field for field', async () => {
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json() as unknown;
    };
    // Parsing keeps only described fields, so equality also catches a field the document leaves out.
    const described = (schema: z.ZodType, body: unknown) => {
      const parsed = schema.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toEqual(body);
    };
    const scenario = {
      parley: 1,
      id: 'budget',
      title: 'Budget',
      issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
      actors: [
        { id: 'treasurer', name: 'Treasurer', capability: 0.6, stances: { CUT: { position: 10, salience: 0.9 } } },
        { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
      ],
    };
    described(meSchema, await call('GET', '/api/me'));
    described(modelsSchema, await call('GET', '/api/models'));
    const workspace = (await call('POST', '/api/workspaces', { name: 'Described' })) as { id: string };
    described(workspaceSchema, workspace);
    described(workspacesSchema, await call('GET', '/api/workspaces'));
    const stored = (await call('POST', `/api/workspaces/${workspace.id}/scenarios`, { scenario })) as { id: string };
    described(storedScenarioSchema, stored);
    described(workspaceResponseSchema, await call('GET', `/api/workspaces/${workspace.id}`));
    described(versionsSchema, await call('GET', `/api/scenarios/${stored.id}/versions`));
    const run = (await call('POST', `/api/scenarios/${stored.id}/runs`, { kind: 'forecast', models: ['median'] })) as { id: string };
    described(runSchema, run);
    described(runSchema, await call('GET', `/api/runs/${run.id}`));
    described(runsSchema, await call('GET', `/api/scenarios/${stored.id}/runs`));
  });
});

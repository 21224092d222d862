/**
 * The HTTP API over the library and storage (fastify), and the built web app. Routes and
 * their shapes are listed in `protocol.ts`; every request body is checked there, scenarios
 * with the same validation as scenario files. Handlers are thin: check, call the library
 * or storage, answer.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { models } from '../core/models/index.js';
import type { Problem } from '../core/problems.js';
import { ParleyError } from '../core/resolve.js';
import type { Scenario } from '../core/scenario.js';
import { validateScenario } from '../core/validate.js';
import { importBdmCsv } from '../io/bdm.js';
import { importKtabCsv } from '../io/ktab.js';
import { parseScenarioText, scenarioToYaml } from '../io/scenario-file.js';
import { StorageError, type Storage, type StoredScenario } from '../storage/storage.js';
import { computeRun } from './analyses.js';
import {
  createScenarioRequest,
  createWorkspaceRequest,
  duplicateRequest,
  importRequest,
  restoreRequest,
  runRequest,
  saveScenarioRequest,
  type ApiError,
  type ApiErrorCode,
  type ImportResponse,
  type ModelsResponse,
  type Routes,
} from './protocol.js';

export interface ServerOptions {
  storage: Storage;
  /** The built web app (`dist/web`); when missing, `/` says how to build it. */
  webRoot?: string;
  /** Largest request body accepted, in bytes; default 2 MiB (a long source text fits). */
  bodyLimit?: number;
  /** Log requests (fastify's logger) to stdout. */
  logger?: boolean;
}

/** A request the API refuses, with its status and body. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

const defaultBodyLimit = 2 * 1024 * 1024;

/** What a route answers: the response type of `Routes[route]`. */
type Answer<R extends keyof Routes> = Promise<Routes[R]['response']>;

/**
 * Security headers for every answer: the page may load only its own scripts (charts are
 * drawn with Vega's interpreter, so no `eval`), and nothing may frame it.
 */
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Builds the server (not listening); `inject` tests it without a socket. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? defaultBodyLimit });
  const { storage } = options;

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
    return payload;
  });
  app.setErrorHandler((error, request, reply) => sendError(app, error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.get('/api/models', async (): Answer<'GET /api/models'> => ({
    models: models.map(({ id, name, summary, references, params }) => ({ id, name, summary, references, params })),
  } satisfies ModelsResponse));

  app.get('/api/workspaces', async (): Answer<'GET /api/workspaces'> => ({ workspaces: await storage.listWorkspaces() }));

  app.post('/api/workspaces', async (request, reply): Answer<'POST /api/workspaces'> => {
    const body = parse(createWorkspaceRequest, request.body);
    reply.code(201);
    return storage.createWorkspace(body.name);
  });

  app.get('/api/workspaces/:workspace', async (request): Answer<'GET /api/workspaces/:workspace'> => {
    const id = pathParam(request, 'workspace');
    const workspace = await storage.getWorkspace(id);
    if (!workspace) throw notFound(`no workspace ${id}`);
    return { workspace, scenarios: await storage.listScenarios(id) };
  });

  app.post('/api/workspaces/:workspace/scenarios', async (request, reply): Answer<'POST /api/workspaces/:workspace/scenarios'> => {
    const body = parse(createScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    const created = await storage.createScenario(pathParam(request, 'workspace'), {
      scenario,
      author: body.author ?? 'anonymous',
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
    reply.code(201);
    return created;
  });

  app.post('/api/workspaces/:workspace/imports', async (request, reply): Answer<'POST /api/workspaces/:workspace/imports'> => {
    const body = parse(importRequest, request.body);
    const fileName = body.fileName ?? `import.${body.format === 'yaml' ? 'yaml' : 'csv'}`;
    const imported =
      body.format === 'yaml' ? { ...parseScenarioText(body.text, fileName), notes: [] as string[] }
      : body.format === 'ktab' ? importKtabCsv(body.text, fileName)
      : importBdmCsv(body.text, fileName, body.scale ? { scale: body.scale } : {});
    if (!imported.scenario || imported.problems.length > 0) {
      throw new RequestError(400, errorBody('invalid-scenario', `${fileName}: ${countProblems(imported.problems)}`, imported.problems));
    }
    const scenario = checkScenario(imported.scenario);
    const created = await storage.createScenario(pathParam(request, 'workspace'), {
      scenario,
      author: body.author ?? 'anonymous',
      summary: `imported from ${fileName} (${body.format})`,
    });
    reply.code(201);
    return { scenario: created, notes: imported.notes } satisfies ImportResponse;
  });

  app.get('/api/scenarios/:scenario', async (request): Answer<'GET /api/scenarios/:scenario'> => {
    return loadScenario(storage, pathParam(request, 'scenario'), versionQuery(request));
  });

  app.put('/api/scenarios/:scenario', async (request): Answer<'PUT /api/scenarios/:scenario'> => {
    const body = parse(saveScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    return storage.saveScenario(pathParam(request, 'scenario'), {
      baseVersion: body.baseVersion,
      scenario,
      author: body.author ?? 'anonymous',
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
  });

  app.delete('/api/scenarios/:scenario', async (request): Answer<'DELETE /api/scenarios/:scenario'> => {
    const id = pathParam(request, 'scenario');
    if (!(await storage.deleteScenario(id))) throw notFound(`no scenario ${id}`);
    return { deleted: true };
  });

  app.post('/api/scenarios/:scenario/duplicate', async (request, reply): Answer<'POST /api/scenarios/:scenario/duplicate'> => {
    const body = parse(duplicateRequest, request.body ?? {});
    const original = await loadScenario(storage, pathParam(request, 'scenario'));
    const scenario: Scenario = { ...original.document.scenario, title: body.title ?? `${original.document.scenario.title} (copy)` };
    const copy = await storage.createScenario(original.workspaceId, {
      scenario,
      texts: original.document.texts,
      author: body.author ?? 'anonymous',
      summary: `copied from "${original.title}" version ${original.version}`,
    });
    reply.code(201);
    return copy;
  });

  app.get('/api/scenarios/:scenario/versions', async (request): Answer<'GET /api/scenarios/:scenario/versions'> => {
    const id = pathParam(request, 'scenario');
    const versions = await storage.listVersions(id);
    if (!versions) throw notFound(`no scenario ${id}`);
    return { versions };
  });

  app.post('/api/scenarios/:scenario/restore', async (request): Answer<'POST /api/scenarios/:scenario/restore'> => {
    const body = parse(restoreRequest, request.body);
    return storage.restoreVersion(pathParam(request, 'scenario'), {
      version: body.version,
      author: body.author ?? 'anonymous',
      ...(body.baseVersion === undefined ? {} : { baseVersion: body.baseVersion }),
    });
  });

  app.get('/api/scenarios/:scenario/export.yaml', async (request, reply) => {
    const stored = await loadScenario(storage, pathParam(request, 'scenario'), versionQuery(request));
    const fileName = `${stored.document.scenario.id.replace(/[^\w.-]+/g, '-')}.yaml`;
    reply.header('content-type', 'text/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`);
    return scenarioToYaml(stored.document.scenario);
  });

  app.post('/api/scenarios/:scenario/runs', async (request, reply): Answer<'POST /api/scenarios/:scenario/runs'> => {
    const body = parse(runRequest, request.body);
    const stored = await loadScenario(storage, pathParam(request, 'scenario'), body.version);
    const computed = await computeRun(stored.document.scenario, body);
    const run = await storage.recordRun({
      scenario: stored.id,
      version: stored.shown.version,
      kind: body.kind,
      author: body.author ?? 'anonymous',
      ...computed,
    });
    reply.code(201);
    return run;
  });

  app.get('/api/scenarios/:scenario/runs', async (request): Answer<'GET /api/scenarios/:scenario/runs'> => {
    const id = pathParam(request, 'scenario');
    const runs = await storage.listRuns(id);
    if (!runs) throw notFound(`no scenario ${id}`);
    return { runs };
  });

  app.get('/api/runs/:run', async (request): Answer<'GET /api/runs/:run'> => {
    const id = pathParam(request, 'run');
    const run = await storage.getRun(id);
    if (!run) throw notFound(`no run ${id}`);
    return run;
  });

  app.all('/api/*', async (request) => {
    throw notFound(`no route ${request.method} ${request.url.split('?')[0]}`);
  });

  if (options.webRoot !== undefined && existsSync(join(options.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webRoot, prefix: '/', index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) => {
      reply.type('text/plain; charset=utf-8');
      return 'Parley: the web app is not built. Run `npm run build:web`, then start `parley serve` again. The API is under /api.\n';
    });
  }
  return app;
}

// ---------------------------------------------------------------------------------------

function errorBody(error: ApiErrorCode, message: string, problems?: Problem[]): ApiError {
  return problems === undefined ? { error, message } : { error, message, problems };
}

function notFound(message: string): RequestError {
  return new RequestError(404, errorBody('not-found', message));
}

function countProblems(problems: readonly Problem[]): string {
  return `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
}

/** The body checked against its schema, or a 400 listing every problem with its path in the body. */
function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    code: 'request',
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    message: issue.message,
  }));
  const first = problems[0]!;
  throw new RequestError(400, errorBody('invalid-request', `invalid request: ${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`, problems));
}

/** The scenario checked as a scenario file is, or a 400 with every problem (paths into the scenario). */
function checkScenario(data: unknown): Scenario {
  const { scenario, problems } = validateScenario(data);
  if (!scenario) throw new RequestError(400, errorBody('invalid-scenario', `the scenario has ${countProblems(problems)}`, problems));
  return scenario;
}

function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

function versionQuery(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).version;
  if (raw === undefined) return undefined;
  const version = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(version) || version < 1) {
    throw new RequestError(400, errorBody('invalid-request', `version must be a whole number from 1, got ${JSON.stringify(raw)}`, [
      { code: 'request', path: ['version'], message: 'expected a whole number from 1' },
    ]));
  }
  return version;
}

async function loadScenario(storage: Storage, id: string, version?: number): Promise<StoredScenario> {
  const stored = await storage.getScenario(id, version);
  if (!stored) throw notFound(version === undefined ? `no scenario ${id}` : `no version ${version} of scenario ${id}`);
  return stored;
}

/** Every error as an API error: what a request can cause is 4xx with the problems; only a bug is 500. */
function sendError(app: FastifyInstance, error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof RequestError) {
    reply.code(error.status).send(error.body);
    return;
  }
  if (error instanceof StorageError) {
    const status = error.code === 'not-found' ? 404 : error.code === 'conflict' ? 409 : 500;
    reply.code(status).send(errorBody(error.code === 'newer-schema' ? 'internal' : error.code, error.message));
    return;
  }
  if (error instanceof ParleyError) {
    reply.code(400).send(errorBody('invalid-request', error.message, [{ code: error.code, path: [], message: error.message }]));
    return;
  }
  const code = (error as { code?: unknown }).code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    reply.code(413).send(errorBody('too-large', `the request body is larger than the server accepts (${app.initialConfig.bodyLimit} bytes)`));
    return;
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    reply.code(415).send(errorBody('unsupported-media-type', 'send the request body as JSON (content-type: application/json)'));
    return;
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals of a malformed request: bad JSON, an empty JSON body, ...
    const message = error instanceof Error ? error.message : String(error);
    reply.code(400).send(errorBody('invalid-request', `invalid request: ${message}`, [{ code: 'request', path: [], message }]));
    return;
  }
  request.log.error(error);
  reply.code(500).send(errorBody('internal', 'internal error (a bug in Parley; please report it)'));
}

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
import { planDraws } from '../core/analyses/draws.js';
import { models } from '../core/models/index.js';
import type { Problem } from '../core/problems.js';
import { ParleyError } from '../core/resolve.js';
import type { Scenario } from '../core/scenario.js';
import { validateScenario } from '../core/validate.js';
import { importBdmCsv } from '../io/bdm.js';
import { importKtabCsv } from '../io/ktab.js';
import { parseScenarioText, scenarioToYaml } from '../io/scenario-file.js';
import { StorageError, type Storage, type StoredScenario, type UserRecord } from '../storage/storage.js';
import { computeRun } from './analyses.js';
import { createSweeps, type SweepRunner } from './sweeps.js';
import {
  createScenarioRequest,
  createWorkspaceRequest,
  duplicateRequest,
  importRequest,
  restoreRequest,
  runRequest,
  saveScenarioRequest,
  sweepRequest,
  type ApiError,
  type ApiErrorCode,
  type AuthMode,
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
  /** `tokens` for a shared server (every API request signs in); default `none` (see `AuthMode`). */
  auth?: AuthMode;
  /** Where background Monte Carlo runs (sweeps) go; without it the server takes none. */
  sweeps?: SweepRunner;
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

  const access = createAccess(storage, options.auth ?? 'none');
  const sweeps = options.sweeps ? createSweeps(storage, options.sweeps) : undefined;
  if (sweeps) app.addHook('onClose', async () => sweeps.close());
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) await access.signIn(request);
  });

  app.get('/api/me', async (request): Answer<'GET /api/me'> => {
    const user = access.user(request);
    return { auth: access.mode, user: user ? { name: user.name } : null, sweeps: sweeps?.where ?? null };
  });

  app.get('/api/models', async (): Answer<'GET /api/models'> => ({
    models: models.map(({ id, name, summary, references, params }) => ({ id, name, summary, references, params })),
  } satisfies ModelsResponse));

  app.get('/api/workspaces', async (request): Answer<'GET /api/workspaces'> => ({ workspaces: await access.workspaces(request) }));

  app.post('/api/workspaces', async (request, reply): Answer<'POST /api/workspaces'> => {
    const body = parse(createWorkspaceRequest, request.body);
    const user = access.user(request);
    reply.code(201);
    return storage.createWorkspace(body.name, user ? [user.id] : []);
  });

  app.get('/api/workspaces/:workspace', async (request): Answer<'GET /api/workspaces/:workspace'> => {
    const id = await access.workspace(request, pathParam(request, 'workspace'));
    const workspace = await storage.getWorkspace(id);
    if (!workspace) throw notFound(`no workspace ${id}`);
    return { workspace, scenarios: await storage.listScenarios(id) };
  });

  app.post('/api/workspaces/:workspace/scenarios', async (request, reply): Answer<'POST /api/workspaces/:workspace/scenarios'> => {
    const body = parse(createScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    const created = await storage.createScenario(await access.workspace(request, pathParam(request, 'workspace')), {
      scenario,
      author: access.author(request, body.author),
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
    reply.code(201);
    return created;
  });

  app.post('/api/workspaces/:workspace/imports', async (request, reply): Answer<'POST /api/workspaces/:workspace/imports'> => {
    await access.workspace(request, pathParam(request, 'workspace'));
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
    const created = await storage.createScenario(await access.workspace(request, pathParam(request, 'workspace')), {
      scenario,
      author: access.author(request, body.author),
      summary: `imported from ${fileName} (${body.format})`,
    });
    reply.code(201);
    return { scenario: created, notes: imported.notes } satisfies ImportResponse;
  });

  app.get('/api/scenarios/:scenario', async (request): Answer<'GET /api/scenarios/:scenario'> => {
    return access.scenario(request, pathParam(request, 'scenario'), versionQuery(request));
  });

  app.put('/api/scenarios/:scenario', async (request): Answer<'PUT /api/scenarios/:scenario'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const body = parse(saveScenarioRequest, request.body);
    const scenario = checkScenario(body.scenario);
    return storage.saveScenario(id, {
      baseVersion: body.baseVersion,
      scenario,
      author: access.author(request, body.author),
      ...(body.texts ? { texts: body.texts } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
    });
  });

  app.delete('/api/scenarios/:scenario', async (request): Answer<'DELETE /api/scenarios/:scenario'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    if (!(await storage.deleteScenario(id))) throw notFound(`no scenario ${id}`);
    return { deleted: true };
  });

  app.post('/api/scenarios/:scenario/duplicate', async (request, reply): Answer<'POST /api/scenarios/:scenario/duplicate'> => {
    const body = parse(duplicateRequest, request.body ?? {});
    const original = await access.scenario(request, pathParam(request, 'scenario'));
    const scenario: Scenario = { ...original.document.scenario, title: body.title ?? `${original.document.scenario.title} (copy)` };
    const copy = await storage.createScenario(original.workspaceId, {
      scenario,
      texts: original.document.texts,
      author: access.author(request, body.author),
      summary: `copied from "${original.title}" version ${original.version}`,
    });
    reply.code(201);
    return copy;
  });

  app.get('/api/scenarios/:scenario/versions', async (request): Answer<'GET /api/scenarios/:scenario/versions'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const versions = await storage.listVersions(id);
    if (!versions) throw notFound(`no scenario ${id}`);
    return { versions };
  });

  app.post('/api/scenarios/:scenario/restore', async (request): Answer<'POST /api/scenarios/:scenario/restore'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const body = parse(restoreRequest, request.body);
    return storage.restoreVersion(id, {
      version: body.version,
      author: access.author(request, body.author),
      ...(body.baseVersion === undefined ? {} : { baseVersion: body.baseVersion }),
    });
  });

  app.get('/api/scenarios/:scenario/export.yaml', async (request, reply) => {
    const stored = await access.scenario(request, pathParam(request, 'scenario'), versionQuery(request));
    const fileName = `${stored.document.scenario.id.replace(/[^\w.-]+/g, '-')}.yaml`;
    reply.header('content-type', 'text/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`);
    return scenarioToYaml(stored.document.scenario);
  });

  app.post('/api/scenarios/:scenario/runs', async (request, reply): Answer<'POST /api/scenarios/:scenario/runs'> => {
    const body = parse(runRequest, request.body);
    const stored = await access.scenario(request, pathParam(request, 'scenario'), body.version);
    const computed = await computeRun(stored.document.scenario, body);
    const run = await storage.recordRun({
      scenario: stored.id,
      version: stored.shown.version,
      kind: body.kind,
      author: access.author(request, body.author),
      ...computed,
    });
    reply.code(201);
    return run;
  });

  app.get('/api/scenarios/:scenario/runs', async (request): Answer<'GET /api/scenarios/:scenario/runs'> => {
    const id = await access.scenarioId(request, pathParam(request, 'scenario'));
    const runs = await storage.listRuns(id);
    if (!runs) throw notFound(`no scenario ${id}`);
    return { runs };
  });

  app.get('/api/runs/:run', async (request): Answer<'GET /api/runs/:run'> => {
    const id = pathParam(request, 'run');
    const run = await storage.getRun(id);
    if (!run) throw access.missing(request, `run ${id}`);
    await access.scenarioId(request, run.scenario, `run ${id}`);
    return run;
  });

  app.post('/api/scenarios/:scenario/sweeps', async (request, reply): Answer<'POST /api/scenarios/:scenario/sweeps'> => {
    const body = parse(sweepRequest, request.body);
    const stored = await access.scenario(request, pathParam(request, 'scenario'), body.version);
    if (!sweeps) throw new RequestError(404, errorBody('not-found', 'this server runs no sweeps'));
    // Checked here, so a bad model, variant or parameter is a 400 now rather than a failed sweep later.
    planDraws(stored.document.scenario, {
      draws: body.draws,
      seed: body.seed,
      ...(body.models ? { models: body.models } : {}),
      ...(body.params ? { params: body.params } : {}),
      ...(body.variant ? { variant: body.variant } : {}),
      ...(body.bins === undefined ? {} : { bins: body.bins }),
    });
    reply.code(202);
    return sweeps.start(stored, body, access.author(request, body.author));
  });

  app.get('/api/sweeps/:sweep', async (request): Answer<'GET /api/sweeps/:sweep'> => {
    const id = pathParam(request, 'sweep');
    const state = sweeps?.get(id);
    if (!state) throw access.missing(request, `sweep ${id}`);
    await access.scenarioId(request, state.scenario, `sweep ${id}`);
    return state;
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

/**
 * Who asks, and what they may see. With `tokens`, every API request must carry a valid
 * token (401 otherwise), and a workspace, scenario or run outside the user's workspaces is
 * refused with 403 — the same answer as for one that does not exist, so a refusal tells
 * nothing about other teams' work. With `none`, everyone is the one local user.
 */
function createAccess(storage: Storage, mode: AuthMode) {
  const users = new WeakMap<FastifyRequest, UserRecord>();

  function user(request: FastifyRequest): UserRecord | undefined {
    return users.get(request);
  }

  /** 403 for `what` (or 404 without sign-in): one answer whether it is missing or not the user's. */
  function missing(request: FastifyRequest, what: string): RequestError {
    const signedIn = user(request);
    if (!signedIn) return notFound(`no ${what}`);
    return new RequestError(403, errorBody('forbidden', `${signedIn.name} cannot see ${what}: there is no such thing in a workspace ${signedIn.name} is a member of`));
  }

  async function isMember(request: FastifyRequest, workspaceId: string): Promise<boolean> {
    const signedIn = user(request);
    return !signedIn || (await storage.memberWorkspaces(signedIn.id)).includes(workspaceId);
  }

  return {
    mode,
    user,
    missing,

    async signIn(request: FastifyRequest): Promise<void> {
      if (mode === 'none') return;
      const header = request.headers.authorization;
      if (header === undefined) {
        throw new RequestError(401, errorBody('unauthorized', 'sign in: send your token as the header "Authorization: Bearer parley_…" (an administrator makes one with `parley users add NAME`)'));
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const signedIn = match ? await storage.getUserByToken(match[1]!) : undefined;
      if (!signedIn) {
        throw new RequestError(401, errorBody('unauthorized', 'the token is not valid (mistyped or replaced); ask an administrator for a new one: `parley users token NAME`'));
      }
      users.set(request, signedIn);
    },

    /** Who saved: the signed-in user, else the name the request gives. */
    author(request: FastifyRequest, given: string | undefined): string {
      return user(request)?.name ?? given ?? 'anonymous';
    },

    /** The workspaces the caller may see. */
    async workspaces(request: FastifyRequest) {
      const all = await storage.listWorkspaces();
      const signedIn = user(request);
      if (!signedIn) return all;
      const mine = new Set(await storage.memberWorkspaces(signedIn.id));
      return all.filter((workspace) => mine.has(workspace.id));
    },

    /** The workspace id when the caller may use it; 403 otherwise (signed in). */
    async workspace(request: FastifyRequest, id: string): Promise<string> {
      if (!(await isMember(request, id))) throw missing(request, `workspace ${id}`);
      return id;
    },

    /** The scenario (a version of it) when the caller may see it; 404, or 403 signed in. */
    async scenario(request: FastifyRequest, id: string, version?: number): Promise<StoredScenario> {
      const stored = await storage.getScenario(id, version);
      if (!stored || !(await isMember(request, stored.workspaceId))) {
        throw missing(request, version === undefined ? `scenario ${id}` : `version ${version} of scenario ${id}`);
      }
      return stored;
    },

    /**
     * The scenario id when the caller may see it (signed in: checked, 403 otherwise; without
     * sign-in storage says whether it exists). `what` names the thing asked for in the refusal.
     */
    async scenarioId(request: FastifyRequest, id: string, what = `scenario ${id}`): Promise<string> {
      if (!user(request)) return id;
      const stored = await storage.getScenario(id);
      if (!stored || !(await isMember(request, stored.workspaceId))) throw missing(request, what);
      return id;
    },
  };
}

/** Every error as an API error: what a request can cause is 4xx with the problems; only a bug is 500. */
function sendError(app: FastifyInstance, error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof RequestError) {
    reply.code(error.status).send(error.body);
    return;
  }
  if (error instanceof StorageError) {
    const status = error.code === 'not-found' ? 404 : error.code === 'conflict' ? 409 : 500;
    reply.code(status).send(errorBody(error.code === 'not-found' || error.code === 'conflict' ? error.code : 'internal', error.message));
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

/**
 * The HTTP API over the library and storage (fastify), and the built web app. Routes and
 * their shapes are listed in `protocol.ts`; every request body is checked there, scenarios
 * with the same validation as scenario files. One plugin per resource under `/api`
 * (`routes/`); handlers are thin: check, call the library or storage, answer.
 *
 * Sign-in (`auth.ts`) is decided on the route the router matched: every route needs a
 * signed-in user except the web app's files, which are registered as public.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyError, type FastifyReply, type FastifyRequest, type HTTPMethods, type RouteOptions } from 'fastify';
import type { AnalysisExecutor } from '../core/analyses/analysis-tasks.js';
import type { DrawExecutor } from '../core/analyses/monte-carlo.js';
import type { Storage } from '../storage/storage.js';
import { authPlugin, createAccess, publicScope } from './auth.js';
import { type BodyLimits, bodyKind, defaultBodyLimits } from './body-limits.js';
import { errorBody, notFound, type RequestError, sendError } from './errors.js';
import type { AuthMode } from './protocol.js';
import type { ApiContext, ReportMaker } from './routes/context.js';
import { ledgerRoutes } from './routes/ledger.js';
import { metaRoutes } from './routes/meta.js';
import { runRoutes } from './routes/runs.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { sweepRoutes } from './routes/sweeps.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { createAnalysisRuns, defaultAnalysisLimits } from './analysis-runs.js';
import { createMonteCarloRuns, defaultRunLimits } from './monte-carlo-runs.js';
import { helmetOptions, securityHeaders } from './security-headers.js';
import type { SlotLimits } from './slots.js';
import { createSweeps, defaultSweepLimits, type SweepRunner } from './sweeps.js';

export { RequestError } from './errors.js';

export interface ServerOptions {
  storage: Storage;
  /** The built web app (`dist/web`); when missing, `/` says how to build it. */
  webRoot?: string;
  /** Largest request body of each kind of route, in bytes (`body-limits.ts`); default `defaultBodyLimits`. */
  bodyLimits?: Partial<BodyLimits>;
  /** Log requests (fastify's logger) to stdout. */
  logger?: boolean;
  /** `tokens` for a shared server (every API request signs in); default `none` (see `AuthMode`). */
  auth?: AuthMode;
  /** Where background Monte Carlo runs (sweeps) go; without it the server takes none. */
  sweeps?: SweepRunner;
  /**
   * Where the draws of a Monte Carlo run asked for with `POST /runs` are computed. `parley
   * serve` gives a worker pool of their own, off the event loop; default this thread, in
   * 50 ms slices (tests, embedding).
   */
  runExecutor?: DrawExecutor;
  /**
   * Where the forecasts, sensitivity analyses and comparisons of `POST /runs` compute.
   * `parley serve` gives threads of their own (`createAnalysisPool`); default this thread
   * (tests, embedding), which holds the event loop while each runs.
   */
  analysisExecutor?: AnalysisExecutor;
  /** How many Monte Carlo runs, sweeps and other analyses may be under way at once, on the server and per user; beyond, a 429. */
  limits?: { runs?: SlotLimits; sweeps?: SlotLimits; analyses?: SlotLimits };
  /**
   * Host names the server answers to (the `Host` header, without the port); any other gets
   * a 403. Without sign-in on loopback this guards against DNS rebinding: a web page on
   * `evil.example` whose name is made to resolve to 127.0.0.1 would otherwise read and change
   * every scenario through the visitor's browser. Default: any host.
   */
  allowedHosts?: readonly string[];
  /** Makes the brief for "Download report"; without it the route answers that this server makes none. */
  report?: ReportMaker;
}

/** The host names of this machine's loopback interface, as a browser writes them. */
export const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The name in a Host header (`localhost:4173` → `localhost`, `[::1]:80` → `[::1]`), lower case. */
function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

/**
 * A request the HTTP parser refuses before any route sees it (a request target that is not a
 * path, a broken header): a 400 with the same headers and error shape as every other answer.
 */
function answerMalformedRequest(headers: Record<string, string>): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  const lines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (error, socket) => {
    if (!socket.writable) return;
    const body = JSON.stringify(errorBody('invalid-request', 'the HTTP request is malformed (the request line or a header)'));
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${lines}connection: close\r\n\r\n${body}`,
    );
  };
}

/**
 * The router's own refusals, made before any hook runs: a path that cannot be decoded
 * (`/api/%zz`), a path parameter over the router's length limit. Answered as every other
 * 4xx, with the security headers.
 */
function answerFrameworkError(headers: Record<string, string>): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, _request, reply) => {
    const [status, message] =
      error.code === 'FST_ERR_BAD_URL'
        ? [400, 'the URL path is malformed: a % must be followed by two hexadecimal digits that spell UTF-8 (write a literal % as %25)']
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? [414, 'a part of the URL path is too long (at most 100 characters between two slashes)']
          : [400, `invalid request: ${error.message}`];
    reply.headers(headers).code(status).send(errorBody('invalid-request', message));
  };
}

/** The 404 for a path no route matches; the path is only echoed, never used to decide anything. */
function noRoute(request: FastifyRequest): RequestError {
  return notFound(`no route ${request.method} ${request.url.split('?')[0]}`);
}

/** A route as registered: its method, its URL pattern, and whether it is served without sign-in. */
export interface RegisteredRoute {
  method: HTTPMethods;
  url: string;
  public: boolean;
}

const registered = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route `buildServer` registered, as the router holds them (the auth tests cover each). */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  // Read when asked: a scope's own onRoute hook marks its routes public after the root's hook saw them.
  return (registered.get(app) ?? []).flatMap((route) =>
    [route.method].flat().map((method) => ({ method, url: route.url, public: route.config?.public === true })),
  );
}

/** Builds the server (not listening); `inject` tests it without a socket. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const headers = await securityHeaders();
  const bodyLimits: BodyLimits = { ...defaultBodyLimits, ...options.bodyLimits };
  const app = Fastify({
    logger: options.logger ?? false,
    // A route without a limit of its own (none: every route gets one below) takes the least.
    bodyLimit: bodyLimits.other,
    clientErrorHandler: answerMalformedRequest(headers),
    frameworkErrors: answerFrameworkError(headers),
  });
  // First, so that every answer after it carries the headers: the host guard's 403, sign-in's 401, the 404s.
  await app.register(fastifyHelmet, helmetOptions);
  const { storage } = options;
  const routes: RouteOptions[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
    const kind = bodyKind(route.method, route.url);
    route.bodyLimit ??= bodyLimits[kind];
    // For the 413's message (errors.ts).
    route.config = { ...route.config, bodyKind: kind };
  });

  let stopping = false;
  app.addHook('onSend', async (_request, reply, payload) => {
    // A kept-alive connection would hold the stop until its idle timeout (72 s): answers made
    // while stopping close theirs.
    if (stopping) reply.header('connection', 'close');
    return payload;
  });
  app.setErrorHandler((error, request, reply) => sendError(app, error, request, reply));
  const allowedHosts = options.allowedHosts === undefined ? undefined : new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  if (allowedHosts !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      const host = hostName(request.headers.host);
      if (allowedHosts.has(host)) return;
      const message = `this server answers only to ${[...allowedHosts].join(', ')}, not to the host "${host.slice(0, 100)}" (a guard against DNS rebinding); start it with --allowed-hosts ${host.slice(0, 100) || 'NAME'} to allow that name`;
      reply.code(403).send(errorBody('forbidden', message));
      return reply;
    });
  }
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(noRoute(request).body);
  });

  const access = createAccess(storage, options.auth ?? 'none');
  const sweeps = options.sweeps ? createSweeps(storage, options.sweeps, options.limits?.sweeps ?? defaultSweepLimits) : undefined;
  if (sweeps) app.addHook('onClose', async () => sweeps.close());
  const monteCarlo = createMonteCarloRuns(options.runExecutor, options.limits?.runs ?? defaultRunLimits);
  const analyses = createAnalysisRuns(options.analysisExecutor, options.limits?.analyses ?? defaultAnalysisLimits);
  // Before the server waits for the requests under way: a Monte Carlo run stops at its next
  // draw, another analysis has its thread ended, and each answers 503.
  app.addHook('preClose', async () => {
    stopping = true;
    monteCarlo.stop();
    analyses.stop();
  });
  await app.register(authPlugin, { access });

  const context: ApiContext = { storage, access, sweeps, monteCarlo, analyses, report: options.report };
  await app.register(
    async (api) => {
      for (const resource of [metaRoutes, workspaceRoutes, scenarioRoutes, runRoutes, sweepRoutes, ledgerRoutes]) await api.register(resource, context);
      api.all('/*', async (request) => {
        throw noRoute(request);
      });
    },
    { prefix: '/api' },
  );

  await publicScope(app, async (web) => {
    if (options.webRoot !== undefined && existsSync(join(options.webRoot, 'index.html'))) {
      await web.register(fastifyStatic, { root: options.webRoot, prefix: '/', index: 'index.html' });
    } else {
      web.get('/', async (_request, reply) => {
        reply.type('text/plain; charset=utf-8');
        return 'Parley: the web app is not built. Run `npm run build:web`, then start `parley serve` again. The API is under /api.\n';
      });
    }
  });
  return app;
}

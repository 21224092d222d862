/**
 * Sign-in cannot be walked around by spelling a path differently. The router decodes and
 * matches a path its own way (`/%61pi/…` is `/api/…`), so every registered API route is
 * tried under many spellings of its path — percent-encoded letters and slashes, double
 * encoding, doubled slashes, dot segments, case, a trailing slash, a query, a fragment —
 * over a real socket (so nothing normalises the path on the way), without a token and with
 * another user's token, on SQLite and on PostgreSQL. The routes come from the server
 * itself, so a new route is covered without editing this file.
 *
 * Every attempt without a token must get 401, 403 or 404; with Ben's token, every attempt
 * on a route that names Ana's work must too. No answer may carry Ana's work, and nothing
 * stored may change.
 */
import { METHODS } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/services/postgres.js';
import { openStorage } from '../storage/open.js';
import type { RunRecord, Storage, StoredScenario, WorkspaceRecord } from '../storage/storage.js';
import { secretActor, secretScenario, secretTitle } from '../../test/fixtures/secret-scenario.js';
import { buildServer, registeredRoutes } from './app.js';

/** The spellings of one path: each a way a router, a proxy or a browser might read it as the same path. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[], slash = '/') => slash + parts.join(slash);
  const encodeFirst = (segment: string, hex: (code: number) => string) => {
    const at = segment.search(/[a-z]/i);
    return at < 0 ? segment : segment.slice(0, at) + hex(segment.charCodeAt(at)) + segment.slice(at + 1);
  };
  const pct = (code: number) => `%${code.toString(16).padStart(2, '0')}`;
  const pctUpper = (code: number) => pct(code).toUpperCase();
  const everyChar = (segment: string) => [...segment].map((char) => pct(char.charCodeAt(0))).join('');
  const [first, ...rest] = segments;
  return [
    path,
    // percent-encoded letters (lower- and upper-case hex), one per segment and every one
    join(segments.map((segment) => encodeFirst(segment, pct))),
    join(segments.map((segment) => encodeFirst(segment, pctUpper))),
    join([everyChar(first!), ...rest]),
    join(segments.map(everyChar)),
    // double-encoded letters
    join(segments.map((segment) => encodeFirst(segment, (code) => `%25${code.toString(16)}`))),
    // encoded and double-encoded slashes
    `/${segments.join('%2F')}`,
    `/${segments.join('%2f')}`,
    `/${first}%2F${rest.join('/')}`,
    `/${segments.join('%252F')}`,
    `%2F${segments.join('/')}`,
    // doubled slashes
    `/${path}`,
    join(segments, '//'),
    `${path}//`,
    // dot segments, plain and encoded
    `/.${path}`,
    join(segments.flatMap((segment) => ['.', segment])),
    `/x/..${path}`,
    `/${first}/x/..${path.slice(first!.length + 1)}`,
    `${path}/.`,
    `${path}/x/..`,
    `/%2e${path}`,
    `/x/%2e%2e${path}`,
    `/${first}/%2E%2E${path}`,
    // case
    path.toUpperCase(),
    join(segments.map((segment) => segment.charAt(0).toUpperCase() + segment.slice(1))),
    `/${first!.toUpperCase()}/${rest.join('/')}`,
    // a trailing slash, a query, a fragment, and combinations
    `${path}/`,
    `${path}?`,
    `${path}?x=1`,
    `${path}?version=1`,
    `${path}#`,
    `${path}#fragment`,
    `${path}#/../../`,
    `${join(segments.map((segment) => encodeFirst(segment, pct)))}/?x=1#y`,
    // other separators some servers treat as path syntax
    `/${first};x/${rest.join('/')}`,
    `${path};x`,
    `\\${segments.join('\\')}`,
    `/${first}\\${rest.join('/')}`,
    `${path}%00`,
    `/${first}%20/${rest.join('/')}`,
  ];
}

interface Answer {
  status: number;
  body: string;
}

/**
 * One request over a raw socket, the request target sent byte for byte as given (an HTTP
 * client library would refuse or normalise some of these).
 */
function send(port: number, method: string, path: string, token: string | undefined, payload: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = [`Host: 127.0.0.1:${port}`, 'Connection: close'];
    if (token !== undefined) headers.push(`Authorization: Bearer ${token}`);
    if (body !== '') headers.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`);
    const socket = connect(port, '127.0.0.1', () => socket.write(`${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!status) reject(new Error(`${method} ${path}: no HTTP answer (${JSON.stringify(text.slice(0, 80))})`));
      else resolve({ status: Number(status[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

/**
 * What refuses a spelling: 401, 403 or 404 once routed; a target that is not a path at all
 * (`\\api`, `%2Fapi`), or a method Node's HTTP parser does not know (the router's `QUERY`),
 * never reaches a route: the parser's answer is a 400.
 */
function refused(method: string, path: string, status: number): boolean {
  const parsable = path.startsWith('/') && METHODS.includes(method);
  return parsable ? [401, 403, 404].includes(status) : status === 400;
}

/** Everything stored, as one string: any change to any workspace, scenario, version or run shows. */
async function snapshot(storage: Storage): Promise<string> {
  const workspaces = await storage.listWorkspaces();
  const content = [];
  for (const workspace of workspaces) {
    const scenarios = await storage.listScenarios(workspace.id);
    const detail = [];
    for (const scenario of scenarios) {
      detail.push({
        scenario: await storage.getScenario(scenario.id),
        versions: await storage.listVersions(scenario.id),
        runs: await storage.listRuns(scenario.id),
      });
    }
    content.push({ workspace, members: scenarios, detail });
  }
  return JSON.stringify(content);
}

const secrets = [secretTitle, secretActor, 'Ana team', '"secret"', '"merger"'];

function leaks(body: string): string | undefined {
  return secrets.find((secret) => body.toLowerCase().includes(secret.toLowerCase()));
}

const backends: { name: string; open: () => Promise<{ target: string; done: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const folder = mkdtempSync(join(tmpdir(), 'parley-spellings-'));
      return { target: join(folder, 'parley.db'), done: async () => rmSync(folder, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const server: TestPostgres = await startPostgres();
      return { target: server.url, done: () => server.stop() };
    },
  },
];

describe.each(backends)('every spelling of every API path, on $name', ({ open }) => {
  let done: () => Promise<void>;
  let storage: Storage;
  let app: FastifyInstance;
  let port: number;
  let webRoot: string;
  let ana: string;
  let ben: string;
  let anaSpace: WorkspaceRecord;
  let secret: StoredScenario;
  let secretRun: RunRecord;

  beforeAll(async () => {
    const opened = await open();
    done = opened.done;
    storage = await openStorage(opened.target);
    webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>');
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'export {};');
    app = await buildServer({ storage, auth: 'tokens', webRoot });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    const anaUser = await storage.createUser('ana');
    const benUser = await storage.createUser('ben');
    ana = anaUser.token;
    ben = benUser.token;
    anaSpace = await storage.createWorkspace('Ana team', [anaUser.user.id]);
    await storage.createWorkspace('Ben team', [benUser.user.id]);
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
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await storage?.close();
    rmSync(webRoot, { recursive: true, force: true });
    await done?.();
  });

  /** Each registered route that needs sign-in, its parameters filled with Ana's ids. */
  function apiRoutes(): { method: string; path: string; namesAnasWork: boolean }[] {
    const ids: Record<string, string> = { workspace: anaSpace.id, scenario: secret.id, run: secretRun.id };
    const routes = registeredRoutes(app).filter((route) => !route.public);
    expect(routes.length).toBeGreaterThan(20);
    return routes.map((route) => {
      let namesAnasWork = false;
      const path = route.url
        .replace(/:(\w+)/g, (_match, name: string) => {
          namesAnasWork = true;
          return ids[name] ?? secret.id;
        })
        .replace(/\*$/, `scenarios/${secret.id}/unknown`);
      return { method: route.method, path, namesAnasWork: namesAnasWork || route.url.endsWith('*') };
    });
  }

  /** A body that a route creating something would accept, so a route that answered would write. */
  const payload = (method: string) => (['POST', 'PUT', 'PATCH', 'QUERY'].includes(method) ? { name: 'intruder' } : undefined);

  it('covers every route the server registered, and the public page stays public', async () => {
    const routes = registeredRoutes(app);
    expect(routes.filter((route) => route.public).map((route) => route.url)).toEqual(['/*', '/*']);
    for (const needed of [
      'GET /api/workspaces',
      'POST /api/workspaces',
      'PUT /api/scenarios/:scenario',
      'GET /api/runs/:run',
      'POST /api/scenarios/:scenario/sweeps',
    ]) {
      expect(routes.map((route) => `${route.method} ${route.url}`)).toContain(needed);
    }
    expect((await send(port, 'GET', '/', undefined, undefined)).status).toBe(200);
    expect((await send(port, 'GET', '/assets/app.js', undefined, undefined)).status).toBe(200);
  });

  it('the spellings reach the same routes: with a token they are the real paths', async () => {
    // Guards the test itself: the router does decode these, so the attempts below are real ones.
    expect(JSON.parse((await send(port, 'GET', '/%61pi/workspaces', ana, undefined)).body).workspaces[0].name).toBe('Ana team');
    expect((await send(port, 'GET', `/api/scenarios/${secret.id}?x=1`, ana, undefined)).status).toBe(200);
  });

  it('refuses every spelling of every API path without a token, leaking and changing nothing', async () => {
    const before = await snapshot(storage);
    const wrong: string[] = [];
    let tried = 0;
    for (const route of apiRoutes()) {
      for (const path of spellings(route.path)) {
        const answer = await send(port, route.method, path, undefined, payload(route.method));
        tried += 1;
        const leaked = leaks(answer.body);
        if (!refused(route.method, path, answer.status) || leaked) wrong.push(`${route.method} ${path}: ${answer.status}${leaked ? ` leaks ${leaked}` : ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(500);
    expect(await snapshot(storage)).toBe(before);
  }, 120_000);

  it("refuses every spelling of every path to Ana's work with Ben's token, leaking and changing nothing of hers", async () => {
    const anasWork = async () =>
      JSON.stringify({
        scenario: await storage.getScenario(secret.id),
        versions: await storage.listVersions(secret.id),
        runs: await storage.listRuns(secret.id),
        scenarios: await storage.listScenarios(anaSpace.id),
      });
    const before = await anasWork();
    const wrong: string[] = [];
    for (const route of apiRoutes()) {
      for (const path of spellings(route.path)) {
        const answer = await send(port, route.method, path, ben, payload(route.method));
        const leaked = leaks(answer.body);
        if ((route.namesAnasWork && !refused(route.method, path, answer.status)) || leaked)
          wrong.push(`${route.method} ${path}: ${answer.status}${leaked ? ` leaks ${leaked}` : ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await anasWork()).toBe(before);
    const visible = JSON.parse((await send(port, 'GET', '/api/workspaces', ben, undefined)).body) as { workspaces: WorkspaceRecord[] };
    expect(visible.workspaces.map((workspace) => workspace.name)).not.toContain('Ana team');
  }, 120_000);
});

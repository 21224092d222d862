/**
 * The security headers (@fastify/helmet) on every kind of answer — a page, an API answer,
 * the router's 400 for a malformed URL, 404s, 413, 403 from the host guard, 401 from
 * sign-in, the HTTP parser's 400 — and no CORS header for another origin.
 */
import { connect } from 'node:net';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import { contentSecurityPolicy, securityHeaders } from './security-headers.js';

/** The policy `app.ts` sent before helmet: the new one must be at least as strict. */
const earlierPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...sources] = part.split(/\s+/);
        return [name!, sources];
      }),
  );
}

let storage: SqliteStorage;
let app: FastifyInstance;
let guarded: FastifyInstance;
let tokens: FastifyInstance;
let expected: Record<string, string>;

beforeAll(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  await storage.createWorkspace('Team');
  app = await buildServer({ storage });
  guarded = await buildServer({ storage, allowedHosts: ['localhost'] });
  tokens = await buildServer({ storage, auth: 'tokens' });
  expected = await securityHeaders();
});
afterAll(async () => {
  await Promise.all([app.close(), guarded.close(), tokens.close()]);
  await storage.close();
});

function expectSecurityHeaders(response: LightMyRequestResponse | Record<string, string>, what: string): void {
  const headers: Record<string, unknown> = 'headers' in response ? (response.headers as Record<string, unknown>) : response;
  for (const [name, value] of Object.entries(expected)) expect(headers[name], `${what}: ${name}`).toBe(value);
}

describe('security headers', () => {
  it('the policy is written out whole and at least as strict as before: every earlier directive, no source added, no eval, no inline script', async () => {
    const policy = directives(expected['content-security-policy']!);
    expect(Object.fromEntries(policy)).toEqual(contentSecurityPolicy);
    for (const [name, sources] of directives(earlierPolicy)) {
      expect(policy.has(name), name).toBe(true);
      for (const source of policy.get(name)!) expect(sources, `${name} ${source}`).toContain(source);
    }
    expect(expected['content-security-policy']).not.toMatch(/unsafe-eval|upgrade-insecure-requests/);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    // The headers the server sent before helmet, with the same values.
    expect(expected).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
  });

  it('on 200s: an API answer and the page', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(200);
    expectSecurityHeaders(me, 'GET /api/me');
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expectSecurityHeaders(page, 'GET /');
  });

  it("on the router's 400 for a malformed URL, with the API's error shape", async () => {
    for (const url of ['/api/scenarios/%zz', '/api/%E0%A4%A', '/%']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expectSecurityHeaders(response, url);
      expect(response.json()).toEqual({
        error: 'invalid-request',
        message: expect.stringMatching(/^the URL path is malformed: a % must be followed by two hexadecimal digits/),
      });
    }
  });

  it('on 404s, 413, 403 (host guard) and 401 (sign-in)', async () => {
    const cases: Array<[FastifyInstance, InjectOptions, number]> = [
      [app, { method: 'GET', url: '/api/nothing' }, 404],
      [app, { method: 'GET', url: '/api/scenarios/nope' }, 404],
      [app, { method: 'POST', url: '/api/workspaces', payload: { name: 'x'.repeat(3 * 1024 * 1024) } }, 413],
      [guarded, { method: 'GET', url: '/api/me', headers: { host: 'evil.example' } }, 403],
      [tokens, { method: 'GET', url: '/api/me' }, 401],
    ];
    for (const [server, request, status] of cases) {
      const response = await server.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(status);
      expectSecurityHeaders(response, `${status} ${request.method} ${request.url}`);
    }
  });

  it("on the HTTP parser's 400", async () => {
    const server = await buildServer({ storage });
    try {
      await server.listen({ host: '127.0.0.1', port: 0 });
      const { port } = server.server.address() as { port: number };
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET \\api\\workspaces HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const head = answer.slice(0, answer.indexOf('\r\n\r\n')).split('\r\n').slice(1);
      expectSecurityHeaders(
        Object.fromEntries(head.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])),
        'parser 400',
      );
    } finally {
      await server.close();
    }
  });

  it('no CORS: a request or a preflight from another origin gets no Access-Control-Allow-Origin', async () => {
    const origin = { origin: 'https://evil.example' };
    const simple = await app.inject({ method: 'GET', url: '/api/me', headers: origin });
    expect(simple.statusCode).toBe(200);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/workspaces',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    for (const response of [simple, preflight]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

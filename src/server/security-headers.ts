/**
 * The security headers of every answer, from @fastify/helmet: a content security policy
 * written out whole — the page loads only its own scripts (charts are drawn with Vega's
 * interpreter, so no `eval`), no inline script, nothing may frame it, forms post nowhere —
 * and helmet's other headers (nosniff, no referrer, frames denied, same-origin opener and
 * resources). No CORS header is sent: the API answers its own page only.
 *
 * Helmet sets them when a request starts, so every answer a route, a hook or the 404
 * handler makes carries them. Two answers are made before that: the router's 400 for a URL
 * that cannot be decoded, and the 400 for a request the HTTP parser refuses. Those take
 * the same headers from `securityHeaders()`, which asks helmet once what it sends.
 */
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';

/** The policy, directive by directive; nothing is added from helmet's defaults. */
export const contentSecurityPolicy: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // React sets style attributes, and Vega's SVG carries inline styles.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

export const helmetOptions: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // The server speaks plain HTTP; behind a TLS proxy this keeps browsers on HTTPS for the host, not its subdomains.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
};

/** Headers of an answer that are not helmet's. */
const notSecurity = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

let known: Promise<Record<string, string>> | undefined;

/**
 * The headers helmet sets with `helmetOptions`, by lower-case name: asked once of a server
 * of its own (no socket), for the answers made before helmet could set them.
 */
export function securityHeaders(): Promise<Record<string, string>> {
  known ??= (async () => {
    const probe = Fastify();
    await probe.register(fastifyHelmet, helmetOptions);
    probe.get('/', async () => '');
    const answer = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!notSecurity.has(name) && value !== undefined) headers[name] = String(value);
    }
    return headers;
  })();
  return known;
}

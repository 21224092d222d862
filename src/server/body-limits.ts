/**
 * The largest request body each kind of route takes, so that no client can make the server
 * read and parse megabytes where a few hundred bytes are expected:
 *
 * - `scenario` — `POST /api/workspaces/:workspace/scenarios` and `PUT /api/scenarios/:scenario`:
 *   2 MiB. A scenario with its pasted source texts: the largest shipped one
 *   (ukraine-2024-11, 98 KB as YAML) with its article is under 150 KB as JSON.
 * - `import` — `POST /api/workspaces/:workspace/imports`: 2 MiB, the file's text.
 * - `sweep` — `POST /api/scenarios/:scenario/sweeps`: 16 KiB (draws, seed, models, parameters).
 * - `other` — every other route: 64 KiB (runs, the ledger, workspaces, duplicates, restores).
 *
 * Beyond its limit a request is answered 413 with the limit and the kind in words.
 */
import type { HTTPMethods } from 'fastify';

export type BodyKind = 'scenario' | 'import' | 'sweep' | 'other';

export type BodyLimits = Record<BodyKind, number>;

const mebibyte = 1024 * 1024;
const kibibyte = 1024;

export const defaultBodyLimits: BodyLimits = { scenario: 2 * mebibyte, import: 2 * mebibyte, sweep: 16 * kibibyte, other: 64 * kibibyte };

/** What a body of each kind is, for the 413's message. */
const kindWords: Record<BodyKind, string> = {
  scenario: 'a scenario (POST or PUT of a scenario)',
  import: 'an import',
  sweep: 'a sweep request',
  other: 'a request to this route',
};

/** The kind of a route's body, from its method and URL as registered (`/api/scenarios/:scenario`). */
export function bodyKind(method: HTTPMethods | HTTPMethods[], url: string): BodyKind {
  const methods = [method].flat();
  if ((methods.includes('POST') && url === '/api/workspaces/:workspace/scenarios') || (methods.includes('PUT') && url === '/api/scenarios/:scenario'))
    return 'scenario';
  if (methods.includes('POST') && url === '/api/workspaces/:workspace/imports') return 'import';
  if (methods.includes('POST') && url === '/api/scenarios/:scenario/sweeps') return 'sweep';
  return 'other';
}

/** `2 MiB`, `16 KiB`, or bytes when neither divides it. */
export function sizeInWords(bytes: number): string {
  if (bytes % mebibyte === 0) return `${bytes / mebibyte} MiB`;
  if (bytes % kibibyte === 0) return `${bytes / kibibyte} KiB`;
  return `${bytes} bytes`;
}

/** The 413's message: the limit and the kind, and what to do. */
export function tooLargeMessage(kind: BodyKind, limit: number): string {
  const advice =
    kind === 'scenario' || kind === 'import'
      ? 'shorten the pasted source texts or split the scenario'
      : kind === 'sweep'
        ? 'ask for fewer models or parameter values'
        : 'send less';
  const words = sizeInWords(limit);
  const exact = words.endsWith('bytes') ? '' : ` (${limit.toLocaleString('en-US')} bytes)`;
  return `the request body is larger than ${words}${exact}, the most this server takes for ${kindWords[kind]}; ${advice}`;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The kind of the route's body, set when it is registered (`app.ts`), for the 413's message. */
    bodyKind?: BodyKind;
  }
}

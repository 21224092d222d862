/**
 * Hashes storage keeps: the inputs hash of a run (made in the core, `core/inputs-hash.ts`, so
 * runs and ledger entries share one function), source texts by content, tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

export { canonicalJson };

/**
 * The inputs hash of `core/inputs-hash.ts` (hex SHA-256 of the canonical JSON's UTF-8
 * bytes), the same hex, with Node's native SHA-256: the core's is pure TypeScript (the core
 * imports no `node:*`), and on the default scenario it was about 3 s of the event loop's
 * CPU per minute of the server's load bench, one hash per run recorded.
 *
 * Cost: O(size of the inputs), as there.
 */
export function inputsHash(inputs: unknown): string {
  return createHash('sha256').update(canonicalJson(inputs), 'utf8').digest('hex');
}

/** Hex SHA-256 of a text (source texts are stored once per content). */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Prefix of Parley's tokens, so a leaked one is recognisable (secret scanners, logs). */
export const tokenPrefix = 'parley_';

/** A new token: the prefix and 32 random bytes, base64url. */
export function newToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * What storage keeps of a token: its hex SHA-256. A token has 256 random bits, so a fast
 * hash is enough (no salt or slow hash is needed against guessing).
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

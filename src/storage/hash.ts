/**
 * The inputs hash of a run: SHA-256 of the canonical JSON (RFC 8785, `core/canonical-json.ts`)
 * of everything its result depends on (the scenario, the request), so the same inputs give
 * the same hash whatever order their fields were written in, in any language with JCS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

export { canonicalJson };

/** Hex SHA-256 of the canonical JSON of `inputs`. */
export function inputsHash(inputs: unknown): string {
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex');
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

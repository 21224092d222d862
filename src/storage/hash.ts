/**
 * Hashes storage keeps: the inputs hash of a run (made in the core, `core/inputs-hash.ts`, so
 * runs and ledger entries share one function), source texts by content, tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import { inputsHash } from '../core/inputs-hash.js';

export { canonicalJson, inputsHash };

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

/**
 * The inputs hash of a run: SHA-256 of the canonical JSON of everything its result depends
 * on (the scenario, the request). Canonical: object keys sorted, no spaces, so the same
 * inputs give the same hash whatever order their fields were written in.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth; `undefined` fields are left out as
 * `JSON.stringify` does.
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    const entries = Object.entries(field as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

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

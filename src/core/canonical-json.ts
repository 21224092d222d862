/**
 * Canonical JSON: the JSON Canonicalization Scheme (JCS) of RFC 8785 (Rundgren, Jordan &
 * Erdtman 2020). One text per value whatever order its fields were written in, so Parley's
 * inputs hashes (SHA-256 of this text, UTF-8) can be reproduced in any language with a JCS
 * library — Python's `rfc8785`, Java's and Go's `json-canonicalization`.
 *
 * - Object members sorted by their names as UTF-16 code units (RFC 8785 §3.2.3), compared
 *   as raw values, independent of locale; JavaScript's `<` on strings is exactly that.
 *   Integer-like names ("10", "5") sort as text: "10" before "5".
 * - Numbers as ECMAScript's `Number.prototype.toString` writes them (§3.2.2.3), which
 *   `JSON.stringify` does; -0 is "0". NaN and ±Infinity have no JSON form: an error.
 * - Strings as `JSON.stringify` escapes them (§3.2.2.2); no whitespace between tokens.
 *
 * As with `JSON.stringify`, a value with `toJSON` (a Date) is replaced by its result,
 * members whose value is `undefined` (or a function) are left out, and such an array
 * element becomes `null`.
 *
 * Cost: O(n log n) in the number of members of the largest object, O(size) otherwise.
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], e: undefined }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
import { ParleyError } from './errors.js';

export function canonicalJson(value: unknown): string {
  const text = serialise(value, '');
  if (text === undefined) throw new ParleyError('bad-request', `canonical JSON: ${typeof value} has no JSON form`);
  return text;
}

/** Code-unit order of member names (RFC 8785 §3.2.3). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The JCS text of `value`, or `undefined` for what JSON leaves out (undefined, functions, symbols). */
function serialise(value: unknown, path: string): string | undefined {
  const plain = hasToJson(value) ? value.toJSON() : value;
  if (plain === null) return 'null';
  switch (typeof plain) {
    case 'boolean':
    case 'string':
      return JSON.stringify(plain);
    case 'number':
      if (!Number.isFinite(plain)) {
        throw new ParleyError('bad-request', `canonical JSON (RFC 8785) has no form for ${plain}${path === '' ? '' : ` at ${path}`}`);
      }
      return JSON.stringify(plain);
    case 'object': {
      if (Array.isArray(plain)) {
        return `[${plain.map((item, index) => serialise(item, `${path}[${index}]`) ?? 'null').join(',')}]`;
      }
      const members: string[] = [];
      for (const name of Object.keys(plain).sort(byCodeUnits)) {
        const member = serialise((plain as Record<string, unknown>)[name], path === '' ? name : `${path}.${name}`);
        if (member !== undefined) members.push(`${JSON.stringify(name)}:${member}`);
      }
      return `{${members.join(',')}}`;
    }
    case 'bigint':
      throw new ParleyError('bad-request', `canonical JSON (RFC 8785) has no form for a bigint${path === '' ? '' : ` at ${path}`}`);
    default:
      return undefined;
  }
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

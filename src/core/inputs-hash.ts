/**
 * The inputs hash: SHA-256 (`sha256.ts`) of the canonical JSON (RFC 8785, `canonical-json.ts`)
 * of everything a result depends on (a scenario, a request), as hex. The same inputs give
 * the same hash whatever order their fields were written in, in any language with JCS. Runs
 * and ledger entries name their scenario by it; this is the one function that makes it.
 *
 * Cost: O(size of the inputs) (plus the sort of each object's member names).
 *
 * @example inputsHash({ b: 1, a: 2 }) === inputsHash({ a: 2, b: 1 }) // true
 */
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';

export function inputsHash(inputs: unknown): string {
  return sha256Hex(canonicalJson(inputs));
}

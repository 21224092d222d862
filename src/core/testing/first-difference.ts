/**
 * Where two results part, for tests and benchmarks that hold a rewrite to its reference bit
 * for bit: the first path at which two values differ, numbers compared with `Object.is` (so
 * −0 ≠ 0 and NaN = NaN, every bit of a double counts), or undefined when they are the same.
 * O(size of the values).
 *
 * @example firstDifference({ a: [1, 0] }, { a: [1, -0] }) // 'run.a.1: 0 ≠ 0'
 */
export function firstDifference(actual: unknown, expected: unknown, path = 'run'): string | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Object.is(actual, expected) ? undefined : `${path}: ${actual} ≠ ${expected}`;
  }
  if (typeof actual !== typeof expected || actual === null || expected === null || typeof actual !== 'object') {
    return actual === expected ? undefined : `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${path}: array against object`;
  const actualKeys = Object.keys(actual as object);
  const expectedKeys = Object.keys(expected as object);
  if (actualKeys.join('\u0000') !== expectedKeys.join('\u0000')) return `${path}: keys [${actualKeys.join(', ')}] ≠ [${expectedKeys.join(', ')}]`;
  for (const key of actualKeys) {
    const difference = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

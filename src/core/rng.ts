/**
 * Seeded random numbers. Every stochastic path in Parley takes one of these, never
 * `Math.random`, so the same seed and inputs give identical output everywhere.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators"), seeded through SplitMix32 so that nearby seeds give unrelated streams.
 */

export interface Rng {
  /** A float in [0, 1) with 32 random bits. */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** SplitMix32 step: a well-mixed 32-bit value from a 32-bit state (Steele, Lea & Flood 2014). */
function splitMix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The seed of sub-run `index` of a run with root seed `root`: depends on the two numbers
 * alone, so a result does not depend on which worker ran which draw.
 *
 * @example deriveSeed(42, 0) !== deriveSeed(42, 1) // true
 */
export function deriveSeed(root: number, index: number): number {
  return splitMix32(splitMix32(root >>> 0) ^ Math.imul(index >>> 0, 0x27d4eb2d)) >>> 0;
}

/**
 * A xoshiro128** generator from a 32-bit seed.
 *
 * Cost: O(1) a number.
 *
 * @example createRng(1).next() // the same value on every machine
 */
export function createRng(seed: number): Rng {
  let s0 = splitMix32(seed >>> 0);
  let s1 = splitMix32(s0);
  let s2 = splitMix32(s1);
  let s3 = splitMix32(s2);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  return {
    next: () => nextUint32() / 4294967296,
    int: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/**
 * Seeded random numbers. Every stochastic path in Parley takes one of these, never
 * `Math.random`, so the same seed and inputs give identical output everywhere.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators"; the reference is Vigna's `xoshiro128starstar.c`). Its state is seeded through
 * `mixSeed` so that nearby seeds give unrelated streams.
 */

export interface Rng {
  /** A float in [0, 1) with 32 random bits. */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/**
 * MurmurHash3's 32-bit finaliser `fmix32` (Appleby, MurmurHash3.cpp, 2011): a bijection on
 * 32-bit values in which every input bit affects every output bit. `fmix32(seed)` is
 * MurmurHash3_x86_32 of the empty key with that seed, which is where its test vectors come from.
 *
 * @example fmix32(1) // 0x514e28b7
 */
export function fmix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * One seeding step: add the golden-ratio increment 0x9e3779b9 (the Weyl sequence of SplitMix,
 * Steele, Lea & Flood 2014) and finalise with `fmix32`. Not SplitMix32 itself, whose mixing
 * constants differ; chained, the steps give the four words of a generator's state.
 */
function mixSeed(state: number): number {
  return fmix32((state + 0x9e3779b9) | 0);
}

/**
 * The seed of sub-run `index` of a run with root seed `root`: depends on the two numbers
 * alone, so a result does not depend on which worker ran which draw.
 *
 * @example deriveSeed(42, 0) !== deriveSeed(42, 1) // true
 */
export function deriveSeed(root: number, index: number): number {
  return mixSeed(mixSeed(root >>> 0) ^ Math.imul(index >>> 0, 0x27d4eb2d)) >>> 0;
}

/**
 * A xoshiro128** generator from a 32-bit seed: the state is four chained `mixSeed` steps
 * (an all-zero state, which xoshiro cannot leave, is replaced by {1, 0, 0, 0}).
 *
 * Cost: O(1) a number.
 *
 * @example createRng(1).next() // the same value on every machine
 */
export function createRng(seed: number): Rng {
  let s0 = mixSeed(seed >>> 0);
  const s1 = mixSeed(s0);
  const s2 = mixSeed(s1);
  const s3 = mixSeed(s2);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = xoshiro128StarStar(s0, s1, s2, s3);
  return {
    next: () => nextUint32() / 4294967296,
    int: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

/**
 * The xoshiro128** 1.1 generator from the four words of its state, as Vigna's reference
 * `next()` steps it: each call returns the next 32-bit output as an unsigned integer.
 *
 * @example const next = xoshiro128StarStar(1, 2, 3, 4); next() // 11520
 */
export function xoshiro128StarStar(word0: number, word1: number, word2: number, word3: number): () => number {
  let s0 = word0 | 0;
  let s1 = word1 | 0;
  let s2 = word2 | 0;
  let s3 = word3 | 0;
  return (): number => {
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
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

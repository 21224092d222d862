import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng.js';

describe('seeded random numbers', () => {
  it('the same seed gives the same stream; another seed another', () => {
    const first = createRng(7);
    const second = createRng(7);
    const other = createRng(8);
    const a = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(a);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(a);
  });

  it('is uniform enough: mean of 100 000 draws within 4 standard errors of 1/2', () => {
    // standard error of the mean of U(0,1): sqrt(1/12 / n)
    const rng = createRng(2024);
    const n = 100_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = rng.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
  });

  it('derived seeds depend on root and index only, and differ between indices', () => {
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42, 3));
    const seeds = new Set(Array.from({ length: 1000 }, (_, index) => deriveSeed(42, index)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(43, 3)).not.toBe(deriveSeed(42, 3));
  });
});

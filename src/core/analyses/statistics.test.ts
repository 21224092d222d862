import { describe, expect, it } from 'vitest';
import { mean, quantileSorted, standardDeviation } from './statistics.js';

describe('statistics', () => {
  it('mean and sample standard deviation', () => {
    expect(mean([1, 2, 6])).toBe(3);
    // Σ(x − 5)² = 32 over n − 1 = 7.
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([7])).toBe(0);
  });

  it('quantiles by Hyndman & Fan definition 7 (R: quantile(c(1,2,3,4), c(.5,.1,.9)) = 2.5, 1.3, 3.7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted([5, 5, 5], 0.37)).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { quantileSorted } from './statistics.js';
import { triangularDensity, triangularMean, triangularQuantile, triangularVariance } from './triangular.js';

describe('triangularQuantile', () => {
  it('inverts the CDF at hand-computed points', () => {
    // {0, 0, 1}: F(x) = 1 − (1 − x)², so Q(p) = 1 − √(1 − p).
    expect(triangularQuantile({ low: 0, mode: 0, high: 1 }, 0.75)).toBeCloseTo(0.5, 12);
    // {0, 1, 2}: F(x) = x²/2 below the mode, so Q(1/8) = 1/2; symmetric, so Q(1/2) = 1.
    expect(triangularQuantile({ low: 0, mode: 1, high: 2 }, 0.125)).toBeCloseTo(0.5, 12);
    expect(triangularQuantile({ low: 0, mode: 1, high: 2 }, 0.5)).toBeCloseTo(1, 12);
    // {0, 2, 10}: F(mode) = 0.2; Q(0.1) = √(0.1·10·2) = √2; Q(0.9) = 10 − √(0.1·10·8) = 10 − √8.
    expect(triangularQuantile({ low: 0, mode: 2, high: 10 }, 0.1)).toBeCloseTo(Math.SQRT2, 12);
    expect(triangularQuantile({ low: 0, mode: 2, high: 10 }, 0.9)).toBeCloseTo(10 - Math.sqrt(8), 12);
  });

  it('spans the range and is the point itself for a range of width 0', () => {
    const range = { low: 3, mode: 5, high: 9 };
    expect(triangularQuantile(range, 0)).toBe(3);
    expect(triangularQuantile(range, 1)).toBe(9);
    expect(triangularQuantile(range, 0.2)).toBeGreaterThanOrEqual(3);
    expect(triangularQuantile({ low: 4, mode: 4, high: 4 }, 0.3)).toBe(4);
  });
});

describe('triangular moments and density', () => {
  it('mean (a+b+c)/3 and variance (a²+b²+c²−ab−ac−bc)/18', () => {
    expect(triangularMean({ low: 0, mode: 2, high: 10 })).toBe(4);
    expect(triangularVariance({ low: 0, mode: 0, high: 1 })).toBeCloseTo(1 / 18, 15);
    expect(triangularVariance({ low: 0, mode: 2, high: 10 })).toBeCloseTo(84 / 18, 12);
  });

  it('density peaks at 2/(high − low) at the mode and is 0 outside', () => {
    expect(triangularDensity({ low: 0, mode: 1, high: 2 }, 1)).toBe(1);
    expect(triangularDensity({ low: 0, mode: 1, high: 2 }, 0.5)).toBe(0.5);
    expect(triangularDensity({ low: 0, mode: 1, high: 2 }, 3)).toBe(0);
  });
});

describe('sampling by inversion', () => {
  // 100 000 seeded draws of {0, 2, 10}. Tolerances are 4 standard errors: σ/√n for the mean,
  // and √(p(1−p)/n) / f(Q(p)) for the p-quantile (the asymptotic standard error of a sample
  // quantile; Serfling 1980, Approximation Theorems of Mathematical Statistics, §2.3).
  // A correct sampler fails at 4 SE about once in 16 000 runs; the seed is fixed anyway.
  const range = { low: 0, mode: 2, high: 10 };
  const count = 100_000;
  const rng = createRng(20241121);
  const draws = Float64Array.from({ length: count }, () => triangularQuantile(range, rng.next()));
  const sorted = draws.slice().sort();

  it('has the right mean', () => {
    const standardError = Math.sqrt(triangularVariance(range) / count);
    const sampleMean = draws.reduce((sum, value) => sum + value, 0) / count;
    expect(Math.abs(sampleMean - triangularMean(range))).toBeLessThan(4 * standardError);
  });

  it.each([0.05, 0.1, 0.5, 0.9, 0.95])('has the right %s quantile', (probability) => {
    const exact = triangularQuantile(range, probability);
    const standardError = Math.sqrt((probability * (1 - probability)) / count) / triangularDensity(range, exact);
    expect(Math.abs(quantileSorted(sorted, probability) - exact)).toBeLessThan(4 * standardError);
  });
});

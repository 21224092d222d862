import { describe, expect, it } from 'vitest';
import { correctlyRoundedPow } from './pow.js';
import table from './pow-table.json' with { type: 'json' };

describe('correctlyRoundedPow', () => {
  // pow-table.json: 3,000 seeded powers, each the double nearest to the 60-digit decimal power
  // (bench/pow-table.ts, decimal.js), for the bases and exponents the expected utility model uses.
  const rows = table.rows as [number, number, number][];

  it('equals the nearest double to the 60-digit power on every row of the table', () => {
    const wrong = rows.filter(([base, exponent, expected]) => !Object.is(correctlyRoundedPow(base, exponent), expected));
    expect(wrong).toEqual([]);
  });

  it('the table tells the two apart: Math.pow misses the nearest double on some rows', () => {
    const missed = rows.filter(([base, exponent, expected]) => Math.pow(base, exponent) !== expected).length;
    expect(missed).toBeGreaterThan(0);
  });

  it('gives the exact cases exactly', () => {
    expect(correctlyRoundedPow(0.25, 0.5)).toBe(0.5);
    expect(correctlyRoundedPow(0.3, 1)).toBe(0.3);
    expect(correctlyRoundedPow(0.3, 0)).toBe(1);
    expect(correctlyRoundedPow(0.5, 2)).toBe(0.25);
    expect(correctlyRoundedPow(0.125, 1 / 3)).toBe(0.5);
  });
});

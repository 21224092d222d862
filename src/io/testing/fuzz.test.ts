import { describe, expect, it } from 'vitest';
import { fuzzCase, runFuzz } from './fuzz.js';

describe('the scenario fuzzer (a short run; bench/fuzz.ts runs 10,000 cases)', () => {
  it('is the same on every run of one seed', () => {
    expect(fuzzCase(7, 3)).toEqual(fuzzCase(7, 3));
    expect(fuzzCase(7, 3)).not.toEqual(fuzzCase(7, 4));
  });

  it('finds no exception, no problem without a line, no forecast off the scale and no issue without an answer', () => {
    const report = runFuzz(24, 250);
    expect(report.failures).toEqual([]);
    // The run must exercise both halves: files that validate and are forecast, and files refused.
    expect(report.valid).toBeGreaterThan(50);
    expect(report.cases - report.valid).toBeGreaterThan(50);
    expect(report.notApplicable).toBeGreaterThan(0);
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { modelIds } from '../models/index.js';
import { compare } from './compare.js';
import { actor, issue, scenarioOf } from './testing.js';

const scenario = scenarioOf(
  [issue('X', { statusQuo: 50 }), issue('Y', { statusQuo: 50 })],
  [actor('a', 1, { X: [0, 0.5], Y: [20, 0.5] }), actor('b', 1, { X: [100, 0.5], Y: [70, 0.9] }), actor('c', 1, { X: [40, 0.5], Y: [90, 0.3] })],
  [
    { id: 'a-cares-more', changes: [{ actor: 'a', issue: 'X', salience: 1 }] },
    { id: 'c-moves', changes: [{ actor: 'c', issue: 'Y', position: 60 }] },
  ],
);

describe('compare', () => {
  it('every variant by default, base and each variant per model and issue', () => {
    const result = compare(scenario);
    expect(result.variants).toEqual(['a-cares-more', 'c-moves']);
    expect(result.results).toHaveLength(modelIds.length * 2);
    for (const row of result.results) {
      expect(row.variants.map((variant) => variant.variant)).toEqual(['a-cares-more', 'c-moves']);
      for (const variant of row.variants) expect(variant.difference).toBe(variant.forecast! - row.base);
    }
  });

  it('a variant changing one salience changes only that issue', () => {
    // The baseline models forecast each issue from its own participants only, so a's
    // salience on X cannot move Y. Compromise on X: (0·1 + 100·0.5 + 40·0.5)/2 = 35 against
    // (0 + 100 + 40)/3 = 46.67 in the base.
    const result = compare(scenario, { variants: ['a-cares-more'], models: ['compromise', 'median', 'nash'] });
    for (const row of result.results.filter((candidate) => candidate.issue === 'Y')) {
      expect(row.variants[0]!.difference, `${row.model} Y`).toBe(0);
    }
    const compromiseX = result.results.find((row) => row.model === 'compromise' && row.issue === 'X')!;
    expect(compromiseX.base).toBeCloseTo(140 / 3, 10);
    expect(compromiseX.variants[0]!.forecast).toBeCloseTo(35, 10);
    expect(compromiseX.variants[0]!.difference).toBeCloseTo(35 - 140 / 3, 10);
  });

  it('unknown variants are named with the variants there are; unknown models too', () => {
    expect(() => compare(scenario, { variants: ['a-cares-more', 'nope', 'neither'] })).toThrow(
      'unknown variant "nope", "neither"; this scenario has: a-cares-more, c-moves',
    );
    expect(() => compare(scenarioOf(scenario.issues, scenario.actors), { variants: ['x'] })).toThrow(/this scenario has no variants/);
    expect(() => compare(scenario, { models: ['oracle'] })).toThrow(/unknown model "oracle"/);
  });

  it('a scenario without variants compares nothing but still gives the base', () => {
    const result = compare(scenarioOf(scenario.issues, scenario.actors));
    expect(result.variants).toEqual([]);
    expect(result.results.every((row) => row.variants.length === 0)).toBe(true);
  });
});

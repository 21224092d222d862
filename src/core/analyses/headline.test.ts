import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario.js';
import { headline } from './headline.js';

const scenario: Scenario = {
  parley: 1,
  id: 'h',
  title: 'Headline',
  issues: [
    { id: 'X', name: 'X', scale: { min: 0, max: 100 }, statusQuo: 50, decision: { rule: 'unanimity', by: ['a', 'b'] } },
    { id: 'Y', name: 'Y', scale: { min: 0, max: 100 }, anchors: { 0: 'none', 100: 'all' } },
  ],
  actors: [
    { id: 'a', name: 'A', capability: 1, stances: { X: { position: 20, salience: 1 }, Y: { position: 10, salience: 1 } } },
    { id: 'b', name: 'B', capability: 1, stances: { X: { position: 80, salience: 1 }, Y: { position: { low: 60, mode: 90, high: 100 }, salience: 1 } } },
  ],
};

describe('headline', () => {
  const result = headline(scenario, { draws: 50, seed: 3 });

  it('a unanimity issue with deciders on both sides: deadlock in every draw, a blocker named', () => {
    const x = result.summary[0]!;
    expect(x.agreement).toMatchObject({ rule: 'unanimity', deadlock: true, drawShare: 0, winSet: null });
    expect(x.agreement.blockers).toHaveLength(1);
    expect(x.agreement.probability).toBeGreaterThan(0);
    expect(x.interval.level).toBe(0.8);
    expect(x.interval.low).toBeLessThanOrEqual(x.forecast);
    expect(x.interval.high).toBeGreaterThanOrEqual(x.forecast);
  });

  it('an issue without a status quo has no chance of a deal to give, and names its nearest anchor', () => {
    const y = result.summary[1]!;
    expect(y.agreement).toMatchObject({ probability: null, drawShare: null, rule: 'majority', implicit: true });
    expect(y.nearestAnchor).not.toBeNull();
    expect(y.modes.length).toBeGreaterThanOrEqual(1);
    expect(y.modes.reduce((sum, mode) => sum + mode.share, 0)).toBeLessThanOrEqual(1);
  });

  it('the same seed gives the same headline', () => {
    expect(headline(scenario, { draws: 50, seed: 3 })).toEqual(result);
  });
});

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario.js';
import { forecastIfDeal, headline } from './headline.js';

const scenario: Scenario = {
  parley: 1,
  id: 'h',
  title: 'Headline',
  issues: [
    { id: 'X', name: 'X', scale: { min: 0, max: 100 }, statusQuo: 50, decision: { rule: 'unanimity', by: ['a', 'b'] } },
    { id: 'Y', name: 'Y', scale: { min: 0, max: 100 }, anchors: { 0: 'none', 100: 'all' } },
    { id: 'Z', name: 'Z', scale: { min: 0, max: 100 }, statusQuo: 0, decision: { rule: 'majority' } },
  ],
  actors: [
    { id: 'a', name: 'A', capability: 1, stances: { X: { position: 20, salience: 1 }, Y: { position: 10, salience: 1 }, Z: { position: 40, salience: 1 } } },
    {
      id: 'b',
      name: 'B',
      capability: 1,
      stances: { X: { position: 80, salience: 1 }, Y: { position: { low: 60, mode: 90, high: 100 }, salience: 1 }, Z: { position: 60, salience: 1 } },
    },
    { id: 'c', name: 'C', capability: 1, stances: { Z: { position: 100, salience: 0.1 } } },
  ],
};

describe('headline', () => {
  const result = headline(scenario, { draws: 50, seed: 3 });

  it('a unanimity issue with deciders on both sides: deadlock in every draw, a blocker named', () => {
    const x = result.summary[0]!;
    // The agreement analysis: probability 0, the status quo stands (issue #18, "Done when").
    expect(x.agreement).toMatchObject({ rule: 'unanimity', deadlock: true, probability: 0, winSet: null, statusQuo: 50, ifDeal: null });
    expect(x.agreement.blockers).toHaveLength(1);
    // The record of EU legislation, where coded positions moved, still gives a deal some chance.
    expect(x.agreement.record).toBeGreaterThan(0);
    expect(x.agreement.record).toBeLessThan(1);
    expect(x.interval.level).toBe(0.8);
    expect(x.interval.low).toBeLessThanOrEqual(x.forecast);
    expect(x.interval.high).toBeGreaterThanOrEqual(x.forecast);
  });

  it('an issue without a status quo has no chance of a deal to give, and names its nearest anchor', () => {
    const y = result.summary[1]!;
    expect(y.agreement).toMatchObject({ probability: null, record: null, rule: 'majority', implicit: true, ifDeal: null });
    expect(y.nearestAnchor).not.toBeNull();
    expect(y.modes.length).toBeGreaterThanOrEqual(1);
    expect(y.modes.reduce((sum, mode) => sum + mode.share, 0)).toBeLessThanOrEqual(1);
  });

  it('a majority whose median beats the status quo: probability 1, and a deal lies in the win-set', () => {
    const z = result.summary[2]!;
    expect(z.agreement).toMatchObject({ rule: 'majority', deadlock: false, probability: 1 });
    // Median decider b at 60: the win-set of q = 0 is (0, 120) clipped to the scale, so every forecast passes as it is.
    expect(z.agreement.winSet).toEqual({ low: 0, high: 100 });
    expect(z.agreement.ifDeal).toBe(z.forecast);
  });

  it('the same seed gives the same headline', () => {
    expect(headline(scenario, { draws: 50, seed: 3 })).toEqual(result);
  });
});

describe('forecastIfDeal', () => {
  it('moves a forecast into the win-set, and has nothing to say on deadlock', () => {
    expect(forecastIfDeal({ low: 30, high: 60 }, 75)).toBe(60);
    expect(forecastIfDeal({ low: 30, high: 60 }, 10)).toBe(30);
    expect(forecastIfDeal({ low: 30, high: 60 }, 42)).toBe(42);
    expect(forecastIfDeal(null, 42)).toBeNull();
  });
});

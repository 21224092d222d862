import { describe, expect, it } from 'vitest';
import type { PointScenario } from '../model.js';
import { pointScenario } from '../resolve.js';
import type { Scenario } from '../scenario.js';
import { agreementAt, agreementProbabilities } from './agreement.js';
import { maximise } from './simplex.js';

const scale = { min: 0, max: 100 };

/** Two actors on one issue X with status quo 50 under `rule`. */
function oneIssue(rule: 'unanimity' | 'majority', positions: [number, number, number?]): Scenario {
  return {
    parley: 1,
    id: 'one',
    title: 'One issue',
    issues: [{ id: 'X', name: 'X', scale, statusQuo: 50, decision: { rule } }],
    actors: positions.flatMap((position, index) =>
      position === undefined ? [] : [{ id: `a${index}`, name: `A${index}`, capability: 1, stances: { X: { position, salience: 1 } } }],
    ),
  };
}

describe('agreementAt: one issue', () => {
  it('unanimity with deciders on both sides of the status quo: deadlock, probability 0, the status quo stands', () => {
    const scenario = oneIssue('unanimity', [20, 80]);
    const [issue] = agreementAt(pointScenario(scenario)).issues;
    expect(issue).toMatchObject({ issue: 'X', rule: 'unanimity', statusQuo: 50, deadlock: true, winSet: null });
    expect(issue!.blockers).toHaveLength(1);
    expect(agreementProbabilities(scenario, { draws: 20, seed: 1 })).toEqual([{ issue: 'X', probability: 0 }]);
  });

  it('a majority whose median beats the status quo: probability 1', () => {
    // Median 70 of {20, 70, 90}; the two above q = 50 (reaches 40 and 80) win up to 90.
    const scenario = oneIssue('majority', [20, 70, 90]);
    const [issue] = agreementAt(pointScenario(scenario)).issues;
    expect(issue).toMatchObject({ deadlock: false, winSet: { low: 50, high: 90 }, blockers: [] });
    expect(agreementProbabilities(scenario, { draws: 20, seed: 1 })).toEqual([{ issue: 'X', probability: 1 }]);
  });

  it('the probability is the share of draws with a win-set: a decider symmetric about q gives one half', () => {
    const scenario = oneIssue('unanimity', [80, 50]);
    scenario.actors[1]!.stances.X!.position = { low: 30, mode: 50, high: 70 };
    const [result] = agreementProbabilities(scenario, { draws: 2000, seed: 7 });
    // P(position > 50) = 1/2 for a symmetric triangle; 2000 draws: standard error 0.011.
    expect(result!.probability).toBeGreaterThan(0.45);
    expect(result!.probability).toBeLessThan(0.55);
  });

  it('an issue without a status quo has no deadlock to report', () => {
    const scenario = oneIssue('majority', [20, 80]);
    delete scenario.issues[0]!.statusQuo;
    expect(agreementAt(pointScenario(scenario)).issues[0]).toMatchObject({ deadlock: null, winSet: null });
    expect(agreementProbabilities(scenario, { draws: 5, seed: 1 })).toEqual([{ issue: 'X', probability: null }]);
  });
});

describe('agreementAt: packages across issues', () => {
  // A cares about X (salience 1, wants 100) and little about Y (0.2, wants 0); B the reverse.
  // Alone each issue is deadlocked under unanimity; moving both up by u = v gives each
  // (u − 0.2v)/100 > 0. The best package is X = Y = 100: each gains (50 − 10)/100 = 0.4.
  const linked: PointScenario = {
    id: 'linked',
    title: 'Linked',
    issues: ['X', 'Y'].map((id) => ({
      id,
      name: id,
      scale,
      statusQuo: 50,
      decision: { rule: 'unanimity' as const, by: ['A', 'B'] },
      actors: [
        { id: 'A', name: 'A', capability: 1, position: id === 'X' ? 100 : 0, salience: id === 'X' ? 1 : 0.2 },
        { id: 'B', name: 'B', capability: 1, position: id === 'X' ? 0 : 100, salience: id === 'X' ? 0.2 : 1 },
      ],
    })),
  };

  it('linking two deadlocked issues opens a deal, and says which', () => {
    const result = agreementAt(linked);
    expect(result.issues.map((issue) => issue.deadlock)).toEqual([true, true]);
    const deal = result.package!;
    expect(deal.possible).toBe(true);
    expect(deal.vetoPlayers).toEqual(['A', 'B']);
    expect(deal.minimumGain).toBeCloseTo(0.4, 9);
    expect(deal.point!.X).toBeCloseTo(100, 9);
    expect(deal.point!.Y).toBeCloseTo(100, 9);
    expect(deal.opens).toEqual(['X', 'Y']);
  });

  it('no package when the veto players care alike about both issues', () => {
    const even: PointScenario = {
      ...linked,
      issues: linked.issues.map((issue) => ({ ...issue, actors: issue.actors.map((actor) => ({ ...actor, salience: 1 })) })),
    };
    const deal = agreementAt(even).package!;
    expect(deal.possible).toBe(false);
    expect(deal.point).toBeNull();
    expect(deal.minimumGain).toBeCloseTo(0, 9);
  });

  it('no package analysis when nobody holds a veto', () => {
    expect(agreementAt(pointScenario(oneIssue('majority', [20, 70, 90]))).package).toBeNull();
  });
});

describe('maximise', () => {
  it('solves a textbook program (Chvátal 1983, ch. 2 style): max x + y, x + 2y ≤ 4, 3x + y ≤ 6', () => {
    // Vertices: (0,0), (2,0), (0,2), and the crossing x = 1.6, y = 1.2 with value 2.8.
    const result = maximise({
      objective: [1, 1],
      rows: [
        [1, 2],
        [3, 1],
      ],
      bounds: [4, 6],
    });
    expect(result.status).toBe('optimal');
    if (result.status !== 'optimal') return;
    expect(result.value).toBeCloseTo(2.8, 12);
    expect(result.solution[0]).toBeCloseTo(1.6, 12);
    expect(result.solution[1]).toBeCloseTo(1.2, 12);
  });

  it('reports an unbounded program', () => {
    expect(maximise({ objective: [1, 0], rows: [[-1, 1]], bounds: [1] }).status).toBe('unbounded');
  });
});

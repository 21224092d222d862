/**
 * The baseline models under decision rules (docs/decisions.md, "Decision rules"). Every
 * expected value is worked by hand from the rule it tests.
 */
import { describe, expect, it } from 'vitest';
import type { IssueDecision, IssueInput } from '../model.js';
import { pointScenario } from '../resolve.js';
import type { Scenario } from '../scenario.js';
import { issueOf } from '../testing/fixtures.js';
import { compromiseModel, compromiseForecast } from './compromise.js';
import { medianModel } from './median.js';
import { nashForecast } from './nash.js';

const ruled = (issue: IssueInput, decision: Partial<IssueDecision> & Pick<IssueDecision, 'rule'>): IssueInput => ({
  ...issue,
  decision: { by: issue.actors.map((actor) => actor.id), ...decision },
});

describe('nash under decision rules', () => {
  it('unanimity of deciders on both sides of the status quo: the status quo stands', () => {
    const result = nashForecast(
      ruled(
        issueOf(
          [
            [20, 1, 1],
            [80, 1, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'unanimity' },
      ),
    );
    expect(result.forecast).toBe(50);
    expect(result.details.agreement).toBe(false);
  });

  it('a majority rule gives nobody a veto: the outcome is bargained inside the win-set', () => {
    // a, b, c equal at 10, 60, 90 with q = 30. Under unanimity a vetoes every move up (the
    // classic form gives q). Under majority the win-set is (30, 90) and the product of gains
    // gᵢ = 1 − |x − xᵢ|/100 (d = 0) has slope −1/50 + 1/100 + 1/70 > 0 just below 60 and
    // −1/50 − 1/100 + 1/70 < 0 just above: the maximum is the kink at b's ideal, 60.
    const issue = issueOf(
      [
        [10, 1, 1],
        [60, 1, 1],
        [90, 1, 1],
      ],
      { statusQuo: 30 },
    );
    expect(nashForecast(issue).forecast).toBe(30);
    const majority = nashForecast(ruled(issue, { rule: 'majority' }));
    expect(majority.details.agreement).toBe(true);
    expect(majority.forecast).toBe(60);
    expect(majority.details.feasible).toEqual([30, 90]);
  });

  it('unilateral: the one decider bargains alone and gets its ideal', () => {
    const result = nashForecast(
      ruled(
        issueOf(
          [
            [5, 1, 0.9],
            [80, 5, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'unilateral', by: ['a'] },
      ),
    );
    expect(result.forecast).toBe(5);
    expect(result.details.parties).toEqual(['a']);
  });
});

describe('lobbying under a unilateral rule', () => {
  it("a lobbyist counts for 1 − the decider's salience of its capability", () => {
    // a decides with salience 0.9 at 5; b (capability 1, salience 1) at 80 lobbies with
    // capability 0.1: weights 0.9 and 0.1, mean 0.9·5 + 0.1·80 = 12.5.
    const issue = ruled(
      issueOf(
        [
          [5, 1, 0.9],
          [80, 1, 1],
        ],
        { statusQuo: 50 },
      ),
      { rule: 'unilateral', by: ['a'] },
    );
    const [result] = compromiseModel.run({ id: 's', title: 'S', issues: [issue] }, {});
    expect(result!.forecast).toBeCloseTo(12.5, 12);
    expect(result!.notes[0]).toMatch(/decides alone/);
    expect(compromiseForecast(issue).forecast).toBeCloseTo((0.9 * 5 + 80) / 1.9, 12);
  });

  it('a decider that cares fully hears nobody: the median is its position', () => {
    const issue = ruled(
      issueOf(
        [
          [5, 1, 1],
          [80, 9, 1],
        ],
        { statusQuo: 50 },
      ),
      { rule: 'unilateral', by: ['a'] },
    );
    expect(medianModel.run({ id: 's', title: 'S', issues: [issue] }, {})[0]!.forecast).toBe(5);
  });

  it('other rules leave the weights alone', () => {
    const issue = ruled(
      issueOf(
        [
          [5, 1, 0.9],
          [80, 1, 1],
        ],
        { statusQuo: 50 },
      ),
      { rule: 'unanimity' },
    );
    expect(compromiseModel.run({ id: 's', title: 'S', issues: [issue] }, {})[0]!.forecast).toBeCloseTo((0.9 * 5 + 80) / 1.9, 12);
  });
});

describe('decisions resolved from a scenario', () => {
  const scenario: Scenario = {
    parley: 1,
    id: 'd',
    title: 'D',
    decision: { rule: 'unanimity', by: ['a', 'b', 'c'] },
    issues: [
      { id: 'X', name: 'X', scale: { min: 0, max: 100 }, statusQuo: 50 },
      { id: 'Y', name: 'Y', scale: { min: 0, max: 100 }, statusQuo: 50, decision: { rule: 'unilateral', by: ['c'] } },
      { id: 'Z', name: 'Z', scale: { min: 0, max: 100 } },
    ],
    actors: [
      {
        id: 'a',
        name: 'A',
        capability: 2,
        stances: { X: { position: 10, salience: 1, capability: 7 }, Y: { position: 0, salience: 1 }, Z: { position: 0, salience: 1 } },
      },
      { id: 'b', name: 'B', capability: 1, stances: { X: { position: 90, salience: 1 }, Y: { position: 0, salience: 1 }, Z: { position: 0, salience: 1 } } },
      { id: 'c', name: 'C', capability: 1, active: false, stances: { X: { position: 90, salience: 1 }, Y: { position: 0, salience: 1 } } },
    ],
  };

  it('the scenario-wide rule applies where an issue has none; inactive deciders are left out', () => {
    const point = pointScenario(scenario);
    expect(point.issues[0]!.decision).toEqual({ rule: 'unanimity', by: ['a', 'b'] });
    expect(point.issues[1]!.decision).toEqual({ rule: 'unilateral', by: [] });
  });

  it("a stance capability overrides the actor's on that issue only", () => {
    const point = pointScenario(scenario);
    expect(point.issues[0]!.actors.map((actor) => actor.capability)).toEqual([7, 1]);
    expect(point.issues[1]!.actors.map((actor) => actor.capability)).toEqual([2, 1]);
  });

  it('without any rule in the file, a majority of every participant decides', () => {
    const { decision: _, ...withoutRule } = scenario;
    const point = pointScenario({ ...withoutRule, issues: [scenario.issues[2]!] });
    expect(point.issues[0]!.decision).toEqual({ rule: 'majority', by: ['a', 'b'], implicit: true });
  });
});

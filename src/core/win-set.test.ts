import { describe, expect, it } from 'vitest';
import type { IssueDecision, IssueInput } from './model.js';
import { issueOf } from './testing/fixtures.js';
import { winSet } from './win-set.js';

const ruled = (issue: IssueInput, decision: Partial<IssueDecision> & Pick<IssueDecision, 'rule'>): IssueInput => ({
  ...issue,
  decision: { by: issue.actors.map((actor) => actor.id), ...decision },
});

// Every expected value below is worked by hand from the definition: actor i prefers x to q
// exactly when |x − xᵢ| < |q − xᵢ|, the open interval between q and 2xᵢ − q (Tsebelis 2002, ch. 1).
describe('winSet', () => {
  it('unanimity with deciders on both sides of the status quo is empty: the status quo stands, both block', () => {
    const result = winSet(
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
    expect(result.empty).toBe(true);
    expect(result.interval).toBeUndefined();
    expect(result.blockers).toHaveLength(1);
    expect(['a', 'b']).toContain(result.blockers[0]);
  });

  it("unanimity on one side: up to twice the nearest decider's distance from q", () => {
    // a at 60 accepts (50, 70), b at 90 accepts (50, 130): together (50, 70).
    const result = winSet(
      ruled(
        issueOf(
          [
            [60, 1, 1],
            [90, 1, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'unanimity' },
      ),
    );
    expect(result).toMatchObject({ empty: false, interval: { low: 50, high: 70 }, side: 1, blockers: [] });
  });

  it('a majority whose median beats the status quo: non-empty, towards the median', () => {
    // Capabilities 1, 1, 1 at 10, 60, 90, q = 30: the two above q (reach 60 and 120) are a
    // majority; the second-furthest reach, 60, bounds it: (30, 90).
    const result = winSet(
      ruled(
        issueOf(
          [
            [10, 1, 1],
            [60, 1, 1],
            [90, 1, 1],
          ],
          { statusQuo: 30 },
        ),
        { rule: 'majority' },
      ),
    );
    expect(result).toMatchObject({ empty: false, interval: { low: 30, high: 90 }, side: 1 });
    expect(result.support).toBeCloseTo(2 / 3, 12);
  });

  it('a majority needs more than half: an exact half split is deadlock', () => {
    const result = winSet(
      ruled(
        issueOf(
          [
            [10, 1, 1],
            [90, 1, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'majority' },
      ),
    );
    expect(result.empty).toBe(true);
  });

  it('a qualified majority of 0.7 is not met by 2 of 3 equal deciders, and is by 3 of 4', () => {
    const three = winSet(
      ruled(
        issueOf(
          [
            [10, 1, 1],
            [60, 1, 1],
            [90, 1, 1],
          ],
          { statusQuo: 30 },
        ),
        { rule: 'qualified', threshold: 0.7 },
      ),
    );
    expect(three.empty).toBe(true);
    expect(three.blockers).toEqual(['a']);
    // 60, 70, 90 above q = 30 (reaches 60, 80, 120): the third-furthest reach bounds it, (30, 90).
    const four = winSet(
      ruled(
        issueOf(
          [
            [10, 1, 1],
            [60, 1, 1],
            [70, 1, 1],
            [90, 1, 1],
          ],
          { statusQuo: 30 },
        ),
        { rule: 'qualified', threshold: 0.7 },
      ),
    );
    expect(four).toMatchObject({ empty: false, interval: { low: 30, high: 90 } });
  });

  it('the interval is clipped to the scale', () => {
    const result = winSet(
      ruled(
        issueOf(
          [
            [90, 1, 1],
            [95, 1, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'unanimity' },
      ),
    );
    expect(result.interval).toEqual({ low: 50, high: 100 });
  });

  it('unilateral: only the deciders count; the others cannot block', () => {
    const result = winSet(
      ruled(
        issueOf(
          [
            [5, 1, 0.9],
            [80, 5, 1],
            [90, 5, 1],
          ],
          { statusQuo: 50 },
        ),
        { rule: 'unilateral', by: ['a'] },
      ),
    );
    // a at 5 accepts (−40, 50), clipped to (0, 50).
    expect(result).toMatchObject({ empty: false, interval: { low: 0, high: 50 }, side: -1, deciders: ['a'] });
  });

  it('a decider at the status quo blocks any move under unanimity; one with zero salience is indifferent', () => {
    expect(
      winSet(
        ruled(
          issueOf(
            [
              [50, 1, 1],
              [80, 1, 1],
            ],
            { statusQuo: 50 },
          ),
          { rule: 'unanimity' },
        ),
      ).blockers,
    ).toEqual(['a']);
    expect(
      winSet(
        ruled(
          issueOf(
            [
              [20, 1, 0],
              [80, 1, 1],
            ],
            { statusQuo: 50 },
          ),
          { rule: 'unanimity' },
        ),
      ).empty,
    ).toBe(false);
  });

  it('consent of a second chamber: it must be on the side too, and bounds the move', () => {
    // Council a, b at 80 (qualified, both needed); Parliament c at 60 accepts (50, 70).
    const issue = ruled(
      issueOf(
        [
          [80, 1, 1],
          [80, 1, 1],
          [60, 1, 1],
        ],
        { statusQuo: 50 },
      ),
      { rule: 'qualified', threshold: 0.7, by: ['a', 'b'], consent: ['c'] },
    );
    expect(winSet(issue).interval).toEqual({ low: 50, high: 70 });
    const opposed = ruled(
      issueOf(
        [
          [80, 1, 1],
          [80, 1, 1],
          [40, 1, 1],
        ],
        { statusQuo: 50 },
      ),
      { rule: 'qualified', threshold: 0.7, by: ['a', 'b'], consent: ['c'] },
    );
    expect(winSet(opposed)).toMatchObject({ empty: true, blockers: ['c'] });
  });

  it('needs a status quo', () => {
    expect(() =>
      winSet(
        issueOf([
          [20, 1, 1],
          [80, 1, 1],
        ]),
      ),
    ).toThrow(/no status quo/);
  });
});

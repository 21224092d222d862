import { describe, expect, it } from 'vitest';
import type { PointScenario } from '../model.js';
import { getModel } from '../models/index.js';
import { backtestOutcomes, scoreForecasts } from './outcomes.js';

/** Two issues, three actors; the weighted median is worked out by hand below. */
const scenario: PointScenario = {
  id: 'two',
  title: 'Two issues',
  issues: [
    {
      id: 'A',
      name: 'A',
      scale: { min: 0, max: 100 },
      actors: [
        { id: 'x', name: 'x', capability: 1, position: 0, salience: 1 },
        { id: 'y', name: 'y', capability: 1, position: 40, salience: 1 },
        { id: 'z', name: 'z', capability: 1, position: 100, salience: 1 },
      ],
    },
    {
      id: 'B',
      name: 'B',
      scale: { min: 0, max: 10 },
      actors: [
        { id: 'x', name: 'x', capability: 1, position: 2, salience: 1 },
        { id: 'y', name: 'y', capability: 3, position: 8, salience: 1 },
      ],
    },
  ],
};

describe('scoreForecasts', () => {
  it("errors are percent of each issue's range, so a 0–10 issue counts like a 0–100 one", () => {
    const scored = scoreForecasts(
      [
        { model: 'm', issue: 'A', forecast: 40 },
        { model: 'm', issue: 'B', forecast: 5 },
        { model: 'm', issue: 'C', forecast: 5 },
      ],
      [
        { issue: 'A', outcome: 50 },
        { issue: 'B', outcome: 8 },
      ],
      { A: { min: 0, max: 100 }, B: { min: 0, max: 10 } },
    );
    // |40 − 50| = 10 points of 100; |5 − 8| = 3 points of 10 = 30 of 100. C has no outcome.
    expect(scored.forecasts.map((row) => row.error)).toEqual([10, 30]);
    expect(scored.models).toHaveLength(1);
    expect(scored.models[0]).toMatchObject({ model: 'm', n: 2, mae: 20, medae: 20 });
    expect(scored.models[0]!.rmse).toBeCloseTo(Math.sqrt((100 + 900) / 2), 12);
    expect(scored.models[0]!.maeLow).toBeGreaterThanOrEqual(10);
    expect(scored.models[0]!.maeHigh).toBeLessThanOrEqual(30);
  });
});

describe('backtestOutcomes', () => {
  it('runs the model once on the whole scenario: the weighted median of A is 40, of B 8', () => {
    const result = backtestOutcomes(
      scenario,
      [
        { issue: 'A', outcome: 30 },
        { issue: 'B', outcome: 6 },
      ],
      [{ model: getModel('median'), params: {} }],
    );
    // A: three equal weights, the middle position 40; B: y holds 3 of 4 units of weight at 8.
    expect(result.forecasts.map((row) => [row.issue, row.forecast, row.error])).toEqual([
      ['A', 40, 10],
      ['B', 8, 20],
    ]);
    expect(result.models[0]).toMatchObject({ model: 'median', n: 2, mae: 15 });
    expect(result.failures).toEqual([]);
  });

  it('a model that fails is listed with n = 0 and its failures, the others still scored', () => {
    const failing = {
      ...getModel('median'),
      id: 'broken',
      run: () => {
        throw new Error('cannot run');
      },
    };
    const result = backtestOutcomes(
      scenario,
      [{ issue: 'A', outcome: 30 }],
      [
        { model: failing, params: {} },
        { model: getModel('median'), params: {} },
      ],
    );
    expect(result.models.map((score) => [score.model, score.n])).toEqual([
      ['broken', 0],
      ['median', 1],
    ]);
    expect(result.failures).toEqual([{ issue: 'A', model: 'broken', message: 'cannot run' }]);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deuCases, loadDeuDir } from '../../io/deu.js';
import { calibratedMeanWeight, calibratedModel } from '../models/calibrated.js';
import { issueOf } from '../testing/fixtures.js';
import { crossValidate } from './backtest.js';
import { calibrationCandidates, leastAbsoluteDeviations, salienceWeightedMean } from './calibration.js';

const deu3 = fileURLToPath(new URL('../../../reference/deu3/', import.meta.url));

const candidate = (id: string) => calibrationCandidates.find((each) => each.id === id)!;

describe('leastAbsoluteDeviations', () => {
  it('with one constant column is the median (doc example)', () => {
    expect(leastAbsoluteDeviations([[1], [1], [1]], [1, 2, 10])[0]).toBeCloseTo(2, 9);
  });

  it('recovers an exact linear relation, and ignores one wild outlier', () => {
    const x = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
      [1, 3],
      [3, 2],
    ];
    const y = x.map(([a, b]) => 2 * a! - 3 * b!);
    const exact = leastAbsoluteDeviations(x, y);
    expect(exact[0]).toBeCloseTo(2, 6);
    expect(exact[1]).toBeCloseTo(-3, 6);
    const withOutlier = leastAbsoluteDeviations(
      x,
      y.map((value, index) => (index === 5 ? value + 1000 : value)),
    );
    expect(withOutlier[0]).toBeCloseTo(2, 4);
    expect(withOutlier[1]).toBeCloseTo(-3, 4);
  });

  it('gives 0 for a column that never varies from 0', () => {
    expect(
      leastAbsoluteDeviations(
        [
          [1, 0],
          [2, 0],
          [3, 0],
        ],
        [2, 4, 6],
      ),
    ).toEqual([expect.closeTo(2, 6), 0]);
  });
});

describe('salienceWeightedMean', () => {
  it('power 1 is the compromise, power 0.5 the doc example', () => {
    const issue = issueOf([
      [0, 1, 1],
      [100, 1, 0.25],
    ]);
    expect(salienceWeightedMean(issue, 1)).toBe(20);
    expect(salienceWeightedMean(issue, 0.5)).toBeCloseTo(100 / 3, 12);
    expect(salienceWeightedMean(issue, 0)).toBe(50);
  });
});

describe('candidate ids', () => {
  it('are unique', () => {
    const ids = calibrationCandidates.map((each) => each.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the calibrated model on the DEU III development half (reference/deu3)', () => {
  const cases = deuCases(loadDeuDir(deu3, { capability: 'equal' }).dataset!);

  it('its constant is what blend-mean learns on all 188 issues, to the three decimals it keeps', () => {
    const learned = candidate('blend-mean').fit(cases).learned.mean!;
    expect(Math.round(learned * 1000) / 1000).toBe(calibratedMeanWeight);
  });

  it('forecasts what the fitted blend-mean candidate forecasts at that constant', () => {
    const fitted = candidate('blend-mean').fit(cases);
    const learned = fitted.learned.mean!;
    for (const testCase of cases) {
      const model = calibratedModel.run(testCase.scenario, { meanWeight: learned })[0]!.forecast;
      expect(model).toBeCloseTo(fitted.predict(testCase), 9);
    }
  });

  it('cross-validated MAE by proposal (10 folds × 5 repeats, seed 1): 22.71 against 22.91 for the compromise, as documented', () => {
    const options = { folds: 10, repeats: 5, seed: 1 };
    expect(Math.round(crossValidate(cases, candidate('blend-mean'), options).mae * 100) / 100).toBe(22.71);
    expect(Math.round(crossValidate(cases, candidate('compromise'), options).mae * 100) / 100).toBe(22.91);
  });
});

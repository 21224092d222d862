import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deuCases, loadDeuDir } from '../../io/deu.js';
import { ensembleModel, ensembleWeights } from '../models/ensemble.js';
import { issueOf } from '../testing/fixtures.js';
import { backtest } from './backtest.js';
import { conformalRadius } from './conformal.js';
import { clusteredMean, fitEnsemble } from './ensemble-fit.js';
import { fitLogistic, logistic } from './logistic.js';

const deu3 = fileURLToPath(new URL('../../../reference/deu3/', import.meta.url));

describe('conformalRadius', () => {
  it('is the ⌈(n + 1)·level⌉-th smallest error (Lei et al. 2018, §2.2)', () => {
    expect(conformalRadius([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.8)).toBe(8);
    expect(conformalRadius([9, 1, 5], 0.5)).toBe(5);
    // Too few errors for the level: the largest, the most the data can say.
    expect(conformalRadius([1, 2], 0.95)).toBe(2);
  });
});

describe('clusteredMean', () => {
  it('is the sandwich standard error of a mean with clusters (Cameron & Miller 2015, eq. 11), computed by hand', () => {
    // Mean 2.5; cluster residual sums: a: (1 − 2.5) + (2 − 2.5) = −2, b: (3 − 2.5) + (4 − 2.5) = 2.
    // Variance G/(G − 1) · Σ S² / n² = 2 · 8 / 16 = 1, so the standard error is 1.
    expect(clusteredMean([1, 2, 3, 4], ['a', 'a', 'b', 'b'])).toEqual({ mean: 2.5, se: 1 });
    // One case per cluster: the usual standard error of the mean, sd/√n (sd of 1..4 = 1.2910).
    expect(clusteredMean([1, 2, 3, 4], ['a', 'b', 'c', 'd']).se).toBeCloseTo(Math.sqrt(5 / 3) / 2, 12);
  });
});

describe('fitLogistic', () => {
  it('recovers the log-odds of grouped 0/1 data without a penalty', () => {
    // x = 0: one of two is 1 (log-odds 0); x = 1: two of three (log-odds ln 2).
    const beta = fitLogistic([[0], [0], [1], [1], [1]], [0, 1, 0, 1, 1], 0);
    expect(beta[0]).toBeCloseTo(0, 8);
    expect(beta[1]).toBeCloseTo(Math.log(2), 8);
    expect(logistic(beta, [1])).toBeCloseTo(2 / 3, 8);
  });
});

describe('the ensemble model', () => {
  it('gives a forecast inside its intervals, nested by level, and P(no change) with a status quo', () => {
    const issue = {
      ...issueOf(
        [
          [20, 1, 1],
          [80, 1, 0.5],
        ],
        { statusQuo: 50 },
      ),
      decision: { rule: 'unanimity' as const, by: ['a', 'b'] },
    };
    const [result] = ensembleModel.run({ id: 's', title: 'S', issues: [issue] }, {});
    const intervals = result!.details.intervals as { level: number; low: number; high: number }[];
    expect(intervals.map((interval) => interval.level)).toEqual([0.5, 0.8, 0.95]);
    for (const interval of intervals) {
      expect(interval.low).toBeLessThanOrEqual(result!.forecast);
      expect(interval.high).toBeGreaterThanOrEqual(result!.forecast);
    }
    expect(intervals[0]!.high - intervals[0]!.low).toBeLessThan(intervals[2]!.high - intervals[2]!.low);
    expect(result!.details.deadlock).toBe(true);
    expect(result!.details.noChange).toBeGreaterThan(0);
    expect(result!.details.noChange).toBeLessThan(1);
  });
});

describe('the ensemble on the DEU III development half (reference/deu3)', () => {
  const cases = deuCases(loadDeuDir(deu3, { capability: 'equal' }).dataset!);

  it('the shipped weights are what the fit gives (ensemble-weights.json, provenance.command)', () => {
    const fit = fitEnsemble(cases, { folds: 10, repeats: 5, seed: 1, levels: [0.5, 0.8, 0.95] });
    expect(fit.chosen).toBe(ensembleWeights.candidate);
    for (const [name, beta] of Object.entries(ensembleWeights.pulls)) expect(fit.pulls[name]).toBeCloseTo(beta!, 12);
    fit.radii.forEach((radius, index) => expect(radius.radius).toBeCloseTo(ensembleWeights.radii[index]!.radius, 12));
    fit.noChange.model.coefficients.forEach((beta, index) => expect(beta).toBeCloseTo(ensembleWeights.noChange.coefficients[index]!, 9));
    // docs/accuracy.md, "The ensemble": nested CV of the shipped rule and of taking the lowest
    // CV MAE, and the out-of-sample coverage. The shipped rule's nested MAE must not be worse
    // than the compromise model's own cross-validated MAE (issue #18's minimum).
    expect(fit.rule).toBe('evidence');
    expect(Math.round(fit.nested.mae * 100) / 100).toBe(22.91);
    const compromise = fit.candidates.find((candidate) => candidate.id === 'compromise')!;
    expect(fit.nested.mae).toBeLessThanOrEqual(compromise.cvMae + 1e-9);
    expect(Math.round(fit.nestedByRule.find((score) => score.rule === 'lowest')!.mae * 100) / 100).toBe(23.35);
    // No candidate beats the compromise by one standard error: the largest gain is blend-mean's, 0.20 ± 0.37.
    const blend = fit.candidates.find((candidate) => candidate.id === 'blend-mean')!;
    expect(Math.round(blend.gain.mean * 100) / 100).toBe(0.2);
    expect(Math.round(blend.gain.se * 100) / 100).toBe(0.37);
    const at80 = fit.intervals.find((interval) => interval.level === 0.8)!;
    expect(at80.coverage).toBeGreaterThanOrEqual(0.75);
    expect(at80.coverage).toBeLessThanOrEqual(0.85);
    // The no-change model beats the base rate out of sample (cross-validated Brier).
    const chosen = fit.noChange.candidates.find((candidate) => candidate.features === fit.noChange.chosen)!;
    const baseRate = fit.noChange.candidates.find((candidate) => candidate.features === 'base-rate')!;
    expect(chosen.brier).toBeLessThan(baseRate.brier);
  }, 300_000);

  it('backtest scores its intervals and its no-change probability', () => {
    const [score] = backtest(cases, [{ model: ensembleModel, params: {} }], { resamples: 100 }).models;
    expect(score!.interval!.level).toBe(0.8);
    expect(score!.intervals).toHaveLength(3);
    expect(score!.noChange!.n).toBe(132);
    expect(score!.noChange!.brier).toBeLessThan(score!.noChange!.baseRateBrier);
  });
});

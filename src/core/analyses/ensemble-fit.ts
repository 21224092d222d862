/**
 * Fitting the ensemble forecast (issue #18) on backtest cases: candidate combinations of the
 * models and of the agreement analysis, each cross-validated by group (DEU proposal); the
 * choice among them cross-validated again (nested); split-conformal interval radii from
 * out-of-fold errors; and a logistic model of the probability that the status quo stands.
 *
 * Every candidate is the compromise c pulled towards reference points rₖ:
 *
 *     forecast = c + Σₖ βₖ · (rₖ − c)
 *
 * with β fitted by least absolute deviations (the backtest's loss), as in `calibration.ts`.
 * The reference points are the weighted mean without salience, the weighted median, the Nash
 * solution under the issue's rule, the compromise as the rule can pass it (`ruled`: the
 * status quo on deadlock, else the compromise moved into the win-set), and the status quo on
 * deadlock only.
 */
import type { IssueInput } from '../model.js';
import { deriveSeed } from '../rng.js';
import { crossValidate, groupFolds, type BacktestCase, type Candidate, type CrossValidation } from './backtest.js';
import { leastAbsoluteDeviations } from './calibration.js';
import { conformalRadius } from './conformal.js';
import { ensembleFeatures, type EnsembleFeatures } from './ensemble-features.js';
import { fitLogistic, logistic } from './logistic.js';
import { mean } from './statistics.js';

/** A reference point the compromise may be pulled towards; 0 offset where a case lacks it. */
export const ensemblePoints = {
  mean: (f: EnsembleFeatures) => f.mean,
  median: (f: EnsembleFeatures) => f.median,
  nash: (f: EnsembleFeatures) => f.nash,
  ruled: (f: EnsembleFeatures) => f.ruled,
  deadlock: (f: EnsembleFeatures) => (f.deadlock === 1 ? f.statusQuo! : f.compromise),
  statusQuo: (f: EnsembleFeatures) => f.statusQuo ?? f.compromise,
} as const;

export type EnsemblePoint = keyof typeof ensemblePoints;

/** c + Σ βₖ(rₖ − c) for the given β. */
export function pulledForecast(features: EnsembleFeatures, pulls: Readonly<Partial<Record<EnsemblePoint, number>>>): number {
  let forecast = features.compromise;
  for (const [name, beta] of Object.entries(pulls) as [EnsemblePoint, number][]) {
    forecast += beta * (ensemblePoints[name](features) - features.compromise);
  }
  return forecast;
}

const featuresOfCase = new WeakMap<BacktestCase, EnsembleFeatures>();

/** The case's features, computed once per case object. */
export function caseEnsembleFeatures(testCase: BacktestCase): EnsembleFeatures {
  let features = featuresOfCase.get(testCase);
  if (!features) {
    features = ensembleFeatures(testCase.scenario.issues[0] as IssueInput);
    featuresOfCase.set(testCase, features);
  }
  return features;
}

/** A candidate with its pulls fitted by LAD on the training cases; `fixed` pulls are not fitted. */
export function ensembleCandidate(
  id: string,
  description: string,
  points: readonly EnsemblePoint[],
  fixed?: Partial<Record<EnsemblePoint, number>>,
): Candidate {
  return {
    id,
    description,
    fit(train) {
      if (fixed !== undefined || points.length === 0) {
        const pulls = fixed ?? {};
        return { learned: { ...pulls }, predict: (testCase) => pulledForecast(caseEnsembleFeatures(testCase), pulls) };
      }
      const rows = train.map((testCase) => {
        const features = caseEnsembleFeatures(testCase);
        return { x: points.map((point) => ensemblePoints[point](features) - features.compromise), y: testCase.outcome - features.compromise };
      });
      const betas = leastAbsoluteDeviations(
        rows.map((row) => row.x),
        rows.map((row) => row.y),
      );
      const pulls = Object.fromEntries(points.map((point, index) => [point, betas[index]!])) as Partial<Record<EnsemblePoint, number>>;
      return { learned: { ...pulls } as Record<string, number>, predict: (testCase) => pulledForecast(caseEnsembleFeatures(testCase), pulls) };
    },
  };
}

/** Every candidate tried for issue #18, in the order they are reported. */
export const ensembleCandidates: readonly Candidate[] = [
  ensembleCandidate('compromise', 'the compromise model alone', []),
  ensembleCandidate('ruled', 'the compromise as the rule can pass it: the status quo on deadlock, else moved into the win-set', [], { ruled: 1 }),
  ensembleCandidate('blend-mean', 'compromise and the weighted mean without salience (the calibrated model, refitted)', ['mean']),
  ensembleCandidate('pull-ruled', 'compromise pulled towards the ruled compromise', ['ruled']),
  ensembleCandidate('pull-deadlock', 'compromise pulled towards the status quo where the win-set is empty', ['deadlock']),
  ensembleCandidate('blend-mean-deadlock', 'blend with the mean, and the status quo on deadlock', ['mean', 'deadlock']),
  ensembleCandidate('blend-mean-ruled', 'blend with the mean and the ruled compromise', ['mean', 'ruled']),
  ensembleCandidate('stack-models', 'compromise stacked with the mean, the median and Nash under the rule', ['mean', 'median', 'nash']),
  ensembleCandidate('stack-models-agreement', 'stack-models plus the ruled compromise and the status quo on deadlock', [
    'mean',
    'median',
    'nash',
    'ruled',
    'deadlock',
  ]),
  ensembleCandidate('stack-all', 'every reference point, the status quo included', ['mean', 'median', 'nash', 'ruled', 'deadlock', 'statusQuo']),
];

/** The no-change features: the agreement analysis' verdict, the distance to move and the support for moving. */
export const noChangeFeatureSets: Readonly<Record<string, readonly ('deadlock' | 'distance' | 'support')[]>> = {
  'base-rate': [],
  deadlock: ['deadlock'],
  'deadlock-distance': ['deadlock', 'distance'],
  'deadlock-distance-support': ['deadlock', 'distance', 'support'],
};

function noChangeRow(features: EnsembleFeatures, names: readonly string[]): number[] {
  return names.map((name) => Number(features[name as 'deadlock' | 'distance' | 'support'] ?? 0));
}

/** Whether the outcome is the status quo, to the data's precision. */
export function isNoChange(testCase: BacktestCase): boolean {
  const q = testCase.scenario.issues[0]!.statusQuo;
  return q !== undefined && Math.abs(testCase.outcome - q) < 1e-9;
}

export interface NoChangeModel {
  features: string[];
  /** [β₀, β₁, …]: P(no change) = logistic(β₀ + Σ βⱼ xⱼ). */
  coefficients: number[];
}

/** Fits P(no change) on the cases with a status quo. */
export function fitNoChange(cases: readonly BacktestCase[], features: readonly string[]): NoChangeModel {
  const withQ = cases.filter((testCase) => testCase.scenario.issues[0]!.statusQuo !== undefined);
  const x = withQ.map((testCase) => noChangeRow(caseEnsembleFeatures(testCase), features));
  const y = withQ.map((testCase) => (isNoChange(testCase) ? 1 : 0));
  return { features: [...features], coefficients: fitLogistic(x, y) };
}

/** P(no change) of one issue's features; undefined without a status quo. */
export function noChangeProbability(model: NoChangeModel, features: EnsembleFeatures): number | undefined {
  if (features.statusQuo === undefined) return undefined;
  return logistic(model.coefficients, noChangeRow(features, model.features));
}

export interface FitOptions {
  folds: number;
  repeats: number;
  seed: number;
  levels: readonly number[];
}

export interface CandidateScore {
  id: string;
  description: string;
  cvMae: number;
  repeats: number[];
  learned: Record<string, number>;
  /** Mean out-of-fold improvement over the compromise model (points; positive is better), and its standard error clustered by proposal. */
  gain: { mean: number; se: number };
}

/** How the shipped candidate is chosen from the cross-validated ones. */
export const selectionRules = ['evidence', 'lowest'] as const;
export type SelectionRule = (typeof selectionRules)[number];

export const selectionRuleText: Record<SelectionRule, string> = {
  evidence:
    'the compromise model unless a candidate improves on it by more than one standard error of the paired, proposal-clustered difference; then the lowest CV MAE among those that do',
  lowest: 'the lowest CV MAE among all candidates',
};

export interface NestedScore {
  rule: SelectionRule;
  mae: number;
  /** The candidate chosen in each outer fold. */
  chosen: string[];
  /** Out-of-sample coverage and mean width of the intervals (radii from inner folds only). */
  intervals: { level: number; coverage: number; meanWidth: number }[];
}

export interface EnsembleFit {
  candidates: CandidateScore[];
  /** The rule the shipped candidate was chosen by. */
  rule: SelectionRule;
  chosen: string;
  /** Nested CV of the shipped rule: the whole procedure, choice included, scored out of sample. */
  nested: NestedScore;
  /** Nested CV of every selection rule, the shipped one included, reported side by side. */
  nestedByRule: NestedScore[];
  /** Out-of-sample coverage and mean width of the intervals, nested (radii from inner folds only). */
  intervals: { level: number; coverage: number; meanWidth: number }[];
  /** Radii from the chosen candidate's out-of-fold errors on every case, as a share of the scale. */
  radii: { level: number; radius: number }[];
  noChange: {
    candidates: { features: string; brier: number }[];
    chosen: string;
    baseRateBrier: number;
    model: NoChangeModel;
    n: number;
  };
  pulls: Record<string, number>;
}

/**
 * The mean of paired differences and its standard error clustered by group (the sandwich
 * estimator with the small-sample factor G/(G−1); Cameron & Miller 2015, "A practitioner's
 * guide to cluster-robust inference", J. Human Resources 50(2), eq. 11 for a mean). Issues of
 * one proposal are negotiated together, so their errors are not independent.
 *
 * Cost: O(n).
 */
export function clusteredMean(differences: readonly number[], groups: readonly string[]): { mean: number; se: number } {
  const n = differences.length;
  const average = mean(differences);
  const residualSums = new Map<string, number>();
  differences.forEach((difference, index) => {
    const group = groups[index]!;
    residualSums.set(group, (residualSums.get(group) ?? 0) + difference - average);
  });
  const clusters = residualSums.size;
  let sumOfSquares = 0;
  for (const sum of residualSums.values()) sumOfSquares += sum * sum;
  const correction = clusters > 1 ? clusters / (clusters - 1) : Number.NaN;
  return { mean: average, se: Math.sqrt(correction * sumOfSquares) / n };
}

interface Scored {
  candidate: Candidate;
  cv: CrossValidation;
  gain: { mean: number; se: number };
}

function scoreCandidates(cases: readonly BacktestCase[], options: { folds: number; repeats: number; seed: number }): Scored[] {
  const runs = ensembleCandidates.map((candidate) => ({ candidate, cv: crossValidate(cases, candidate, options) }));
  const baseline = runs.find((run) => run.candidate.id === 'compromise')!.cv.meanErrors;
  const groups = cases.map((testCase) => testCase.group);
  return runs.map((run) => ({
    ...run,
    gain: clusteredMean(
      run.cv.meanErrors.map((error, index) => baseline[index]! - error),
      groups,
    ),
  }));
}

/**
 * The candidate a rule chooses. `evidence` keeps the compromise model, the field's benchmark
 * (Achen 2006), unless a candidate beats it by more than one standard error — the spirit of
 * the one-standard-error rule (Hastie, Tibshirani & Friedman 2009, §7.10) with the paired
 * difference, which is far tighter than either MAE's own error; `lowest` takes the minimum.
 */
export function chooseCandidate(scored: readonly Scored[], rule: SelectionRule): Scored {
  const pool = rule === 'lowest' ? scored : scored.filter((entry) => entry.candidate.id === 'compromise' || entry.gain.mean > entry.gain.se);
  return pool.reduce((a, b) => (b.cv.mae < a.cv.mae ? b : a));
}

/**
 * Nested cross-validation of a selection rule: in each outer fold the candidates are
 * cross-validated on the training proposals (with the same repeats as the outer score), the
 * rule chooses, the choice is refitted there and forecasts the held-out proposals; the radii
 * come from the chosen candidate's inner out-of-fold errors.
 */
function nestedScore(cases: readonly BacktestCase[], options: FitOptions, rule: SelectionRule): NestedScore {
  const { folds, repeats, seed, levels } = options;
  const outer = groupFolds(
    cases.map((testCase) => testCase.group),
    folds,
    deriveSeed(seed, 0),
  );
  const errors = new Array<number>(cases.length).fill(Number.NaN);
  const covered = levels.map(() => new Array<number>(cases.length).fill(Number.NaN));
  const widths = levels.map(() => new Array<number>(cases.length).fill(Number.NaN));
  const chosen: string[] = [];
  outer.forEach((fold, foldIndex) => {
    const train = fold.train.map((index) => cases[index]!);
    const innerBest = chooseCandidate(scoreCandidates(train, { folds, repeats, seed: deriveSeed(seed, foldIndex + 1) }), rule);
    chosen.push(innerBest.candidate.id);
    const fitted = innerBest.candidate.fit(train);
    const innerRadii = levels.map((level) => conformalRadius(innerBest.cv.errors, level));
    for (const index of fold.test) {
      const testCase = cases[index]!;
      const forecast = fitted.predict(testCase);
      const scale = testCase.scenario.issues[0]!.scale;
      errors[index] = Math.abs(forecast - testCase.outcome);
      innerRadii.forEach((radius, level) => {
        const low = Math.max(scale.min, forecast - radius);
        const high = Math.min(scale.max, forecast + radius);
        covered[level]![index] = testCase.outcome >= low && testCase.outcome <= high ? 1 : 0;
        widths[level]![index] = high - low;
      });
    }
  });
  return {
    rule,
    mae: mean(errors),
    chosen,
    intervals: levels.map((level, index) => ({ level, coverage: mean(covered[index]!), meanWidth: mean(widths[index]!) })),
  };
}

/**
 * Fits the whole ensemble: cross-validates every candidate, chooses one by `rule` (default
 * `evidence`), refits it on every case, estimates the nested MAE and interval coverage of
 * every selection rule, and fits P(no change).
 *
 * Cost: about rules × folds × (candidates × folds × repeats) LAD fits; seconds on DEU III's half.
 */
export function fitEnsemble(cases: readonly BacktestCase[], options: FitOptions, rule: SelectionRule = 'evidence'): EnsembleFit {
  const { folds, repeats, seed, levels } = options;
  const scored = scoreCandidates(cases, { folds, repeats, seed });
  const best = chooseCandidate(scored, rule);
  const candidates = scored.map(({ candidate, cv, gain }) => ({
    id: candidate.id,
    description: candidate.description,
    cvMae: cv.mae,
    repeats: cv.repeats,
    learned: candidate.fit(cases).learned,
    gain,
  }));
  const radii = levels.map((level) => ({ level, radius: conformalRadius(best.cv.errors, level) / 100 }));
  const nestedByRule = selectionRules.map((candidateRule) => nestedScore(cases, options, candidateRule));
  const nested = nestedByRule.find((score) => score.rule === rule)!;

  // P(no change): every feature set cross-validated by proposal on the cases with a status quo.
  const withQ = cases.filter((testCase) => testCase.scenario.issues[0]!.statusQuo !== undefined);
  const noChangeFolds = groupFolds(
    withQ.map((testCase) => testCase.group),
    folds,
    deriveSeed(seed, 0),
  );
  const briers = Object.entries(noChangeFeatureSets).map(([name, features]) => {
    const squared = new Array<number>(withQ.length).fill(Number.NaN);
    for (const fold of noChangeFolds) {
      const model = fitNoChange(
        fold.train.map((index) => withQ[index]!),
        features,
      );
      for (const index of fold.test) {
        const p = noChangeProbability(model, caseEnsembleFeatures(withQ[index]!))!;
        squared[index] = (p - (isNoChange(withQ[index]!) ? 1 : 0)) ** 2;
      }
    }
    return { features: name, brier: mean(squared) };
  });
  const baseRate = withQ.filter(isNoChange).length / withQ.length;
  const bestNoChange = briers.reduce((a, b) => (b.brier < a.brier ? b : a));
  return {
    candidates,
    rule,
    chosen: best.candidate.id,
    nested,
    nestedByRule,
    intervals: nested.intervals,
    radii,
    noChange: {
      candidates: briers,
      chosen: bestNoChange.features,
      // In-sample base rate: the climatological forecast, a benchmark the cross-validated fits must beat.
      baseRateBrier: mean(withQ.map((testCase) => (baseRate - (isNoChange(testCase) ? 1 : 0)) ** 2)),
      model: fitNoChange(cases, noChangeFeatureSets[bestNoChange.features]!),
      n: withQ.length,
    },
    pulls: best.candidate.fit(cases).learned,
  };
}

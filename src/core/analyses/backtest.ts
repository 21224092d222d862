/**
 * Backtesting: models run on cases whose outcome is known (DEU's EU legislative issues),
 * scored by their absolute errors, with uncertainty from a bootstrap that resamples whole
 * groups (proposals), and cross-validation whose folds never split a group.
 *
 * Why groups: the issues of one legislative proposal were negotiated together and their
 * errors are correlated; resampling or splitting issue by issue would understate the
 * uncertainty and leak information between training and test folds.
 *
 * Pure: no I/O; randomness comes from seeded generators (`rng.ts`).
 */
import type { Model, ModelRunOptions, ParamValues, PointScenario } from '../model.js';
import { createRng, deriveSeed, type Rng } from '../rng.js';
import { mean, quantileSorted } from './statistics.js';

/** One issue whose outcome is known. */
export interface BacktestCase {
  /** The issue's id (unique among the cases). */
  id: string;
  /** Cases of one group (a DEU proposal) are resampled together and never split across folds. */
  group: string;
  /** A scenario with exactly this one issue. */
  scenario: PointScenario;
  outcome: number;
  /** Facts about the decision that calibrations may read, e.g. `{ procedure: 'COD', voting: 'QMV' }`. */
  context?: Readonly<Record<string, string>>;
}

/** One model's forecast of one case. `error` is the absolute error |forecast − outcome|. */
export interface CaseForecast {
  issue: string;
  group: string;
  model: string;
  forecast: number;
  outcome: number;
  error: number;
  /** The model's intervals (`details.intervals`), when it gives them. */
  intervals?: { level: number; low: number; high: number }[];
  /** The model's probability that the status quo stands (`details.noChange`), on cases with a status quo. */
  noChange?: number;
  /** Whether the outcome equals the status quo; undefined without one. */
  unchanged?: boolean;
}

/** A case a model gave no finite forecast for, with the reason. */
export interface CaseFailure {
  issue: string;
  model: string;
  message: string;
}

/** A model's accuracy: its number of forecast cases and error statistics, on the scale of the outcomes. */
export interface ModelScore {
  model: string;
  n: number;
  mae: number;
  rmse: number;
  /** Median absolute error. */
  medae: number;
  /** 95% percentile bootstrap interval of the MAE, resampling groups. */
  maeLow: number;
  maeHigh: number;
  /** At the headline level (0.8), for a model with intervals: the share of outcomes inside, and the mean width. */
  interval?: IntervalScore;
  /** Every level the model gives intervals at. */
  intervals?: IntervalScore[];
  /** For a model that gives P(no change): its Brier score on the cases with a status quo, and the base rate's. */
  noChange?: NoChangeScore;
}

export interface IntervalScore {
  level: number;
  coverage: number;
  meanWidth: number;
}

export interface NoChangeScore {
  n: number;
  brier: number;
  /** Brier score of the scored cases' own rate of no change (the climatological forecast). */
  baseRateBrier: number;
}

/** The paired comparison of models `a` and `b` on the cases both forecast. */
export interface PairedComparison {
  a: string;
  b: string;
  n: number;
  /** Mean of |error of a| − |error of b|: negative when `a` is the more accurate. */
  meanDifference: number;
  /** 95% percentile bootstrap interval of `meanDifference`, resampling groups. */
  low: number;
  high: number;
}

export interface BacktestModel {
  model: Model;
  params: ParamValues;
}

export interface BacktestOptions {
  /** Root seed: case i of a stochastic model runs with `deriveSeed(seed, i)`; the bootstrap uses `seed` too. Default 1. */
  seed?: number;
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
}

export interface Backtest {
  models: ModelScore[];
  forecasts: CaseForecast[];
  failures: CaseFailure[];
}

export const defaultBacktestSeed = 1;
export const defaultResamples = 2000;

/**
 * Runs every model on every case and scores it. A model that throws on a case or returns a
 * forecast that is not a finite number has that case recorded as a failure and left out of
 * its `n`; the other cases still count.
 *
 * Cost: one model run per model and case, plus O(resamples × groups) per model.
 */
export function backtest(cases: readonly BacktestCase[], chosen: readonly BacktestModel[], options: BacktestOptions = {}): Backtest {
  const seed = options.seed ?? defaultBacktestSeed;
  const forecasts: CaseForecast[] = [];
  const failures: CaseFailure[] = [];
  for (const { model, params } of chosen) {
    cases.forEach((testCase, caseIndex) => {
      const runOptions: ModelRunOptions = { seed: deriveSeed(seed, caseIndex) };
      let forecast: number;
      let details: Record<string, unknown> = {};
      try {
        const result = model.run(testCase.scenario, params, runOptions).find((issue) => issue.issue === testCase.scenario.issues[0]?.id);
        if (!result) throw new Error('no forecast for the issue');
        forecast = result.forecast;
        details = result.details;
      } catch (error) {
        failures.push({ issue: testCase.id, model: model.id, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      if (!Number.isFinite(forecast)) {
        failures.push({ issue: testCase.id, model: model.id, message: `the forecast is ${forecast}` });
        return;
      }
      const statusQuo = testCase.scenario.issues[0]?.statusQuo;
      const intervals = Array.isArray(details.intervals) ? (details.intervals as CaseForecast['intervals']) : undefined;
      forecasts.push({
        issue: testCase.id,
        group: testCase.group,
        model: model.id,
        forecast,
        outcome: testCase.outcome,
        error: Math.abs(forecast - testCase.outcome),
        ...(intervals === undefined ? {} : { intervals }),
        ...(typeof details.noChange === 'number' ? { noChange: details.noChange } : {}),
        ...(statusQuo === undefined ? {} : { unchanged: Math.abs(testCase.outcome - statusQuo) < 1e-9 }),
      });
    });
  }
  const groups = groupsInOrder(cases.map((testCase) => testCase.group));
  const bootstrap = { seed, resamples: options.resamples ?? defaultResamples };
  const scores = chosen.map(({ model }) =>
    scoreModel(
      model.id,
      forecasts.filter((row) => row.model === model.id),
      groups,
      bootstrap,
    ),
  );
  return { models: scores, forecasts, failures };
}

/**
 * A model's whole score on its forecasts: the error statistics (`scoreErrors`), and, when its
 * rows carry them, the coverage of its intervals (headline level 0.8 first) and the Brier
 * score of its P(no change). One function for the DEU backtest, `backtest outcomes` and the
 * ledger's track record.
 *
 * Cost: O(n log n + resamples × groups + n · levels).
 */
export function scoreModel(
  model: string,
  rows: readonly CaseForecast[],
  groups: readonly string[],
  bootstrap: { seed: number; resamples: number },
): ModelScore {
  const score = scoreErrors(model, rows, groups, bootstrap);
  const intervals = intervalScores(rows);
  const noChange = noChangeScore(rows);
  return {
    ...score,
    ...(intervals.length === 0 ? {} : { interval: intervals.find((interval) => interval.level === 0.8) ?? intervals[0]!, intervals }),
    ...(noChange === undefined ? {} : { noChange }),
  };
}

/**
 * Coverage and mean width of a model's intervals, per level: the share of outcomes with
 * low ≤ outcome ≤ high, and the mean of high − low. Levels are those of the first row.
 *
 * Cost: O(n · levels).
 */
export function intervalScores(rows: readonly Pick<CaseForecast, 'outcome' | 'intervals'>[]): IntervalScore[] {
  const levels = rows.find((row) => row.intervals !== undefined)?.intervals?.map((interval) => interval.level) ?? [];
  return levels.map((level) => {
    const hits: number[] = [];
    const widths: number[] = [];
    for (const row of rows) {
      const interval = row.intervals?.find((candidate) => candidate.level === level);
      if (!interval) continue;
      hits.push(row.outcome >= interval.low && row.outcome <= interval.high ? 1 : 0);
      widths.push(interval.high - interval.low);
    }
    return { level, coverage: mean(hits), meanWidth: mean(widths) };
  });
}

/**
 * The Brier score of a model's P(no change) on the cases with a status quo (Brier 1950,
 * "Verification of forecasts expressed in terms of probability", Monthly Weather Review
 * 78(1)), beside that of the cases' own rate of no change. Undefined when the model gives none.
 */
export function noChangeScore(rows: readonly Pick<CaseForecast, 'noChange' | 'unchanged'>[]): NoChangeScore | undefined {
  const scored = rows.filter((row) => row.noChange !== undefined && row.unchanged !== undefined);
  if (scored.length === 0) return undefined;
  const outcomes = scored.map((row) => (row.unchanged ? 1 : 0));
  const baseRate = mean(outcomes);
  return {
    n: scored.length,
    brier: mean(scored.map((row, index) => (row.noChange! - outcomes[index]!) ** 2)),
    baseRateBrier: mean(outcomes.map((outcome) => (baseRate - outcome) ** 2)),
  };
}

/**
 * Error statistics of one model's forecasts: n, mean absolute error, root mean squared
 * error, median absolute error and a 95% percentile bootstrap interval of the MAE that
 * resamples whole groups (Davison & Hinkley 1997, *Bootstrap Methods and their
 * Application*, §3.8 on clustered data). Every model scored with the same seed and group
 * list sees the same resamples.
 *
 * Cost: O(n log n + resamples × groups).
 *
 * @param groups every group of the backtest, in a fixed order (groups a model has no forecast in count as empty)
 */
export function scoreErrors(
  model: string,
  rows: readonly Pick<CaseForecast, 'group' | 'error'>[],
  groups: readonly string[],
  options: { seed: number; resamples: number },
): ModelScore {
  const errors = rows.map((row) => row.error);
  const n = errors.length;
  const mae = mean(errors);
  const rmse = Math.sqrt(mean(errors.map((error) => error * error)));
  const medae = quantileSorted(
    [...errors].sort((x, y) => x - y),
    0.5,
  );
  const { low, high } = groupBootstrap(
    rows.map((row) => ({ group: row.group, value: row.error })),
    groups,
    options,
  );
  return { model, n, mae, rmse, medae, maeLow: low, maeHigh: high };
}

/**
 * The paired comparison of two models: on the cases both forecast, the mean of
 * |error of a| − |error of b|, with a 95% percentile bootstrap interval resampling groups.
 * An interval that excludes 0 backs the claim that one is more accurate on data like these.
 *
 * Cost: O(n + resamples × groups).
 */
export function compareModels(forecasts: readonly CaseForecast[], a: string, b: string, options: BacktestOptions = {}): PairedComparison {
  const errorsOfB = new Map(forecasts.filter((row) => row.model === b).map((row) => [row.issue, row.error]));
  const differences: Array<{ group: string; value: number }> = [];
  for (const row of forecasts) {
    if (row.model !== a) continue;
    const errorOfB = errorsOfB.get(row.issue);
    if (errorOfB !== undefined) differences.push({ group: row.group, value: row.error - errorOfB });
  }
  const groups = groupsInOrder(forecasts.map((row) => row.group));
  const { low, high } = groupBootstrap(differences, groups, {
    seed: options.seed ?? defaultBacktestSeed,
    resamples: options.resamples ?? defaultResamples,
  });
  return { a, b, n: differences.length, meanDifference: mean(differences.map((difference) => difference.value)), low, high };
}

/**
 * 95% percentile interval of the mean of `values` under a bootstrap that draws `groups.length`
 * groups with replacement and pools their values (a resample with no value is drawn again).
 * Percentiles by linear interpolation (Hyndman & Fan 1996, definition 7).
 *
 * Cost: O(values + resamples × groups).
 */
export function groupBootstrap(
  values: readonly { group: string; value: number }[],
  groups: readonly string[],
  options: { seed: number; resamples: number },
): { low: number; high: number } {
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN };
  const sumByGroup = new Map<string, number>();
  const countByGroup = new Map<string, number>();
  for (const { group, value } of values) {
    sumByGroup.set(group, (sumByGroup.get(group) ?? 0) + value);
    countByGroup.set(group, (countByGroup.get(group) ?? 0) + 1);
  }
  const allGroups = [...groups, ...[...sumByGroup.keys()].filter((group) => !groups.includes(group))];
  const groupSums = allGroups.map((group) => sumByGroup.get(group) ?? 0);
  const groupCounts = allGroups.map((group) => countByGroup.get(group) ?? 0);
  const rng = createRng(options.seed);
  const means: number[] = [];
  while (means.length < options.resamples) {
    let sum = 0;
    let count = 0;
    for (let draw = 0; draw < allGroups.length; draw++) {
      const index = rng.int(allGroups.length);
      sum += groupSums[index]!;
      count += groupCounts[index]!;
    }
    if (count > 0) means.push(sum / count);
  }
  means.sort((x, y) => x - y);
  return { low: quantileSorted(means, 0.025), high: quantileSorted(means, 0.975) };
}

/** One fold of a cross-validation: indices into the cases. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * K folds that keep every group whole: the distinct groups are shuffled with the seed and
 * dealt to the folds in turn, and a case goes to its group's fold. With k ≥ the number of
 * groups this is leave-one-group-out.
 *
 * Cost: O(n + groups).
 *
 * @example groupFolds(['p1', 'p1', 'p2', 'p3'], 3, 1) // three folds; the two p1 cases are tested together
 */
export function groupFolds(groups: readonly string[], k: number, seed: number): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`cross-validation needs at least 2 folds, got ${k}`);
  const distinct = groupsInOrder(groups);
  if (distinct.length < 2) throw new RangeError(`cross-validation needs at least 2 groups, got ${distinct.length}`);
  const shuffled = shuffle(distinct, createRng(seed));
  const foldCount = Math.min(k, distinct.length);
  const foldOfGroup = new Map(shuffled.map((group, index) => [group, index % foldCount]));
  return Array.from({ length: foldCount }, (_, fold) => {
    const train: number[] = [];
    const test: number[] = [];
    groups.forEach((group, index) => (foldOfGroup.get(group) === fold ? test : train).push(index));
    return { train, test };
  });
}

/** What a fitted forecaster learned and how it forecasts a case. */
export interface Fitted {
  /** The fitted constants by name. */
  learned: Record<string, number>;
  predict(testCase: BacktestCase): number;
}

/** A forecaster that may learn from training cases: fixed models ignore them. */
export interface Candidate {
  id: string;
  /** One sentence: what it forecasts and what it fits. */
  description: string;
  fit(train: readonly BacktestCase[]): Fitted;
}

export interface CrossValidation {
  candidate: string;
  /** Mean over repeats of the out-of-fold MAE. */
  mae: number;
  /** The out-of-fold MAE of each repeat (each a different assignment of groups to folds). */
  repeats: number[];
  /** Out-of-fold absolute errors of the first repeat, in case order. */
  errors: number[];
  /** Each case's out-of-fold absolute error averaged over the repeats, in case order. */
  meanErrors: number[];
}

export interface CrossValidationOptions {
  folds?: number;
  repeats?: number;
  seed?: number;
}

/**
 * K-fold cross-validation by group, repeated with different fold assignments: for each fold
 * the candidate is fitted on the training cases and forecasts the test cases; the MAE is
 * that of the out-of-fold forecasts. Repeat r uses folds from `deriveSeed(seed, r)`.
 *
 * Cost: folds × repeats fits.
 */
export function crossValidate(cases: readonly BacktestCase[], candidate: Candidate, options: CrossValidationOptions = {}): CrossValidation {
  const { folds = 10, repeats = 1, seed = defaultBacktestSeed } = options;
  const groups = cases.map((testCase) => testCase.group);
  const repeatMaes: number[] = [];
  let firstErrors: number[] = [];
  const errorSums = new Array<number>(cases.length).fill(0);
  for (let repeat = 0; repeat < repeats; repeat++) {
    const errors = new Array<number>(cases.length).fill(Number.NaN);
    for (const fold of groupFolds(groups, folds, deriveSeed(seed, repeat))) {
      const fitted = candidate.fit(fold.train.map((index) => cases[index]!));
      for (const index of fold.test) {
        const testCase = cases[index]!;
        errors[index] = Math.abs(fitted.predict(testCase) - testCase.outcome);
      }
    }
    if (repeat === 0) firstErrors = errors;
    errors.forEach((error, index) => (errorSums[index]! += error));
    repeatMaes.push(mean(errors));
  }
  const meanErrors = errorSums.map((sum) => sum / repeats);
  return { candidate: candidate.id, mae: mean(repeatMaes), repeats: repeatMaes, errors: firstErrors, meanErrors };
}

/**
 * Nested cross-validation of choosing among candidates: in each outer fold, every candidate
 * is cross-validated on the outer training cases only, the best is refitted there and
 * forecasts the outer test cases. Its MAE estimates the error of the whole procedure —
 * search included — which the winner's own cross-validated MAE understates (Varma & Simon
 * 2006, "Bias in error estimation when using cross-validation for model selection", BMC
 * Bioinformatics 7:91).
 *
 * Cost: outer folds × (candidates × inner folds + 1) fits.
 */
export function nestedCrossValidate(
  cases: readonly BacktestCase[],
  candidates: readonly Candidate[],
  options: { folds?: number; seed?: number } = {},
): { mae: number; chosen: string[] } {
  const { folds = 10, seed = defaultBacktestSeed } = options;
  const errors = new Array<number>(cases.length).fill(Number.NaN);
  const chosen: string[] = [];
  // The outer folds are those of the first repeat of `crossValidate` with the same seed.
  const outerFolds = groupFolds(
    cases.map((testCase) => testCase.group),
    folds,
    deriveSeed(seed, 0),
  );
  outerFolds.forEach((fold, foldIndex) => {
    const train = fold.train.map((index) => cases[index]!);
    let best: { candidate: Candidate; mae: number } | undefined;
    for (const candidate of candidates) {
      const { mae } = crossValidate(train, candidate, { folds, repeats: 1, seed: deriveSeed(seed, foldIndex + 1) });
      if (!best || mae < best.mae) best = { candidate, mae };
    }
    chosen.push(best!.candidate.id);
    const fitted = best!.candidate.fit(train);
    for (const index of fold.test) errors[index] = Math.abs(fitted.predict(cases[index]!) - cases[index]!.outcome);
  });
  return { mae: mean(errors), chosen };
}

/** A fixed model as a candidate: nothing to fit. */
export function modelCandidate(model: Model, params: ParamValues = {}): Candidate {
  return {
    id: model.id,
    description: model.summary,
    fit: () => ({
      learned: {},
      predict: (testCase) => model.run(testCase.scenario, params, {})[0]?.forecast ?? Number.NaN,
    }),
  };
}

function groupsInOrder(groups: readonly string[]): string[] {
  return [...new Set(groups)];
}

/** Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P) of a copy. */
function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = rng.int(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

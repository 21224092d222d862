/**
 * Scoring forecasts of a whole scenario against what was actually decided on its issues
 * (e.g. CoP21 against the Paris Agreement). Unlike the DEU backtest, where each case is a
 * separate one-issue negotiation, here the models run once on the whole scenario (so the
 * multi-issue models, smp and exchange, see every issue together) and each issue's forecast
 * is compared with its observed outcome.
 *
 * Errors are on a 0–100 scale: the absolute error as a percentage of the issue's range, so
 * scenarios with other scales score comparably with DEU (whose scales are 0–100).
 *
 * The scoring half (`scoreForecasts`) takes forecasts from anywhere: the forecast ledger
 * (`ledger/score.ts`) scores its recorded forecasts with it, intervals and P(no change)
 * included, once the outcomes are known.
 *
 * Pure: no I/O; a stochastic model runs with the given seed.
 */
import type { ModelRunOptions, PointScenario } from '../model.js';
import type { Scale } from '../scenario.js';
import { defaultBacktestSeed, defaultResamples, scoreModel, type Backtest, type BacktestModel, type CaseFailure, type CaseForecast } from './backtest.js';

/** What was decided on one issue, on the issue's own scale. */
export interface ObservedOutcome {
  issue: string;
  outcome: number;
  /** Whether the status quo stood (no agreement); scores a P(no change) when given. */
  unchanged?: boolean;
}

/** One forecast of one issue by one model (or any forecaster with an id). */
export interface IssueForecastRecord {
  model: string;
  issue: string;
  forecast: number;
  /** Intervals around the forecast, on the issue's scale: their coverage is scored. */
  intervals?: { level: number; low: number; high: number }[];
  /** The forecaster's probability that the status quo stands: its Brier score is scored. */
  noChange?: number;
}

export interface OutcomeScoreOptions {
  /** Seed of the bootstrap. Default 1. */
  seed?: number;
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
}

/**
 * Scores forecasts against observed outcomes. Each forecaster is scored on the issues it
 * forecast that have an outcome; forecasters appear in the order first seen. Every issue is
 * its own bootstrap group: the issues of one negotiation are correlated, so with one
 * negotiation the interval understates the uncertainty, and says only how much the MAE
 * depends on which issues happened to be coded.
 *
 * Cost: O(forecasts + forecasters × resamples × issues).
 *
 * @example scoreForecasts([{ model: 'median', issue: 'X', forecast: 40 }], [{ issue: 'X', outcome: 50 }], { X: { min: 0, max: 200 } }).models[0].mae // 5
 */
export function scoreForecasts(
  forecasts: readonly IssueForecastRecord[],
  outcomes: readonly ObservedOutcome[],
  scales: Readonly<Record<string, Scale>>,
  options: OutcomeScoreOptions = {},
): Pick<Backtest, 'models' | 'forecasts'> {
  const outcomeOf = new Map(outcomes.map((row) => [row.issue, row]));
  const rows: CaseForecast[] = [];
  for (const record of forecasts) {
    const observed = outcomeOf.get(record.issue);
    const scale = scales[record.issue];
    if (observed === undefined || scale === undefined) continue;
    const toPercent = 100 / (scale.max - scale.min);
    rows.push({
      issue: record.issue,
      group: record.issue,
      model: record.model,
      forecast: record.forecast,
      outcome: observed.outcome,
      error: Math.abs(record.forecast - observed.outcome) * toPercent,
      ...(record.intervals === undefined ? {} : { intervals: record.intervals }),
      ...(record.noChange === undefined || observed.unchanged === undefined ? {} : { noChange: record.noChange, unchanged: observed.unchanged }),
    });
  }
  const forecasters = [...new Set(forecasts.map((record) => record.model))];
  const groups = outcomes.map((row) => row.issue);
  const bootstrap = { seed: options.seed ?? defaultBacktestSeed, resamples: options.resamples ?? defaultResamples };
  const models = forecasters.map((model) =>
    scoreModel(
      model,
      rows.filter((row) => row.model === model),
      groups,
      bootstrap,
    ),
  );
  return { models, forecasts: rows };
}

/**
 * Runs every chosen model once on the whole scenario and scores it against the observed
 * outcomes. A model that throws, or gives a forecast that is not finite on an issue, has
 * that issue recorded as a failure and left out of its n.
 */
export function backtestOutcomes(
  scenario: PointScenario,
  outcomes: readonly ObservedOutcome[],
  chosen: readonly BacktestModel[],
  options: OutcomeScoreOptions = {},
): Backtest {
  const seed = options.seed ?? defaultBacktestSeed;
  const runOptions: ModelRunOptions = { seed };
  const wanted = new Set(outcomes.map((row) => row.issue));
  const records: IssueForecastRecord[] = [];
  const failures: CaseFailure[] = [];
  for (const { model, params } of chosen) {
    let results;
    try {
      results = model.run(scenario, params, runOptions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const issue of wanted) failures.push({ issue, model: model.id, message });
      continue;
    }
    for (const issue of wanted) {
      const result = results.find((row) => row.issue === issue);
      if (!result) failures.push({ issue, model: model.id, message: 'no forecast for the issue' });
      else if (!Number.isFinite(result.forecast)) failures.push({ issue, model: model.id, message: `the forecast is ${result.forecast}` });
      else records.push({ model: model.id, issue, forecast: result.forecast });
    }
  }
  const scales = Object.fromEntries(scenario.issues.map((issue) => [issue.id, issue.scale]));
  const scored = scoreForecasts(records, outcomes, scales, { seed, ...(options.resamples === undefined ? {} : { resamples: options.resamples }) });
  // A model with no forecast at all is still listed, with n = 0, so a table shows it failed.
  const listed = new Set(scored.models.map((score) => score.model));
  const missing = chosen
    .filter(({ model }) => !listed.has(model.id))
    .map(({ model }) => ({ model: model.id, n: 0, mae: Number.NaN, rmse: Number.NaN, medae: Number.NaN, maeLow: Number.NaN, maeHigh: Number.NaN }));
  const order = chosen.map(({ model }) => model.id);
  const models = [...scored.models, ...missing].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model));
  return { models, forecasts: scored.forecasts, failures };
}

/**
 * The ledger's track record: every resolved forecast scored with the one scoring function
 * `parley backtest outcomes` uses (`analyses/outcomes.ts`, `scoreForecasts`): the absolute
 * error of each model and of the one answer (`summary`), whether the summary's 80% interval
 * covered the outcome, the Brier score of its agreement probability, and the same for the
 * status-quo baseline (`status-quo`: nothing changes, so it forecasts the status quo and
 * gives no deal a probability of 1).
 *
 * Forecasts of different scenarios have different scales, so everything is put on 0–100 (a
 * percentage of the issue's range) before scoring: errors and interval widths are then
 * comparable across the ledger, as DEU's are. The Brier score of P(agreement) equals that of
 * P(no change) = 1 − P(agreement), which is what is scored. An outcome equal to the status
 * quo counts as "the status quo stood", as in the DEU backtest.
 *
 * Cost: O(entries) to gather, then per group and forecaster O(resamples × resolved issues).
 */
import type { ModelScore } from '../analyses/backtest.js';
import { scoreForecasts, type IssueForecastRecord, type ObservedOutcome } from '../analyses/outcomes.js';
import type { ForecastBody, LedgerEntry } from './entry.js';

/** The forecaster that stands for the one answer (the ensemble's forecast, interval and agreement probability). */
export const summaryForecaster = 'summary';
/** The baseline: nothing changes. */
export const statusQuoForecaster = 'status-quo';

export interface TrackRecordRow {
  /** The forecast entry and the resolution that scored it. */
  entry: number;
  resolution: number;
  scenario: string;
  variant: string | null;
  issue: string;
  recordedAt: string;
  /** When the outcome was decided. */
  date: string;
  observed: number;
  agreement: boolean;
  scale: { min: number; max: number };
  summary: { forecast: number; error: number; covered: boolean | null; agreementProbability: number | null };
  statusQuo: { forecast: number; error: number } | null;
  models: { model: string; forecast: number; error: number }[];
}

export interface TrackRecordGroup {
  /** A scenario id, or a month of recording (YYYY-MM). */
  key: string;
  scores: ModelScore[];
}

export interface TrackRecord {
  /** Forecast issues that have a resolution. */
  resolved: number;
  /** Forecast issues still open. */
  open: number;
  /** Scores over every resolved issue: the summary first, then each model, the baseline last. */
  overall: ModelScore[];
  byScenario: TrackRecordGroup[];
  /** By the month the forecast was recorded, oldest first. */
  overTime: TrackRecordGroup[];
  rows: TrackRecordRow[];
}

export interface TrackRecordOptions {
  /** Seed of the bootstrap of the MAE intervals; default 1. */
  seed?: number;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
}

/** A scored forecast issue with everything the scorer needs, on 0–100. */
interface Scored {
  row: TrackRecordRow;
  key: string;
  records: IssueForecastRecord[];
  outcome: ObservedOutcome;
}

/** Forecasters in the order a table shows them: the summary, the models, the baseline. */
function forecasterOrder(scored: readonly Scored[]): string[] {
  const models = [...new Set(scored.flatMap((item) => item.row.models.map((model) => model.model)))];
  return [summaryForecaster, ...models, statusQuoForecaster];
}

function scoreGroup(scored: readonly Scored[], order: readonly string[], options: TrackRecordOptions): ModelScore[] {
  const records = scored.flatMap((item) => item.records);
  const outcomes = scored.map((item) => item.outcome);
  const scales = Object.fromEntries(scored.map((item) => [item.key, { min: 0, max: 100 }]));
  const { models } = scoreForecasts(records, outcomes, scales, options);
  return order.map((id) => models.find((score) => score.model === id)).filter((score): score is ModelScore => score !== undefined);
}

/** Every resolved forecast issue of the ledger, scored; groups by scenario and by month. */
export function scoreLedger(entries: readonly LedgerEntry[], options: TrackRecordOptions = {}): TrackRecord {
  const forecasts = new Map<number, LedgerEntry & { body: ForecastBody }>();
  for (const entry of entries) if (entry.body.kind === 'forecast') forecasts.set(entry.seq, entry as LedgerEntry & { body: ForecastBody });
  const scored: Scored[] = [];
  for (const entry of entries) {
    const body = entry.body;
    if (body.kind !== 'resolution') continue;
    const target = forecasts.get(body.entry.seq);
    const issue = target?.body.issues.find((candidate) => candidate.id === body.issue);
    const summary = target?.body.summary.find((candidate) => candidate.issue === body.issue);
    if (!target || !issue || !summary) continue;
    const { min, max } = issue.scale;
    const percent = (value: number) => ((value - min) * 100) / (max - min);
    const observed = body.outcome.observed;
    const unchanged = issue.statusQuo === null ? undefined : !body.outcome.agreement || Math.abs(observed - issue.statusQuo) < 1e-9;
    const key = `${target.seq}/${issue.id}`;
    const records: IssueForecastRecord[] = [];
    const interval = summary.interval;
    records.push({
      model: summaryForecaster,
      issue: key,
      forecast: percent(summary.forecast),
      ...(interval === null ? {} : { intervals: [{ level: interval.level, low: percent(interval.low), high: percent(interval.high) }] }),
      ...(summary.agreementProbability === null ? {} : { noChange: 1 - summary.agreementProbability }),
    });
    const models = target.body.models.filter((model) => model.issue === issue.id);
    for (const model of models) records.push({ model: model.model, issue: key, forecast: percent(model.forecast) });
    if (issue.statusQuo !== null) records.push({ model: statusQuoForecaster, issue: key, forecast: percent(issue.statusQuo), noChange: 1 });
    const errorOf = (value: number) => Math.abs(percent(value) - percent(observed));
    scored.push({
      key,
      records,
      outcome: { issue: key, outcome: percent(observed), ...(unchanged === undefined ? {} : { unchanged }) },
      row: {
        entry: target.seq,
        resolution: entry.seq,
        scenario: target.body.scenario.id,
        variant: target.body.variant,
        issue: issue.id,
        recordedAt: target.recordedAt,
        date: body.date,
        observed,
        agreement: body.outcome.agreement,
        scale: { min, max },
        summary: {
          forecast: summary.forecast,
          error: errorOf(summary.forecast),
          covered: interval === null ? null : observed >= interval.low && observed <= interval.high,
          agreementProbability: summary.agreementProbability,
        },
        statusQuo: issue.statusQuo === null ? null : { forecast: issue.statusQuo, error: errorOf(issue.statusQuo) },
        models: models.map((model) => ({ model: model.model, forecast: model.forecast, error: errorOf(model.forecast) })),
      },
    });
  }
  const order = forecasterOrder(scored);
  const groupBy = (keyOf: (item: Scored) => string): TrackRecordGroup[] => {
    const keys = [...new Set(scored.map(keyOf))];
    return keys.map((key) => ({
      key,
      scores: scoreGroup(
        scored.filter((item) => keyOf(item) === key),
        order,
        options,
      ),
    }));
  };
  const issuesForecast = [...forecasts.values()].reduce((sum, entry) => sum + entry.body.issues.length, 0);
  return {
    resolved: scored.length,
    open: issuesForecast - scored.length,
    overall: scored.length === 0 ? [] : scoreGroup(scored, order, options),
    byScenario: groupBy((item) => item.row.scenario),
    overTime: groupBy((item) => item.row.recordedAt.slice(0, 7)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    rows: scored.map((item) => item.row),
  };
}

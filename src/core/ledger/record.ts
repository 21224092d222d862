/**
 * The body of a forecast entry: the scenario (its inputs hash and its YAML), what was run
 * (models, parameters, seed, draws), each model's forecast and the one answer per issue
 * (`analyses/headline.ts`). The CLI and the server both make it here, so "Record this
 * forecast" in the web app writes the same entry as `parley ledger record`.
 *
 * Cost: one forecast with every chosen model plus the headline's draws.
 */
import { defaultHeadlineDraws, defaultHeadlineSeed, headline } from '../analyses/headline.js';
import { withVariant } from '../analyses/request.js';
import { forecast } from '../forecast.js';
import { inputsHash } from '../inputs-hash.js';
import type { Scenario } from '../scenario.js';
import type { ForecastBody, SummaryRecord } from './entry.js';
import { checkText, isCalendarDate } from './text.js';

export interface ForecastRecordRequest {
  /** Default: every registered model. */
  models?: string[];
  /** Parameters by model id, as flags or forms give them (text is parsed by each model's spec). */
  params?: Record<string, Record<string, string | number | boolean>>;
  variant?: string;
  /** Root seed of every stochastic path; default the headline's (1). */
  seed?: number;
  /** Monte Carlo draws of the summary; default the headline's (200). */
  draws?: number;
  note?: string;
  /** YYYY-MM-DD. */
  resolveBy?: string;
}

/** A request that cannot be recorded: which field, and why. */
export interface RecordProblem {
  field: 'note' | 'resolve-by';
  message: string;
}

/** Finite numbers only: an interval the ensemble could not make is null rather than NaN (JSON has no NaN). */
function summaryOf(issue: {
  issue: string;
  forecast: number;
  interval: { level: number; low: number; high: number };
  agreement: { probability: number | null };
}): SummaryRecord {
  const { level, low, high } = issue.interval;
  return {
    issue: issue.issue,
    forecast: issue.forecast,
    interval: Number.isFinite(low) && Number.isFinite(high) ? { level, low, high } : null,
    agreementProbability: issue.agreement.probability,
  };
}

/**
 * The forecast body for `scenario` (validated) whose file text is `yaml`, or the problem
 * with the note or date. Unknown models, variants or bad parameters throw `ParleyError`,
 * as `forecast` does.
 */
export function forecastBody(scenario: Scenario, yaml: string, request: ForecastRecordRequest = {}): ForecastBody | RecordProblem {
  const note = request.note ?? null;
  const noteProblem = note === null ? undefined : checkText(note, 'note', 20_000);
  if (noteProblem) return { field: 'note', message: noteProblem };
  if (request.resolveBy !== undefined && !isCalendarDate(request.resolveBy)) {
    return { field: 'resolve-by', message: `${JSON.stringify(request.resolveBy)} is not a date; write it as YYYY-MM-DD, e.g. 2027-06-30` };
  }
  const seed = request.seed ?? defaultHeadlineSeed;
  const draws = request.draws ?? defaultHeadlineDraws;
  const variant = request.variant;
  const result = forecast(scenario, {
    ...(request.models === undefined ? {} : { models: request.models }),
    ...(request.params === undefined ? {} : { params: request.params }),
    ...(variant === undefined ? {} : { variant }),
    seed,
  });
  const summary = headline(scenario, { ...(variant === undefined ? {} : { variant }), seed, draws });
  const resolved = withVariant(scenario, variant);
  return {
    kind: 'forecast',
    scenario: { id: scenario.id, title: scenario.title, inputsHash: inputsHash(scenario), yaml },
    variant: variant ?? null,
    issues: resolved.issues.map((issue) => ({
      id: issue.id,
      name: issue.name,
      scale: { min: issue.scale.min, max: issue.scale.max },
      statusQuo: issue.statusQuo ?? null,
    })),
    request: { models: Object.keys(result.params), params: result.params, seed, draws },
    models: result.results.map((row) => ({ model: row.model, issue: row.issue, forecast: row.forecast })),
    notApplicable: result.notApplicable.map((row) => ({ model: row.model, issue: row.issue, reason: row.reason })),
    summary: summary.summary.map(summaryOf),
    note,
    resolveBy: request.resolveBy ?? null,
  };
}

export function isRecordProblem(value: ForecastBody | RecordProblem): value is RecordProblem {
  return 'field' in value && !('kind' in value);
}

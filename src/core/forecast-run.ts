/**
 * A forecast run on models already chosen and loaded: `forecast.ts` without the registry, so
 * that a command can run one model without loading the others' code (issue 22 §1). The
 * result's shape and its checks are `forecast.ts`'s, which gives the library's `forecast`.
 */
import type { ParamValues } from './model.js';
import { checkSeed, type AnalysisRequest, type PreparedModels } from './analyses/prepare.js';
import { pointScenario } from './resolve.js';
import { isNotApplicable, runModel } from './run-model.js';
import type { Scenario } from './scenario.js';

/**
 * Models (default: all registered), a variant, parameters per model id, a seed; and the
 * detail of each result (default `full`; `forecast` when only the forecasts and notes are
 * shown, as in the CLI's table, so models skip their explanation data, model.ts).
 */
export type ForecastRequest = AnalysisRequest & { detail?: 'full' | 'forecast' };

export interface ForecastResult {
  model: string;
  issue: string;
  forecast: number;
  notes: string[];
  details: Record<string, unknown>;
}

/** A model that could not forecast an issue: `forecast` is null and `reason` says why. */
export interface NotApplicableResult {
  model: string;
  issue: string;
  forecast: null;
  status: 'not-applicable';
  reason: string;
}

export interface Forecast {
  scenario: { id: string; title: string; variant: string | null };
  params: Record<string, ParamValues>;
  results: ForecastResult[];
  notApplicable: NotApplicableResult[];
}

/**
 * `forecast` with the models already prepared (`prepareModelsFrom` of `request`): what
 * `parley forecast` calls with only the models it loaded. Results are ordered by model, then issue.
 */
export function forecastWith(scenario: Scenario, request: ForecastRequest, { models, params }: PreparedModels): Forecast {
  checkSeed(request.seed);
  const point = pointScenario(scenario, request.variant === undefined ? {} : { variant: request.variant });
  const options = { ...(request.seed === undefined ? {} : { seed: request.seed }), ...(request.detail === undefined ? {} : { detail: request.detail }) };
  const results: ForecastResult[] = [];
  const notApplicable: NotApplicableResult[] = [];
  for (const model of models) {
    for (const outcome of runModel(model, point, params[model.id]!, options)) {
      if (isNotApplicable(outcome))
        notApplicable.push({ model: model.id, issue: outcome.issue, forecast: null, status: outcome.status, reason: outcome.reason });
      else results.push({ model: model.id, ...outcome });
    }
  }
  return {
    scenario: { id: scenario.id, title: scenario.title, variant: request.variant ?? null },
    params,
    results,
    notApplicable,
  };
}

/** Issues on which no model ran: a forecast without any answer there. */
export function issuesWithoutForecast(scenario: Pick<Scenario, 'issues'>, result: Pick<Forecast, 'results'>): string[] {
  const answered = new Set(result.results.map((row) => row.issue));
  return scenario.issues.map((issue) => issue.id).filter((id) => !answered.has(id));
}

/**
 * A forecast: chosen models run on a scenario (optionally one of its variants), with every
 * uncertain value at its mode. The result's shape is what `parley forecast --json` prints;
 * `model`, `issue` and `forecast` are stable for other tools.
 */
import { resolveParams, type ParamValues } from './model.js';
import { getModel, modelIds } from './models/index.js';
import { ParleyError, pointScenario } from './resolve.js';
import type { Scenario } from './scenario.js';

export interface ForecastRequest {
  /** Model ids; default: every registered model. */
  models?: readonly string[];
  variant?: string;
  /** Parameter values per model id, e.g. `{ eum: { rounds: 30 } }`. */
  params?: Record<string, Record<string, string | number | boolean>>;
  seed?: number;
}

export interface ForecastResult {
  model: string;
  issue: string;
  forecast: number;
  notes: string[];
  details: Record<string, unknown>;
}

export interface Forecast {
  scenario: { id: string; title: string; variant: string | null };
  params: Record<string, ParamValues>;
  results: ForecastResult[];
}

/** Runs the requested models on the scenario; results are ordered by model, then issue. */
export function forecast(scenario: Scenario, request: ForecastRequest = {}): Forecast {
  const chosen = (request.models ?? modelIds).map(getModel);
  const resolvedParams: Record<string, ParamValues> = {};
  for (const modelId of Object.keys(request.params ?? {})) {
    if (!chosen.some((model) => model.id === modelId)) {
      throw new ParleyError('unknown-param', `parameters given for "${modelId}", which is not among the models run`);
    }
  }
  for (const model of chosen) {
    const { params, problems } = resolveParams(model, request.params?.[model.id] ?? {});
    if (problems.length > 0) throw new ParleyError('bad-param', problems.join('; '));
    resolvedParams[model.id] = params;
  }
  const point = pointScenario(scenario, request.variant === undefined ? {} : { variant: request.variant });
  const results: ForecastResult[] = [];
  for (const model of chosen) {
    const options = request.seed === undefined ? {} : { seed: request.seed };
    for (const issueForecast of model.run(point, resolvedParams[model.id]!, options)) {
      results.push({ model: model.id, ...issueForecast });
    }
  }
  return {
    scenario: { id: scenario.id, title: scenario.title, variant: request.variant ?? null },
    params: resolvedParams,
    results,
  };
}

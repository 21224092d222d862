/**
 * A forecast: chosen models run on a scenario (optionally one of its variants), with every
 * uncertain value at its mode. The result's shape is what `parley forecast --json` prints;
 * `model`, `issue` and `forecast` are stable for other tools.
 */
import type { ParamValues } from './model.js';
import { checkSeed, prepareModels, type AnalysisRequest } from './analyses/request.js';
import { pointScenario } from './resolve.js';
import type { Scenario } from './scenario.js';

/** Models (default: all registered), a variant, parameters per model id, a seed. */
export type ForecastRequest = AnalysisRequest;

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
  const { models, params } = prepareModels(request);
  checkSeed(request.seed);
  const point = pointScenario(scenario, request.variant === undefined ? {} : { variant: request.variant });
  const options = request.seed === undefined ? {} : { seed: request.seed };
  const results: ForecastResult[] = [];
  for (const model of models) {
    for (const issueForecast of model.run(point, params[model.id]!, options)) {
      results.push({ model: model.id, ...issueForecast });
    }
  }
  return {
    scenario: { id: scenario.id, title: scenario.title, variant: request.variant ?? null },
    params,
    results,
  };
}

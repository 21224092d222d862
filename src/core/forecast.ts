/**
 * A forecast: chosen models run on a scenario (optionally one of its variants), with every
 * uncertain value at its mode. The result's shape is what `parley forecast --json` prints;
 * `model`, `issue` and `forecast` are stable for other tools. A model that cannot run on an
 * issue is listed in `notApplicable` with the reason (see `run-model.ts`); `results` holds
 * only forecasts that are numbers on the scale.
 */
import { prepareModels } from './analyses/request.js';
import { forecastWith, type Forecast, type ForecastRequest } from './forecast-run.js';
import type { Scenario } from './scenario.js';

export { forecastWith, issuesWithoutForecast, type Forecast, type ForecastRequest, type ForecastResult, type NotApplicableResult } from './forecast-run.js';

/** Runs the requested models (default: all registered) on the scenario; results are ordered by model, then issue. */
export function forecast(scenario: Scenario, request: ForecastRequest = {}): Forecast {
  return forecastWith(scenario, request, prepareModels(request));
}

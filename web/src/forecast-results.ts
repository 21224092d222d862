/**
 * A forecast's rows as the page lays them out: the models in the registry's order, the rows
 * of one issue, and the anchor nearest a forecast in words.
 */
import type { Forecast, ForecastResult } from '@parley/core/forecast.js';
import { nearestAnchor, type Issue } from '@parley/core/scenario.js';

/** The anchor nearest a value, in words: `nearest anchor 50: ceasefire on current lines`. */
export function nearestAnchorText(issue: Issue, value: number): string | undefined {
  const nearest = nearestAnchor(issue.anchors, value, issue.scale);
  return nearest && `nearest anchor ${nearest.point}: ${nearest.label}`;
}

/** Model ids in the order the results list them (the registry's order), each once. */
export function modelsOf(forecast: Forecast): string[] {
  return [...new Set(forecast.results.map((row) => row.model))];
}

/** Every model's row on one issue, in the results' order. */
export function resultsFor(forecast: Forecast, issue: string): ForecastResult[] {
  return forecast.results.filter((row) => row.issue === issue);
}

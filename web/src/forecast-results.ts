/**
 * A forecast's rows as the page lays them out: the models in the registry's order, the rows
 * of one issue, the models that could not run there and why, and the anchor nearest a
 * forecast in words.
 */
import type { Forecast, ForecastResult, NotApplicableResult } from '@parley/core/forecast.js';
import { nearestAnchor, type Issue } from '@parley/core/scenario.js';

/** The anchor nearest a value, in words: `nearest anchor 50: ceasefire on current lines`. */
export function nearestAnchorText(issue: Issue, value: number): string | undefined {
  const nearest = nearestAnchor(issue.anchors, value, issue.scale);
  return nearest && `nearest anchor ${nearest.point}: ${nearest.label}`;
}

/** Model ids in the order the results list them (the registry's order), each once; a model that ran on no issue comes last, as the CLI's table has it. */
export function modelsOf(forecast: Forecast): string[] {
  return [...new Set([...forecast.results, ...forecast.notApplicable].map((row) => row.model))];
}

/** The models that could not run on one issue, each with its reason. */
export function notApplicableFor(forecast: Forecast, issue: string): NotApplicableResult[] {
  return forecast.notApplicable.filter((row) => row.issue === issue);
}

/** A model that could not run, in words, as the CLI prints it: `not applicable: eum: every actor has zero …`. */
export function notApplicableText(row: NotApplicableResult): string {
  return `not applicable: ${row.reason}`;
}

/** Every model's row on one issue, in the results' order. */
export function resultsFor(forecast: Forecast, issue: string): ForecastResult[] {
  return forecast.results.filter((row) => row.issue === issue);
}

/**
 * A forecast's rows as the page lays them out: the models in the registry's order, the rows
 * of one issue, the models that could not run there and why, the anchor nearest a forecast
 * in words, and what a row's details hold for the reasoning charts.
 */
import type { Forecast, ForecastResult, NotApplicableResult } from '@parley/core/forecast.js';
import { detailsOf } from '@parley/core/models/details.js';
import { hasEumRun } from '@parley/core/models/eum/index.js';
import { isFullSmpDetails, type IssueGroup } from '@parley/core/models/smp/types.js';
import { nearestAnchor, type Issue } from '@parley/core/scenario.js';
import type { EumChartDetails } from '@parley/report/charts.js';

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

/** The expected utility model's run on a row (a full forecast's): what the trajectory and relation charts draw; undefined for another model's row. */
export function roundByRound(row: ForecastResult): EumChartDetails | undefined {
  const details = detailsOf(row, 'eum');
  return details && hasEumRun(details) ? details : undefined;
}

/** The spatial model's outcome probabilities by position group on a row (a full forecast's); undefined for another model's row or none. */
export function outcomeGroups(row: ForecastResult): IssueGroup[] | undefined {
  const details = detailsOf(row, 'smp');
  return details && isFullSmpDetails(details) && details.groups.length > 0 ? details.groups : undefined;
}

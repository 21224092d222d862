/**
 * Forecasts in words, for the brief: where most models put an issue, what that point of the
 * scale means (its nearest anchor), and how it stands against the status quo. Pure.
 */
import type { ForecastDistribution } from '../core/analyses/summary.js';
import { nearestAnchor, type Anchor } from '../core/scenario.js';
import { formatValue, type ChartIssue, type ModelForecast } from './charts.js';

/** The anchor on the issue's scale closest to a value (the lower one on a tie). */
export function nearestIssueAnchor(issue: ChartIssue, value: number): Anchor | undefined {
  return nearestAnchor(issue.anchors, value, issue.scale);
}

/** A round step for stating ranges on a scale: 1, 2 or 5 × a power of ten, about a twentieth of the scale. */
export function roundingStep(span: number): number {
  if (!(span > 0)) return 1;
  const rough = span / 20;
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((candidate) => candidate * power >= rough * 0.999)!;
  return multiple * power;
}

const numberWords = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A count in words up to twelve, in figures above: "seven", "15". */
export function countWord(value: number): string {
  return numberWords[value] ?? String(value);
}

/** Models disagree when the tightest majority spans more than this share of the scale. */
const disagreement = 0.35;

/**
 * Where the models put an issue, in one sentence: the tightest range that holds a majority
 * of the forecasts (rounded outwards to a twentieth of the scale; the count is of every
 * forecast inside the rounded range), the anchor nearest its middle, and where the status quo
 * stands. When even that range spans more than a third of the scale, the models disagree and
 * the sentence gives the extremes instead.
 *
 * @example
 * describeForecasts(forces, [{ model: 'a', forecast: 72 }, { model: 'b', forecast: 78 }, { model: 'c', forecast: 20 }])
 * // 'Most models (two of three) put FORCES between 70 and 80, nearest to 75: “only neutral/non-NATO
 * //  monitors or guarantor group incl. Russia”; that is above the status quo (50).'
 */
export function describeForecasts(issue: ChartIssue, forecasts: readonly ModelForecast[]): string {
  const values = forecasts.filter((row) => Number.isFinite(row.forecast)).sort((a, b) => a.forecast - b.forecast);
  if (values.length === 0) return `No model gives a forecast for ${issue.id}.`;
  const span = issue.scale.max - issue.scale.min;
  const step = roundingStep(span);
  const majority = values.length <= 2 ? values.length : Math.floor(values.length / 2) + 1;
  let best = { from: 0, width: Number.POSITIVE_INFINITY };
  for (let from = 0; from + majority <= values.length; from++) {
    const width = values[from + majority - 1]!.forecast - values[from]!.forecast;
    if (width < best.width) best = { from, width };
  }
  const window = values.slice(best.from, best.from + majority);
  const low = window[0]!.forecast;
  const high = window[window.length - 1]!.forecast;
  const middle = window[Math.floor((window.length - 1) / 2)]!.forecast;
  const anchor = nearestIssueAnchor(issue, middle);
  const meaning = anchor ? `, nearest to ${formatValue(anchor.point)}: “${anchor.label}”` : '';

  if (span > 0 && high - low > disagreement * span) {
    const first = values[0]!;
    const last = values[values.length - 1]!;
    return `The models disagree on ${issue.id}: from ${formatValue(first.forecast)} (${first.model}) to ${formatValue(last.forecast)} (${last.model}); their middle is ${formatValue(middle)}${meaning}${statusQuoClause(issue, first.forecast, last.forecast)}.`;
  }
  if (low === high) {
    const inside = values.filter((row) => row.forecast === low).length;
    return `${who(inside, values)} put ${issue.id} at ${formatValue(low)}${meaning}${statusQuoClause(issue, low, high)}.`;
  }
  const tolerance = 1e-9 * (span || 1);
  const roundedLow = Math.max(issue.scale.min, Math.floor(low / step + 1e-9) * step);
  const roundedHigh = Math.min(issue.scale.max, Math.ceil(high / step - 1e-9) * step);
  const inside = values.filter((row) => row.forecast >= roundedLow - tolerance && row.forecast <= roundedHigh + tolerance).length;
  return `${who(inside, values)} put ${issue.id} between ${formatValue(roundedLow)} and ${formatValue(roundedHigh)}${meaning}${statusQuoClause(issue, roundedLow, roundedHigh)}.`;
}

/** "All seven models", "Both models", "Most models (five of seven)". */
function who(inside: number, values: readonly ModelForecast[]): string {
  if (inside < values.length) return `Most models (${countWord(inside)} of ${countWord(values.length)})`;
  if (values.length === 1) return `The one model (${values[0]!.model})`;
  if (values.length === 2) return 'Both models';
  return `All ${countWord(values.length)} models`;
}

function statusQuoClause(issue: ChartIssue, low: number, high: number): string {
  if (issue.statusQuo === undefined) return '';
  const statusQuo = formatValue(issue.statusQuo);
  if (high < issue.statusQuo) return `; that is below the status quo (${statusQuo})`;
  if (low > issue.statusQuo) return `; that is above the status quo (${statusQuo})`;
  return `; the status quo (${statusQuo}) lies in that range`;
}

/**
 * How sure the forecasts are, in one sentence: the models whose forecasts move least and most
 * when the inputs are drawn from their ranges (the width of the 10th–90th percentile range).
 */
export function describeSpread(issue: ChartIssue, distributions: readonly ForecastDistribution[]): string {
  const spreads = distributions
    .map((entry) => ({ model: entry.model, low: entry.p10, high: entry.p90, width: entry.p90 - entry.p10 }))
    .filter((entry) => Number.isFinite(entry.width))
    .sort((a, b) => a.width - b.width);
  if (spreads.length === 0) return '';
  const draws = distributions[0]!.draws;
  const range = (entry: { low: number; high: number }) =>
    entry.low === entry.high ? `stays at ${formatValue(entry.low)}` : `runs from ${formatValue(entry.low)} to ${formatValue(entry.high)}`;
  const steadiest = spreads[0]!;
  const widest = spreads[spreads.length - 1]!;
  if (widest.width === 0) return `Over ${draws} draws of the uncertain inputs, no model's forecast on ${issue.id} moves.`;
  if (spreads.length === 1 || steadiest.model === widest.model) {
    return `Over ${draws} draws of the uncertain inputs, the middle 80% of ${widest.model}'s forecasts on ${issue.id} ${range(widest)}.`;
  }
  return `Over ${draws} draws of the uncertain inputs, the middle 80% of forecasts on ${issue.id} ${range(widest)} for ${widest.model} (the least sure) and ${range(steadiest)} for ${steadiest.model} (the surest).`;
}

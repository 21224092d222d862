/**
 * What a Monte Carlo run says per model and issue: centre, spread, percentiles, a
 * histogram over the issue's scale, and the probability of landing in each band between
 * the issue's anchors.
 */
import { anchorPoints, type Issue } from '../scenario.js';
import type { DrawBatch } from './draws.js';
import { modesOf, type Mode } from './modes.js';
import { mean, quantileSorted, standardDeviation } from './statistics.js';

/**
 * A stretch of the scale between two neighbouring cut points (the scale's ends and its
 * anchors). An anchor is a point of its own (`atAnchors`): a draw on an anchor counts there,
 * in neither band beside it. An unlabelled end of the scale belongs to its band.
 */
export interface Band {
  /** Lower end: excluded when it is an anchor, included when it is the scale's unlabelled minimum. */
  from: number;
  /** Upper end: excluded when it is an anchor, included when it is the scale's unlabelled maximum. */
  to: number;
  fromLabel: string | null;
  toLabel: string | null;
  probability: number;
}

/** The share of draws on an anchor (within rounding), e.g. P(TERR = 25). */
export interface AnchorMass {
  anchor: number;
  label: string;
  probability: number;
}

/** P(forecast ≥ anchor), e.g. P(FORCES ≥ 75). */
export interface TailProbability {
  anchor: number;
  label: string;
  probability: number;
}

export interface ForecastDistribution {
  model: string;
  issue: string;
  draws: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  min: number;
  p5: number;
  p10: number;
  median: number;
  p90: number;
  p95: number;
  max: number;
  /** Equal-width bins over the issue's scale; `counts[k]` covers [min + k·w, min + (k+1)·w), the last bin closed. */
  histogram: { min: number; max: number; counts: number[] };
  bands: Band[];
  /** Draws on each anchor; with the bands the shares sum to 1. */
  atAnchors: AnchorMass[];
  atLeast: TailProbability[];
  /**
   * Draws in which the model could not run on this issue (see `run-model.ts`), left out of
   * every figure above; absent when it ran in every draw.
   */
  notApplicableDraws?: number;
  /** Where the draws pile up, most draws first (`modes.ts`); more than one when the draws are multi-modal. */
  modes: Mode[];
}

/**
 * Anchor comparisons forgive this fraction of the scale, so a forecast that is an anchor
 * up to floating-point rounding (74.99999999999999 for 75) counts as reaching it.
 */
const anchorTolerance = 1e-9;

/**
 * Per model and issue (models in batch order, then issues in scenario order), the
 * distribution of the forecast over the batches' draws. Batches must be the draws in
 * order without gaps; every sum runs in draw order, so the result does not depend on how
 * the draws were split.
 *
 * Draws where the model could not run on the issue are left out and counted; a model and
 * issue with no draw at all that ran has no distribution.
 *
 * Cost: O(models × issues × draws log draws) (one sort per model and issue).
 *
 * @param issues the scenario's issues (scale and anchors)
 * @param bins histogram bins, default 10
 */
export function summariseDraws(issues: readonly Issue[], batches: readonly DrawBatch[], bins = 10): ForecastDistribution[] {
  const first = batches[0];
  if (!first) return [];
  const { models, issues: issueIds } = first;
  const draws = batches.reduce((count, batch) => count + (batch.toDraw - batch.fromDraw), 0);
  const cellsPerDraw = models.length * issueIds.length;
  const results: ForecastDistribution[] = [];
  for (let modelIndex = 0; modelIndex < models.length; modelIndex++) {
    for (let issueIndex = 0; issueIndex < issueIds.length; issueIndex++) {
      const all = new Float64Array(draws);
      let filled = 0;
      for (const batch of batches) {
        for (let offset = 0; offset < batch.toDraw - batch.fromDraw; offset++) {
          const value = batch.forecasts[offset * cellsPerDraw + modelIndex * issueIds.length + issueIndex]!;
          // NaN marks a draw where the model could not run (runDraws).
          if (Number.isFinite(value)) all[filled++] = value;
        }
      }
      const issue = issues.find((candidate) => candidate.id === issueIds[issueIndex]);
      if (!issue) throw new Error(`summariseDraws: no issue "${issueIds[issueIndex]}"`);
      if (filled === 0) continue;
      const distribution = describe(models[modelIndex]!, issue, filled === draws ? all : all.slice(0, filled), bins);
      results.push(filled === draws ? distribution : { ...distribution, notApplicableDraws: draws - filled });
    }
  }
  return results;
}

function describe(model: string, issue: Issue, values: Float64Array, bins: number): ForecastDistribution {
  const sorted = values.slice().sort();
  const { min, max } = issue.scale;
  const tolerance = anchorTolerance * (max - min);
  const share = (count: number) => count / values.length;
  const countAtLeast = (point: number) => values.length - lowerBound(sorted, point - tolerance);
  // A constant forecast reports no spread, not the rounding error of summing it n times.
  const constant = sorted[0] === sorted[sorted.length - 1];
  return {
    model,
    issue: issue.id,
    draws: values.length,
    mean: constant ? sorted[0]! : mean(values),
    sd: constant ? 0 : standardDeviation(values),
    min: sorted[0]!,
    p5: quantileSorted(sorted, 0.05),
    p10: quantileSorted(sorted, 0.1),
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    max: sorted[sorted.length - 1]!,
    histogram: { min, max, counts: histogram(values, min, max, bins) },
    ...anchorBands(issue, sorted, tolerance),
    atLeast: anchorPoints(issue.anchors, issue.scale)
      .filter(({ point }) => point > min)
      .map(({ point, label }) => ({ anchor: point, label, probability: share(countAtLeast(point)) })),
    modes: constant ? [{ value: sorted[0]!, share: 1, low: sorted[0]!, high: sorted[0]! }] : modesOf(sorted, max - min),
  };
}

/**
 * The bands between neighbouring cut points and the anchors as points of their own: a draw
 * within rounding of an anchor counts on the anchor, other draws in the band they fall in.
 * The first cut also takes anything below the scale and the last anything above, so the
 * shares of bands and anchors sum to 1.
 */
function anchorBands(issue: Issue, sorted: Float64Array, tolerance: number): { bands: Band[]; atAnchors: AnchorMass[] } {
  const cuts = cutPoints(issue);
  const draws = sorted.length;
  const below = (x: number) => lowerBound(sorted, x);
  const atMost = (x: number) => upperBound(sorted, x);
  const isAnchor = (label: string | null) => label !== null;
  const bands: Band[] = [];
  for (let index = 0; index + 1 < cuts.length; index++) {
    const [from, fromLabel] = cuts[index]!;
    const [to, toLabel] = cuts[index + 1]!;
    const first = index === 0;
    const last = index + 2 === cuts.length;
    const lowerCount = isAnchor(fromLabel) ? atMost(from + tolerance) : first ? 0 : below(from);
    const upperCount = isAnchor(toLabel) ? below(to - tolerance) : last ? draws : below(to);
    bands.push({ from, to, fromLabel, toLabel, probability: Math.max(0, upperCount - lowerCount) / draws });
  }
  const atAnchors = cuts.flatMap(([point, label], index) => {
    if (label === null) return [];
    const lower = index === 0 ? 0 : below(point - tolerance);
    const upper = index + 1 === cuts.length ? draws : atMost(point + tolerance);
    return [{ anchor: point, label, probability: (upper - lower) / draws }];
  });
  return { bands, atAnchors };
}

/** The scale's ends and its anchors, ascending, each with its label (null for an unlabelled end). */
function cutPoints(issue: Issue): Array<[number, string | null]> {
  const cuts = new Map<number, string | null>([[issue.scale.min, null]]);
  for (const { point, label } of anchorPoints(issue.anchors, issue.scale)) cuts.set(point, label);
  if (!cuts.has(issue.scale.max)) cuts.set(issue.scale.max, null);
  return [...cuts.entries()].sort((a, b) => a[0] - b[0]);
}

/** Index of the first sorted value ≥ target (binary search). */
function lowerBound(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first sorted value > target (binary search). */
function upperBound(sorted: Float64Array, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Counts of values in `bins` equal-width bins over [min, max]; values outside go to the end bins. */
function histogram(values: Float64Array, min: number, max: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const value of values) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    counts[bin]!++;
  }
  return counts;
}

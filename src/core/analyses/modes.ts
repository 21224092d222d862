/**
 * The modes of a sample of forecasts: where a model's Monte Carlo draws pile up. A mean of a
 * bimodal sample may lie where no draw is (the expected utility model on MILCAP: 95 in half
 * the draws, 50 in a third, 10 in a tenth, mean 71), so summaries report the modes and their
 * shares beside it.
 *
 * The rule: sort the draws and cut wherever two neighbours lie more than `gap` (a share of the
 * scale, default 5%) apart; each run between cuts is a cluster. Clusters holding at least
 * `minShare` of the draws (default 5%) are modes, each located at its most common value
 * (ties: the cluster's median). Single-linkage clustering with a fixed cut height (Gower &
 * Ross 1969, "Minimum spanning trees and single linkage cluster analysis", Applied Statistics
 * 18(1)); the thresholds are reading aids, documented in docs/decisions.md, not estimates.
 */
import { quantileSorted } from './statistics.js';

export interface Mode {
  /** Where the cluster's draws are most common. */
  value: number;
  /** Share of all draws in the cluster. */
  share: number;
  /** The cluster's lowest and highest draw. */
  low: number;
  high: number;
}

/**
 * The modes of `values` on a scale of length `range`, most draws first. A sample whose draws
 * form one cluster has one mode.
 *
 * Cost: O(n log n).
 *
 * @example modesOf([10, 50, 50, 95, 95, 95], 100).map((mode) => mode.value) // [95, 50, 10]
 */
export function modesOf(values: ArrayLike<number>, range: number, options: { gap?: number; minShare?: number } = {}): Mode[] {
  const sorted = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const gap = (options.gap ?? 0.05) * range;
  const minShare = options.minShare ?? 0.05;
  const clusters: number[][] = [[sorted[0]!]];
  for (let index = 1; index < sorted.length; index++) {
    const value = sorted[index]!;
    if (value - sorted[index - 1]! > gap) clusters.push([]);
    clusters[clusters.length - 1]!.push(value);
  }
  return clusters
    .map((cluster) => ({ value: mostCommon(cluster), share: cluster.length / sorted.length, low: cluster[0]!, high: cluster[cluster.length - 1]! }))
    .filter((mode) => mode.share >= minShare)
    .sort((a, b) => b.share - a.share || a.value - b.value);
}

/** The most frequent value of a sorted run, or its median when no value repeats. */
function mostCommon(sorted: readonly number[]): number {
  let best = sorted[0]!;
  let bestCount = 0;
  let count = 0;
  for (let index = 0; index < sorted.length; index++) {
    count = index > 0 && sorted[index] === sorted[index - 1] ? count + 1 : 1;
    if (count > bestCount) {
      bestCount = count;
      best = sorted[index]!;
    }
  }
  return bestCount > 1 ? best : quantileSorted(sorted, 0.5);
}

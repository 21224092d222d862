/**
 * Split-conformal prediction intervals from held-out absolute errors (Vovk, Gammerman &
 * Shafer 2005, *Algorithmic Learning in a Random World*; Lei, G'Sell, Rinaldo, Tibshirani &
 * Wasserman 2018, "Distribution-free predictive inference for regression", JASA 113(523),
 * §2.2): with n exchangeable held-out errors, the ⌈(n + 1)·level⌉-th smallest is a radius r
 * such that a new outcome falls within forecast ± r with probability at least `level`.
 */

/**
 * The conformal radius at `level` from held-out absolute errors.
 *
 * Cost: O(n log n).
 *
 * @example conformalRadius([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.8) // 8: the ⌈10 · 0.8⌉ = 8th smallest
 */
export function conformalRadius(errors: readonly number[], level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`conformalRadius: level must lie in (0, 1), got ${level}`);
  const sorted = errors.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((sorted.length + 1) * level);
  // With too few errors for the level the interval is unbounded: the largest error is the honest floor.
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

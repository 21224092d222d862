/**
 * The few descriptive statistics the analyses report. Sums run in the order of the input,
 * so the same values in the same order give the same bits on every machine.
 */

/**
 * Arithmetic mean.
 *
 * Cost: O(n).
 *
 * @example mean([1, 2, 6]) // 3
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]!;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/**
 * Sample standard deviation (with Bessel's correction, n − 1 in the denominator); 0 for a
 * single value.
 *
 * Cost: O(n).
 *
 * @example standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138… (√(32/7))
 */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return values.length === 1 ? 0 : Number.NaN;
  const average = mean(values);
  let squaredDeviations = 0;
  for (let index = 0; index < values.length; index++) squaredDeviations += (values[index]! - average) ** 2;
  return Math.sqrt(squaredDeviations / (values.length - 1));
}

/**
 * Quantile of sorted values by linear interpolation between order statistics: with
 * h = (n − 1)·p, the value x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]). This is definition 7
 * of Hyndman & Fan (1996), "Sample quantiles in statistical packages", The American
 * Statistician 50(4), the default of R and NumPy.
 *
 * Cost: O(1) on sorted input.
 *
 * @param sorted values in ascending order
 * @param probability in [0, 1]
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  if (below + 1 >= sorted.length) return lower;
  const upper = sorted[below + 1]!;
  // Equal neighbours give that value exactly (no rounding from the interpolation).
  return lower === upper ? lower : lower + (position - below) * (upper - lower);
}

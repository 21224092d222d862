/**
 * The triangular distribution: what Parley draws an uncertain input from, given the
 * analyst's lowest plausible value, best guess and highest value.
 */
import type { Range } from '../scenario.js';

/**
 * Triangular quantile (inverse cumulative distribution function): the value below which a
 * fraction `probability` of the distribution lies. Feeding it a uniform draw in [0, 1)
 * gives a triangular draw (inverse transform sampling).
 *
 * With c = (mode − low) / (high − low), the CDF is (x − low)² / ((high − low)(mode − low))
 * up to the mode and 1 − (high − x)² / ((high − low)(high − mode)) after it; inverting the
 * two pieces gives the formula below.
 *
 * Reference: Kotz & van Dorp (2004), *Beyond Beta: Other Continuous Families of
 * Distributions with Bounded Support and Applications*, World Scientific, ch. 1
 * (eqs. 1.2–1.3 for the CDF); Devroye (1986), *Non-Uniform Random Variate Generation*,
 * Springer, §II.2 (the inversion method).
 *
 * Cost: O(1).
 *
 * @param range low ≤ mode ≤ high; a range with low = high is the point itself
 * @param probability in [0, 1]
 * @example triangularQuantile({ low: 0, mode: 0, high: 1 }, 0.75) // 0.5
 */
export function triangularQuantile(range: Range, probability: number): number {
  const { low, mode, high } = range;
  const width = high - low;
  if (width <= 0) return mode;
  const modeFraction = (mode - low) / width;
  if (probability < modeFraction) return low + Math.sqrt(probability * width * (mode - low));
  return high - Math.sqrt((1 - probability) * width * (high - mode));
}

/**
 * Mean of the triangular distribution: (low + mode + high) / 3 (Kotz & van Dorp 2004, eq. 1.8).
 *
 * Cost: O(1).
 *
 * @example triangularMean({ low: 0, mode: 3, high: 6 }) // 3
 */
export function triangularMean(range: Range): number {
  return (range.low + range.mode + range.high) / 3;
}

/**
 * Variance of the triangular distribution:
 * (low² + mode² + high² − low·mode − low·high − mode·high) / 18 (Kotz & van Dorp 2004, eq. 1.9).
 *
 * Cost: O(1).
 *
 * @example triangularVariance({ low: 0, mode: 0, high: 1 }) // 1 / 18
 */
export function triangularVariance(range: Range): number {
  const { low, mode, high } = range;
  return (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18;
}

/**
 * Probability density of the triangular distribution at `value` (0 outside [low, high]).
 *
 * Cost: O(1).
 *
 * @example triangularDensity({ low: 0, mode: 1, high: 2 }, 1) // 1
 */
export function triangularDensity(range: Range, value: number): number {
  const { low, mode, high } = range;
  if (value < low || value > high || high === low) return 0;
  if (value < mode) return (2 * (value - low)) / ((high - low) * (mode - low));
  if (value === mode) return 2 / (high - low);
  return (2 * (high - value)) / ((high - low) * (high - mode));
}

/**
 * Definitions every variant shares (EUM-SPEC §2): utilities of a fraction of the scale, risk
 * exponents, the weighted mean and medians, and what a run holds fixed and a round returns.
 */
import type { EumRoundRelations, EumVariant } from './types.js';

/** How a variant raises to a power: Math.pow (parley) or correctlyRoundedPow (the faithful variants). */
export type Power = (base: number, exponent: number) => number;

/**
 * Utility under a risk exponent (§2): u(v; r) = 2 − 4·v^r, v ∈ [0, 1] a distance as a
 * fraction of the scale. The base is clamped at 0 so rounding cannot produce NaN.
 *
 * @example utility(0.5, 1) // 0
 */
export function utility(fraction: number, riskExponent: number, power: Power = Math.pow): number {
  // biome-ignore lint/complexity/useMathMinMax: the ternary maps NaN to 0 as well, which Math.max would not.
  const base = fraction > 0 ? fraction : 0;
  return 2 - 4 * (riskExponent === 1 ? base : power(base, riskExponent));
}

/**
 * Risk exponents from danger levels (§2): R_j = (2D_j − Dmax − Dmin)/(Dmax − Dmin),
 * r_j = (1 − R_j/3)/(1 + R_j/3) ∈ [0.5, 2]. Returns null when Dmax = Dmin (the references
 * divide by zero there). O(n).
 *
 * @example riskExponents([1, 0, -1]) // [0.5000000000000001, 1, 1.9999999999999998]
 */
export function riskExponents(danger: ArrayLike<number>): Float64Array | null {
  let largest = -Infinity;
  let smallest = Infinity;
  for (let j = 0; j < danger.length; j++) {
    largest = Math.max(largest, danger[j]!);
    smallest = Math.min(smallest, danger[j]!);
  }
  if (largest === smallest) return null;
  const exponents = new Float64Array(danger.length);
  for (let j = 0; j < danger.length; j++) {
    const relativeDanger = (2 * danger[j]! - largest - smallest) / (largest - smallest);
    exponents[j] = (1 - relativeDanger / 3) / (1 + relativeDanger / 3);
  }
  return exponents;
}

/** Weighted mean Σ w x / Σ w (§2), summed in input order. O(n). */
export function weightedMean(positions: Float64Array, weights: Float64Array): number {
  let weightedSum = 0;
  let totalWeight = 0;
  for (let k = 0; k < positions.length; k++) {
    weightedSum += weights[k]! * positions[k]!;
    totalWeight += weights[k]!;
  }
  return weightedSum / totalWeight;
}

/**
 * The references' median (§3.6, §4.6): the actor position y minimising
 * F(y) = Σ w_k |x_k − y|, ties to the actor earliest in input order. O(n²).
 */
export function argminMedian(positions: Float64Array, weights: Float64Array): number {
  let best = positions[0]!;
  let bestCost = Infinity;
  for (let j = 0; j < positions.length; j++) {
    const candidate = positions[j]!;
    let cost = 0;
    for (let k = 0; k < positions.length; k++) cost += weights[k]! * Math.abs(positions[k]! - candidate);
    if (cost < bestCost) {
      bestCost = cost;
      best = candidate;
    }
  }
  return best;
}

/**
 * The lower weighted median (§8.1): the smallest actor position at which the weight at or
 * below it reaches half the total. O(n log n).
 *
 * @example lowerWeightedMedian(Float64Array.of(0, 10), Float64Array.of(1, 1)) // 0
 */
export function lowerWeightedMedian(positions: Float64Array, weights: Float64Array): number {
  const order = sortedOrder(positions);
  let totalWeight = 0;
  for (let s = 0; s < order.length; s++) totalWeight += weights[order[s]!]!;
  let weightAtOrBelow = 0;
  for (let s = 0; s < order.length; s++) {
    weightAtOrBelow += weights[order[s]!]!;
    if (2 * weightAtOrBelow >= totalWeight) return positions[order[s]!]!;
  }
  return positions[order[order.length - 1]!]!;
}

/** Actor indices sorted by position, ties in input order. */
export function sortedOrder(positions: Float64Array): Int32Array {
  const order = Int32Array.from(positions, (_, index) => index);
  order.sort((a, b) => positions[a]! - positions[b]! || a - b);
  return order;
}

// ---------------------------------------------------------------------------------------

/** What a run holds fixed: the actors' ids, weights and saliences, Δ and the options. */
export interface RunContext {
  variant: EumVariant;
  ids: string[];
  weights: Float64Array;
  saliences: Float64Array;
  delta: number;
  q: number;
  t: number;
  relations: boolean;
  power: Power;
  /** Room for every P_ij of a round (column-major), reused across rounds; null when n² is too large. */
  probabilityCache: Float64Array | null;
}

/** What a round produced; `null` from a round function means the reference would divide by zero (Dmax = Dmin). */
export interface RoundOutcome {
  positions: Float64Array;
  risk: Float64Array;
  relations?: EumRoundRelations;
}

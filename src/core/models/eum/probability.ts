/**
 * The probability of success from net votes (EUM-SPEC §3.1 step 3, §7): direct sums as the
 * references do, and the O(n log n) sorted form parley uses.
 */
import { sortedOrder } from './shared.js';

/**
 * Probability that i prevails over j by the net votes of all actors (§3.1 step 3), summed
 * directly: N_ij = Σ_k w_k(|x_k − x_j| − |x_k − x_i|), D_ij = Σ_k |that term|,
 * P_ij = max(0, N_ij)/D_ij, 0 when x_i = x_j or D_ij = 0. O(n).
 *
 * @example netVotesProbabilityDirect(Float64Array.of(0, 10), Float64Array.of(3, 1), 0, 1) // 0.5
 */
export function netVotesProbabilityDirect(positions: Float64Array, weights: Float64Array, challenger: number, target: number): number {
  const challengerPosition = positions[challenger]!;
  const targetPosition = positions[target]!;
  if (challengerPosition === targetPosition) return 0;
  let netVotes = 0;
  let totalVotes = 0;
  for (let k = 0; k < positions.length; k++) {
    const margin = weights[k]! * (Math.abs(positions[k]! - targetPosition) - Math.abs(positions[k]! - challengerPosition));
    netVotes += margin;
    totalVotes += Math.abs(margin);
  }
  return netVotes > 0 && totalVotes > 0 ? netVotes / totalVotes : 0;
}

/**
 * Every P_ij by the direct sum: row-major n×n (entry i·n + j). O(n³).
 */
export function successProbabilitiesDirect(positions: ArrayLike<number>, weights: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(positions);
  const w = Float64Array.from(weights);
  const n = x.length;
  const table = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) table[i * n + j] = netVotesProbabilityDirect(x, w, i, j);
  return table;
}

/**
 * Positions sorted once per round with prefix sums of weight and weight × position: what
 * the fast probability reads (§7). Positions are centred on the middle of their range to
 * keep the prefix sums small (two positions closer than the rounding unit of the centred
 * scale count as one).
 */
interface VoteIndex {
  order: Int32Array;
  rank: Int32Array;
  /** Centred positions in sorted order. */
  sorted: Float64Array;
  sortedWeight: Float64Array;
  /** prefixWeight[s] = Σ of the weights of the first s sorted actors. */
  prefixWeight: Float64Array;
  /** prefixMoment[s] = Σ weight × centred position of the first s sorted actors. */
  prefixMoment: Float64Array;
  totalWeight: number;
}

/** Pairs with at most this many actors between them (inclusive) are summed directly: exact where prefix sums would cancel. */
const directSpan = 8;

export function buildVoteIndex(positions: Float64Array, weights: Float64Array): VoteIndex {
  const n = positions.length;
  const order = sortedOrder(positions);
  const rank = new Int32Array(n);
  const centre = (positions[order[0]!]! + positions[order[n - 1]!]!) / 2;
  const sorted = new Float64Array(n);
  const sortedWeight = new Float64Array(n);
  const prefixWeight = new Float64Array(n + 1);
  const prefixMoment = new Float64Array(n + 1);
  for (let s = 0; s < n; s++) {
    const actor = order[s]!;
    rank[actor] = s;
    sorted[s] = positions[actor]! - centre;
    sortedWeight[s] = weights[actor]!;
    prefixWeight[s + 1] = prefixWeight[s]! + sortedWeight[s]!;
    prefixMoment[s + 1] = prefixMoment[s]! + sortedWeight[s]! * sorted[s]!;
  }
  return { order, rank, sorted, sortedWeight, prefixWeight, prefixMoment, totalWeight: prefixWeight[n]! };
}

/** First sorted index whose position is ≥ value (binary search, O(log n)). */
function firstAtOrAbove(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * P_ij from the index (§7), for the actors at sorted ranks `challengerRank` and
 * `targetRank`, given `split`, the first sorted index at or above the midpoint of the two.
 * With a ≤ b the two positions, every voter outside [a, b] adds ±(b − a) to the net votes
 * (toward the nearer end) and b − a to the total; a voter at x inside adds a + b − 2x
 * toward a: positive below the midpoint, negative above. O(1).
 */
function rankedProbability(index: VoteIndex, challengerRank: number, targetRank: number, split: number): number {
  const { sorted, prefixWeight, prefixMoment } = index;
  if (sorted[challengerRank] === sorted[targetRank]) return 0;
  const lowRank = Math.min(challengerRank, targetRank);
  const highRank = Math.max(challengerRank, targetRank);
  const low = sorted[lowRank]!;
  const high = sorted[highRank]!;
  const width = high - low;
  const ends = low + high;
  const weightBelow = prefixWeight[lowRank]!;
  const weightAbove = index.totalWeight - prefixWeight[highRank + 1]!;
  let insideNet: number;
  let insideTotal: number;
  if (highRank - lowRank <= directSpan) {
    insideNet = 0;
    insideTotal = 0;
    for (let s = lowRank; s <= highRank; s++) {
      const margin = index.sortedWeight[s]! * (ends - 2 * sorted[s]!);
      insideNet += margin;
      insideTotal += Math.abs(margin);
    }
  } else {
    const towardLow = ends * (prefixWeight[split]! - prefixWeight[lowRank]!) - 2 * (prefixMoment[split]! - prefixMoment[lowRank]!);
    const towardHigh = 2 * (prefixMoment[highRank + 1]! - prefixMoment[split]!) - ends * (prefixWeight[highRank + 1]! - prefixWeight[split]!);
    insideNet = towardLow - towardHigh;
    insideTotal = towardLow + towardHigh;
  }
  const netTowardLow = width * (weightBelow - weightAbove) + insideNet;
  const totalVotes = width * (weightBelow + weightAbove) + insideTotal;
  const netVotes = challengerRank < targetRank ? netTowardLow : -netTowardLow;
  return netVotes > 0 && totalVotes > 0 ? netVotes / totalVotes : 0;
}

/** P_ij for one pair from the index (the same split as a column fill finds): O(log n). */
export function indexedPairProbability(index: VoteIndex, challenger: number, target: number): number {
  const challengerRank = index.rank[challenger]!;
  const targetRank = index.rank[target]!;
  const midpoint = (index.sorted[challengerRank]! + index.sorted[targetRank]!) / 2;
  return rankedProbability(index, challengerRank, targetRank, firstAtOrAbove(index.sorted, midpoint));
}

/**
 * Column j of P (P_ij for every challenger i) from the index: challengers in sorted order,
 * so the midpoint only moves up and its split index is a pointer. O(n).
 */
export function fillIndexedColumn(index: VoteIndex, target: number, column: Float64Array): void {
  const { sorted, order } = index;
  const targetRank = index.rank[target]!;
  const targetPosition = sorted[targetRank]!;
  let split = 0;
  for (let s = 0; s < sorted.length; s++) {
    const midpoint = (sorted[s]! + targetPosition) / 2;
    while (split < sorted.length && sorted[split]! < midpoint) split++;
    column[order[s]!] = rankedProbability(index, s, targetRank, split);
  }
}

/**
 * Every P_ij by sorting and prefix sums (§7): row-major n×n (entry i·n + j), equal to
 * `successProbabilitiesDirect` up to rounding. O(n log n) to sort, O(n²) for the table.
 *
 * @example successProbabilities([0, 10], [3, 1])[1] // 0.5 (P of actor 0 over actor 1)
 */
export function successProbabilities(positions: ArrayLike<number>, weights: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(positions);
  const w = Float64Array.from(weights);
  const n = x.length;
  const table = new Float64Array(n * n);
  if (n === 0) return table;
  const index = buildVoteIndex(x, w);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    fillIndexedColumn(index, j, column);
    for (let i = 0; i < n; i++) table[i * n + j] = column[i]!;
  }
  return table;
}

// ---------------------------------------------------------------------------------------

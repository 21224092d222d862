/**
 * The expected utility model of Bueno de Mesquita: actors challenge one another on a
 * one-dimensional issue, each weighing the chance of winning a contest (the net votes of
 * every actor, weighted by capability × salience) against what it risks, and the ones that
 * expect to lose give way. Round after round positions move; the forecast is where the
 * weighted median settles.
 *
 * References: Bueno de Mesquita (1994), "Political forecasting: an expected utility method",
 * in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*; Scholz,
 * Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model", Journal
 * of Theoretical Politics 23(4). The rules follow `EUM-SPEC.md` of the reference folder
 * (reference/bdm), whose section numbers (§) are cited below.
 *
 * # Variants
 * - `parley` (default): the `net-votes` rules with the spec's recommended changes (§8).
 * - `net-votes`: the replication dmasad/BDM_DecisionModel_Replication at aa3899a (§3),
 *   reproduced round for round, quirks included.
 * - `scholz-code`: the replication jmckib/bdm-scholz-expected-utility-model at 55f63e9,
 *   which reproduces Scholz et al.'s own code (§4), quirks included.
 *
 * # Quirks kept in the faithful variants (they exist to match the literature)
 * - net-votes: in the second pass of a round the status quo point μ is the weighted
 *   **mean**, not the median (§3.1 step 6); the `(1 − Q)` term is **added** where Scholz et
 *   al. subtract it (§3.1 step 4). Both vanish at the default Q = 1.
 * - net-votes and scholz-code: when every actor's danger is equal (Dmax = Dmin, e.g. every
 *   actor at one position) the references divide by zero; here the run stops before that
 *   round, reported as `stable` (§5).
 * - scholz-code: every probability shares one denominator S summed over all voters and all
 *   pairs of actors, so probabilities are small (§4.2); capitulations never happen because
 *   the original tests `e_ba < |e_ba|` (§4.4 step 2); among compromises an actor takes the
 *   one with the smallest key `(|e_ab|·x_a + |e_ba|·x_b)/(|e_ab| + |e_ba|)`, a point on the
 *   scale, which favours low positions (§4.4 step 3).
 * - Both report the argmin of F(y) = Σ w_k |x_k − y| over actor positions as the median,
 *   ties to the earliest actor in input order (§3.6, §4.6).
 * Where a reference would produce NaN without stopping (a probability with denominator 0,
 * a utility of a negative base), the faithful variants use the parley guard (P = 0, base
 * clamped at 0); no reference run reaches either.
 *
 * # Parley's rules (§8), and the choices made where the spec leaves room
 * - Actors keyed by id; ties go to the actor earliest in input order.
 * - The median is the lower weighted median (§8.1).
 * - Δ = 0 (all at one position): the forecast is that position, `stable`, zero rounds.
 * - Dmax = Dmin: every exponent r = 1 and the run goes on; a probability whose denominator
 *   is 0 is 0; actors with zero weight do not vote but still move. Fewer than two actors,
 *   or a total weight of 0, is an input error.
 * - The `(1 − Q)` term is subtracted, as in Scholz et al.; Q and T are options (default 1).
 * - Choice: μ is the median in **both** passes of a round (the spec calls the mean of the
 *   net-votes second pass a quirk of that replication and §8 does not restate it). It only
 *   matters when Q ≠ 1.
 * - Stopping (§8.5) after each round t ≥ 1: `stable` when nobody moved or the last three
 *   medians agree within ε = stabilityTolerance·Δ; `cycle` of period 2, 3 or 4 when the
 *   medians of the last 2p rounds repeat with period p within cycleTolerance·Δ and the last
 *   p medians span more than ε (the forecast is their mean); else `max-rounds`.
 * - P from sorted positions and prefix sums (§7): O(n log n) to sort, then each pair in
 *   O(1) with a midpoint pointer (O(log n) with a binary search for a single pair).
 * The stopping rules are the parley variant's alone (§8.5). The faithful variants run
 * every requested round (default 20, as the reference runs), as the references do; their
 * only early stop is the degenerate state of §5 (equal danger levels, where the reference
 * would divide by zero next). A cycle they end in is still reported. `parley` can run a
 * fixed number of rounds too (`fixedRounds`).
 *
 * # Cost per round
 * - parley: O(n²) time (O(n² log n) with the per-pair binary search the spec describes).
 * - net-votes: O(n³), the direct sums of the reference, in its order.
 * - scholz-code: O(n³), for its probabilities; its denominator S is summed literally too
 *   (the reference's order, bit for bit) rather than in the O(n² log n) form of §7.
 * Two devices keep the round fast and its outcome unchanged, bit for bit: P is kept from
 * the first pass for the second (up to 2048 actors: 32 MB), and without the relation map
 * the offer pass skips challengers whose cheap upper bound on EU_ij cannot beat the best
 * offer already found (`challengeUtilityBound`): about 9 pairs in 10 at 1000 actors.
 * The faithful variants raise to powers with `correctlyRoundedPow` (see there).
 */
import { decidersOutcome } from '../lobbying.js';
import { ParleyError } from '../resolve.js';
import { correctlyRoundedPow } from '../numerics/pow.js';
import type { ExplainOptions, IssueForecast, IssueInput, Model, ModelRunOptions, ParamSpec, ParamValues, PointScenario } from '../model.js';

// ---------------------------------------------------------------------------------------
// Input, options and output
// ---------------------------------------------------------------------------------------

export const eumVariants = ['parley', 'net-votes', 'scholz-code'] as const;
export type EumVariant = (typeof eumVariants)[number];

/** One actor on the issue: capability any non-negative scale, salience 0..1. */
export interface EumActor {
  id: string;
  /** Display name for explanations; the id when absent. */
  name?: string;
  capability: number;
  position: number;
  salience: number;
}

export interface EumOptions {
  /** Default `parley`. */
  variant?: EumVariant;
  /**
   * Rounds to run: the faithful variants run exactly this many (default 20, as the
   * reference runs); `parley` at most this many (default 100).
   */
  rounds?: number;
  /** parley: run exactly `rounds` rounds, with no stability or cycle stop. The faithful variants always do. Default false. */
  fixedRounds?: boolean;
  /** Medians within this fraction of Δ count as equal for `stable`. Default 1e-6. */
  stabilityTolerance?: number;
  /** Medians within this fraction of Δ count as repeating for `cycle`. Default 0.02. */
  cycleTolerance?: number;
  /** Weight of the status quo in the expected utility (Scholz et al.'s Q). Default 1. */
  q?: number;
  /** Probability that the status quo gets better (Scholz et al.'s T; not used by scholz-code). Default 1. */
  t?: number;
  /** Keep the relation map of every round (n² entries a round). Default true. */
  relations?: boolean;
}

export type EumStop = 'stable' | 'cycle' | 'max-rounds';

/** The state after a round; round 0 is the input. */
export interface EumRoundState {
  round: number;
  median: number;
  mean: number;
  positions: Record<string, number>;
}

/**
 * What a challenger i expects in its contest with a target j (§8.7), from the values
 * a = EU_ij and b = EU_ji:
 * - `none`: a ≤ 0 < b, i does not challenge j (the pair (j, i) carries the relation);
 * - `stalemate`: neither challenges (a ≤ 0, b ≤ 0), or j would not move (b = 0, |b| = a);
 * - `conflict`: both expect to gain (a > 0, b > 0); `winner` is the side expected to win;
 * - `compromise`: j expects to lose less than i gains (b < 0, |b| < a);
 * - `capitulation`: j expects to lose more than i gains (b < 0, |b| > a).
 */
export type EumRelationKind = 'conflict' | 'compromise' | 'capitulation' | 'stalemate' | 'none';

export interface EumRelation {
  challenger: string;
  target: string;
  kind: EumRelationKind;
  /** For a conflict: the side expected to win it (the target gives way when the challenger wins). */
  winner?: 'challenger' | 'target';
  /** EU_ij: what the challenger expects from challenging the target. */
  challengerUtility: number;
  /** EU_ji: what the target expects from challenging the challenger. */
  targetUtility: number;
  /** P_ij: the probability that the challenger prevails. */
  probability: number;
  /** Where the target would move if it accepted this offer; absent when it would not move. */
  to?: number;
  /** Present when the target took this offer in the round. */
  taken?: true;
}

/** One voter's part in a contest: positive shares back the challenger, negative the target; |shares| sum to 1. */
export interface EumShare {
  actor: string;
  share: number;
}

/** An actor that gave way in a round: to whom, how, and the votes that decided the contest. */
export interface EumMove {
  actor: string;
  by: string;
  kind: 'conflict' | 'compromise' | 'capitulation';
  from: number;
  to: number;
  /** Every voter with a non-zero say, largest first. */
  shares: EumShare[];
}

/** The contests of one round, computed from the positions at the start of the round. */
export interface EumRoundRelations {
  round: number;
  /** Every ordered pair (challenger, target), challengers in input order. */
  pairs: EumRelation[];
  moves: EumMove[];
}

export interface EumCycle {
  period: number;
  /** The medians of the last `period` rounds, oldest first. */
  medians: number[];
  mean: number;
}

export interface EumRun {
  variant: EumVariant;
  /** The scale width: the range of the input positions, fixed for the run. */
  delta: number;
  /** Input order; weight = capability × salience. */
  actors: Array<{ id: string; name: string; weight: number }>;
  /** The last median, or the mean of the cycle's medians when stop = 'cycle'. */
  forecast: number;
  median: number;
  weightedMean: number;
  stop: EumStop;
  rounds: number;
  /** The cycle the medians ended in, if any (also reported after a fixed-round run, whose forecast stays the last median). */
  cycle: EumCycle | null;
  trajectory: EumRoundState[];
  /** The risk exponents of each round (round 0: all 1), aligned with `trajectory`. */
  risk: Array<Record<string, number>>;
  finalPositions: Record<string, number>;
  /** relations[t − 1] holds round t's contests; absent when the option is off. */
  relations?: EumRoundRelations[];
  notes: string[];
}

const defaults = {
  rounds: 100,
  /** The reference runs (shared trajectories, EUM-SPEC §5) print 20 rounds. */
  faithfulRounds: 20,
  stabilityTolerance: 1e-6,
  cycleTolerance: 0.02,
  q: 1,
  t: 1,
} as const;

// ---------------------------------------------------------------------------------------
// Shared definitions (§2)
// ---------------------------------------------------------------------------------------

/** How a variant raises to a power: Math.pow (parley) or correctlyRoundedPow (the faithful variants). */
type Power = (base: number, exponent: number) => number;

/**
 * Utility under a risk exponent (§2): u(v; r) = 2 − 4·v^r, v ∈ [0, 1] a distance as a
 * fraction of the scale. The base is clamped at 0 so rounding cannot produce NaN.
 *
 * @example utility(0.5, 1) // 0
 */
export function utility(fraction: number, riskExponent: number, power: Power = Math.pow): number {
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
function weightedMean(positions: Float64Array, weights: Float64Array): number {
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
function argminMedian(positions: Float64Array, weights: Float64Array): number {
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
function sortedOrder(positions: Float64Array): Int32Array {
  const order = Int32Array.from(positions, (_, index) => index);
  order.sort((a, b) => positions[a]! - positions[b]! || a - b);
  return order;
}

// ---------------------------------------------------------------------------------------
// Probability of success from net votes (§3.1 step 3, §7)
// ---------------------------------------------------------------------------------------

/**
 * Probability that i prevails over j by the net votes of all actors (§3.1 step 3), summed
 * directly: N_ij = Σ_k w_k(|x_k − x_j| − |x_k − x_i|), D_ij = Σ_k |that term|,
 * P_ij = max(0, N_ij)/D_ij, 0 when x_i = x_j or D_ij = 0. O(n).
 *
 * @example netVotesProbabilityDirect(Float64Array.of(0, 10), Float64Array.of(3, 1), 0, 1) // 0.5
 */
export function netVotesProbabilityDirect(
  positions: Float64Array,
  weights: Float64Array,
  challenger: number,
  target: number,
): number {
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

function buildVoteIndex(positions: Float64Array, weights: Float64Array): VoteIndex {
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
    const towardHigh =
      2 * (prefixMoment[highRank + 1]! - prefixMoment[split]!) - ends * (prefixWeight[highRank + 1]! - prefixWeight[split]!);
    insideNet = towardLow - towardHigh;
    insideTotal = towardLow + towardHigh;
  }
  const netTowardLow = width * (weightBelow - weightAbove) + insideNet;
  const totalVotes = width * (weightBelow + weightAbove) + insideTotal;
  const netVotes = challengerRank < targetRank ? netTowardLow : -netTowardLow;
  return netVotes > 0 && totalVotes > 0 ? netVotes / totalVotes : 0;
}

/** P_ij for one pair from the index (the same split as a column fill finds): O(log n). */
function indexedPairProbability(index: VoteIndex, challenger: number, target: number): number {
  const challengerRank = index.rank[challenger]!;
  const targetRank = index.rank[target]!;
  const midpoint = (index.sorted[challengerRank]! + index.sorted[targetRank]!) / 2;
  return rankedProbability(index, challengerRank, targetRank, firstAtOrAbove(index.sorted, midpoint));
}

/**
 * Column j of P (P_ij for every challenger i) from the index: challengers in sorted order,
 * so the midpoint only moves up and its split index is a pointer. O(n).
 */
function fillIndexedColumn(index: VoteIndex, target: number, column: Float64Array): void {
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
// One round of net-votes / parley (§3.1, §8)
// ---------------------------------------------------------------------------------------

/** What a run holds fixed: the actors' ids, weights and saliences, Δ and the options. */
interface RunContext {
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
interface RoundOutcome {
  positions: Float64Array;
  risk: Float64Array;
  relations?: EumRoundRelations;
}

/**
 * EU_ij of net-votes / parley (§3.1 step 4; Scholz et al. eq. for the expected utility of
 * challenging): s_j(P Us + (1 − P)Uf) + (1 − s_j)Us − Q·Usq ∓ (1 − Q)(T·Ub + (1 − T)Uw).
 * The sign of the last term is + in net-votes (its quirk), − in parley.
 */
function challengeUtility(
  context: RunContext,
  challengerPosition: number,
  targetPosition: number,
  targetSalience: number,
  probability: number,
  riskExponent: number,
  statusQuoUtility: number,
  statusQuo: number,
): number {
  const { power, q, t } = context;
  const gap = Math.abs(challengerPosition - targetPosition) / context.delta;
  const successUtility = utility(0.5 - 0.5 * gap, riskExponent, power);
  const failureUtility = utility(0.5 + 0.5 * gap, riskExponent, power);
  const contest = targetSalience * (probability * successUtility + (1 - probability) * failureUtility) + (1 - targetSalience) * successUtility;
  if (q === 1) return contest - statusQuoUtility;
  const drift = 0.25 * ((Math.abs(challengerPosition - statusQuo) + Math.abs(challengerPosition - targetPosition)) / context.delta);
  const betterUtility = utility(0.5 - drift, riskExponent, power);
  const worseUtility = utility(0.5 + drift, riskExponent, power);
  const statusQuoChange = (1 - q) * (t * betterUtility + (1 - t) * worseUtility);
  // net-votes quirk (§3.1 step 4): the term enters with a plus sign (the reference computes EU −= Q·Usq − (1 − Q)(…)).
  return context.variant === 'net-votes' ? contest - (q * statusQuoUtility - statusQuoChange) : contest - q * statusQuoUtility - statusQuoChange;
}

/** How a target answers the best offer it got (§3.1 step 8): the move, or null when it holds. */
function response(
  offerUtility: number,
  ownUtility: number,
  targetPosition: number,
  challengerPosition: number,
): { kind: EumMove['kind']; to: number } | null {
  if (ownUtility > 0 && ownUtility < offerUtility) return { kind: 'conflict', to: challengerPosition };
  if (ownUtility < 0 && -ownUtility < offerUtility) {
    return { kind: 'compromise', to: targetPosition + (challengerPosition - targetPosition) * Math.abs(ownUtility / offerUtility) };
  }
  if (ownUtility < 0 && -ownUtility > offerUtility) return { kind: 'capitulation', to: challengerPosition };
  return null;
}

/** The relation kind of §8.7 from a = EU_ij and b = EU_ji. */
function relationKind(a: number, b: number): { kind: EumRelationKind; winner?: 'challenger' | 'target' } {
  if (a <= 0) return { kind: b <= 0 ? 'stalemate' : 'none' };
  if (b > 0) return { kind: 'conflict', winner: b < a ? 'challenger' : 'target' };
  if (b < 0 && -b < a) return { kind: 'compromise' };
  if (b < 0 && -b > a) return { kind: 'capitulation' };
  return { kind: 'stalemate' };
}

/**
 * An upper bound on EU_ij at Q = 1, cheap to compute, to skip challengers that cannot make
 * a target's best offer. With B = s_j(1 − P_ij), g = |x_i − x_j|/Δ and r = r_i,
 * EU_ij = 4·0.5^r·(1 − (1 − B)(1 − g)^r − B(1 + g)^r). For r ≥ 1 both powers lie above their
 * tangents at g = 0 (Bernoulli), for r < 1 above their chords on [0, 1]; hence
 * EU_ij ≤ 4·0.5^r·g·r·(1 − 2B) (r ≥ 1) and EU_ij ≤ 4·0.5^r·g·(1 − 2^r·B) (r < 1).
 */
function challengeUtilityBound(gap: number, bias: number, riskExponent: number, halfPower: number, twoPower: number): number {
  return riskExponent >= 1
    ? 4 * halfPower * gap * riskExponent * (1 - 2 * bias)
    : 4 * halfPower * gap * (1 - twoPower * bias);
}

/** Up to this many actors (32 MB of probabilities) a round computes P once instead of once a pass. */
const maxCachedActors = 2048;

/** Bounds within this of the best offer are evaluated anyway: rounding cannot make a skip wrong. */
const boundMargin = 1e-12;

/**
 * One round of net-votes or parley (§3.1): exponents from a first pass at r = 1, offers
 * from a second pass, every target answering its best offer at once. Returns null when
 * net-votes would divide by zero (Dmax = Dmin).
 *
 * Both passes go target by target (a column of P at a time). Without the relation map
 * (which needs every EU) and at Q = 1, the second pass evaluates first the challenger with
 * the highest `challengeUtilityBound`, then only challengers whose bound could still beat
 * the best offer: the outcome is the same, bit for bit, at a fraction of the powers.
 */
function netVotesRound(context: RunContext, positions: Float64Array): RoundOutcome | null {
  const n = positions.length;
  const { weights, saliences, delta } = context;
  const faithful = context.variant === 'net-votes';
  const index = faithful ? null : buildVoteIndex(positions, weights);
  // P does not depend on r: the second pass reads the first pass's columns when they fit.
  const cache = context.probabilityCache;
  const scratch = new Float64Array(n);
  const probabilityColumn = (target: number, pass: 1 | 2): Float64Array => {
    const column = cache ? cache.subarray(target * n, target * n + n) : scratch;
    if (cache && pass === 2) return column;
    if (index) fillIndexedColumn(index, target, column);
    else for (let i = 0; i < n; i++) column[i] = netVotesProbabilityDirect(positions, weights, i, target);
    return column;
  };
  const pairProbability = (challenger: number, target: number): number =>
    index ? indexedPairProbability(index, challenger, target) : netVotesProbabilityDirect(positions, weights, challenger, target);

  // Steps 1–4, first pass with every r = 1: the danger D_j = Σ_{i≠j} EU_ij.
  const firstStatusQuo = faithful ? argminMedian(positions, weights) : lowerWeightedMedian(positions, weights);
  const danger = new Float64Array(n);
  const neutralStatusQuo = utility(0.5, 1);
  for (let j = 0; j < n; j++) {
    const column = probabilityColumn(j, 1);
    let targetDanger = 0;
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      targetDanger += challengeUtility(context, positions[i]!, positions[j]!, saliences[j]!, column[i]!, 1, neutralStatusQuo, firstStatusQuo);
    }
    danger[j] = targetDanger;
  }
  // Step 5: risk exponents from danger (§2).
  let risk = riskExponents(danger);
  if (!risk) {
    if (faithful) return null;
    risk = new Float64Array(n).fill(1);
  }
  // Step 6: second pass with the new exponents; net-votes' quirk takes the mean as μ.
  const secondStatusQuo = faithful ? weightedMean(positions, weights) : firstStatusQuo;
  const statusQuoUtilities = risk.map((exponent) => utility(0.5, exponent, context.power));
  const utilityOf = (challenger: number, target: number, probability: number): number =>
    challengeUtility(
      context,
      positions[challenger]!,
      positions[target]!,
      saliences[target]!,
      probability,
      risk[challenger]!,
      statusQuoUtilities[challenger]!,
      secondStatusQuo,
    );
  const utilityTable = context.relations ? new Float64Array(n * n) : null;
  const probabilityTable = context.relations ? new Float64Array(n * n) : null;
  const prune = !context.relations && context.q === 1;
  const halfPowers = risk.map((exponent) => context.power(0.5, exponent));
  const twoPowers = risk.map((exponent) => context.power(2, exponent));
  const bounds = new Float64Array(n);
  // Step 7: i sends j an offer when EU_ij > 0; j keeps the largest value, then the nearest
  // target, then the first sender in input order.
  const bestSender = new Int32Array(n).fill(-1);
  const bestValue = new Float64Array(n);
  const bestGap = new Float64Array(n);
  const consider = (target: number, challenger: number, offer: number): void => {
    if (!(offer > 0)) return;
    const offerGap = Math.abs(positions[challenger]! - positions[target]!);
    const sender = bestSender[target]!;
    const value = bestValue[target]!;
    if (sender < 0 || offer > value || (offer === value && (offerGap < bestGap[target]! || (offerGap === bestGap[target]! && challenger < sender)))) {
      bestSender[target] = challenger;
      bestValue[target] = offer;
      bestGap[target] = offerGap;
    }
  };
  for (let j = 0; j < n; j++) {
    const column = probabilityColumn(j, 2);
    const targetPosition = positions[j]!;
    if (prune) {
      let mostPromising = -1;
      for (let i = 0; i < n; i++) {
        if (i === j) continue;
        const bias = saliences[j]! * (1 - column[i]!);
        bounds[i] = challengeUtilityBound(Math.abs(positions[i]! - targetPosition) / delta, bias, risk[i]!, halfPowers[i]!, twoPowers[i]!);
        if (mostPromising < 0 || bounds[i]! > bounds[mostPromising]!) mostPromising = i;
      }
      if (mostPromising >= 0) consider(j, mostPromising, utilityOf(mostPromising, j, column[mostPromising]!));
      for (let i = 0; i < n; i++) {
        if (i === j || i === mostPromising || bounds[i]! + boundMargin < bestValue[j]!) continue;
        consider(j, i, utilityOf(i, j, column[i]!));
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (i === j) continue;
        const offer = utilityOf(i, j, column[i]!);
        if (utilityTable && probabilityTable) {
          utilityTable[i * n + j] = offer;
          probabilityTable[i * n + j] = column[i]!;
        }
        consider(j, i, offer);
      }
    }
  }
  // Step 8: responses, all from values computed before anyone moves.
  const next = Float64Array.from(positions);
  const moves: EumMove[] = [];
  for (let j = 0; j < n; j++) {
    const i = bestSender[j]!;
    if (i < 0) continue;
    const ownUtility = utilityTable ? utilityTable[j * n + i]! : utilityOf(j, i, pairProbability(j, i));
    const answer = response(bestValue[j]!, ownUtility, positions[j]!, positions[i]!);
    if (!answer) continue;
    next[j] = answer.to;
    if (context.relations) {
      moves.push({
        actor: context.ids[j]!,
        by: context.ids[i]!,
        kind: answer.kind,
        from: positions[j]!,
        to: answer.to,
        shares: voteShares(context, (k) => weights[k]! * (Math.abs(positions[k]! - positions[j]!) - Math.abs(positions[k]! - positions[i]!))),
      });
    }
  }
  const outcome: RoundOutcome = { positions: next, risk };
  if (utilityTable && probabilityTable) {
    outcome.relations = {
      round: 0,
      pairs: relationPairs(context, positions, bestSender, (i, j) => ({
        challengerUtility: utilityTable[i * n + j]!,
        targetUtility: utilityTable[j * n + i]!,
        probability: probabilityTable[i * n + j]!,
      })),
      moves,
    };
  }
  return outcome;
}

/** Each voter's signed margin as a share of all margins, non-zero only, largest first. O(n log n). */
function voteShares(context: RunContext, margin: (voter: number) => number): EumShare[] {
  const margins = context.ids.map((_, voter) => margin(voter));
  const totalMargin = margins.reduce((sum, value) => sum + Math.abs(value), 0);
  if (!(totalMargin > 0)) return [];
  return margins
    .map((value, voter) => ({ actor: context.ids[voter]!, share: value / totalMargin }))
    .filter((entry) => entry.share !== 0)
    .sort((a, b) => Math.abs(b.share) - Math.abs(a.share));
}

/** The relation map of a round (§8.7): every ordered pair, challengers in input order. O(n²). */
function relationPairs(
  context: RunContext,
  positions: Float64Array,
  chosenSender: Int32Array,
  values: (challenger: number, target: number) => { challengerUtility: number; targetUtility: number; probability: number },
  capitulationMoves = true,
): EumRelation[] {
  const n = positions.length;
  const pairs: EumRelation[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const { challengerUtility, targetUtility, probability } = values(i, j);
      const { kind, winner } = relationKind(challengerUtility, targetUtility);
      const relation: EumRelation = {
        challenger: context.ids[i]!,
        target: context.ids[j]!,
        kind,
        challengerUtility,
        targetUtility,
        probability,
      };
      if (winner) relation.winner = winner;
      const to =
        (kind === 'conflict' && winner === 'challenger') || (kind === 'capitulation' && capitulationMoves)
          ? positions[i]!
          : kind === 'compromise'
            ? positions[j]! + (positions[i]! - positions[j]!) * Math.abs(targetUtility / challengerUtility)
            : undefined;
      if (to !== undefined) relation.to = to;
      if (chosenSender[j] === i) relation.taken = true;
      pairs.push(relation);
    }
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------
// One round of scholz-code (§4)
// ---------------------------------------------------------------------------------------

/**
 * Each voter's distance to each actor as a fraction of Δ raised to the voter's exponent:
 * entry k·n + m = (|x_k − x_m|/Δ)^{r_k} (§4.1). O(n²).
 */
function voterDistances(positions: Float64Array, delta: number, exponents: Float64Array | null, power: Power): Float64Array {
  const n = positions.length;
  const table = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const exponent = exponents ? exponents[k]! : 1;
    for (let m = 0; m < n; m++) {
      const fraction = Math.abs(positions[k]! - positions[m]!) / delta;
      table[k * n + m] = exponent === 1 ? fraction : power(fraction, exponent);
    }
  }
  return table;
}

/**
 * The shared denominator S = Σ_k Σ_m Σ_n |w_k(v_kn − v_km)| (§4.2), summed literally in the
 * reference's order (voter, then both actors). O(n³).
 *
 * The O(n² log n) form of §7 (each voter's sorted values, 2·Σ_t (2t − N + 1)·v_(t)) also
 * stays within 1e-12 of every reference run; the literal sum reproduces them bit for bit,
 * and a round of this variant costs O(n³) anyway (its probabilities).
 */
function scholzDenominator(distances: Float64Array, weights: Float64Array): number {
  const n = weights.length;
  let denominator = 0;
  for (let k = 0; k < n; k++) {
    const weight = weights[k]!;
    const row = k * n;
    for (let m = 0; m < n; m++) {
      const toFirst = distances[row + m]!;
      for (let other = 0; other < n; other++) denominator += Math.abs(weight * (distances[row + other]! - toFirst));
    }
  }
  return denominator;
}

/** P(x_a, x_b) of scholz-code (§4.2): Σ_k max(0, w_k(v_kb − v_ka)) / S. O(n). */
function scholzProbability(
  distances: Float64Array,
  weights: Float64Array,
  denominator: number,
  positions: Float64Array,
  a: number,
  b: number,
): number {
  if (positions[a] === positions[b] || !(denominator > 0)) return 0;
  const n = weights.length;
  let support = 0;
  for (let k = 0; k < n; k++) {
    const preference = weights[k]! * (distances[k * n + b]! - distances[k * n + a]!);
    if (preference > 0) support += preference;
  }
  return support / denominator;
}

/** Us, Uf and Usq of scholz-code (§4.3) for a distance, with the exponent of the point of view. */
interface ViewUtilities {
  success: number;
  failure: number;
  statusQuo: number;
}

function viewUtilities(context: RunContext, distance: number, viewExponent: number): ViewUtilities {
  return {
    success: utility(0.5 - (0.5 * distance) / context.delta, viewExponent, context.power),
    failure: utility(0.5 + (0.5 * distance) / context.delta, viewExponent, context.power),
    statusQuo: utility(0.5, viewExponent, context.power),
  };
}

/**
 * EU^p(i → j) of scholz-code (§4.3): s_j(P·Us + (1 − P)·Uf) + (1 − s_j)·Us − q·Usq, with the
 * utilities from the point of view p (both directions of a pair share them).
 */
function scholzUtility(context: RunContext, utilities: ViewUtilities, targetSalience: number, probability: number): number {
  return (
    targetSalience * (probability * utilities.success + (1 - probability) * utilities.failure) +
    (1 - targetSalience) * utilities.success -
    context.q * utilities.statusQuo
  );
}

/** One round of scholz-code (§4.4). Returns null when it would divide by zero (Dmax = Dmin). */
function scholzRound(context: RunContext, positions: Float64Array): RoundOutcome | null {
  const n = positions.length;
  const { weights, saliences, delta } = context;
  // Step 1: danger with every exponent 1, then the exponents.
  const flatDistances = voterDistances(positions, delta, null, context.power);
  const flatDenominator = scholzDenominator(flatDistances, weights);
  const danger = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      const probability = scholzProbability(flatDistances, weights, flatDenominator, positions, i, j);
      danger[j]! += scholzUtility(context, viewUtilities(context, Math.abs(positions[i]! - positions[j]!), 1), saliences[j]!, probability);
    }
  }
  const risk = riskExponents(danger);
  if (!risk) return null;
  // S depends on the exponents: recomputed with the new ones.
  const distances = voterDistances(positions, delta, risk, context.power);
  const denominator = scholzDenominator(distances, weights);
  // Steps 2–3: each receiving actor a weighs every other b from its own point of view.
  const utilityTable = context.relations ? new Float64Array(n * n) : null;
  const targetTable = context.relations ? new Float64Array(n * n) : null;
  const probabilityTable = context.relations ? new Float64Array(n * n) : null;
  const chosenSender = new Int32Array(n).fill(-1);
  const next = Float64Array.from(positions);
  const moves: EumMove[] = [];
  for (let a = 0; a < n; a++) {
    const ownPosition = positions[a]!;
    let confrontation = -1;
    let confrontationGap = Infinity;
    let compromise = -1;
    let compromiseKey = Infinity;
    let compromisePosition = ownPosition;
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const otherPosition = positions[b]!;
      const distance = Math.abs(ownPosition - otherPosition);
      const probabilityOwn = scholzProbability(distances, weights, denominator, positions, a, b);
      const probabilityOther = scholzProbability(distances, weights, denominator, positions, b, a);
      const utilities = viewUtilities(context, distance, risk[a]!);
      const ownUtility = scholzUtility(context, utilities, saliences[b]!, probabilityOwn); // e_ab
      const otherUtility = scholzUtility(context, utilities, saliences[a]!, probabilityOther); // e_ba
      if (utilityTable && targetTable && probabilityTable) {
        utilityTable[b * n + a] = otherUtility;
        targetTable[b * n + a] = ownUtility;
        probabilityTable[b * n + a] = probabilityOther;
      }
      if (otherPosition === ownPosition) continue;
      if (otherUtility > ownUtility && ownUtility > 0) {
        const distance = Math.abs(otherPosition - ownPosition);
        if (distance < confrontationGap) {
          confrontation = b;
          confrontationGap = distance;
        }
      } else if (otherUtility > 0 && ownUtility < 0 && otherUtility > Math.abs(ownUtility)) {
        // Quirk (§4.4 step 3): the key is a point on the scale, not a distance.
        const key = (Math.abs(ownUtility) * ownPosition + Math.abs(otherUtility) * otherPosition) / (Math.abs(ownUtility) + Math.abs(otherUtility));
        if (key < compromiseKey) {
          compromise = b;
          compromiseKey = key;
          compromisePosition = ownPosition + (otherPosition - ownPosition) * Math.abs(ownUtility / otherUtility);
        }
      }
      // Quirk (§4.4 step 2): the original's capitulation test `e_ba < |e_ba|` never holds.
    }
    const sender = confrontation >= 0 ? confrontation : compromise;
    if (sender < 0) continue;
    chosenSender[a] = sender;
    next[a] = confrontation >= 0 ? positions[confrontation]! : compromisePosition;
    if (context.relations) {
      moves.push({
        actor: context.ids[a]!,
        by: context.ids[sender]!,
        kind: confrontation >= 0 ? 'conflict' : 'compromise',
        from: ownPosition,
        to: next[a]!,
        shares: voteShares(context, (k) => weights[k]! * (distances[k * n + a]! - distances[k * n + sender]!)),
      });
    }
  }
  const outcome: RoundOutcome = { positions: next, risk };
  if (utilityTable && targetTable && probabilityTable) {
    outcome.relations = {
      round: 0,
      // The target's point of view, as the code decides; capitulations are expected but never offered.
      pairs: relationPairs(
        context,
        positions,
        chosenSender,
        (i, j) =>
          positions[i] === positions[j]
            ? { challengerUtility: 0, targetUtility: 0, probability: 0 }
            : { challengerUtility: utilityTable[i * n + j]!, targetUtility: targetTable[i * n + j]!, probability: probabilityTable[i * n + j]! },
        false,
      ),
      moves,
    };
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------
// Stopping (§8.5)
// ---------------------------------------------------------------------------------------

/**
 * The cycle rule of §8.5 at the last round t = medians.length − 1 (medians[0] is the
 * input's): period p ∈ {2, 3, 4}, smallest first, when t ≥ 3p − 1, every median of rounds
 * t − 2p + 1 … t is within `cycleWidth` of the one p rounds earlier, and the last p medians
 * span more than `epsilon`. O(1).
 *
 * @example findMedianCycle([3, 1, 2, 3, 1, 2, 3.01, 1, 2], 1e-6, 0.1)?.period // 3
 */
export function findMedianCycle(medians: readonly number[], epsilon: number, cycleWidth: number): EumCycle | null {
  const t = medians.length - 1;
  for (const period of [2, 3, 4]) {
    if (t < 3 * period - 1) continue;
    let repeats = true;
    for (let u = t - 2 * period + 1; u <= t && repeats; u++) {
      repeats = Math.abs(medians[u]! - medians[u - period]!) <= cycleWidth;
    }
    if (!repeats) continue;
    const last = medians.slice(t - period + 1);
    if (Math.max(...last) - Math.min(...last) <= epsilon) continue;
    return { period, medians: last, mean: last.reduce((sum, median) => sum + median, 0) / period };
  }
  return null;
}

/** `stable` (§8.5): nobody moved, or the last three medians agree within ε. */
function isStable(medians: readonly number[], moved: boolean, epsilon: number): boolean {
  if (!moved) return true;
  const t = medians.length - 1;
  return (
    t >= 2 && Math.abs(medians[t]! - medians[t - 1]!) <= epsilon && Math.abs(medians[t - 1]! - medians[t - 2]!) <= epsilon
  );
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

function validate(actors: readonly EumActor[]): void {
  if (actors.length < 2) throw new ParleyError('eum-too-few-actors', 'eum requires at least two actors');
  const seen = new Set<string>();
  for (const actor of actors) {
    if (seen.has(actor.id)) throw new ParleyError('eum-duplicate-actor', `eum: actor "${actor.id}" appears twice`);
    seen.add(actor.id);
    if (!Number.isFinite(actor.position)) throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" has no finite position`);
    if (!(actor.capability >= 0) || !Number.isFinite(actor.capability)) {
      throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" needs a finite capability ≥ 0`);
    }
    if (!(actor.salience >= 0 && actor.salience <= 1)) {
      throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" needs a salience in 0..1`);
    }
  }
  if (!actors.some((actor) => actor.capability * actor.salience > 0)) {
    throw new ParleyError('eum-no-weight', 'eum: every actor has zero capability or zero salience');
  }
}

function positionRecord(ids: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const record: Record<string, number> = {};
  for (let k = 0; k < ids.length; k++) record[ids[k]!] = values[k]!;
  return record;
}

function formatNumber(value: number, delta: number): string {
  const decimals = Math.max(0, 3 - Math.ceil(Math.log10(delta > 0 ? delta : 1)));
  return String(Number(value.toFixed(Math.min(decimals, 12))));
}

/**
 * Runs the expected utility model on one issue.
 *
 * Reference: Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011); EUM-SPEC §3 (net-votes),
 * §4 (scholz-code), §8 (parley).
 *
 * Cost per round: parley O(n²) after an O(n log n) sort; net-votes and scholz-code O(n³).
 * The relation map adds O(n²) memory a round; turn it off for large runs.
 *
 * @param actors the participants in input order (the order breaks ties)
 * @param options variant, round limit, stopping tolerances, Q and T, relation map on/off
 * @example
 * runEum(
 *   [
 *     { id: 'a', capability: 100, position: 0, salience: 0.4 },
 *     { id: 'b', capability: 70, position: 25, salience: 0.6 },
 *     { id: 'c', capability: 60, position: 55, salience: 0.75 },
 *     { id: 'd', capability: 20, position: 100, salience: 0.9 },
 *   ],
 *   { variant: 'net-votes', rounds: 1, fixedRounds: true },
 * ).trajectory[1]!.positions // { a: 100, b: 25, c: 55, d: 100 } (EUM-SPEC §6)
 */
export function runEum(actors: readonly EumActor[], options: EumOptions = {}): EumRun {
  validate(actors);
  const variant = options.variant ?? 'parley';
  if (!eumVariants.includes(variant)) throw new ParleyError('eum-invalid-option', `eum: unknown variant "${String(variant)}"`);
  const faithful = variant !== 'parley';
  const maxRounds = options.rounds ?? (faithful ? defaults.faithfulRounds : defaults.rounds);
  // EUM-SPEC §5: the references stop early only in the degenerate state; "three equal
  // medians" and cycle stops are parley's rules (§8.5), so a faithful run prints every round.
  const fixedRounds = faithful || options.fixedRounds === true;
  if (!Number.isInteger(maxRounds) || maxRounds < 1) throw new ParleyError('eum-invalid-option', 'eum: rounds must be an integer ≥ 1');
  const stabilityTolerance = options.stabilityTolerance ?? defaults.stabilityTolerance;
  const cycleTolerance = options.cycleTolerance ?? defaults.cycleTolerance;
  const q = options.q ?? defaults.q;
  const t = options.t ?? defaults.t;
  for (const [name, value] of [['stabilityTolerance', stabilityTolerance], ['cycleTolerance', cycleTolerance], ['q', q], ['t', t]] as const) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new ParleyError('eum-invalid-option', `eum: ${name} must be a finite number ≥ 0`);
  }
  const keepRelations = options.relations ?? true;

  const ids = actors.map((actor) => actor.id);
  const weights = Float64Array.from(actors, (actor) => actor.capability * actor.salience);
  const saliences = Float64Array.from(actors, (actor) => actor.salience);
  let positions: Float64Array = Float64Array.from(actors, (actor) => actor.position);
  const delta = Math.max(...positions) - Math.min(...positions);
  const power: Power = variant === 'parley' ? Math.pow : correctlyRoundedPow;
  const probabilityCache = variant !== 'scholz-code' && ids.length <= maxCachedActors ? new Float64Array(ids.length * ids.length) : null;
  const context: RunContext = { variant, ids, weights, saliences, delta, q, t, relations: keepRelations, power, probabilityCache };
  const medianOf = (values: Float64Array): number =>
    variant === 'parley' ? lowerWeightedMedian(values, weights) : argminMedian(values, weights);
  const epsilon = stabilityTolerance * delta;
  const cycleWidth = cycleTolerance * delta;

  const medians = [medianOf(positions)];
  const trajectory: EumRoundState[] = [
    { round: 0, median: medians[0]!, mean: weightedMean(positions, weights), positions: positionRecord(ids, positions) },
  ];
  const risk: Array<Record<string, number>> = [positionRecord(ids, new Float64Array(ids.length).fill(1))];
  const relations: EumRoundRelations[] = [];
  const notes: string[] = [];
  let stop: EumStop = 'max-rounds';
  let cycle: EumCycle | null = null;

  if (delta === 0) {
    stop = 'stable';
    notes.push(`every actor holds one position (${formatNumber(positions[0]!, 1)}): the forecast is that position`);
  } else {
    for (let round = 1; round <= maxRounds; round++) {
      const outcome = variant === 'scholz-code' ? scholzRound(context, positions) : netVotesRound(context, positions);
      if (!outcome) {
        stop = 'stable';
        notes.push(
          `after round ${round - 1} every actor's danger level is equal${
            new Set(positions).size === 1 ? ' (all hold one position)' : ''
          }: the reference divides by zero in the next round, so the run stops here`,
        );
        break;
      }
      const moved = outcome.positions.some((position, k) => position !== positions[k]);
      positions = outcome.positions;
      medians.push(medianOf(positions));
      trajectory.push({ round, median: medians[round]!, mean: weightedMean(positions, weights), positions: positionRecord(ids, positions) });
      risk.push(positionRecord(ids, outcome.risk));
      if (outcome.relations) relations.push({ ...outcome.relations, round });
      if (fixedRounds) continue;
      if (isStable(medians, moved, epsilon)) {
        stop = 'stable';
        break;
      }
      cycle = findMedianCycle(medians, epsilon, cycleWidth);
      if (cycle) {
        stop = 'cycle';
        break;
      }
    }
  }
  const rounds = trajectory.length - 1;
  const lastMedian = medians[rounds]!;
  if (stop === 'max-rounds') {
    cycle = findMedianCycle(medians, epsilon, cycleWidth);
    notes.push(
      cycle
        ? `the run ends after ${rounds} rounds with the median cycling between ${cycle.medians.map((m) => formatNumber(m, delta)).join(' and ')}; the forecast is the last median`
        : fixedRounds
          ? `the run has a fixed ${rounds} rounds; the forecast is the last median`
          : `the median did not settle within ${rounds} rounds; the forecast is the last median`,
    );
  }
  if (stop === 'cycle' && cycle) {
    notes.push(
      `the median cycles between ${cycle.medians.map((m) => formatNumber(m, delta)).join(' and ')}; the forecast is the mean over the cycle (${formatNumber(cycle.mean, delta)})`,
    );
  }
  const run: EumRun = {
    variant,
    delta,
    actors: actors.map((actor, k) => ({ id: actor.id, name: actor.name ?? actor.id, weight: weights[k]! })),
    forecast: stop === 'cycle' && cycle ? cycle.mean : lastMedian,
    median: lastMedian,
    weightedMean: trajectory[rounds]!.mean,
    stop,
    rounds,
    cycle,
    trajectory,
    risk,
    finalPositions: trajectory[rounds]!.positions,
    notes,
  };
  if (keepRelations) run.relations = relations;
  return run;
}

// ---------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------

/** What `explainEumRound` reads: an EumRun, or the `details` of an eum IssueForecast. */
export interface EumExplainInput {
  delta: number;
  actors: ReadonlyArray<{ id: string; name: string; weight: number }>;
  trajectory: ReadonlyArray<EumRoundState>;
  relations?: ReadonlyArray<EumRoundRelations>;
}

/**
 * The contests of one round in words, most consequential first.
 *
 * "Most consequential": first the offers targets took and moved on (the round's actual
 * moves), then the offers they did not take; within each, by the consequence of the move
 * the offer asks for = the target's share of the total weight (capability × salience) ×
 * the distance as a fraction of Δ, i.e. how far it shifts the weighted balance. Conflicts
 * the target expects to win ask for no move (consequence 0) and come last, by the
 * challenger's expected utility. Stalemates, `none` pairs and pairs at one position are
 * left out. Each line says whether the target took the offer and, if it moved, the voters
 * that backed the challenger most. O(n² log n).
 *
 * @param run a run with its relation map (or an eum forecast's details)
 * @param round 1 … run.rounds: the contests that produced that round's positions
 * @param options `issue`: the issue's name for the sentences; `limit`: at most this many lines
 * @example
 * explainEumRound(run, 1, { issue: 'EC car-emission standards' })[0]
 * // "France expects to prevail over Luxembourg on EC car-emission standards: Luxembourg is
 * //  expected to give way to 10 (it does; backed by United Kingdom 25%, Italy 16%)"
 */
export function explainEumRound(
  run: EumExplainInput,
  round: number,
  options: { issue?: string; limit?: number } = {},
): string[] {
  const contests = explainedContests(run, round, options.issue);
  return contests.slice(0, options.limit ?? contests.length).map((contest) => contest.line);
}

/** A contest in words with the keys it is ranked by. */
interface ExplainedContest {
  /** The target took this offer and moved: a move of the round, not a possibility. */
  moved: boolean;
  consequence: number;
  challengerUtility: number;
  line: string;
}

/** The contests of a round in words, most consequential first (see `explainEumRound`). */
function explainedContests(run: EumExplainInput, round: number, issueName: string | undefined): ExplainedContest[] {
  if (!run.relations) throw new ParleyError('eum-no-relations', 'eum explain needs a run with the relation map');
  const contests = run.relations.find((entry) => entry.round === round);
  if (!contests) throw new ParleyError('eum-no-round', `eum: no round ${round} (the run has rounds 1 to ${run.relations.length})`);
  const start = run.trajectory[round - 1]!.positions;
  const actorById = new Map(run.actors.map((actor) => [actor.id, actor]));
  const totalWeight = run.actors.reduce((sum, actor) => sum + actor.weight, 0);
  const takenBy = new Map(contests.moves.map((move) => [move.actor, move]));
  const chosen = new Map(contests.pairs.filter((pair) => pair.taken).map((pair) => [pair.target, pair.challenger]));
  const issue = issueName ? ` on ${issueName}` : '';
  const show = (value: number): string => formatNumber(value, run.delta);
  const nameOf = (id: string): string => actorById.get(id)?.name ?? id;

  const sentence = (pair: EumRelation, from: number): string => {
    const challenger = nameOf(pair.challenger);
    const target = nameOf(pair.target);
    const to = pair.to === undefined ? '' : show(pair.to);
    if (pair.kind === 'conflict' && pair.winner === 'challenger') {
      return `${challenger} expects to prevail over ${target}${issue}: ${target} is expected to give way to ${to}`;
    }
    if (pair.kind === 'conflict') return `${challenger} challenges ${target}${issue}, but ${target} expects to prevail and hold at ${show(from)}`;
    if (pair.kind === 'compromise') return `${challenger} presses ${target}${issue}: ${target} is expected to compromise, from ${show(from)} to ${to}`;
    if (pair.to === undefined) return `${challenger} expects ${target} to give in${issue}, but this variant never makes that offer`;
    return `${challenger} expects ${target} to give in${issue}: ${target} is expected to move from ${show(from)} to ${to}`;
  };
  const outcome = (pair: EumRelation): string => {
    const move = takenBy.get(pair.target);
    if (pair.taken && move && move.by === pair.challenger) {
      const backers = move.shares
        .filter((share) => share.share >= 0.005 && share.actor !== pair.challenger)
        .slice(0, 3)
        .map((share) => `${nameOf(share.actor)} ${Math.round(share.share * 100)}%`);
      return ` (it does${backers.length ? `; backed by ${backers.join(', ')}` : ''})`;
    }
    if (pair.taken) return ' (it answers this offer and holds)';
    const other = chosen.get(pair.target);
    return other === undefined ? '' : ` (it answers ${nameOf(other)} instead)`;
  };

  return contests.pairs
    .filter((pair) => pair.kind !== 'stalemate' && pair.kind !== 'none' && start[pair.challenger] !== start[pair.target])
    .map((pair) => {
      const from = start[pair.target]!;
      const weightShare = totalWeight > 0 ? (actorById.get(pair.target)?.weight ?? 0) / totalWeight : 0;
      const move = takenBy.get(pair.target);
      return {
        moved: pair.taken === true && move !== undefined && move.by === pair.challenger,
        consequence: pair.to === undefined ? 0 : (weightShare * Math.abs(pair.to - from)) / run.delta,
        challengerUtility: pair.challengerUtility,
        line: sentence(pair, from) + outcome(pair),
      };
    })
    .sort(byConsequence);
}

function byConsequence(a: ExplainedContest, b: ExplainedContest): number {
  return Number(b.moved) - Number(a.moved) || b.consequence - a.consequence || b.challengerUtility - a.challengerUtility;
}

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

const eumParams: readonly ParamSpec[] = [
  {
    name: 'variant',
    description:
      'parley: the net-votes rules with guards, cycle detection and a stopping rule; net-votes and scholz-code: the two public replications, quirks included',
    type: 'enum',
    default: 'parley',
    values: eumVariants,
  },
  {
    name: 'rounds',
    description:
      'rounds to run; 0: the variant\'s default. net-votes and scholz-code run exactly this many (default 20, as the reference runs); parley at most this many (default 100)',
    type: 'integer',
    default: 0,
    min: 0,
  },
  {
    name: 'fixedRounds',
    description: 'parley: run exactly `rounds` rounds with no stability or cycle stop (net-votes and scholz-code always do, as the references)',
    type: 'boolean',
    default: false,
  },
  {
    name: 'stabilityTolerance',
    description: 'medians within this fraction of the scale width count as equal (stable after three)',
    type: 'number',
    default: defaults.stabilityTolerance,
    min: 0,
  },
  {
    name: 'cycleTolerance',
    description: 'medians within this fraction of the scale width count as repeating (cycle detection)',
    type: 'number',
    default: defaults.cycleTolerance,
    min: 0,
  },
  { name: 'q', description: "weight of the status quo in an actor's expected utility (Scholz et al.'s Q)", type: 'number', default: 1, min: 0, max: 1 },
  { name: 't', description: "probability that the status quo gets better (Scholz et al.'s T; parley and net-votes)", type: 'number', default: 1, min: 0, max: 1 },
  { name: 'relations', description: 'keep every round’s relation map (n² entries a round) in the details', type: 'boolean', default: true },
];

function numberParam(params: ParamValues, name: string, fallback: number): number {
  const value = params[name];
  return typeof value === 'number' ? value : fallback;
}

/** The run options the model's parameters describe. */
function optionsFromParams(params: ParamValues): EumOptions {
  const variant = typeof params.variant === 'string' ? params.variant : 'parley';
  if (!(eumVariants as readonly string[]).includes(variant)) {
    throw new ParleyError('eum-invalid-option', `eum: unknown variant "${variant}"; the variants are: ${eumVariants.join(', ')}`);
  }
  return {
    variant: variant as EumVariant,
    ...(numberParam(params, 'rounds', 0) > 0 ? { rounds: numberParam(params, 'rounds', 0) } : {}),
    fixedRounds: params.fixedRounds === true,
    stabilityTolerance: numberParam(params, 'stabilityTolerance', defaults.stabilityTolerance),
    cycleTolerance: numberParam(params, 'cycleTolerance', defaults.cycleTolerance),
    q: numberParam(params, 'q', defaults.q),
    t: numberParam(params, 't', defaults.t),
    relations: params.relations !== false,
  };
}

/** runEum on an issue, its input errors naming the issue. */
function runIssue(issue: IssueInput, options: EumOptions): EumRun {
  try {
    return runEum(issue.actors, options);
  } catch (error) {
    if (error instanceof ParleyError) throw new ParleyError(error.code, `${error.message} (issue "${issue.id}")`);
    throw error;
  }
}

/**
 * The model on one issue. A single actor: the forecast is its position, zero rounds.
 * No actors: the status quo, if the issue has one; otherwise an input error.
 */
function forecastIssue(issue: IssueInput, options: EumOptions): IssueForecast {
  if (issue.actors.length === 0) {
    if (issue.statusQuo === undefined) throw new ParleyError('eum-no-actors', `eum: issue "${issue.id}" has no actors`);
    return { issue: issue.id, forecast: issue.statusQuo, notes: ['no actor takes part in this issue: the status quo stands'], details: {} };
  }
  if (issue.actors.length === 1) {
    const only = issue.actors[0]!;
    const positions = { [only.id]: only.position };
    return {
      issue: issue.id,
      forecast: only.position,
      notes: [`${only.name} is the only actor on this issue: the forecast is its position`],
      details: {
        variant: options.variant,
        rounds: 0,
        stop: 'stable',
        cycle: null,
        trajectory: [{ round: 0, median: only.position, mean: only.position, positions }],
        finalPositions: positions,
        risk: [{ [only.id]: 1 }],
        weightedMean: only.position,
        median: only.position,
        delta: 0,
        actors: [{ id: only.id, name: only.name, weight: only.capability * only.salience }],
        ...(options.relations === false ? {} : { relations: [] }),
      },
    };
  }
  const run = runIssue(issue, options);
  const details: Record<string, unknown> = {
    variant: run.variant,
    rounds: run.rounds,
    stop: run.stop,
    cycle: run.cycle,
    trajectory: run.trajectory,
    finalPositions: run.finalPositions,
    risk: run.risk,
    weightedMean: run.weightedMean,
    median: run.median,
    delta: run.delta,
    actors: run.actors,
  };
  if (run.relations) details.relations = run.relations;
  // The faithful variants reproduce published runs, which know no decision rules.
  const decided = run.variant === 'parley' ? decidersOutcome(issue, run.finalPositions) : undefined;
  if (decided) {
    details.bargained = run.forecast;
    return { issue: issue.id, forecast: decided.forecast, notes: [decided.note, ...run.notes], details };
  }
  return { issue: issue.id, forecast: run.forecast, notes: run.notes, details };
}

export const eumModel: Model = {
  id: 'eum',
  name: 'Expected utility model (Bueno de Mesquita)',
  summary:
    'Actors challenge one another, each weighing its chance of winning (the net votes of all actors, weighted by capability × salience) against what it risks; those expecting to lose give way, by conflict, compromise or capitulation. Rounds repeat until the weighted median settles or cycles; the forecast is the settled median, or the mean over the cycle.',
  references: [
    'Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In Bueno de Mesquita, B. & Stokman, F. N. (eds.), European Community Decision Making. Yale University Press.',
    'Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita’s group decision model. Journal of Theoretical Politics 23(4), 510–531.',
  ],
  params: eumParams,
  run(scenario: PointScenario, params: ParamValues, runOptions?: ModelRunOptions): IssueForecast[] {
    const options = runOptions?.detail === 'forecast' ? { ...optionsFromParams(params), relations: false } : optionsFromParams(params);
    return scenario.issues.map((issue) => forecastIssue(issue, options));
  },
  /**
   * The contests of one round (default 1) in words, most consequential first (see
   * `explainEumRound`); without an issue, every issue's contests merged by consequence.
   * Issues with fewer than two actors, or that stopped before the round, have none.
   */
  explain(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[] {
    const runOptions = { ...optionsFromParams(params), relations: true };
    const round = options.round ?? 1;
    if (!Number.isInteger(round) || round < 1) {
      throw new ParleyError('eum-no-round', `eum: round ${round} is not a round of contests; rounds start at 1 (round 0 is the input)`);
    }
    const issues = options.issue === undefined ? scenario.issues : scenario.issues.filter((issue) => issue.id === options.issue);
    if (issues.length === 0) throw new ParleyError('unknown-issue', `unknown issue "${options.issue}"`);
    const contests: ExplainedContest[] = [];
    for (const issue of issues) {
      if (issue.actors.length < 2) continue;
      const run = runIssue(issue, runOptions);
      if (round > run.rounds) {
        if (options.issue === undefined) continue;
        throw new ParleyError('eum-no-round', `eum: issue "${issue.id}" stops after ${run.rounds} rounds (${run.stop}); explain round 1 to ${run.rounds}`);
      }
      contests.push(...explainedContests(run, round, issue.name));
    }
    return contests.sort(byConsequence).map((contest) => contest.line);
  },
};

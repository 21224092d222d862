/**
 * The elections of KTAB's spatial model of politics: one actor's vote, the coalition
 * strengths of a set of options, the victory probability of a pair and the probabilistic
 * Condorcet election (PCE) over all options. `smp.ts` runs the model with these.
 *
 * Reference: KTAB (KAPSARC Toolkit for Behavioural Analysis, lsyaseen/KTAB at 3b5b063),
 * `kutils`/`kmodel` voting code; the rules follow `SMP-SPEC.md` §6 of the reference folder
 * (reference/ktab), whose section numbers (§) are cited below. Every product and sum
 * is written in the order the spec gives, because the bargains of §9 round positions to
 * 4 decimals and a last-bit difference can become a 0.01 jump.
 */
import { ParleyError } from '../../errors.js';

// ---------------------------------------------------------------------------------------
// Option values (§3), as KTAB names them
// ---------------------------------------------------------------------------------------

/** How one actor's utilities for two options become a vote (§6.1). */
export const votingRules = ['Binary', 'PropBin', 'Prop', 'PropCbc', 'Cubic', 'ASymProsp'] as const;
export type VotingRule = (typeof votingRules)[number];

/** How two coalition strengths become the probability that one side wins (§6.3). */
export const victoryProbModels = ['Linear', 'Square', 'Quartic', 'Octic', 'Binary'] as const;
export type VictoryProbModel = (typeof victoryProbModels)[number];

/** How pairwise victory probabilities become one probability per option (§6.4). */
export const pceModels = ['Conditional', 'MarkovIncentive', 'MarkovUniform'] as const;
export type PceModel = (typeof pceModels)[number];

/** A failed run, with KTAB's message where the spec gives it. */
export function smpFailure(message: string): ParleyError {
  return new ParleyError('smp-failed', `smp: ${message}`);
}

/** The floor of every coalition strength in §6.2. */
const coalitionFloor = 1e-8;
/** The width of the step in the `bin` part of a vote: a difference of 1e-8 counts fully. */
const binaryWidth = 1e-8;
/** Markov PCEs fail when they have not settled after this many iterations (§6.4). */
const markovIterationLimit = 1000;

// ---------------------------------------------------------------------------------------
// §6.1 The vote of one actor
// ---------------------------------------------------------------------------------------

/** Rules as small integers for the inner loops (index into `votingRules`). */
export type RuleCode = 0 | 1 | 2 | 3 | 4 | 5;
const BINARY = 0;
const PROP_BIN = 1;
const PROP = 2;
const PROP_CBC = 3;
const CUBIC = 4;
const ASYM_PROSP = 5;

export function ruleCode(rule: VotingRule): RuleCode {
  return votingRules.indexOf(rule) as RuleCode;
}

/**
 * The vote of an actor of weight `weight` for option a over option b, given its utilities
 * `a` and `b` (§6.1): positive supports a, negative supports b. The weight must be positive;
 * callers check that once per run rather than per vote.
 *
 * Under ASymProsp support for the first option counts with 2/3 of the weight and support
 * for the second fully, so the argument order changes the result (§6.2).
 *
 * Cost: O(1).
 *
 * @example vote(ruleCode('Prop'), 2, 0.7, 0.4) // 2 · 0.3 ≈ 0.6
 */
export function vote(rule: RuleCode, weight: number, a: number, b: number): number {
  const difference = a - b;
  switch (rule) {
    case PROP:
      return weight * difference;
    case BINARY:
      return weight * binaryPart(difference);
    case PROP_BIN:
      return weight * ((1 - 0.2) * difference + 0.2 * binaryPart(difference));
    case PROP_CBC:
      return weight * ((1 - 0.5) * difference + 0.5 * (difference * difference * difference));
    case CUBIC:
      return weight * (difference * difference * difference);
    case ASYM_PROSP:
      if (difference < 0) return weight * difference;
      if (difference > 0) return (2 * weight * difference) / 3;
      return 0;
  }
}

/** clamp(Δ / 1e-8, −1, +1): a steep step, so that any clear preference counts fully. */
function binaryPart(difference: number): number {
  const scaled = difference / binaryWidth;
  if (scaled > 1) return 1;
  if (scaled < -1) return -1;
  return scaled;
}

// ---------------------------------------------------------------------------------------
// §6.2 Coalition strengths
// ---------------------------------------------------------------------------------------

/**
 * The support of every option against every other (§6.2): `C[i·M + j]` is the total vote
 * of the actors preferring option i to option j, at least 1e-8. `options[m][k]` is voter
 * k's utility of option m (one array per option, so the voter loop reads memory in order).
 *
 * Only the vote "higher-indexed option over lower-indexed option" is cast and its negative
 * part is credited to the lower one, as KTAB does; this matters under ASymProsp only.
 *
 * Cost: O(M²·n) for M options and n voters.
 *
 * @example coalitions(ruleCode('Prop'), [1, 1], [Float64Array.of(1, 0), Float64Array.of(0, 1)])
 * // [1e-8, 1 + 1e-8, 1 + 1e-8, 1e-8]: each option has one supporter against the other
 */
export function coalitions(rule: RuleCode, weights: ArrayLike<number>, options: readonly Float64Array[]): Float64Array {
  const voterCount = weights.length;
  const matrix = new Float64Array(options.length * voterCount);
  const rows = options.map((option, m) => {
    for (let k = 0; k < voterCount; k++) matrix[m * voterCount + k] = option[k]!;
    return m * voterCount;
  });
  const strength = new Float64Array(options.length * options.length);
  coalitionsInto(rule, weights, matrix, rows, options.length, strength);
  return strength;
}

/**
 * `coalitions` of the options whose utilities start at `matrix[rows[m]]` (voter k's utility
 * of option m at `matrix[rows[m] + k]`), written to the first M² entries of `strength`: the
 * same sums in the same order, without allocating (the spatial model's turns call this
 * O(n) times; a small Float64Array costs V8 about a microsecond).
 *
 * Cost: O(M²·n).
 */
export function coalitionsInto(
  rule: RuleCode,
  weights: ArrayLike<number>,
  matrix: Float64Array,
  rows: ArrayLike<number>,
  optionCount: number,
  strength: Float64Array,
): void {
  const voterCount = weights.length;
  for (let i = 0; i < optionCount; i++) {
    const rowI = rows[i]!;
    for (let j = 0; j < i; j++) {
      const rowJ = rows[j]!;
      let forI = coalitionFloor;
      let forJ = coalitionFloor;
      if (rule === PROP) {
        // The default rule without data-dependent branches: for a finite ballot v,
        // (v + |v|)·½ is exactly "v if positive, else 0" and (|v| − v)·½ "−v if negative".
        for (let k = 0; k < voterCount; k++) {
          const ballot = weights[k]! * (matrix[rowI + k]! - matrix[rowJ + k]!);
          const size = Math.abs(ballot);
          forI += (ballot + size) * 0.5;
          forJ += (size - ballot) * 0.5;
        }
      }
      if (rule !== PROP || Number.isNaN(forI + forJ)) {
        // Every other rule, and NaN utilities (which count for nobody, as in KTAB).
        forI = coalitionFloor;
        forJ = coalitionFloor;
        for (let k = 0; k < voterCount; k++) {
          const ballot = vote(rule, weights[k]!, matrix[rowI + k]!, matrix[rowJ + k]!);
          if (ballot > 0) forI += ballot;
          else if (ballot < 0) forJ -= ballot;
        }
      }
      strength[i * optionCount + j] = forI;
      strength[j * optionCount + i] = forJ;
    }
    strength[i * optionCount + i] = coalitionFloor;
  }
}

// ---------------------------------------------------------------------------------------
// §6.3 Victory probability of a pair
// ---------------------------------------------------------------------------------------

/** The Binary model's threshold: a side 10% stronger wins outright. */
const binaryThreshold = 1.1;

/**
 * The pairwise victory probabilities of a coalition matrix (§6.3): `pv[i·M + j]` is the
 * probability that option i beats option j; pv_ij + pv_ji = 1 and pv_ii = ½.
 *
 * Cost: O(M²).
 */
export function victoryProbabilities(model: VictoryProbModel, strength: Float64Array, optionCount: number): Float64Array {
  const probability = new Float64Array(optionCount * optionCount);
  victoryProbabilitiesInto(model, strength, optionCount, probability);
  return probability;
}

/** `victoryProbabilities` written to the first M² entries of `probability`. Cost: O(M²). */
function victoryProbabilitiesInto(model: VictoryProbModel, strength: Float64Array, optionCount: number, probability: Float64Array): void {
  for (let i = 0; i < optionCount; i++) {
    for (let j = 0; j < i; j++) {
      const strengthI = strength[i * optionCount + j]!;
      const strengthJ = strength[j * optionCount + i]!;
      let powerI: number;
      let powerJ: number;
      switch (model) {
        case 'Linear':
          powerI = strengthI;
          powerJ = strengthJ;
          break;
        case 'Square':
          powerI = strengthI * strengthI;
          powerJ = strengthJ * strengthJ;
          break;
        case 'Quartic':
          powerI = strengthI * strengthI * strengthI * strengthI;
          powerJ = strengthJ * strengthJ * strengthJ * strengthJ;
          break;
        case 'Octic': {
          const quarticI = strengthI * strengthI * strengthI * strengthI;
          const quarticJ = strengthJ * strengthJ * strengthJ * strengthJ;
          powerI = quarticI * quarticI;
          powerJ = quarticJ * quarticJ;
          break;
        }
        case 'Binary':
          if (strengthI >= binaryThreshold * strengthJ) {
            powerI = 1;
            powerJ = 1e-6;
          } else if (strengthJ >= binaryThreshold * strengthI) {
            powerI = 1e-6;
            powerJ = 1;
          } else {
            // Linear in the share r between the two thresholds: 0 at r = 1/2.1, 1 at r = 1.1/2.1.
            const share = strengthI / (strengthI + strengthJ);
            const scaled = (share * (binaryThreshold + 1) - 1) / (binaryThreshold - 1);
            powerI = scaled;
            powerJ = 1 - scaled;
          }
          break;
      }
      const total = powerI + powerJ;
      probability[i * optionCount + j] = powerI / total;
      probability[j * optionCount + i] = powerJ / total;
    }
    probability[i * optionCount + i] = 0.5;
  }
}

// ---------------------------------------------------------------------------------------
// §6.4 Probabilistic Condorcet election
// ---------------------------------------------------------------------------------------

/**
 * The probability that each option wins the whole election (§6.4), from its coalition
 * matrix. Conditional: the product of its pairwise victory probabilities, normalised.
 * MarkovUniform / MarkovIncentive: the stationary distribution of challenges, where the
 * challenger is drawn uniformly or in proportion to its incentive. Markov models that do
 * not settle within 1000 iterations fail the run, as in KTAB.
 *
 * Cost: O(M²) for Conditional; O(M²) per Markov iteration.
 *
 * @example pce('Conditional', 'Linear', coalitions(ruleCode('Prop'), [2, 1], [Float64Array.of(1, 0), Float64Array.of(0, 1)]), 2)
 * // ≈ [2/3, 1/3]
 */
export function pce(model: PceModel, victoryModel: VictoryProbModel, strength: Float64Array, optionCount: number): Float64Array {
  const probability = new Float64Array(optionCount);
  pceInto(model, victoryModel, strength, optionCount, new Float64Array(optionCount * optionCount), probability);
  return probability;
}

/** `pce` written to the first M entries of `probability`, with `pairwise` (M² entries or more) as scratch. */
function pceInto(
  model: PceModel,
  victoryModel: VictoryProbModel,
  strength: Float64Array,
  optionCount: number,
  pairwise: Float64Array,
  probability: Float64Array,
): void {
  victoryProbabilitiesInto(victoryModel, strength, optionCount, pairwise);
  switch (model) {
    case 'Conditional':
      conditionalPce(pairwise, optionCount, probability);
      return;
    case 'MarkovUniform':
      probability.set(markovUniformPce(pairwise, optionCount));
      return;
    case 'MarkovIncentive':
      probability.set(markovIncentivePce(pairwise, strength, optionCount));
      return;
  }
}

/** p_i ∝ Π_j pv_ij, the diagonal ½ included, written to `probability`. */
function conditionalPce(pairwise: Float64Array, optionCount: number, probability: Float64Array): void {
  let total = 0;
  for (let i = 0; i < optionCount; i++) {
    let product = 1;
    for (let j = 0; j < optionCount; j++) product *= pairwise[i * optionCount + j]!;
    probability[i] = product;
  }
  for (let i = 0; i < optionCount; i++) total += probability[i]!;
  for (let i = 0; i < optionCount; i++) probability[i] = probability[i]! / total;
}

/** q_i = Σ_j pv_ij·(p_i + p_j) / M, averaged with p until no entry changes by more than 1e-6. */
function markovUniformPce(pairwise: Float64Array, optionCount: number): Float64Array {
  let probability = new Float64Array(optionCount).fill(1 / optionCount);
  const next = new Float64Array(optionCount);
  let iterations = 0;
  let change: number;
  do {
    change = 0;
    for (let i = 0; i < optionCount; i++) {
      let sum = 0;
      for (let j = 0; j < optionCount; j++) sum += pairwise[i * optionCount + j]! * (probability[i]! + probability[j]!);
      next[i] = sum / optionCount;
      change = Math.max(change, Math.abs(next[i]! - probability[i]!));
    }
    probability = probability.map((value, i) => (value + next[i]!) / 2);
    iterations += 1;
    // KTAB has no cap inside the loop but fails any run that needed 1000 iterations.
    if (iterations >= markovIterationLimit) throw smpFailure('MarkovUniform PCE did not converge within 1000 iterations');
  } while (change > 1e-6);
  return probability;
}

/**
 * The incentive of i to challenge j is N_ij = C_ij·pv_ij (1e-10 added on the diagonal);
 * challenges land on j in proportion to the column of N. Stops when no entry changes by
 * more than 1e-8.
 */
function markovIncentivePce(pairwise: Float64Array, strength: Float64Array, optionCount: number): Float64Array {
  const incentive = new Float64Array(optionCount * optionCount);
  for (let i = 0; i < optionCount; i++) {
    for (let j = 0; j < optionCount; j++) incentive[i * optionCount + j] = strength[i * optionCount + j]! * pairwise[i * optionCount + j]!;
    incentive[i * optionCount + i] = incentive[i * optionCount + i]! + 1e-10;
  }
  const challengeShare = new Float64Array(optionCount * optionCount);
  for (let j = 0; j < optionCount; j++) {
    let columnSum = 0;
    for (let k = 0; k < optionCount; k++) columnSum += incentive[k * optionCount + j]!;
    for (let i = 0; i < optionCount; i++) challengeShare[i * optionCount + j] = incentive[i * optionCount + j]! / columnSum;
  }
  let probability = new Float64Array(optionCount).fill(1 / optionCount);
  const flow = new Float64Array(optionCount * optionCount);
  const next = new Float64Array(optionCount);
  let iterations = 0;
  let change: number;
  do {
    for (let i = 0; i < optionCount; i++) {
      for (let j = 0; j < optionCount; j++) flow[i * optionCount + j] = probability[i]! * challengeShare[j * optionCount + i]!;
    }
    change = 0;
    for (let i = 0; i < optionCount; i++) {
      let sum = 0;
      for (let j = 0; j < optionCount; j++) sum += pairwise[i * optionCount + j]! * (flow[i * optionCount + j]! + flow[j * optionCount + i]!);
      next[i] = sum;
      change = Math.max(change, Math.abs(next[i]! - probability[i]!));
    }
    probability = probability.map((value, i) => (value + next[i]!) / 2);
    iterations += 1;
    if (iterations >= markovIterationLimit) throw smpFailure('MarkovIncentive PCE did not converge within 1000 iterations');
  } while (change > 1e-8);
  return probability;
}

/**
 * scalarPCE(w, U, M) of §6.4: the PCE of the coalitions that voters of weights `weights`
 * form over `options` (`options[m][k]` = voter k's utility of option m).
 *
 * Cost: O(M²·n) plus the PCE.
 */
export function scalarPce(
  rule: RuleCode,
  victoryModel: VictoryProbModel,
  model: PceModel,
  weights: ArrayLike<number>,
  options: readonly Float64Array[],
): Float64Array {
  return pce(model, victoryModel, coalitions(rule, weights, options), options.length);
}

/** Buffers for the elections of one run: coalition strengths and pairwise probabilities of up to `capacity` options. */
export interface ElectionScratch {
  strength: Float64Array;
  pairwise: Float64Array;
}

export function electionScratch(capacity: number): ElectionScratch {
  return { strength: new Float64Array(capacity * capacity), pairwise: new Float64Array(capacity * capacity) };
}

/**
 * `scalarPce` of the options whose utilities start at `matrix[rows[m]]`, m < `optionCount`,
 * written to the first M entries of `probability`: the same arithmetic without allocating
 * under the Conditional PCE (the default). Cost: O(M²·n) plus the PCE.
 */
export function scalarPceInto(
  rule: RuleCode,
  victoryModel: VictoryProbModel,
  model: PceModel,
  weights: ArrayLike<number>,
  matrix: Float64Array,
  rows: ArrayLike<number>,
  optionCount: number,
  scratch: ElectionScratch,
  probability: Float64Array,
): void {
  coalitionsInto(rule, weights, matrix, rows, optionCount, scratch.strength);
  pceInto(model, victoryModel, scratch.strength, optionCount, scratch.pairwise, probability);
}

/**
 * The model's constants (§3, §5, §7–§11), the utility of a distance (§5.3), and what a run
 * holds fixed: actors, weights and options.
 */
import { ParleyError } from '../../errors.js';
import { type Rng, createRng } from '../../rng.js';
import { type RuleCode, pceModels, ruleCode, victoryProbModels, votingRules } from './voting.js';
import { type SmpOptions, smpDefaults } from './params.js';
import {
  type SmpInput,
  bargnModelValues,
  bigRAdjustValues,
  bigRRangeValues,
  degenerateRiskValues,
  interVecBrgnValues,
  stateTransitionsValues,
  thirdPartyCommitValues,
  utilityCheckValues,
} from './types.js';

/** Two positions closer than this (Euclidean, internal scale) are the same position (§5.1). */
export const positionTolerance = 1e-3;
/** Floor of the principals' strengths in a challenge (§7 step 2). */
export const challengeFloor = 1e-10;
/** A challenge is worth making only above this expected gain (§8). */
export const minimumGain = 1e-5;
/** The pull of each party toward its own position in an interpolated bargain (§9.1). */
export const interpolationEpsilon = 1e-6;
/** The §5.5 sanity checks fail when two utility matrices are this close (Frobenius norm). */
export const utilityCheckTolerance = 1e-6;
/** The first turn's movement is padded by this before the stopping ratio (§11.3). */
export const firstMovePadding = 1e-4;

// ---------------------------------------------------------------------------------------
// §5.3 Utility of a distance
// ---------------------------------------------------------------------------------------

/**
 * The quadratic risk model (§5.3): the utility of a position at normalised distance d for
 * an actor of risk attitude R (0 neutral, > 0 averse, < 0 accepting); u(0) = 1, u(1) = 0.
 * Distances are square roots, never negative, so the spec's d < 0 error cannot occur.
 *
 * Cost: O(1).
 *
 * @example utility(0.5, 1) // (1 − 0.5)·(1 + 0.5) = 0.75
 */
export function utility(distance: number, risk: number): number {
  return distance <= 1 ? (1 - distance) * (1 + distance * risk) : (1 - distance) * (1 + risk);
}

// ---------------------------------------------------------------------------------------
// The run's constants: actors, weights and options
// ---------------------------------------------------------------------------------------

export interface World {
  actorCount: number;
  dimensions: number;
  capability: Float64Array;
  /** s_ik at [i·D + k]. */
  salience: Float64Array;
  /** σ_i = Σ_k s_ik (§1.3). */
  totalSalience: Float64Array;
  /** c_i·σ_i: the weight of an actor in a challenge (§7). */
  challengeWeight: Float64Array;
  /** Σ_k s_ik², the denominator of every distance from i's ideal (§5.2). */
  salienceSquareSum: Float64Array;
  /** A at [i·n + j], or undefined for the identity. */
  accommodation: Float64Array | undefined;
  rule: RuleCode;
  options: Required<Omit<SmpOptions, 'seed'>>;
  rng: Rng | undefined;
}

export function resolveOptions(options: SmpOptions): Required<SmpOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: Required<SmpOptions> = { ...smpDefaults, ...given };
  const enums: Array<[keyof SmpOptions, readonly string[]]> = [
    ['VictoryProbModel', victoryProbModels],
    ['PCEModel', pceModels],
    ['StateTransitions', stateTransitionsValues],
    ['VotingRule', votingRules],
    ['BigRAdjust', bigRAdjustValues],
    ['BigRRange', bigRRangeValues],
    ['ThirdPartyCommit', thirdPartyCommitValues],
    ['InterVecBrgn', interVecBrgnValues],
    ['BargnModel', bargnModelValues],
    ['DegenerateRisk', degenerateRiskValues],
    ['UtilityCheck', utilityCheckValues],
  ];
  for (const [name, values] of enums) {
    const value = String(resolved[name]);
    if (!values.includes(value)) {
      throw new ParleyError('smp-invalid-option', `smp: ${name} must be one of ${values.join(', ')}, got "${value}"`);
    }
  }
  if (!(Number.isInteger(resolved.MaxTurns) && resolved.MaxTurns >= 1)) {
    throw new ParleyError('smp-invalid-option', `smp: MaxTurns must be a whole number of at least 1, got ${resolved.MaxTurns}`);
  }
  if (!(resolved.StopRatio >= 0)) throw new ParleyError('smp-invalid-option', `smp: StopRatio must be at least 0, got ${resolved.StopRatio}`);
  return resolved;
}

/** Input checks: what KTAB's reader checks (§1.1), and what it accepts but later fails on (§13.9). */
export function buildWorld(input: SmpInput, options: Required<SmpOptions>): World {
  const actorCount = input.actors.length;
  const problem = (message: string) => new ParleyError('smp-input', `smp: ${message}`);
  if (actorCount < 2) throw problem(`needs at least two actors, got ${actorCount}`);
  const dimensions = input.actors[0]!.position.length;
  if (dimensions < 1) throw problem('needs at least one dimension');
  const capability = new Float64Array(actorCount);
  const salience = new Float64Array(actorCount * dimensions);
  const totalSalience = new Float64Array(actorCount);
  const challengeWeight = new Float64Array(actorCount);
  const salienceSquareSum = new Float64Array(actorCount);
  input.actors.forEach((actor, i) => {
    if (actor.position.length !== dimensions || actor.salience.length !== dimensions) {
      throw problem(
        `actor "${actor.id}" has ${actor.position.length} positions and ${actor.salience.length} saliences; every actor needs ${dimensions} of each`,
      );
    }
    if (!(actor.capability > 0 && Number.isFinite(actor.capability))) {
      throw problem(`actor "${actor.id}" has capability ${actor.capability}; it must be positive (KTAB: non-positive voting weight)`);
    }
    capability[i] = actor.capability;
    let sum = 0;
    let squareSum = 0;
    for (let k = 0; k < dimensions; k++) {
      const position = actor.position[k]!;
      const weight = actor.salience[k]!;
      if (!(position >= 0 && position <= 1)) throw problem(`actor "${actor.id}" has position ${position} on dimension ${k}; positions lie in [0, 1]`);
      if (!(weight >= 0 && weight <= 1)) throw problem(`actor "${actor.id}" has salience ${weight} on dimension ${k}; saliences lie in [0, 1]`);
      salience[i * dimensions + k] = weight;
      sum += weight;
      squareSum += weight * weight;
    }
    if (sum > 1) throw problem(`actor "${actor.id}" has saliences summing to ${sum}; the sum must be at most 1`);
    if (squareSum === 0) throw problem(`actor "${actor.id}" has salience 0 on every dimension (KTAB: all-zero salience vector)`);
    totalSalience[i] = sum;
    challengeWeight[i] = sum * actor.capability;
    salienceSquareSum[i] = squareSum;
  });
  let accommodation: Float64Array | undefined;
  if (input.accommodation) {
    accommodation = new Float64Array(actorCount * actorCount);
    if (input.accommodation.length !== actorCount) throw problem(`the accommodation matrix needs ${actorCount} rows`);
    input.accommodation.forEach((row, i) => {
      if (row.length !== actorCount) throw problem(`accommodation row ${i} needs ${actorCount} entries`);
      let rowSum = 0;
      row.forEach((entry, j) => {
        if (!(entry >= 0 && entry <= 1)) throw problem(`accommodation entry (${i}, ${j}) is ${entry}; entries lie in [0, 1]`);
        rowSum += entry;
        accommodation![i * actorCount + j] = entry;
      });
      if (rowSum > 1 + 1e-10) throw problem(`accommodation row ${i} sums to ${rowSum}; rows sum to at most 1`);
    });
  }
  const { seed, ...modelOptions } = options;
  return {
    actorCount,
    dimensions,
    capability,
    salience,
    totalSalience,
    challengeWeight,
    salienceSquareSum,
    accommodation,
    rule: ruleCode(options.VotingRule),
    options: modelOptions,
    rng: options.StateTransitions === 'Stochastic' ? createRng(seed) : undefined,
  };
}

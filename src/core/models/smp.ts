/**
 * The spatial model of politics (SMP) of KTAB: actors hold positions in a space of several
 * issues at once. Each turn every actor weighs challenging every other one — its chance of
 * winning (its own and the third parties' votes) against what it risks — picks the most
 * rewarding target and offers it a bargain: both move to a point between them, weighted by
 * salience and the chance of winning. Each actor then holds an election among the bargains
 * that involve it (and staying put), in which every actor votes, and moves to the winner.
 * Turns repeat until the positions stop moving; the forecast is what the final positions
 * would win in a last election among them.
 *
 * References: KAPSARC discussion papers "An Introduction to the KAPSARC Toolkit for
 * Behavioral Analysis (KTAB)" and "Multidimensional Bargaining using KTAB"; the KTAB source
 * (MIT licence; lsyaseen/KTAB at 3b5b063, a fork of KAPSARC/KTAB), `apps/smpc`. The rules
 * follow `SMP-SPEC.md` of the reference folder (reference/ktab), whose section
 * numbers (§) are cited below; the voting and election rules (§6) are in `smp-voting.ts`.
 *
 * # What KTAB does, and what is kept
 * `runSmp` is KTAB's model on KTAB's internal scale: positions and saliences in [0, 1]
 * (KTAB's CSV values divided by 100), capabilities raw. Deterministic runs reproduce KTAB's
 * reference runs at every turn. The nine options keep KTAB's names and value names (§3).
 * Where the spec marks an upstream bug (§13), KTAB's value keeps the bug and a value ending
 * in `Fixed` corrects it:
 * - `BigRAdjust=FullFixed` (§13.1): Full always fails KTAB's sanity check at state 0; the
 *   fixed value skips that check and runs with every actor knowing every risk attitude.
 * - `ThirdPartyCommit=…Fixed` (§13.2): KTAB weighs "m joins i" and "m joins j" with the same
 *   probabilities, so under NoCommit/FullCommit third parties never count and NoCommit
 *   equals FullCommit; the fixed values weigh each side by the probability that it wins
 *   with m's help, p(i+m > j) = (K_i + w)/(K_i + w + K_j), p(i > j+m) = K_i/(K_i + K_j + w).
 *   This changes SemiCommit results as well.
 * - `BargnModel=InitRcvrInterpFixed / PWCompInterpFixed` (§13.3, §13.4): the receiver's
 *   bargain uses j's estimate that i wins (φ) instead of i's expected utility gain, and the
 *   compromise weighs the receiver's bargain by the receiver's own capability.
 * - `DegenerateRisk=Neutral` (§13.8): when every position is equally likely (all actors at
 *   one point, or two camps of exactly equal capability facing each other), KTAB's risk
 *   attitudes are 0/0 = NaN and nobody moves again; the fixed value makes everybody risk
 *   neutral (and skips the sanity checks, which would fail) and the run goes on.
 * - `UtilityCheck=Skip`: KTAB also fails a run when ‖V − W‖ ≤ 1e-6 (§5.5 step 2), i.e. when
 *   risk attitudes cannot change any utility. That happens on ordinary data: an issue whose
 *   actors all sit at the two ends of its scale has every distance 0 or 1, where utility does
 *   not depend on risk (51 of the 188 DEU III development issues). Skip runs on, as the spec
 *   suggests for the same check under BigRAdjust=Full (§13.1).
 * Kept as in KTAB, as the spec asks: duplicate positions count separately in the risk
 * election (§13.5); the victory probability model does not reach the challenges (§13.10).
 * Zero capability or an all-zero salience vector are rejected before the run (§13.9).
 * Queues are filled in the canonical order of §9.3 and stochastic draws are made in actor
 * order (§13.6, §13.7), so every run here is reproducible, ASymProsp and Stochastic
 * included, which KTAB's threaded runs are not.
 *
 * # A scenario as KTAB input (`smpModel.run`)
 * - Dimensions are the scenario's issues, in order; actors are the union of the issues'
 *   participants keyed by id, in order of first appearance (issue by issue, file order),
 *   which is KTAB's actor order for a scenario imported from a KTAB file.
 * - Positions: issue scale [min, max] → (p − min)/(max − min) in [0, 1] and back.
 * - Salience: scenario saliences are 0..1 per issue, each independent; KTAB's per-actor
 *   vector sums to at most 1. An actor's vector is its saliences as given when they sum to
 *   at most 1 (a KTAB import is passed through unchanged), otherwise divided by their sum:
 *   the issues keep their relative weight (all the distances of §5.2 use) and the total
 *   σ_i, KTAB's share of attention that decides how readily an actor gives in (§7 step 5),
 *   is capped at 1.
 * - An actor without a stance on an issue enters that dimension with salience 0 — it does
 *   not care where the issue ends — and a neutral position: the issue's status quo if it
 *   has one, else the participants' mean position weighted by capability × salience (so
 *   its platform does not look extreme on an issue it has no view on). It is not listed
 *   among that issue's positions, but its platform stays a candidate outcome.
 * - Actors that care about nothing (all saliences 0) or have no capability are left out
 *   with a note: KTAB would abort on them (§13.9).
 * - The forecast on an issue is the probability-weighted mean of the final platforms'
 *   coordinates on it (probabilities of §12, summing to 1): the expected outcome, which
 *   moves smoothly with the input, where the most probable position jumps between groups
 *   when two are nearly tied. The most probable position group is in `details`.
 *
 * # Cost per turn (§14)
 * O(n²·D) for the distances; O(n³) for the risk election, the n(n−1) challenge evaluations
 * (O(n) each, from per-perspective risk estimates; the n perspective matrices U^h are never
 * stored) and the queue elections (each bargain's utilities once, O(n²), shared by both
 * queues it sits in); O(n²) memory. KTAB's logging work, O(n⁴) a turn, is not done.
 */
import { withDecidersOutcome } from '../lobbying.js';
import { ParleyError } from '../resolve.js';
import { createRng, type Rng } from '../rng.js';
import type { ExplainOptions, IssueForecast, IssueInput, Model, ParamSpec, ParamValues, PointScenario } from '../model.js';
import { explainSmpIssue, type SmpExplainDetails } from './smp-explain.js';
import {
  pceModels,
  ruleCode,
  scalarPce,
  smpFailure,
  victoryProbModels,
  vote,
  votingRules,
  type PceModel,
  type RuleCode,
  type VictoryProbModel,
  type VotingRule,
} from './smp-voting.js';

export { pceModels, victoryProbModels, votingRules, type PceModel, type VictoryProbModel, type VotingRule };

// ---------------------------------------------------------------------------------------
// Options (§3)
// ---------------------------------------------------------------------------------------

export const stateTransitionsValues = ['Deterministic', 'Stochastic'] as const;
export type StateTransitions = (typeof stateTransitionsValues)[number];

/** How far actor h's estimate of i's risk attitude leans to i's true attitude (§5.5). */
export const bigRAdjustValues = ['None', 'OneThird', 'Half', 'TwoThirds', 'Full', 'FullFixed'] as const;
export type BigRAdjust = (typeof bigRAdjustValues)[number];

/** The range of risk attitudes (§5.4). */
export const bigRRangeValues = ['Min', 'Mid', 'Max'] as const;
export type BigRRange = (typeof bigRRangeValues)[number];

/** What a third party expects to keep after joining a side (§7 step 3). */
export const thirdPartyCommitValues = [
  'NoCommit',
  'SemiCommit',
  'FullCommit',
  'NoCommitFixed',
  'SemiCommitFixed',
  'FullCommitFixed',
] as const;
export type ThirdPartyCommit = (typeof thirdPartyCommitValues)[number];

/** How two positions are interpolated into a bargain (§9.1). */
export const interVecBrgnValues = ['S1P1', 'S2P2', 'S2PMax'] as const;
export type InterVecBrgn = (typeof interVecBrgnValues)[number];

/** Which bargains are queued after a challenge (§9.2). */
export const bargnModelValues = [
  'InitOnlyInterp',
  'InitRcvrInterp',
  'PWCompInterp',
  'InitRcvrInterpFixed',
  'PWCompInterpFixed',
] as const;
export type BargnModel = (typeof bargnModelValues)[number];

/** Risk attitudes when every position is equally likely (§13.8). */
export const degenerateRiskValues = ['NaN', 'Neutral'] as const;
export type DegenerateRisk = (typeof degenerateRiskValues)[number];
export const utilityCheckValues = ['Fail', 'Skip'] as const;
export type UtilityCheck = (typeof utilityCheckValues)[number];

/** The model's options, named as KTAB names them, and the run's own settings. */
export interface SmpOptions {
  VictoryProbModel?: VictoryProbModel;
  PCEModel?: PceModel;
  StateTransitions?: StateTransitions;
  VotingRule?: VotingRule;
  BigRAdjust?: BigRAdjust;
  BigRRange?: BigRRange;
  ThirdPartyCommit?: ThirdPartyCommit;
  InterVecBrgn?: InterVecBrgn;
  BargnModel?: BargnModel;
  DegenerateRisk?: DegenerateRisk;
  UtilityCheck?: UtilityCheck;
  /** Stop after this many turns at the latest (KTAB: 100). */
  maxTurns?: number;
  /** Stop when the last turn moved actors less than this fraction of what the first turn moved (KTAB: 0.02). */
  stopRatio?: number;
  /** Seed of the stochastic transitions; ignored in deterministic mode. */
  seed?: number;
}

/** KTAB's defaults (§3, §11.3). */
export const smpDefaults = {
  VictoryProbModel: 'Linear',
  PCEModel: 'Conditional',
  StateTransitions: 'Deterministic',
  VotingRule: 'Prop',
  BigRAdjust: 'OneThird',
  BigRRange: 'Mid',
  ThirdPartyCommit: 'SemiCommit',
  InterVecBrgn: 'S2P2',
  BargnModel: 'InitOnlyInterp',
  DegenerateRisk: 'NaN',
  UtilityCheck: 'Fail',
  maxTurns: 100,
  stopRatio: 0.02,
  /** The low 32 bits of KTAB's default seed 0xD67CC16FE69C185C (our generator takes 32 bits). */
  seed: 0xe69c185c,
} as const satisfies Required<SmpOptions>;

// ---------------------------------------------------------------------------------------
// Input and output
// ---------------------------------------------------------------------------------------

/** One actor on KTAB's internal scale: positions and saliences in [0, 1], one per dimension. */
export interface SmpActor {
  id: string;
  name?: string;
  /** Raw capability, positive (KTAB does not normalise it). */
  capability: number;
  position: readonly number[];
  /** Saliences summing to at most 1, not all 0. */
  salience: readonly number[];
}

export interface SmpInput {
  actors: readonly SmpActor[];
  /**
   * How ideals follow positions (§11.2), n × n, entries in [0, 1], row sums ≤ 1. Default:
   * the identity — every actor's ideal is its current position, as KTAB's CSV runs.
   */
  accommodation?: readonly (readonly number[])[];
}

/** One state of the run; positions and ideals on the internal scale, [actor][dimension]. */
export interface SmpState {
  positions: number[][];
  ideals: number[][];
  /** §5.4: the probability of each actor's position in the risk-attitude election. */
  riskProbabilities: number[];
  /** §5.4: each actor's risk attitude R_i (positive: averse; NaN when degenerate, §13.8). */
  riskAttitudes: number[];
}

/** Initiator i's best challenge in a turn (§8). */
export interface SmpChallenge {
  initiator: number;
  target: number;
  /** φ: i's estimate of the probability that it would win. */
  winProbability: number;
  /** Δ: i's expected utility gain from challenging. */
  gain: number;
}

/** A bargain: where the initiator and the receiver would move. Status quo: both are the actor, nobody moves. */
export interface SmpBargain {
  initiator: number;
  receiver: number;
  /** `initiator`: B_I, from i's estimate; `receiver`: B_J, from j's; `combined`: B_C of PWCompInterp (§9.2). */
  view: 'status-quo' | 'initiator' | 'receiver' | 'combined';
  initiatorPosition: number[];
  receiverPosition: number[];
}

/** Actor k's election among the bargains of its queue (§10). */
export interface SmpElection {
  actor: number;
  /** Indices into the turn's `bargains`, in queue order (§9.3). */
  queue: number[];
  probabilities: number[];
  /** Index into `queue` of the bargain k took. */
  chosen: number;
}

/** The step from state `round − 1` to state `round`. */
export interface SmpTurn {
  round: number;
  challenges: SmpChallenge[];
  bargains: SmpBargain[];
  elections: SmpElection[];
}

/** One group of equal positions in the final state (§5.1) and its probability (§12). */
export interface SmpGroup {
  /** The first actor at this position. */
  representative: number;
  members: number[];
  probability: number;
}

export type SmpStop = 'converged' | 'max-turns';

export interface SmpRun {
  /** States 0 … turns; state 0 is the input. */
  states: SmpState[];
  /** turns[t] led from state t to state t + 1. */
  turns: SmpTurn[];
  stop: SmpStop;
  /** The final position groups, probabilities summing to 1. */
  groups: SmpGroup[];
  /** What KTAB reports per actor: the probability of its position (actors sharing one report it all). */
  actorProbabilities: number[];
}

// ---------------------------------------------------------------------------------------
// Constants of the model (§3, §5, §7–§11)
// ---------------------------------------------------------------------------------------

/** Two positions closer than this (Euclidean, internal scale) are the same position (§5.1). */
const positionTolerance = 1e-3;
/** Floor of the principals' strengths in a challenge (§7 step 2). */
const challengeFloor = 1e-10;
/** A challenge is worth making only above this expected gain (§8). */
const minimumGain = 1e-5;
/** The pull of each party toward its own position in an interpolated bargain (§9.1). */
const interpolationEpsilon = 1e-6;
/** The §5.5 sanity checks fail when two utility matrices are this close (Frobenius norm). */
const utilityCheckTolerance = 1e-6;
/** The first turn's movement is padded by this before the stopping ratio (§11.3). */
const firstMovePadding = 1e-4;

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

interface World {
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

function resolveOptions(options: SmpOptions): Required<SmpOptions> {
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
  if (!(Number.isInteger(resolved.maxTurns) && resolved.maxTurns >= 1)) {
    throw new ParleyError('smp-invalid-option', `smp: maxTurns must be a whole number of at least 1, got ${resolved.maxTurns}`);
  }
  if (!(resolved.stopRatio >= 0)) throw new ParleyError('smp-invalid-option', `smp: stopRatio must be at least 0, got ${resolved.stopRatio}`);
  return resolved;
}

/** Input checks: what KTAB's reader checks (§1.1), and what it accepts but later fails on (§13.9). */
function buildWorld(input: SmpInput, options: Required<SmpOptions>): World {
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
      throw problem(`actor "${actor.id}" has ${actor.position.length} positions and ${actor.salience.length} saliences; every actor needs ${dimensions} of each`);
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

// ---------------------------------------------------------------------------------------
// §5 Assessment of a state
// ---------------------------------------------------------------------------------------

/** Everything the dynamics read about one state. Matrices are n × n, stored by position: [j·n + i]. */
interface Assessment {
  /** d_ij: distance from evaluator i's ideal to actor j's position, at [j·n + i] (§5.2). */
  distance: Float64Array;
  /** P: probability of each actor's position in the risk-neutral election (§5.4). */
  riskProbability: Float64Array;
  /** R_i (§5.4). */
  risk: Float64Array;
  /** W_ij = u(d_ij, R_i): i's own risk-aware utility of j's position, at [j·n + i] (§5.5). */
  utility: Float64Array;
}

/**
 * §5.2 The salience-weighted distance from actor i's ideal to a point:
 * sqrt(Σ_k ((y_ik − z_k)·s_ik)² / Σ_k s_ik²).
 */
function distanceFromIdeal(world: World, ideals: Float64Array, i: number, point: Float64Array, pointOffset: number): number {
  const dimensions = world.dimensions;
  let numerator = 0;
  for (let k = 0; k < dimensions; k++) {
    const weighted = (ideals[i * dimensions + k]! - point[pointOffset + k]!) * world.salience[i * dimensions + k]!;
    numerator += weighted * weighted;
  }
  return Math.sqrt(numerator / world.salienceSquareSum[i]!);
}

/** h's estimate of i's risk attitude under BigRAdjust (§5.5 step 3), computed as the spec writes it. */
function estimatedRisk(adjust: BigRAdjust, riskOfH: number, riskOfI: number): number {
  switch (adjust) {
    case 'None':
      return riskOfH;
    case 'OneThird':
      return (2 * riskOfH + riskOfI) / 3;
    case 'Half':
      return (riskOfH + riskOfI) / 2;
    case 'TwoThirds':
      return (riskOfH + 2 * riskOfI) / 3;
    case 'Full':
    case 'FullFixed':
      return riskOfI;
  }
}

/**
 * §5 Assess a state: distances, the risk-neutral election over the actors' positions, the
 * risk attitudes it implies (the likeliest position's holder is the most risk averse), the
 * risk-aware utilities, and KTAB's sanity checks.
 *
 * Cost: O(n²·D) distances, O(n³) risk election, O(n²) the rest.
 */
function assess(world: World, positions: Float64Array, ideals: Float64Array): Assessment {
  const n = world.actorCount;
  const options = world.options;
  const distance = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) distance[j * n + i] = distanceFromIdeal(world, ideals, i, positions, j * world.dimensions);
  }

  // §5.4 steps 1–3: every actor's position is an option (duplicates included, §13.5); voters
  // weigh them by raw capability with risk-neutral utilities V_ij = u(d_ij, 0).
  const neutralUtility = new Float64Array(n * n);
  for (let index = 0; index < n * n; index++) neutralUtility[index] = utility(distance[index]!, 0);
  const positionOptions = Array.from({ length: n }, (_, j) => neutralUtility.subarray(j * n, (j + 1) * n));
  const riskProbability = scalarPce(world.rule, options.VictoryProbModel, options.PCEModel, world.capability, positionOptions);

  // §5.4 step 4: risk attitudes from where each position's probability lies in [pmin, pmax].
  let pmin = 1;
  let pmax = 0;
  for (let i = 0; i < n; i++) {
    if (riskProbability[i]! < pmin) pmin = riskProbability[i]!;
    if (riskProbability[i]! > pmax) pmax = riskProbability[i]!;
  }
  const degenerate = pmax - pmin === 0;
  const neutralised = degenerate && options.DegenerateRisk === 'Neutral';
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = riskProbability[i]!;
    // 0/0 = NaN when every position is equally likely: KTAB's behaviour (§13.8), kept unless neutralised.
    if (neutralised) risk[i] = 0;
    else if (options.BigRRange === 'Min') risk[i] = (p - pmin) / (pmax - pmin);
    else if (options.BigRRange === 'Mid') risk[i] = (3 * p - (pmax + 2 * pmin)) / (2 * (pmax - pmin));
    else risk[i] = (2 * p - (pmax + pmin)) / (pmax - pmin);
  }

  // §5.5 step 1: W_ij = u(d_ij, R_i).
  const ownUtility = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) ownUtility[j * n + i] = utility(distance[j * n + i]!, risk[i]!);
  }
  if (!neutralised && options.UtilityCheck === 'Fail') checkUtilities(world, distance, neutralUtility, ownUtility, risk);
  return { distance, riskProbability, risk, utility: ownUtility };
}

/**
 * KTAB's sanity checks of §5.5 (steps 2 and 4), which decide whether a run fails:
 * ‖V − W‖ ≤ 1e-6, or ‖U^h − W‖ ≤ 1e-6 for some perspective h (always so under
 * BigRAdjust=Full, §13.1). A NaN norm passes, as in KTAB.
 *
 * The n matrices U^h are not built. For d ≤ 1, U^h_ij − W_ij = (1 − d)·d·(r^h_i − R_i), and
 * (1 − d)·(r^h_i − R_i) for d > 1, so ‖U^h − W‖² = Σ_i (r^h_i − R_i)²·G_i with
 * G_i = Σ_j g(d_ij)²: O(n) per h after O(n²) once. Rounding could only matter within a
 * whisker of the threshold, so there the norm is computed entry by entry as KTAB does.
 */
function checkUtilities(world: World, distance: Float64Array, neutralUtility: Float64Array, ownUtility: Float64Array, risk: Float64Array): void {
  const n = world.actorCount;
  let neutralGap = 0;
  for (let index = 0; index < n * n; index++) {
    const gap = neutralUtility[index]! - ownUtility[index]!;
    neutralGap += gap * gap;
  }
  if (Math.sqrt(neutralGap) <= utilityCheckTolerance) throw smpFailure('SMPState::setAllAUtil: utility values not in valid range');
  if (world.options.BigRAdjust === 'FullFixed') return;

  const spread = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const d = distance[j * n + i]!;
      const slope = d <= 1 ? (1 - d) * d : 1 - d;
      spread[i] = spread[i]! + slope * slope;
    }
  }
  const threshold = utilityCheckTolerance * utilityCheckTolerance;
  for (let h = 0; h < n; h++) {
    let squareNorm = 0;
    for (let i = 0; i < n; i++) {
      const gap = estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[i]!) - risk[i]!;
      squareNorm += gap * gap * spread[i]!;
    }
    if (squareNorm > threshold * 1e-2 && squareNorm < threshold * 1e2) {
      squareNorm = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const gap = utility(distance[j * n + i]!, estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[i]!)) - ownUtility[j * n + i]!;
          squareNorm += gap * gap;
        }
      }
    }
    if (Math.sqrt(squareNorm) <= utilityCheckTolerance) {
      throw smpFailure(`SMPState::setAllAUtil: Estimate of change in utility by ${h} out of valid range`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// §7 Evaluating a challenge
// ---------------------------------------------------------------------------------------

/**
 * Actor h's view of the state, for evaluating challenges of principal i from it:
 * U^h_ab = u(d_ab, r^h_a) is read from these vectors instead of an n × n matrix.
 */
interface Perspective {
  /** r^h_m: h's estimate of every actor's risk attitude. */
  risk: Float64Array;
  /** U^h_mm. */
  own: Float64Array;
  /** U^h_mi for the principal i it was prepared for. */
  ofPrincipal: Float64Array;
}

function newPerspective(n: number): Perspective {
  return { risk: new Float64Array(n), own: new Float64Array(n), ofPrincipal: new Float64Array(n) };
}

/** Fill `view` with h's estimates, for challenges whose initiator is i. O(n). */
function preparePerspective(world: World, assessment: Assessment, view: Perspective, h: number, i: number): void {
  const n = world.actorCount;
  const { distance, risk } = assessment;
  for (let m = 0; m < n; m++) {
    const estimate = estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[m]!);
    view.risk[m] = estimate;
    view.own[m] = utility(distance[m * n + m]!, estimate);
    view.ofPrincipal[m] = utility(distance[i * n + m]!, estimate);
  }
}

/** The result of one evaluation, reused to keep the O(n²) evaluations a turn allocation-free. */
interface ChallengeValue {
  winProbability: number;
  gain: number;
}

function rangeCheck(value: number, low: number, high: number, what: string): void {
  // Written so that NaN passes, as in KTAB (§7 step 1, §13.8).
  if (value < low || value > high) throw smpFailure(`${what} = ${value} is outside [${low}, ${high}]`);
}

/** Coalition strengths [for i, for j] after the third parties, written by `semiCommitSupport`. */
const support = new Float64Array(2);

/**
 * §7 step 3 under SemiCommit, the default and the hot loop of a turn: each third party m
 * weighs joining i against joining j. m keeps its own position unless it is on the losing
 * side. `distance[toJ + m]` is d_mj.
 *
 * Under Prop the loop avoids the two data-dependent branches per third party (which the
 * processor mispredicts half the time): for a finite v, (v + |v|)·½ is exactly "v if
 * positive, else 0" and (|v| − v)·½ exactly "−v if negative, else 0", and adding +0
 * changes nothing. NaN (the degenerate state of §13.8) would spread where KTAB ignores it,
 * so a NaN result is recomputed the literal way.
 *
 * Cost: O(n).
 */
function semiCommitSupport(
  rule: RuleCode,
  weights: Float64Array,
  distance: Float64Array,
  toJ: number,
  view: Perspective,
  i: number,
  j: number,
  principalI: number,
  principalJ: number,
): void {
  const n = weights.length;
  const estimate = view.risk;
  const ofI = view.ofPrincipal;
  const own = view.own;
  let forI = principalI;
  let forJ = principalJ;
  if (rule === ruleCode('Prop')) {
    for (let m = 0; m < n; m++) {
      if (m === i || m === j) continue;
      const weight = weights[m]!;
      const mOfI = ofI[m]!;
      const dj = distance[toJ + m]!;
      const mOfJ = dj <= 1 ? (1 - dj) * (1 + dj * estimate[m]!) : (1 - dj) * (1 + estimate[m]!);
      const mOfM = own[m]!;
      const littleVote = weight * (mOfI - mOfJ);
      const littleSize = Math.abs(littleVote);
      const strengthI = principalI + (littleVote + littleSize) * 0.5;
      const strengthJ = principalJ + (littleSize - littleVote) * 0.5;
      const iWins = strengthI / (strengthI + strengthJ);
      const jWins = 1 - iWins;
      const joinI = iWins * (mOfI + mOfI + mOfM) + jWins * (mOfJ + mOfJ + mOfJ);
      const joinJ = iWins * (mOfI + mOfI + mOfI) + jWins * (mOfJ + mOfJ + mOfM);
      const ballot = weight * (joinI - joinJ);
      const ballotSize = Math.abs(ballot);
      forI += (ballot + ballotSize) * 0.5;
      forJ += (ballotSize - ballot) * 0.5;
    }
    if (!Number.isNaN(forI + forJ)) {
      support[0] = forI;
      support[1] = forJ;
      return;
    }
    forI = principalI;
    forJ = principalJ;
  }
  for (let m = 0; m < n; m++) {
    if (m === i || m === j) continue;
    const weight = weights[m]!;
    const mOfI = ofI[m]!;
    const mOfJ = utility(distance[toJ + m]!, estimate[m]!);
    const mOfM = own[m]!;
    // The little contest: how likely i wins if m backs the side it prefers (always linear, §13.10).
    const littleVote = vote(rule, weight, mOfI, mOfJ);
    const strengthI = littleVote > 0 ? principalI + littleVote : principalI;
    const strengthJ = littleVote < 0 ? principalJ - littleVote : principalJ;
    const iWins = strengthI / (strengthI + strengthJ);
    const jWins = 1 - iWins;
    const joinI = iWins * (mOfI + mOfI + mOfM) + jWins * (mOfJ + mOfJ + mOfJ);
    const joinJ = iWins * (mOfI + mOfI + mOfI) + jWins * (mOfJ + mOfJ + mOfM);
    const ballot = vote(rule, weight, joinI, joinJ);
    if (ballot > 0) forI += ballot;
    if (ballot < 0) forJ -= ballot;
  }
  support[0] = forI;
  support[1] = forJ;
}

/**
 * evalChallenge(h, k, i, j) of §7: h's estimate of the probability that i beats j if i
 * challenges j, and of the expected change in utility to k. Principals vote with weight
 * c·σ; each third party m votes for the side it expects to serve it best, given its
 * little contest with the principals' strengths and what it keeps after each outcome
 * (ThirdPartyCommit). j gives in without a fight with probability 1 − σ_j.
 *
 * Cost: O(n).
 */
function evaluateChallenge(world: World, assessment: Assessment, view: Perspective, k: number, i: number, j: number, out: ChallengeValue): void {
  const n = world.actorCount;
  const rule = world.rule;
  const { distance } = assessment;
  const estimate = view.risk;
  const ofI = view.ofPrincipal;

  // Step 1: k's utility of the status quo, of i's victory and of i's defeat.
  const kOfI = utility(distance[i * n + k]!, estimate[k]!);
  const kOfJ = utility(distance[j * n + k]!, estimate[k]!);
  const utilityStatusQuo = kOfI + kOfJ;
  const utilityVictory = kOfI + kOfI;
  const utilityDefeat = kOfJ + kOfJ;
  rangeCheck(utilityStatusQuo, 0, 2, 'expected utility of the status quo');
  rangeCheck(utilityVictory, 0, 2, 'utility of victory');
  rangeCheck(utilityDefeat, 0, 2, 'utility of defeat');
  const sigmaJ = world.totalSalience[j]!;
  if (sigmaJ <= 0 || sigmaJ > 1) throw smpFailure(`total salience of actor ${j} = ${sigmaJ} is outside (0, 1]`);

  // Step 2: the principals' own strengths.
  const voteOfI = vote(rule, world.challengeWeight[i]!, ofI[i]!, utility(distance[j * n + i]!, estimate[i]!));
  const voteOfJ = vote(rule, world.challengeWeight[j]!, utility(distance[i * n + j]!, estimate[j]!), view.own[j]!);
  let forI = challengeFloor;
  let forJ = challengeFloor;
  if (voteOfI > 0) forI += voteOfI;
  if (voteOfI < 0) forJ -= voteOfI;
  if (voteOfJ > 0) forI += voteOfJ;
  if (voteOfJ < 0) forJ -= voteOfJ;
  const principalI = forI;
  const principalJ = forJ;

  // Step 3: third parties. Under NoCommit and FullCommit every third-party vote is exactly
  // 0 (the two expectations are the same sums, §13.2), so the loop is skipped.
  const commit = world.options.ThirdPartyCommit;
  if (commit === 'SemiCommit') {
    semiCommitSupport(rule, world.challengeWeight, distance, j * n, view, i, j, principalI, principalJ);
    forI = support[0]!;
    forJ = support[1]!;
  } else if (commit === 'NoCommitFixed' || commit === 'SemiCommitFixed' || commit === 'FullCommitFixed') {
    // A third party on the winning side keeps its own position unless it fully commits; on
    // the losing side it keeps it only when not committed at all.
    const keepsWhenWinning = commit !== 'FullCommitFixed';
    const keepsWhenLosing = commit === 'NoCommitFixed';
    for (let m = 0; m < n; m++) {
      if (m === i || m === j) continue;
      const weight = world.challengeWeight[m]!;
      const mOfI = ofI[m]!;
      const mOfJ = utility(distance[j * n + m]!, estimate[m]!);
      const mOfM = view.own[m]!;
      const littleVote = vote(rule, weight, mOfI, mOfJ);
      const help = Math.abs(littleVote);
      // The corrected §13.2: each side m can join wins with its own probability.
      const iWinsWithM = (principalI + help) / (principalI + help + principalJ);
      const iWinsAgainstM = principalI / (principalI + principalJ + help);
      // m's utility summed over the three positions after each outcome (the table of §7).
      const iAndMWin = mOfI + mOfI + (keepsWhenWinning ? mOfM : mOfI);
      const jBeatsIAndM = mOfJ + mOfJ + (keepsWhenLosing ? mOfM : mOfJ);
      const iBeatsJAndM = mOfI + mOfI + (keepsWhenLosing ? mOfM : mOfI);
      const jAndMWin = mOfJ + mOfJ + (keepsWhenWinning ? mOfM : mOfJ);
      const joinI = iWinsWithM * iAndMWin + (1 - iWinsWithM) * jBeatsIAndM;
      const joinJ = iWinsAgainstM * iBeatsJAndM + (1 - iWinsAgainstM) * jAndMWin;
      const ballot = vote(rule, weight, joinI, joinJ);
      if (ballot > 0) forI += ballot;
      if (ballot < 0) forJ -= ballot;
    }
  }

  // Steps 4–5: the contest, and the challenge, which j concedes with probability 1 − σ_j.
  const winProbability = forI / (forI + forJ);
  const loseProbability = forJ / (forI + forJ);
  const utilityContest = winProbability * utilityVictory + loseProbability * utilityDefeat;
  const utilityChallenge = (1 - sigmaJ) * utilityVictory + sigmaJ * utilityContest;
  out.winProbability = winProbability;
  out.gain = utilityChallenge - utilityStatusQuo;
}

// ---------------------------------------------------------------------------------------
// §9.1 Bargains: interpolation between two positions
// ---------------------------------------------------------------------------------------

/** Round to 4 decimals of the internal scale (0.01 on KTAB's 0–100 scale), half up (§9.1). */
function round4(value: number): number {
  return Math.trunc(0.5 + value * 10000) / 10000;
}

/**
 * interp(i, j, x_i, x_j, pI, pJ) of §9.1: the positions i and j agree on, weighting each
 * side by salience and probability. S1P1/S2P2 move both almost to one weighted point
 * (each keeps a 1e-6 pull toward itself) and round to 4 decimals; S2PMax moves only the
 * weaker side. Each coordinate is computed from the original positions.
 *
 * Cost: O(D).
 */
function interpolate(
  world: World,
  positions: Float64Array,
  i: number,
  j: number,
  pI: number,
  pJ: number,
): { initiatorPosition: Float64Array; receiverPosition: Float64Array } {
  const dimensions = world.dimensions;
  const method = world.options.InterVecBrgn;
  const initiatorPosition = new Float64Array(dimensions);
  const receiverPosition = new Float64Array(dimensions);
  for (let k = 0; k < dimensions; k++) {
    const positionI = positions[i * dimensions + k]!;
    const positionJ = positions[j * dimensions + k]!;
    const salienceI = world.salience[i * dimensions + k]!;
    const salienceJ = world.salience[j * dimensions + k]!;
    if (method === 'S2PMax') {
      const shortfallI = Math.max(0, pJ - pI);
      const shortfallJ = Math.max(0, pI - pJ);
      const squareI = salienceI * salienceI;
      const squareJ = salienceJ * salienceJ;
      const stepI = (shortfallI * squareJ) / (shortfallI * squareJ + interpolationEpsilon + (1 - shortfallI) * squareI);
      const stepJ = (shortfallJ * squareI) / (shortfallJ * squareI + interpolationEpsilon + (1 - shortfallJ) * squareJ);
      initiatorPosition[k] = positionI + stepI * (positionJ - positionI);
      receiverPosition[k] = positionJ + stepJ * (positionI - positionJ);
    } else {
      const weightI = method === 'S1P1' ? salienceI * pI : salienceI * salienceI * (pI * pI);
      const weightJ = method === 'S1P1' ? salienceJ * pJ : salienceJ * salienceJ * (pJ * pJ);
      const total = weightI + interpolationEpsilon + weightJ;
      initiatorPosition[k] = round4(((weightI + interpolationEpsilon) * positionI + weightJ * positionJ) / total);
      receiverPosition[k] = round4((weightI * positionI + (interpolationEpsilon + weightJ) * positionJ) / total);
    }
  }
  return { initiatorPosition, receiverPosition };
}

// ---------------------------------------------------------------------------------------
// §8–§9 One turn's proposals
// ---------------------------------------------------------------------------------------

interface Bargain {
  initiator: number;
  receiver: number;
  view: SmpBargain['view'];
  initiatorPosition: Float64Array;
  receiverPosition: Float64Array;
}

interface Proposals {
  challenges: SmpChallenge[];
  bargains: Bargain[];
  /** Queue of each actor: indices into `bargains`, in the canonical order of §9.3. */
  queues: number[][];
}

/**
 * §8–§9: every actor in order picks the challenge with the largest expected gain (above
 * 1e-5; ties keep the earlier target) and queues the resulting bargain(s) with itself and
 * its target, after its own status quo.
 *
 * Cost: O(n³): n(n − 1) evaluations of O(n), plus O(n) per receiver's view.
 */
function propose(world: World, assessment: Assessment, positions: Float64Array): Proposals {
  const n = world.actorCount;
  const bargainModel = world.options.BargnModel;
  const view = newPerspective(n);
  const receiverView = newPerspective(n);
  const value: ChallengeValue = { winProbability: 0, gain: 0 };
  const challenges: SmpChallenge[] = [];
  const bargains: Bargain[] = [];
  const queues: number[][] = Array.from({ length: n }, () => []);
  const enqueue = (bargain: Bargain, ...owners: number[]) => {
    bargains.push(bargain);
    for (const owner of owners) queues[owner]!.push(bargains.length - 1);
  };

  for (let i = 0; i < n; i++) {
    const here = positions.subarray(i * world.dimensions, (i + 1) * world.dimensions);
    enqueue({ initiator: i, receiver: i, view: 'status-quo', initiatorPosition: here, receiverPosition: here }, i);

    preparePerspective(world, assessment, view, i, i);
    let bestGain = -1;
    let target = -1;
    let winProbability = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      evaluateChallenge(world, assessment, view, i, i, j, value);
      if (value.gain > minimumGain && value.gain > bestGain) {
        bestGain = value.gain;
        target = j;
        winProbability = value.winProbability;
      }
    }
    if (target < 0) continue;
    const j = target;
    challenges.push({ initiator: i, target: j, winProbability, gain: bestGain });

    const fromInitiator = interpolate(world, positions, i, j, winProbability, 1 - winProbability);
    const initiatorBargain: Bargain = { initiator: i, receiver: j, view: 'initiator', ...fromInitiator };
    if (bargainModel === 'InitOnlyInterp') {
      enqueue(initiatorBargain, i, j);
      continue;
    }
    // j's estimate of the challenge, from j's perspective (h = j, k = i).
    preparePerspective(world, assessment, receiverView, j, i);
    evaluateChallenge(world, assessment, receiverView, i, i, j, value);
    const fixed = bargainModel === 'InitRcvrInterpFixed' || bargainModel === 'PWCompInterpFixed';
    // Upstream reads i's expected utility gain as a probability (§13.3); Fixed uses j's estimate that i wins.
    const receiverEstimate = fixed ? value.winProbability : value.gain;
    const fromReceiver = interpolate(world, positions, i, j, receiverEstimate, 1 - receiverEstimate);
    const receiverBargain: Bargain = { initiator: i, receiver: j, view: 'receiver', ...fromReceiver };
    if (bargainModel === 'InitRcvrInterp' || bargainModel === 'InitRcvrInterpFixed') {
      enqueue(initiatorBargain, i, j);
      enqueue(receiverBargain, i, j);
      continue;
    }
    // PWCompInterp: the two views weighted by c·σ; upstream uses i's capability for both (§13.4).
    const weightI = world.capability[i]! * world.totalSalience[i]!;
    const weightJ = (fixed ? world.capability[j]! : world.capability[i]!) * world.totalSalience[j]!;
    const combine = (fromI: Float64Array, fromJ: Float64Array) =>
      fromI.map((coordinate, k) => (weightI * coordinate + weightJ * fromJ[k]!) / (weightI + weightJ));
    enqueue(
      {
        initiator: i,
        receiver: j,
        view: 'combined',
        initiatorPosition: combine(initiatorBargain.initiatorPosition, receiverBargain.initiatorPosition),
        receiverPosition: combine(initiatorBargain.receiverPosition, receiverBargain.receiverPosition),
      },
      i,
      j,
    );
  }
  return { challenges, bargains, queues };
}

// ---------------------------------------------------------------------------------------
// §10 Resolving each actor's queue
// ---------------------------------------------------------------------------------------

/**
 * Every voter's utility of the state a bargain would bring about, averaged over the
 * actors' positions (§10 step 1): (u_a(b_I) + u_a(b_J) + Σ_{t ∉ {I, J}} W_at) / n, summed in
 * KTAB's order (the two bargain terms first). The status quo is Σ_t W_at / n.
 *
 * Cost: O(n²) per bargain.
 */
function bargainUtilities(world: World, assessment: Assessment, ideals: Float64Array, bargain: Bargain): Float64Array {
  const n = world.actorCount;
  const { utility: ownUtility, risk } = assessment;
  const sums = new Float64Array(n);
  const statusQuo = bargain.view === 'status-quo';
  if (!statusQuo) {
    for (let a = 0; a < n; a++) {
      sums[a] =
        utility(distanceFromIdeal(world, ideals, a, bargain.initiatorPosition, 0), risk[a]!) +
        utility(distanceFromIdeal(world, ideals, a, bargain.receiverPosition, 0), risk[a]!);
    }
  }
  for (let t = 0; t < n; t++) {
    if (!statusQuo && (t === bargain.initiator || t === bargain.receiver)) continue;
    const column = ownUtility.subarray(t * n, (t + 1) * n);
    for (let a = 0; a < n; a++) sums[a] = sums[a]! + column[a]!;
  }
  for (let a = 0; a < n; a++) {
    const average = sums[a]! / n;
    // (0, 1], written so that NaN passes (§10 step 1).
    if (average <= 0 || average > 1) throw smpFailure(`utility ${average} of a bargain to actor ${a} is outside (0, 1]`);
    sums[a] = average;
  }
  return sums;
}

/**
 * §10: every actor's election among its queue, all from the old state. Every actor votes
 * with its raw capability; deterministic transitions take the likeliest bargain (the first
 * on a tie), stochastic ones draw one, one draw per actor in actor order. The status quo
 * utilities are shared by every queue and each bargain's by its two queues.
 *
 * Cost: O(n²) per distinct bargain (O(n³) a turn) plus O(n·M_k²) per queue.
 */
function resolveQueues(
  world: World,
  assessment: Assessment,
  positions: Float64Array,
  ideals: Float64Array,
  proposals: Proposals,
): { positions: Float64Array; elections: SmpElection[] } {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const options = world.options;
  const next = positions.slice();
  const utilities = new Map<number, Float64Array>();
  let statusQuoUtilities: Float64Array | undefined;
  const utilitiesOf = (index: number): Float64Array => {
    const bargain = proposals.bargains[index]!;
    if (bargain.view === 'status-quo') return (statusQuoUtilities ??= bargainUtilities(world, assessment, ideals, bargain));
    let known = utilities.get(index);
    if (!known) utilities.set(index, (known = bargainUtilities(world, assessment, ideals, bargain)));
    return known;
  };

  const elections: SmpElection[] = [];
  for (let k = 0; k < n; k++) {
    const queue = proposals.queues[k]!;
    const probability = scalarPce(world.rule, options.VictoryProbModel, options.PCEModel, world.capability, queue.map(utilitiesOf));
    let chosen = 0;
    if (world.rng) {
      let total = 0;
      for (const p of probability) total += p;
      if (Math.abs(total - 1) > 1e-8) throw smpFailure(`the probabilities of actor ${k}'s bargains sum to ${total}, not 1`);
      const draw = world.rng.next();
      let cumulative = 0;
      chosen = queue.length - 1;
      for (let m = 0; m < queue.length; m++) {
        cumulative += probability[m]!;
        if (draw <= cumulative) {
          chosen = m;
          break;
        }
      }
    } else {
      let best = Math.abs(probability[0]!);
      for (let m = 1; m < queue.length; m++) {
        if (Math.abs(probability[m]!) > best) {
          best = Math.abs(probability[m]!);
          chosen = m;
        }
      }
    }
    const bargain = proposals.bargains[queue[chosen]!]!;
    if (bargain.view !== 'status-quo') {
      next.set(k === bargain.initiator ? bargain.initiatorPosition : bargain.receiverPosition, k * dimensions);
    }
    elections.push({ actor: k, queue: queue.slice(), probabilities: Array.from(probability), chosen });
  }
  return { positions: next, elections };
}

// ---------------------------------------------------------------------------------------
// §11 New state and stopping rule
// ---------------------------------------------------------------------------------------

/** §11.2 y'_i = Σ_j A_ij·x'_j + (1 − min(1, Σ_j A_ij))·y_i; the identity gives y' = x'. */
function nextIdeals(world: World, positions: Float64Array, ideals: Float64Array): Float64Array {
  const accommodation = world.accommodation;
  if (!accommodation) return positions.slice();
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const next = new Float64Array(n * dimensions);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) {
      const share = accommodation[i * n + j]!;
      rowSum += share;
      for (let k = 0; k < dimensions; k++) next[i * dimensions + k] = next[i * dimensions + k]! + share * positions[j * dimensions + k]!;
    }
    const keep = 1 - Math.min(1, rowSum);
    for (let k = 0; k < dimensions; k++) next[i * dimensions + k] = next[i * dimensions + k]! + keep * ideals[i * dimensions + k]!;
  }
  return next;
}

/** Euclidean distance between actor a's position in one state and actor b's in another. */
function separation(dimensions: number, left: Float64Array, a: number, right: Float64Array, b: number): number {
  let squareSum = 0;
  for (let k = 0; k < dimensions; k++) {
    const gap = left[a * dimensions + k]! - right[b * dimensions + k]!;
    squareSum += gap * gap;
  }
  return Math.sqrt(squareSum);
}

/** §11.3 dist(S, T): how far the actors moved between two states, summed. */
function movement(world: World, from: Float64Array, to: Float64Array): number {
  let total = 0;
  for (let i = 0; i < world.actorCount; i++) total += separation(world.dimensions, from, i, to, i);
  return total;
}

// ---------------------------------------------------------------------------------------
// §12 Probabilities of the final positions
// ---------------------------------------------------------------------------------------

/**
 * §5.1 and §12: the distinct positions of a state (the first actor at each, scanning in
 * order), the probability that each would win an election among them (every actor voting
 * with raw capability and its own risk-aware utilities), and the probability KTAB reports
 * for each actor: that of the *last* distinct position equivalent to its own.
 *
 * Cost: O(n²·D) + O(n·M²) for M distinct positions.
 */
function positionProbabilities(world: World, assessment: Assessment, positions: Float64Array): { groups: SmpGroup[]; actorProbabilities: number[] } {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const representatives: number[] = [];
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const match = representatives.findIndex((r) => separation(dimensions, positions, i, positions, r) < positionTolerance);
    groupOf[i] = match >= 0 ? match : representatives.push(i) - 1;
  }
  const options = representatives.map((r) => assessment.utility.subarray(r * n, (r + 1) * n));
  const probability = scalarPce(world.rule, world.options.VictoryProbModel, world.options.PCEModel, world.capability, options);
  const groups: SmpGroup[] = representatives.map((representative, m) => ({ representative, members: [], probability: probability[m]! }));
  for (let i = 0; i < n; i++) groups[groupOf[i]!]!.members.push(i);
  const actorProbabilities = Array.from({ length: n }, (_, i) => {
    let last = -1;
    representatives.forEach((r, m) => {
      if (separation(dimensions, positions, i, positions, r) < positionTolerance) last = m;
    });
    return probability[last]!;
  });
  return { groups, actorProbabilities };
}

// ---------------------------------------------------------------------------------------
// §4 The run
// ---------------------------------------------------------------------------------------

function toRows(values: ArrayLike<number>, n: number, dimensions: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: dimensions }, (_, k) => values[i * dimensions + k]!));
}

/**
 * Runs KTAB's spatial model of politics (§4) on actors given on KTAB's internal scale.
 * Each turn: assess the state (§5), let every actor choose a target and queue bargains
 * (§8–§9), resolve every queue from the old state (§10), update ideals (§11.2); stop after
 * `maxTurns` turns or when a turn moves the actors less than `stopRatio` times the first
 * turn did (§11.3, never before turn 2). Deterministic by default; with
 * `StateTransitions: 'Stochastic'` the bargains are drawn with a generator seeded by
 * `seed`, so the same seed gives the same run. KTAB's run errors (the §5.5 checks, a Markov
 * PCE that does not settle) throw a ParleyError with code `smp-failed`.
 *
 * Cost: O(n³ + n²·D) a turn, O(n²) memory (plus the history of states and turns).
 *
 * @example
 * const run = runSmp({ actors: [
 *   { id: 'a', capability: 100, position: [0.2], salience: [0.8] },
 *   { id: 'b', capability: 60, position: [0.6], salience: [0.5] },
 *   { id: 'c', capability: 30, position: [0.9], salience: [0.9] },
 * ] });
 * run.states.length // 4 (3 turns)
 * run.states[3]!.positions // [[0.3078], [0.6179], [0.6179]]: b and c settle together
 * run.groups.map((group) => group.probability) // ≈ [0.204, 0.796]
 */
export function runSmp(input: SmpInput, options: SmpOptions = {}): SmpRun {
  const resolved = resolveOptions(options);
  const world = buildWorld(input, resolved);
  const n = world.actorCount;
  const dimensions = world.dimensions;

  let positions: Float64Array = new Float64Array(n * dimensions);
  input.actors.forEach((actor, i) => positions.set(actor.position, i * dimensions));
  let ideals: Float64Array = positions.slice();
  let assessment = assess(world, positions, ideals);
  const initialPositions = positions;
  const states: SmpState[] = [];
  const record = () =>
    states.push({
      positions: toRows(positions, n, dimensions),
      ideals: toRows(ideals, n, dimensions),
      riskProbabilities: Array.from(assessment.riskProbability),
      riskAttitudes: Array.from(assessment.risk),
    });
  record();

  const turns: SmpTurn[] = [];
  let firstMove = 0;
  let stop: SmpStop | undefined;
  for (let turn = 1; stop === undefined; turn++) {
    const proposals = propose(world, assessment, positions);
    const resolution = resolveQueues(world, assessment, positions, ideals, proposals);
    const previous = positions;
    positions = resolution.positions;
    ideals = nextIdeals(world, positions, ideals);
    assessment = assess(world, positions, ideals);
    record();
    turns.push({
      round: turn,
      challenges: proposals.challenges,
      bargains: proposals.bargains.map((bargain) => ({
        initiator: bargain.initiator,
        receiver: bargain.receiver,
        view: bargain.view,
        initiatorPosition: Array.from(bargain.initiatorPosition),
        receiverPosition: Array.from(bargain.receiverPosition),
      })),
      elections: resolution.elections,
    });

    if (turn === 1) firstMove = movement(world, initialPositions, positions) + firstMovePadding;
    const lastMove = movement(world, positions, previous);
    if (turn >= 2 && lastMove / firstMove < resolved.stopRatio) stop = 'converged';
    else if (turn >= resolved.maxTurns) stop = 'max-turns';
  }
  return { states, turns, stop, ...positionProbabilities(world, assessment, positions) };
}

// ---------------------------------------------------------------------------------------
// The model on a scenario
// ---------------------------------------------------------------------------------------

const smpParams: readonly ParamSpec[] = [
  {
    name: 'VictoryProbModel',
    description:
      'how two coalition strengths become the chance that one side wins, in the elections among positions and bargains (not in challenges, as in KTAB): Linear s₁/(s₁+s₂); Square, Quartic, Octic raise strengths to the 2nd, 4th, 8th power (the stronger side wins more surely); Binary: a side 10% stronger wins outright',
    type: 'enum',
    default: smpDefaults.VictoryProbModel,
    values: victoryProbModels,
  },
  {
    name: 'PCEModel',
    description:
      'how pairwise victory chances become one probability per option: Conditional, the product of its chances against every other option; MarkovUniform, the long-run share of a challenge process with challengers drawn uniformly; MarkovIncentive, challengers drawn by their incentive (can fail to settle, as in KTAB)',
    type: 'enum',
    default: smpDefaults.PCEModel,
    values: pceModels,
  },
  {
    name: 'StateTransitions',
    description:
      'Deterministic: each actor takes the likeliest bargain of its queue; Stochastic: it draws one by probability (seeded: the run seed, or PrngSeed)',
    type: 'enum',
    default: smpDefaults.StateTransitions,
    values: stateTransitionsValues,
  },
  {
    name: 'VotingRule',
    description:
      'how an actor’s utility difference Δ becomes a vote: Prop w·Δ; Binary w·sign(Δ); PropBin 0.8 Prop + 0.2 Binary; Cubic w·Δ³ (small differences barely count); PropCbc half Prop, half Cubic; ASymProsp w·Δ against the higher-listed option, ⅔·w·Δ for it (order-dependent, as in KTAB)',
    type: 'enum',
    default: smpDefaults.VotingRule,
    values: votingRules,
  },
  {
    name: 'BigRAdjust',
    description:
      'how well actors know each other’s risk attitude: None (each assumes the others share its own), OneThird, Half, TwoThirds, Full (the true one); KTAB’s Full always fails its own sanity check, FullFixed runs it',
    type: 'enum',
    default: smpDefaults.BigRAdjust,
    values: bigRAdjustValues,
  },
  {
    name: 'BigRRange',
    description:
      'the range of risk attitudes, from risk accepting (−) to averse (+), the holder of the likeliest position being the most averse: Min 0…1, Mid −½…1, Max −1…1',
    type: 'enum',
    default: smpDefaults.BigRRange,
    values: bigRRangeValues,
  },
  {
    name: 'ThirdPartyCommit',
    description:
      'what a third party expects to keep after joining a side: SemiCommit keeps its position unless it loses; FullCommit adopts the side’s position; NoCommit always keeps its own. In KTAB NoCommit and FullCommit give third parties no say at all (one probability for both sides); the …Fixed values weigh each side by its own chance with the third party’s help',
    type: 'enum',
    default: smpDefaults.ThirdPartyCommit,
    values: thirdPartyCommitValues,
  },
  {
    name: 'InterVecBrgn',
    description:
      'where a bargain puts the two parties: S2P2 between them, weighted by salience² × win probability² (both end near one point); S1P1 weighted by salience × probability; S2PMax only the weaker side moves toward the stronger',
    type: 'enum',
    default: smpDefaults.InterVecBrgn,
    values: interVecBrgnValues,
  },
  {
    name: 'BargnModel',
    description:
      'which bargains a challenge queues: InitOnlyInterp the initiator’s view; InitRcvrInterp the initiator’s and the receiver’s views; PWCompInterp their capability-weighted compromise. KTAB builds the receiver’s view from a utility gain used as a probability and weighs the compromise with the initiator’s capability twice; the …Fixed values use the receiver’s win estimate and capability',
    type: 'enum',
    default: smpDefaults.BargnModel,
    values: bargnModelValues,
  },
  {
    name: 'DegenerateRisk',
    description:
      'risk attitudes when every position is equally likely (all actors at one point, or two camps of exactly equal capability): NaN as in KTAB (nobody moves again); Neutral makes everybody risk neutral and the run goes on',
    type: 'enum',
    default: smpDefaults.DegenerateRisk,
    values: degenerateRiskValues,
  },
  {
    name: 'UtilityCheck',
    description:
      'KTAB’s sanity checks of the risk-aware utilities (§5.5): Fail as in KTAB (a run fails when risk attitudes cannot change any utility, e.g. an issue whose actors all sit at its two ends, so every distance is 0 or 1); Skip treats them as the diagnostics they are and runs on',
    type: 'enum',
    default: smpDefaults.UtilityCheck,
    values: utilityCheckValues,
  },
  { name: 'MaxTurns', description: 'stop after this many turns at the latest (KTAB: 100)', type: 'integer', default: smpDefaults.maxTurns, min: 1 },
  {
    name: 'StopRatio',
    description: 'stop when a turn moves the actors less than this fraction of what the first turn moved (KTAB: 0.02; checked from turn 2)',
    type: 'number',
    default: smpDefaults.stopRatio,
    min: 0,
  },
  {
    name: 'PrngSeed',
    description:
      'seed of the stochastic transitions (KTAB’s prngSeed); 0: the run’s seed (--seed), or a fixed default when none is given. Deterministic runs ignore it',
    type: 'integer',
    default: 0,
    min: 0,
    max: 0xffffffff,
  },
];

/** One actor of a scenario as KTAB input (internal scale), and the issues it holds a stance on. */
export interface SmpScenarioActor extends SmpActor {
  name: string;
  position: number[];
  salience: number[];
  /** participates[k]: it holds a stance on issue k (otherwise salience 0 and a neutral position). */
  participates: boolean[];
}

/** The issue's scale mapped to [0, 1]. */
function toUnit(issue: IssueInput, position: number): number {
  const { min, max } = issue.scale;
  return (position - min) / (max - min);
}

function fromUnit(issue: IssueInput, coordinate: number): number {
  const { min, max } = issue.scale;
  return min + coordinate * (max - min);
}

/**
 * An actor's saliences as KTAB's vector: unchanged when they sum to at most 1, otherwise
 * divided by their sum (and nudged down if rounding leaves the sum a hair above 1).
 *
 * @example ktabSalience([0.8, 0.8]) // [0.5, 0.5]
 */
export function ktabSalience(saliences: readonly number[]): number[] {
  let vector = saliences.slice();
  for (let attempt = 0; attempt < 4; attempt++) {
    const sum = vector.reduce((total, value) => total + value, 0);
    if (sum <= 1) return vector;
    vector = vector.map((value) => value / sum);
  }
  return vector.map((value) => value * (1 - Number.EPSILON));
}

/**
 * Where an actor without a stance on an issue stands on it: the status quo, or else the
 * participants' mean position weighted by capability × salience (the plain mean when
 * nobody cares).
 */
function neutralPosition(issue: IssueInput): number {
  if (issue.statusQuo !== undefined) return issue.statusQuo;
  let weighted = 0;
  let totalWeight = 0;
  for (const actor of issue.actors) {
    weighted += actor.capability * actor.salience * actor.position;
    totalWeight += actor.capability * actor.salience;
  }
  if (totalWeight > 0) return weighted / totalWeight;
  return issue.actors.reduce((sum, actor) => sum + actor.position, 0) / Math.max(1, issue.actors.length);
}

/**
 * A scenario as KTAB's input (see "A scenario as KTAB input" above): the actors of all
 * issues in order of first appearance, positions mapped to [0, 1], saliences to KTAB's
 * vector, absent stances filled in; and, in plain words, the actors left out and why.
 * `exportKtabCsv` writes the same values, so a file and the scenario it came from run alike.
 *
 * Cost: O(n·D).
 */
export function smpActorsOf(scenario: PointScenario): { actors: SmpScenarioActor[]; excluded: string[] } {
  for (const issue of scenario.issues) {
    if (!(issue.scale.max > issue.scale.min)) throw new ParleyError('smp-input', `smp: issue "${issue.id}" has an empty scale`);
  }
  const dimensions = scenario.issues.length;
  const byId = new Map<string, SmpScenarioActor>();
  const neutral = scenario.issues.map(neutralPosition);
  scenario.issues.forEach((issue, k) => {
    for (const participant of issue.actors) {
      let actor = byId.get(participant.id);
      if (!actor) {
        actor = {
          id: participant.id,
          name: participant.name,
          capability: participant.capability,
          position: neutral.map((position, d) => toUnit(scenario.issues[d]!, position)),
          salience: new Array<number>(dimensions).fill(0),
          participates: new Array<boolean>(dimensions).fill(false),
        };
        byId.set(participant.id, actor);
      }
      actor.position[k] = toUnit(issue, participant.position);
      actor.salience[k] = participant.salience;
      actor.participates[k] = true;
    }
  });
  const actors: SmpScenarioActor[] = [];
  const excluded: string[] = [];
  for (const actor of byId.values()) {
    if (!(actor.capability > 0)) excluded.push(`${actor.name} has no capability and is left out (KTAB would abort on it)`);
    else if (actor.salience.every((value) => value === 0)) excluded.push(`${actor.name} has salience 0 on every issue and is left out (KTAB would abort on it)`);
    else actors.push({ ...actor, salience: ktabSalience(actor.salience) });
  }
  return { actors, excluded };
}

function seedOf(params: ParamValues, runSeed: number | undefined): number {
  const given = typeof params.PrngSeed === 'number' ? params.PrngSeed : 0;
  if (given > 0) return given;
  return runSeed ?? smpDefaults.seed;
}

function optionsOf(params: ParamValues, seed: number): SmpOptions {
  const text = (name: string, fallback: string) => (typeof params[name] === 'string' ? (params[name] as string) : fallback);
  const number = (name: string, fallback: number) => (typeof params[name] === 'number' ? (params[name] as number) : fallback);
  return {
    VictoryProbModel: text('VictoryProbModel', smpDefaults.VictoryProbModel) as VictoryProbModel,
    PCEModel: text('PCEModel', smpDefaults.PCEModel) as PceModel,
    StateTransitions: text('StateTransitions', smpDefaults.StateTransitions) as StateTransitions,
    VotingRule: text('VotingRule', smpDefaults.VotingRule) as VotingRule,
    BigRAdjust: text('BigRAdjust', smpDefaults.BigRAdjust) as BigRAdjust,
    BigRRange: text('BigRRange', smpDefaults.BigRRange) as BigRRange,
    ThirdPartyCommit: text('ThirdPartyCommit', smpDefaults.ThirdPartyCommit) as ThirdPartyCommit,
    InterVecBrgn: text('InterVecBrgn', smpDefaults.InterVecBrgn) as InterVecBrgn,
    BargnModel: text('BargnModel', smpDefaults.BargnModel) as BargnModel,
    DegenerateRisk: text('DegenerateRisk', smpDefaults.DegenerateRisk) as DegenerateRisk,
    UtilityCheck: text('UtilityCheck', smpDefaults.UtilityCheck) as UtilityCheck,
    maxTurns: number('MaxTurns', smpDefaults.maxTurns),
    stopRatio: number('StopRatio', smpDefaults.stopRatio),
    seed,
  };
}

/** A group of equal final positions on one issue, with the probability that the outcome lands there. */
interface IssueGroup {
  position: number;
  actors: string[];
  probability: number;
}

/**
 * The forecast on one issue from a finished run: the outcome's distribution on this issue
 * (final platforms grouped by their coordinate here, within KTAB's position tolerance, each
 * group carrying the probability of the platforms in it), its mean (the forecast) and mode.
 */
function issueForecast(
  scenario: PointScenario,
  k: number,
  actors: readonly SmpScenarioActor[],
  run: SmpRun,
  notes: readonly string[],
): IssueForecast {
  const issue = scenario.issues[k]!;
  const participants = actors.map((actor, index) => ({ actor, index })).filter(({ actor }) => actor.participates[k]);
  const finalState = run.states[run.states.length - 1]!;
  const coordinate = (index: number) => finalState.positions[index]![k]!;
  const onScale = (value: number) => fromUnit(issue, value);

  // Group every actor's final coordinate (first actor at a point represents it, as §5.1 does).
  const representatives: number[] = [];
  const groupOfActor = actors.map((_, index) => {
    const match = representatives.findIndex((r) => Math.abs(coordinate(index) - coordinate(r)) < positionTolerance);
    return match >= 0 ? match : representatives.push(index) - 1;
  });
  const groups: IssueGroup[] = representatives.map((r) => ({ position: onScale(coordinate(r)), actors: [], probability: 0 }));
  let mean = 0;
  for (const platform of run.groups) {
    groups[groupOfActor[platform.representative]!]!.probability += platform.probability;
    mean += platform.probability * coordinate(platform.representative);
  }
  for (const { actor, index } of participants) groups[groupOfActor[index]!]!.actors.push(actor.id);
  const mostProbable = groups.reduce((best, group) => (group.probability > best.probability ? group : best), groups[0]!);

  const idOf = (index: number) => actors[index]!.id;
  const positionsAt = (state: SmpState) => Object.fromEntries(participants.map(({ actor, index }) => [actor.id, onScale(state.positions[index]![k]!)]));
  const issueNotes = [...notes];
  const absent = actors.filter((actor) => !actor.participates[k]);
  if (absent.length > 0) {
    issueNotes.push(
      `${absent.map((actor) => actor.name).join(', ')} ${absent.length === 1 ? 'holds' : 'hold'} no stance here: salience 0 and a neutral position (${Number(onScale(absent[0]!.position[k]!).toPrecision(4))} at the start); their platforms still count as outcomes`,
    );
  }
  if (run.stop === 'max-turns') issueNotes.push(`positions were still moving after ${run.turns.length} turns`);
  if (finalState.riskAttitudes.some(Number.isNaN)) {
    issueNotes.push('the run froze: every position was equally likely, so KTAB’s risk attitudes are undefined and nobody moves (DegenerateRisk=Neutral lets it go on)');
  }
  return {
    issue: issue.id,
    forecast: onScale(mean),
    notes: issueNotes,
    details: {
      forecastRule: 'probability-weighted mean of the final positions',
      mean: onScale(mean),
      mostProbable,
      rounds: run.turns.length,
      stop: run.stop,
      finalPositions: positionsAt(finalState),
      actorProbabilities: Object.fromEntries(participants.map(({ actor, index }) => [actor.id, run.actorProbabilities[index]!])),
      groups: groups.filter((group) => group.probability > 0 || group.actors.length > 0),
      salience: Object.fromEntries(participants.map(({ actor }) => [actor.id, actor.salience[k]!])),
      trajectory: run.states.map((state, round) => ({ round, positions: positionsAt(state) })),
      turns: run.turns.map((turn) => ({
        round: turn.round,
        challenges: turn.challenges.map((challenge) => ({
          challenger: idOf(challenge.initiator),
          target: idOf(challenge.target),
          winProbability: challenge.winProbability,
          gain: challenge.gain,
        })),
        took: turn.elections.map((election) => {
          const bargain = turn.bargains[election.queue[election.chosen]!]!;
          return {
            actor: idOf(election.actor),
            bargain: bargain.view === 'status-quo' ? 'status quo' : `${idOf(bargain.initiator)}>${idOf(bargain.receiver)}`,
            view: bargain.view,
            probability: election.probabilities[election.chosen]!,
            offers: election.queue.length,
          };
        }),
      })),
    },
  };
}

export const smpModel: Model = {
  id: 'smp',
  name: 'Spatial model of politics (KTAB)',
  summary:
    'All issues at once: each turn every actor challenges the rival whose defeat it expects to gain most from, weighing its own, its target’s and third parties’ votes; the two are offered a bargain between their positions, and each actor moves to the bargain that wins an election among the offers it is part of. Turns repeat until positions settle; the forecast is the probability-weighted mean of the final positions. Reproduces KTAB’s SMP, with its nine options.',
  references: [
    'KAPSARC. An Introduction to the KAPSARC Toolkit for Behavioral Analysis (KTAB). KAPSARC discussion paper.',
    'KAPSARC. Multidimensional Bargaining using KTAB. KAPSARC discussion paper.',
    'KTAB: KAPSARC Toolkit for Behavioral Analysis, spatial model of politics (smpc), MIT licence. https://github.com/KAPSARC/KTAB (reproduced: the lsyaseen/KTAB fork at 3b5b063).',
  ],
  params: smpParams,
  run(scenario: PointScenario, params: ParamValues, options = {}): IssueForecast[] {
    const { actors, excluded } = smpActorsOf(scenario);
    if (actors.length < 2) {
      throw new ParleyError('smp-too-few-actors', `smp: needs at least two actors that care about some issue, got ${actors.length}`);
    }
    const run = runSmp({ actors }, optionsOf(params, seedOf(params, options.seed)));
    return withDecidersOutcome(scenario.issues, scenario.issues.map((_, k) => issueForecast(scenario, k, actors, run, excluded)));
  },
  /** Per issue (or the one asked for): the outcome, the biggest moves, a turn's challenges and bargains (`explainSmpIssue`). */
  explain(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[] {
    if (options.issue !== undefined && !scenario.issues.some((issue) => issue.id === options.issue)) {
      throw new ParleyError('unknown-issue', `smp: unknown issue "${options.issue}"`);
    }
    const forecasts = smpModel.run(scenario, params, options.seed === undefined ? {} : { seed: options.seed });
    const names = Object.fromEntries(scenario.issues.flatMap((issue) => issue.actors.map((actor) => [actor.id, actor.name] as const)));
    return scenario.issues
      .filter((issue) => options.issue === undefined || issue.id === options.issue)
      .flatMap((issue) => {
        const details = forecasts.find((row) => row.issue === issue.id)?.details as unknown as SmpExplainDetails;
        return explainSmpIssue(details, { issue: issue.name, scale: issue.scale, names, ...(options.round === undefined ? {} : { turn: options.round }) });
      });
  },
};

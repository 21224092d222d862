/** The spatial model's option values (KTAB's names, §3), input and output; the options are in `params.ts`. */

export const stateTransitionsValues = ['Deterministic', 'Stochastic'] as const;
export type StateTransitions = (typeof stateTransitionsValues)[number];

/** How far actor h's estimate of i's risk attitude leans to i's true attitude (§5.5). */
export const bigRAdjustValues = ['None', 'OneThird', 'Half', 'TwoThirds', 'Full', 'FullFixed'] as const;
export type BigRAdjust = (typeof bigRAdjustValues)[number];

/** The range of risk attitudes (§5.4). */
export const bigRRangeValues = ['Min', 'Mid', 'Max'] as const;
export type BigRRange = (typeof bigRRangeValues)[number];

/** What a third party expects to keep after joining a side (§7 step 3). */
export const thirdPartyCommitValues = ['NoCommit', 'SemiCommit', 'FullCommit', 'NoCommitFixed', 'SemiCommitFixed', 'FullCommitFixed'] as const;
export type ThirdPartyCommit = (typeof thirdPartyCommitValues)[number];

/** How two positions are interpolated into a bargain (§9.1). */
export const interVecBrgnValues = ['S1P1', 'S2P2', 'S2PMax'] as const;
export type InterVecBrgn = (typeof interVecBrgnValues)[number];

/** Which bargains are queued after a challenge (§9.2). */
export const bargnModelValues = ['InitOnlyInterp', 'InitRcvrInterp', 'PWCompInterp', 'InitRcvrInterpFixed', 'PWCompInterpFixed'] as const;
export type BargnModel = (typeof bargnModelValues)[number];

/** Risk attitudes when every position is equally likely (§13.8). */
export const degenerateRiskValues = ['NaN', 'Neutral'] as const;
export type DegenerateRisk = (typeof degenerateRiskValues)[number];
export const utilityCheckValues = ['Fail', 'Skip'] as const;
export type UtilityCheck = (typeof utilityCheckValues)[number];

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
  /** States 0 … turns; state 0 is the input. Without the history (`runSmp`'s `keep: 'final'`), the final state alone. */
  states: SmpState[];
  /** turns[t] led from state t to state t + 1. */
  turns: SmpTurn[];
  /** How many turns ran: turns.length, also when the history is not kept. */
  turnCount: number;
  stop: SmpStop;
  /** The final position groups, probabilities summing to 1. */
  groups: SmpGroup[];
  /** What KTAB reports per actor: the probability of its position (actors sharing one report it all). */
  actorProbabilities: number[];
}

/** A group of equal final positions on one issue, with the probability that the outcome lands there. */
export interface IssueGroup {
  position: number;
  actors: string[];
  probability: number;
}

/**
 * What the model reports on an issue (`details` of its forecast) in a full run: the outcome
 * groups, the most probable one, and every turn's challenges and bargains (what
 * `explainSmpIssue` reads); `bargained` when the issue's deciders outweigh the bargain.
 */
export type SmpIssueDetails = {
  forecastRule: string;
  mean: number;
  mostProbable: IssueGroup;
  rounds: number;
  stop: SmpRun['stop'];
  finalPositions: Record<string, number>;
  actorProbabilities: Record<string, number>;
  groups: IssueGroup[];
  salience: Record<string, number>;
  trajectory: Array<{ round: number; positions: Record<string, number> }>;
  turns: Array<{
    round: number;
    challenges: Array<{ challenger: string; target: string; winProbability: number; gain: number }>;
    took: Array<{ actor: string; bargain: string; view: string; probability: number; offers: number }>;
  }>;
  bargained?: number;
};

/** The `details` of an smp forecast: the full run, or (Monte Carlo draws, `detail: 'forecast'`) the final positions alone. */
export type SmpDetails = SmpIssueDetails | { finalPositions: Record<string, number>; bargained?: number };

/** Whether smp details are a full run's (`detail: 'full'`), with its turns and groups. */
export function isFullSmpDetails(details: SmpDetails): details is SmpIssueDetails {
  return 'turns' in details;
}

/** The expected utility model's input and output (EUM-SPEC §2, §8); its options are in `params.ts`. */
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

/**
 * What the model reports on an issue (`details` of its forecast): the run's outcome and
 * history; `bargained` is the median the actors settled on when the issue's deciders
 * outweigh it (`decidersOutcome`); `relations` only when kept (`relations` option).
 */
export type EumIssueDetails = {
  variant: EumVariant;
  rounds: number;
  stop: EumStop;
  cycle: EumCycle | null;
  trajectory: EumRoundState[];
  finalPositions: Record<string, number>;
  risk: Array<Record<string, number>>;
  weightedMean: number;
  median: number;
  delta: number;
  actors: EumRun['actors'];
  relations?: EumRoundRelations[];
  bargained?: number;
};

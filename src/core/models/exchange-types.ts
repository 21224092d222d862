/**
 * The exchange model's options and output: what a run is asked and what it returns, shared
 * by the double-precision engine (`exchange.ts`) and the decimal one (`exchange-decimal.ts`).
 */
export const exchangeMoveHistories = ['candidate', 'executed'] as const;
export type ExchangeMoveHistory = (typeof exchangeMoveHistories)[number];

export const exchangeTieBreaks = ['order', 'random'] as const;
export type ExchangeTieBreak = (typeof exchangeTieBreaks)[number];

/** `double` (default): IEEE doubles with `tieTolerance`; `decimal`: Decide's 28-digit decimals, exact (exchange-decimal.ts). */
export const exchangeArithmetics = ['double', 'decimal'] as const;
export type ExchangeArithmetic = (typeof exchangeArithmetics)[number];

export interface ExchangeOptions {
  /** `double` (default, fast) or `decimal` (Decide's arithmetic, exchange by exchange; tieTolerance does not apply). */
  arithmetic?: ExchangeArithmetic;
  /** Rounds of exchanges (Decide's default 10); fewer when a round finds none. */
  rounds?: number;
  /**
   * What an actor's move history holds after it moved in an executed exchange (§4.7):
   * `candidate` (default) the stale move of the candidate, as Decide's Python code;
   * `executed` the move made, as the original Decide software.
   */
  moveHistory?: ExchangeMoveHistory;
  /** `order` (default): equal gains go in list order; `random`: Decide's seeded coin flip (§4.6). */
  tieBreak?: ExchangeTieBreak;
  /** Relative difference below which gains and salience ratios count as equal. Default 1e-12. */
  tieTolerance?: number;
  /** §5: the weight of (1 − salience) in the share of its move an actor keeps. Default 0.4. */
  salienceWeight?: number;
  /** §5: the fixed share of its move an actor keeps. Default 0.1. */
  fixedWeight?: number;
  /** Seed of the random tie-break. Default 0. */
  seed?: number;
  /**
   * `full` (default): every round's positions and every exchange described. `forecast`: only
   * what the forecasts, notes, gains and final positions need (a Monte Carlo draw keeps only
   * the forecasts): the trajectory's position records are empty and `exchanges` is empty. The
   * model runs the same either way.
   */
  detail?: 'full' | 'forecast';
}

/** One side of an exchange: the actor gives ground on `issue`, towards its partner's position. */
export interface ExchangeMove {
  actor: string;
  issue: string;
  /** The actor's position on `issue` when the exchange is executed. */
  from: number;
  /** Its new (voting) position. */
  to: number;
  /** `to − from`. */
  move: number;
  /** The partner's position on `issue` at the start of the round: where the actor moves towards. */
  towards: number;
  /** The new position the equal-gain rule gave before the outcome check cut it short (adjusted exchanges only). */
  equalGainTo?: number;
}

/** An executed exchange: two actors each give ground on the issue the other cares more about. */
export interface Exchange {
  round: number;
  /** 1-based place in the round's execution order. */
  order: number;
  /** What each of the two actors gains (equal by construction), in salience × points of a 0..100 scale. */
  gain: number;
  /** True when the outcome check (§4.3.3) shortened the moves so an outcome stops at a partner's position. */
  adjusted: boolean;
  /** The actor that supplies the issue it cares relatively less about first (Decide's role i), then its partner (role j). */
  moves: [ExchangeMove, ExchangeMove];
}

/** One issue in one round, on the issue's own scale. */
export interface ExchangeIssueRound {
  round: number;
  /** The expected outcome at the start of the round. */
  start: number;
  /** The expected outcome with the positions taken after the round's exchanges. */
  voting: number;
  startPositions: Record<string, number>;
  votingPositions: Record<string, number>;
}

export interface ExchangeIssueRun {
  issue: string;
  /** The expected outcome before any exchange (the compromise model's weighted mean). */
  before: number;
  /** The expected outcome after the exchanges of the last round: the forecast. */
  forecast: number;
  trajectory: ExchangeIssueRound[];
  /** Positions after the last round's exchanges. */
  finalPositions: Record<string, number>;
  notes: string[];
}

export interface ExchangeRun {
  /** The arithmetic the run used. */
  arithmetic: ExchangeArithmetic;
  /** Rounds run (fewer than asked when a round found no exchange). */
  rounds: number;
  stop: 'rounds' | 'no-exchanges';
  issues: ExchangeIssueRun[];
  /** Every executed exchange, by round and execution order. */
  exchanges: Exchange[];
  /** Each actor's gain summed over its exchanges, every round. */
  totalGains: Record<string, number>;
  notes: string[];
}

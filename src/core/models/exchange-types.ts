/**
 * The exchange model's option values and output: what a run returns, shared
 * by the double-precision engine (`exchange.ts`) and the decimal one (`exchange-decimal.ts`).
 */
export const exchangeMoveHistories = ['candidate', 'executed'] as const;
export type ExchangeMoveHistory = (typeof exchangeMoveHistories)[number];

export const exchangeTieBreaks = ['order', 'random'] as const;
export type ExchangeTieBreak = (typeof exchangeTieBreaks)[number];

/** `double` (default): IEEE doubles with `tieTolerance`; `decimal`: Decide's 28-digit decimals, exact (exchange-decimal.ts). */
export const exchangeArithmetics = ['double', 'decimal'] as const;
export type ExchangeArithmetic = (typeof exchangeArithmetics)[number];

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

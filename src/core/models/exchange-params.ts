/**
 * The exchange model's parameters, described once (name, meaning, range, default): the
 * CLI's flags, the web form, validation and the options both engines take (`exchange.ts`,
 * `exchange-decimal.ts`) are built from `exchangeParams` (EXCHANGE-SPEC for their meaning).
 */
import { type ParamOptions, type ParamSpec, paramDefaults } from '../model.js';
import { exchangeArithmetics, exchangeMoveHistories, exchangeTieBreaks } from './exchange-types.js';

/** Every parameter of the model; the defaults are Decide's. */
export const exchangeParams = [
  {
    name: 'arithmetic',
    description:
      'double = IEEE doubles with tieTolerance (fast: sweeps, the live page); decimal = Decide’s 28-digit decimals, every decision exact, exchange by exchange as Decide’s Python code (slower)',
    type: 'enum',
    default: 'double',
    values: exchangeArithmetics,
  },
  {
    name: 'rounds',
    description: 'rounds of exchanges (Decide’s default 10); the run stops earlier when a round finds no exchange',
    type: 'integer',
    default: 10,
    min: 1,
    max: 1000,
  },
  {
    name: 'moveHistory',
    description:
      'what an actor’s move history holds once it has moved on an issue in a round: candidate = the stale candidate move (Decide’s Python code, the spec), executed = the move it made (the original Decide software)',
    type: 'enum',
    default: 'candidate',
    values: exchangeMoveHistories,
  },
  {
    name: 'tieBreak',
    description:
      'exchanges with equal gains: order = the first in list order (reproducible, Decide’s deterministic mode); random = Decide’s coin flip between the first two, from the seed',
    type: 'enum',
    default: 'order',
    values: exchangeTieBreaks,
  },
  {
    name: 'tieTolerance',
    description: 'gains and salience ratios whose relative difference is at most this count as equal, as in Decide’s exact decimal arithmetic',
    type: 'number',
    default: 1e-12,
    min: 0,
    max: 1e-3,
  },
  {
    name: 'salienceWeight',
    description: 'between rounds an actor keeps the share (1 − salience) × salienceWeight + fixedWeight of its exchange moves (Decide: 0.4)',
    type: 'number',
    default: 0.4,
    min: 0,
    max: 1,
  },
  {
    name: 'fixedWeight',
    description: 'the fixed part of the share of its exchange moves an actor keeps between rounds (Decide: 0.1); salienceWeight + fixedWeight ≤ 1',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
  },
] as const satisfies readonly ParamSpec[];

/** What a run takes: the model's parameters, each optional, and the run's own settings. */
export type ExchangeOptions = ParamOptions<typeof exchangeParams> & {
  /** Seed of the random tie-break. Default 0. */
  seed?: number;
  /**
   * `full` (default): every round's positions and every exchange described. `forecast`: only
   * what the forecasts, notes, gains and final positions need (a Monte Carlo draw keeps only
   * the forecasts): the trajectory's position records are empty and `exchanges` is empty. The
   * model runs the same either way.
   */
  detail?: 'full' | 'forecast';
};

/** Each parameter's default (Decide's). */
export const exchangeDefaults = paramDefaults(exchangeParams);

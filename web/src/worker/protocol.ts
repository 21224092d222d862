/**
 * Messages between the page and the analysis worker: one tagged union each way, defined
 * once and imported by both sides. Every request carries an id; answers name it. A lane
 * runs one request at a time, and a newer request in the same lane supersedes a waiting one.
 */
import type { Advice } from '@parley/core/analyses/advise.js';
import type { CompareResult } from '@parley/core/analyses/compare.js';
import type { Headline } from '@parley/core/analyses/headline.js';
import type { MonteCarloSummary } from '@parley/core/analyses/monte-carlo.js';
import type { SensitivityResult } from '@parley/core/analyses/sensitivity.js';
import type { Forecast, ForecastRequest } from '@parley/core/forecast.js';
import type { Scenario } from '@parley/core/scenario.js';

/**
 * `variant`: run on the base scenario with that variant's changes applied (as the CLI's
 * `--variant`). A forecast's `detail` (core/forecast.ts): `forecast` where only the numbers
 * and notes are shown (the live table), so the models skip their explanation data and the
 * answer is a small message; `full` (default) where the reasoning is shown.
 */
export type AnalysisRequest =
  | { kind: 'forecast'; id: number; scenario: Scenario; variant?: string; detail?: ForecastRequest['detail'] }
  | { kind: 'compare'; id: number; scenario: Scenario; variants: string[] }
  | { kind: 'monte-carlo'; id: number; scenario: Scenario; draws: number; seed: number; variant?: string }
  | { kind: 'sensitivity'; id: number; scenario: Scenario; variant?: string }
  | { kind: 'headline'; id: number; scenario: Scenario; variant?: string }
  | { kind: 'advise'; id: number; scenario: Scenario; actor: string; variant?: string };

export type AnalysisKind = AnalysisRequest['kind'];

/** What each kind of request answers. */
export interface AnalysisResults {
  forecast: Forecast;
  compare: CompareResult;
  'monte-carlo': MonteCarloSummary;
  sensitivity: SensitivityResult;
  headline: Headline;
  advise: Advice;
}

export type ToWorker = AnalysisRequest | { kind: 'cancel'; id: number };

export type FromWorker =
  | { kind: 'result'; id: number; request: AnalysisKind; result: AnalysisResults[AnalysisKind]; milliseconds: number }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'progress'; id: number; finished: number }
  | { kind: 'superseded'; id: number };

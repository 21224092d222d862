import type { Scenario } from '../../core/scenario.js';
/** What every resource's routes are given: storage, the access rules, and the sweeps if the server runs any. */
import type { Storage } from '../../storage/storage.js';
import type { Access } from '../auth.js';
import type { AnalysisRuns } from '../analysis-runs.js';
import type { MonteCarloRuns } from '../monte-carlo-runs.js';
import type { Routes } from '../protocol.js';
import type { Sweeps } from '../sweeps.js';

export interface ApiContext {
  storage: Storage;
  access: Access;
  sweeps: Sweeps | undefined;
  /** Where `POST /runs` computes Monte Carlo runs, bounded. */
  monteCarlo: MonteCarloRuns;
  /** Where `POST /runs` computes forecasts, sensitivity analyses and comparisons, bounded. */
  analyses: AnalysisRuns;
  /** Makes the brief of a scenario (given by the CLI: the server does not build on the report). */
  report: ReportMaker | undefined;
}

/** The brief `parley report` writes, of a scenario (`makeBrief` with these options). */
export type ReportMaker = (scenario: Scenario, request: { variant?: string; draws: number; seed: number; generated: string; file: string }) => Promise<string>;

/** What a route answers: the response type of `Routes[route]`. */
export type Answer<R extends keyof Routes> = Promise<Routes[R]['response']>;

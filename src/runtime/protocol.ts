/**
 * The messages between the worker pool and its workers: one tagged union, imported by both
 * sides, so a message one side sends is a message the other side handles.
 *
 * - `run` (pool → worker): run draws `fromDraw` to `toDraw − 1` of the request. `stop` is a
 *   shared flag the pool sets to 1 to stop the run; a worker checks it before each draw, so
 *   a stop takes effect within one draw even while the worker is busy.
 * - `progress` (worker → pool): draws finished so far in that job.
 * - `done` (worker → pool): the finished draws (all, or fewer after a stop).
 * - `advise` (pool → worker): one task of the advice search (`advice-tasks.ts`).
 * - `advised` (worker → pool): that task's forecasts.
 * - `analyse` (pool → worker): one forecast, sensitivity analysis or comparison (`analysis-tasks.ts`);
 *   with `json`, its result is wanted as JSON text.
 * - `analysed` (worker → pool): its result, as the analysis returned it (`result`), or as
 *   `JSON.stringify` wrote it in the worker (`json`) when that was asked for.
 * - `failed` (worker → pool): the job raised; the error as data.
 */
import type { AdviceTask } from '../core/analyses/advice-tasks.js';
import type { AnalysisResult, AnalysisTask } from '../core/analyses/analysis-tasks.js';
import type { DrawBatch, MonteCarloRequest } from '../core/analyses/draws.js';
import type { Scenario } from '../core/scenario.js';

export type PoolMessage =
  | { type: 'run'; job: number; scenario: Scenario; request: MonteCarloRequest; fromDraw: number; toDraw: number; stop: Int32Array }
  | { type: 'progress'; job: number; finished: number }
  | { type: 'done'; job: number; batch: DrawBatch }
  | { type: 'advise'; job: number; scenario: Scenario; task: AdviceTask }
  | { type: 'advised'; job: number; forecasts: Float64Array }
  | { type: 'analyse'; job: number; scenario: Scenario; task: AnalysisTask; json: boolean }
  | { type: 'analysed'; job: number; result: AnalysisResult; json?: undefined }
  | { type: 'analysed'; job: number; json: string; result?: undefined }
  | { type: 'failed'; job: number; error: WorkerError };

/** An error raised in a worker, as data (a class does not survive the thread boundary). */
export interface WorkerError {
  name: string;
  /** A ParleyError's code. */
  code?: string;
  message: string;
  stack?: string;
}

/** The messages each side receives. */
export type ToWorker = Extract<PoolMessage, { type: 'run' | 'advise' | 'analyse' }>;
export type FromWorker = Exclude<PoolMessage, ToWorker>;

/** How often a busy worker reports progress, at most. */
export const progressIntervalMilliseconds = 100;

/** What a pool gives a worker thread as it starts it. */
export interface WorkerData {
  /** Lowers the thread's scheduling priority by this much (a nice value, 1 to 19), where the system allows it (`PoolOptions.niceness`). */
  niceness?: number;
}

/**
 * How much lower than the event loop `parley serve` runs its computations' threads (a nice
 * value): the kernel then gives the event loop about ten times their share of a busy core
 * (weights 1024 and 110), so the API answers while every core computes.
 */
export const serveNiceness = 10;

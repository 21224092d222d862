/**
 * The analyses a server computes on request besides Monte Carlo — a forecast, a sensitivity
 * analysis (tornado and parameter sweeps), a comparison of variants — as plain data a worker
 * thread can run alone: the same function the CLI calls, with the same request. The result
 * depends on the scenario and the task alone, so it is the same JSON wherever it runs.
 */
import { forecast, type Forecast, type ForecastRequest } from '../forecast.js';
import type { Scenario } from '../scenario.js';
import { compare, type CompareRequest, type CompareResult } from './compare.js';
import { sensitivity, type SensitivityRequest, type SensitivityResult } from './sensitivity.js';

export type AnalysisTask =
  | { kind: 'forecast'; request: ForecastRequest }
  | { kind: 'sensitivity'; request: SensitivityRequest }
  | { kind: 'compare'; request: CompareRequest };

/** What each kind of task answers. */
export type AnalysisResult<T extends AnalysisTask = AnalysisTask> = T extends { kind: 'forecast' }
  ? Forecast
  : T extends { kind: 'sensitivity' }
    ? SensitivityResult
    : CompareResult;

/**
 * Runs analysis tasks somewhere (this thread, a worker); a ParleyError for a bad request, as
 * `runAnalysisTask` throws it. An aborted `signal` refuses the task with its reason, and
 * stops it where the executor can (a worker thread is ended; this thread cannot be).
 */
export interface AnalysisExecutor {
  runAnalysis<T extends AnalysisTask>(scenario: Scenario, task: T, signal?: AbortSignal): Promise<AnalysisResult<T>>;
  /**
   * The same result as JSON text: `JSON.stringify` of what `runAnalysis` answers, byte for
   * byte, written where the task ran. For callers that only store and send it (a server): a
   * forecast of every model is megabytes of JSON, and a string crosses from a thread without
   * the copy of an object graph, and is stored and sent without being written again.
   */
  runAnalysisJson(scenario: Scenario, task: AnalysisTask, signal?: AbortSignal): Promise<string>;
}

/**
 * The task's result, computed in this thread: `forecast`, `sensitivity` or `compare` of
 * the scenario with the task's request.
 *
 * Cost: that of the analysis (a forecast is one run of each model; a tornado two per ranged
 * input; a comparison one per variant).
 */
export function runAnalysisTask<T extends AnalysisTask>(scenario: Scenario, task: T): AnalysisResult<T> {
  switch (task.kind) {
    case 'forecast':
      return forecast(scenario, task.request) as AnalysisResult<T>;
    case 'sensitivity':
      return sensitivity(scenario, task.request) as AnalysisResult<T>;
    case 'compare':
      return compare(scenario, task.request) as AnalysisResult<T>;
  }
  throw new Error(`unknown analysis task ${(task as { kind: string }).kind}`);
}

/** Runs every task in this thread (tests, embedding, the CLI). */
export const inProcessAnalyses: AnalysisExecutor = {
  runAnalysis: async (scenario, task, signal) => {
    signal?.throwIfAborted();
    return runAnalysisTask(scenario, task);
  },
  runAnalysisJson: async (scenario, task, signal) => {
    signal?.throwIfAborted();
    return JSON.stringify(runAnalysisTask(scenario, task));
  },
};

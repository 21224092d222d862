/**
 * Monte Carlo: how sure is the forecast? Every ranged input is drawn from its triangular
 * distribution, the models run on each draw, and the forecasts are summarised per model and
 * issue. One function, two executors: `inProcessExecutor` here (the browser's), and the
 * worker pool of `src/runtime/` — both give byte-identical results for the same request.
 */
import type { ParamValues } from '../model.js';
import type { Scenario } from '../scenario.js';
import { planDraws, runPlannedDraws, type DrawBatch, type MonteCarloRequest } from './draws.js';
import { scenarioLabel, type RangedInput } from './request.js';
import { summariseDraws, type ForecastDistribution } from './summary.js';

/** How a run is watched and stopped. */
export interface RunControl {
  /** Aborting stops the run; the draws finished so far are kept. */
  signal?: AbortSignal;
  /** Told the number of draws finished so far, from time to time. */
  onProgress?: (finished: number) => void;
}

/**
 * Runs the draws of a request — all of them, or those finished before the signal aborted —
 * and returns them as batches in any order. A request that fails (a model error) rejects.
 */
export interface DrawExecutor {
  runDraws(scenario: Scenario, request: MonteCarloRequest, control: RunControl): Promise<DrawBatch[]>;
}

/** How long a draw loop on a thread that must stay responsive (a page, a queue worker renewing its job locks) computes before giving the event loop a turn. */
export const sliceMilliseconds = 50;
/** At most this many draws a slice (bounds the memory set aside for one). */
export const maxSliceDraws = 1000;

/**
 * Runs every draw on the calling thread, in slices of about 50 ms with a turn of the event
 * loop between them, so a page stays responsive and an abort is seen within one slice.
 */
export const inProcessExecutor: DrawExecutor = {
  async runDraws(scenario, request, control) {
    const plan = planDraws(scenario, request);
    const batches: DrawBatch[] = [];
    let next = 0;
    while (next < request.draws && !control.signal?.aborted) {
      const sliceStart = Date.now();
      const batch = runPlannedDraws(plan, next, Math.min(request.draws, next + maxSliceDraws), {
        shouldStop: () => control.signal?.aborted === true || Date.now() - sliceStart >= sliceMilliseconds,
      });
      if (batch.toDraw > batch.fromDraw) batches.push(batch);
      next = batch.toDraw;
      control.onProgress?.(next);
      if (next < request.draws) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return batches;
  },
};

export interface MonteCarloSummary {
  scenario: { id: string; title: string; variant: string | null };
  seed: number;
  /**
   * Draws asked for and finished. A stopped run keeps the unbroken run of draws from 0, so
   * its result is the one `draws: finished` would give.
   */
  draws: { requested: number; finished: number };
  complete: boolean;
  params: Record<string, ParamValues>;
  inputs: RangedInput[];
  results: ForecastDistribution[];
}

export interface MonteCarloRun {
  summary: MonteCarloSummary;
  /** The finished draws, in order without gaps: the long-format rows (`drawRows`). */
  batches: DrawBatch[];
}

export interface MonteCarloOptions extends RunControl {
  /** Where the draws run; default `inProcessExecutor`. */
  executor?: DrawExecutor;
}

/**
 * Runs a Monte Carlo request and summarises it. Checks the request first (a ParleyError for
 * draws ≤ 0, an unknown model or variant, bad parameters); an aborted run resolves with the
 * draws finished.
 *
 * Cost: O(draws × cost of the models on one draw), spread over the executor's threads.
 *
 * @example (await monteCarlo(scenario, { draws: 1000, seed: 1 })).summary.results[0].p90
 */
export async function monteCarlo(scenario: Scenario, request: MonteCarloRequest, options: MonteCarloOptions = {}): Promise<MonteCarloRun> {
  const plan = planDraws(scenario, request);
  const executor = options.executor ?? inProcessExecutor;
  const control: RunControl = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const batches = unbrokenFromZero(await executor.runDraws(scenario, request, control));
  const finished = batches.length === 0 ? 0 : batches[batches.length - 1]!.toDraw;
  return {
    summary: {
      scenario: scenarioLabel(scenario, request.variant),
      seed: request.seed,
      draws: { requested: request.draws, finished },
      complete: finished === request.draws,
      params: plan.prepared.params,
      inputs: plan.inputs,
      results: summariseDraws(plan.scenario.issues, batches, request.bins ?? 10),
    },
    batches,
  };
}

/** The batches sorted by first draw, up to the first gap (empty batches dropped). */
function unbrokenFromZero(batches: readonly DrawBatch[]): DrawBatch[] {
  const sorted = batches.filter((batch) => batch.toDraw > batch.fromDraw).sort((a, b) => a.fromDraw - b.fromDraw);
  const kept: DrawBatch[] = [];
  let next = 0;
  for (const batch of sorted) {
    if (batch.fromDraw !== next) break;
    kept.push(batch);
    next = batch.toDraw;
  }
  return kept;
}

/**
 * Forecasts, sensitivity analyses and comparisons asked for with `POST /runs`. They compute
 * on the executor the server is given — `parley serve` gives threads of their own
 * (`runtime/pool-analyses.ts`), so the event loop goes on answering while they run — and at
 * most a few are under way at once (`Slots`, taken by the route before the body is read):
 * beyond that a request gets a 429 at once. When the server stops, the ones under way are
 * aborted (their threads ended) and answered 503; nothing half-done is recorded.
 */
import type { AnalysisExecutor } from '../core/analyses/analysis-tasks.js';
import type { Scenario } from '../core/scenario.js';
import { computeRun, type ComputedRun } from './analyses.js';
import { errorBody, RequestError } from './errors.js';
import type { RunRequest } from './protocol.js';
import { createSlots, type SlotLimits, type Slots } from './slots.js';

/**
 * Four per user and eight per server: a forecast of every model on the default scenario is
 * about 0.3 s of CPU, so on the project's 2-core machine more would only wait their turn.
 */
export const defaultAnalysisLimits: SlotLimits = { perServer: 8, perUser: 4 };

export interface AnalysisRuns {
  /** The bounds; the route takes a slot before it reads the body. */
  readonly slots: Slots;
  /** The run computed; a 503 when the server stopped before it finished. */
  compute(scenario: Scenario, request: Exclude<RunRequest, { kind: 'monte-carlo' }>): Promise<ComputedRun>;
  /** Aborts every analysis under way (they answer 503) and refuses new ones. */
  stop(): void;
}

function stopping(): RequestError {
  return new RequestError(
    503,
    errorBody('unavailable', 'the server is stopping; the analysis was not finished or recorded: run it again once the server is back'),
  );
}

/** Runs on `executor` (default: this thread — for tests and embedding, not for a server under load). */
export function createAnalysisRuns(executor: AnalysisExecutor | undefined, limits: SlotLimits = defaultAnalysisLimits): AnalysisRuns {
  const slots = createSlots('forecasts, sensitivity analyses and comparisons', limits);
  const stop = new AbortController();
  return {
    slots,
    async compute(scenario, request) {
      if (stop.signal.aborted) throw stopping();
      try {
        const computed = await computeRun(scenario, request, {}, { ...(executor ? { executor } : {}), signal: stop.signal });
        if (stop.signal.aborted) throw stopping();
        return computed;
      } catch (error) {
        if (stop.signal.aborted) throw stopping();
        throw error;
      }
    },
    stop() {
      stop.abort();
    },
  };
}

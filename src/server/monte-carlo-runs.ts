/**
 * Monte Carlo runs asked for with `POST /runs` (up to `maxServerDraws` draws, answered when
 * done). Their draws run on the executor the server is given — `parley serve` gives a worker
 * pool of their own, so they never hold the event loop and never wait behind a sweep — and at
 * most a few run at once (`Slots`): beyond that a request gets a 429 with Retry-After at once.
 * When the server stops, running ones are aborted and answered 503; a run whose caller went
 * away (the page's Cancel aborts its request) is aborted too. Nothing half-done is recorded.
 */
import type { DrawExecutor } from '../core/analyses/monte-carlo.js';
import type { Scenario } from '../core/scenario.js';
import { computeRun, type ComputedRun } from './analyses.js';
import { errorBody, RequestError } from './errors.js';
import type { RunRequest } from './protocol.js';
import { createSlots, type SlotLimits } from './slots.js';

/** Two per user and four per server: on the project's 2-core machine a 5,000-draw run of every model takes seconds, so a fifth would wait that long again. */
export const defaultRunLimits: SlotLimits = { perServer: 4, perUser: 2 };

export interface MonteCarloRuns {
  /**
   * The run computed for `user`; a 429 when the bounds are met, a 503 when the server stopped
   * or `cancelled` aborted (the caller went away) before it finished.
   */
  compute(user: string, scenario: Scenario, request: Extract<RunRequest, { kind: 'monte-carlo' }>, cancelled?: AbortSignal): Promise<ComputedRun>;
  /** Aborts every run under way (they answer 503) and refuses new ones. */
  stop(): void;
}

function callerGone(): RequestError {
  return new RequestError(
    503,
    errorBody('unavailable', 'the request was cancelled before the Monte Carlo run finished: its draws were stopped and nothing was recorded'),
  );
}

function stopping(): RequestError {
  return new RequestError(
    503,
    errorBody('unavailable', 'the server is stopping; the Monte Carlo run was not finished or recorded: run it again once the server is back'),
  );
}

/** Runs on `executor` (default: this thread, in 50 ms slices — for tests and embedding, not for a server under load). */
export function createMonteCarloRuns(executor: DrawExecutor | undefined, limits: SlotLimits = defaultRunLimits): MonteCarloRuns {
  const slots = createSlots('Monte Carlo runs', limits);
  const stop = new AbortController();
  return {
    async compute(user, scenario, request, cancelled) {
      if (stop.signal.aborted) throw stopping();
      if (cancelled?.aborted) throw callerGone();
      const release = slots.take(user);
      try {
        const signal = cancelled ? AbortSignal.any([stop.signal, cancelled]) : stop.signal;
        const computed = await computeRun(scenario, request, { ...(executor ? { executor } : {}), signal });
        if (stop.signal.aborted) throw stopping();
        if (cancelled?.aborted) throw callerGone();
        return computed;
      } finally {
        release();
      }
    },
    stop() {
      stop.abort();
    },
  };
}

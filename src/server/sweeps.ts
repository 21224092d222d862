/**
 * Large Monte Carlo runs asked for through the API ("sweeps"): they run in the background —
 * on the team's workers through a Redis queue, or on this server's worker threads — while
 * the page polls their progress (draws done of total, draws per second, workers seen). A
 * finished sweep is recorded as a Monte Carlo run, with the same outputs and inputs hash as
 * the same request run anywhere else.
 *
 * Sweep states live in this server's memory: a restart forgets running sweeps (their draws
 * are lost; the recorded runs of finished ones are kept in storage).
 */
import { randomUUID } from 'node:crypto';
import type { DrawExecutor } from '../core/analyses/monte-carlo.js';
import type { Storage, StoredScenario } from '../storage/storage.js';
import { computeRun } from './analyses.js';
import { createSlots, type SlotLimits } from './slots.js';
import type { RunRequest, SweepRequest, SweepState, SweepWhere } from './protocol.js';

/** How far a sweep has come, as its executor reports it. */
export interface SweepProgress {
  done: number;
  /** Names of the workers that took part so far (the queue's); absent: the runner's own. */
  workers?: string[];
}

/** Where sweeps run: opens an executor for one sweep and closes it after. */
export interface SweepRunner {
  where: SweepWhere;
  /** Names the runner's workers when its executor does not report them (`this server, 2 threads`). */
  workers: string[];
  open(onProgress: (progress: SweepProgress) => void): { executor: DrawExecutor; close(): Promise<void> };
}

/** How long a finished sweep's state is kept for the page to read. */
const keepFinishedMilliseconds = 60 * 60 * 1000;

export interface Sweeps {
  where: SweepWhere;
  /**
   * Starts a sweep on a stored scenario version for `owner` (`Access.owner`); the request was
   * checked by the caller. A 429 when the owner or the server has as many under way as allowed.
   */
  start(stored: StoredScenario, request: SweepRequest, author: string, owner: string): SweepState;
  get(id: string): SweepState | undefined;
  /**
   * Stops a running sweep on the user's asking: its draws stop on every thread or worker, it
   * is not recorded, and it ends `cancelled`. Answers its state once it has stopped; a sweep
   * already finished is answered as it is; undefined for an unknown one.
   */
  cancel(id: string): Promise<SweepState | undefined>;
  /** Stops running sweeps (their draws are dropped) and waits for them. */
  close(): Promise<void>;
}

/** Sweeps under way (running or waiting for the pool's threads) at once: two per user, eight per server. */
export const defaultSweepLimits: SlotLimits = { perServer: 8, perUser: 2 };

export function createSweeps(storage: Storage, runner: SweepRunner, limits: SlotLimits = defaultSweepLimits, now: () => Date = () => new Date()): Sweeps {
  const slots = createSlots('sweeps', limits);
  const states = new Map<string, SweepState>();
  const running = new Map<string, { stop: AbortController; finished: Promise<void>; cancelled: boolean }>();

  function prune(): void {
    const cutoff = now().getTime() - keepFinishedMilliseconds;
    for (const [id, state] of states) {
      if (state.finishedAt !== null && Date.parse(state.finishedAt) < cutoff) states.delete(id);
    }
  }

  return {
    where: runner.where,

    start(stored, request, author, owner) {
      const release = slots.take(owner);
      prune();
      const id = randomUUID();
      const started = now();
      const state: SweepState = {
        id,
        scenario: stored.id,
        version: stored.shown.version,
        state: 'running',
        where: runner.where,
        total: request.draws,
        done: 0,
        drawsPerSecond: 0,
        workers: [...runner.workers],
        startedAt: started.toISOString(),
        finishedAt: null,
        run: null,
        error: null,
      };
      states.set(id, state);
      const stop = new AbortController();
      const onProgress = (progress: SweepProgress) => {
        state.done = Math.max(state.done, progress.done);
        const seconds = (now().getTime() - started.getTime()) / 1000;
        state.drawsPerSecond = seconds > 0 ? Math.round((state.done / seconds) * 10) / 10 : 0;
        if (progress.workers && progress.workers.length > 0) state.workers = [...progress.workers];
      };
      let opened;
      try {
        opened = runner.open(onProgress);
      } catch (error) {
        states.delete(id);
        release();
        throw error;
      }
      const { executor, close } = opened;
      const { author: _author, version: _version, ...inputs } = request;
      const runRequest: Extract<RunRequest, { kind: 'monte-carlo' }> = { kind: 'monte-carlo', ...inputs };
      const finished = (async () => {
        try {
          const computed = await computeRun(stored.document.scenario, runRequest, {
            executor,
            signal: stop.signal,
            onProgress: (done) => onProgress({ done }),
          });
          if (stop.signal.aborted) {
            if (running.get(id)?.cancelled) {
              state.state = 'cancelled';
              return;
            }
            throw new Error('the server stopped before the sweep finished');
          }
          const run = await storage.recordRun({ scenario: stored.id, version: stored.shown.version, kind: 'monte-carlo', author, ...computed });
          onProgress({ done: request.draws });
          state.run = run.id;
          state.state = 'done';
        } catch (error) {
          // A cancelled sweep's executor may end by throwing (the queue's halts its jobs): still cancelled.
          if (running.get(id)?.cancelled) {
            state.state = 'cancelled';
          } else {
            state.state = 'failed';
            state.error = error instanceof Error ? error.message : String(error);
          }
        } finally {
          state.finishedAt = now().toISOString();
          running.delete(id);
          release();
          await close().catch(() => undefined);
        }
      })();
      running.set(id, { stop, finished, cancelled: false });
      return { ...state };
    },

    get(id) {
      const state = states.get(id);
      return state && { ...state, workers: [...state.workers] };
    },

    async cancel(id) {
      const sweep = running.get(id);
      if (sweep) {
        sweep.cancelled = true;
        sweep.stop.abort();
        await sweep.finished;
      }
      return this.get(id);
    },

    async close() {
      const all = [...running.values()];
      for (const sweep of all) sweep.stop.abort();
      await Promise.all(all.map((sweep) => sweep.finished));
    },
  };
}

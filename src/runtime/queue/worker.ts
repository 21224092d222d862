/**
 * The worker side of a sweep on the queue: `parley worker` takes jobs, runs their draws in
 * slices that give the event loop a turn, reports progress, looks at the sweep's stop flag,
 * and sends the finished draws back. A worker that dies mid-job loses its job lock; another
 * worker's stalled check puts the job back on the queue (`workerTimings`).
 */
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { planDraws, runPlannedDraws, type DrawBatch, type DrawPlan } from '../../core/analyses/draws.js';
import { maxSliceDraws, sliceMilliseconds } from '../../core/analyses/monte-carlo.js';
import { ParleyError } from '../../core/errors.js';
import { encodeBatch, reasonOf, sweepKey, type SweepJobData, type SweepJobProgress, type SweepJobResult, type SweepSpec } from './protocol.js';
import { bullConnection, connectRedis, unreachable } from './redis.js';
import { defaultQueueName, parseRedisUrl } from './target.js';

/**
 * Lock and stalled-job timings of the workers, chosen so that a killed worker's job runs
 * again elsewhere within seconds rather than BullMQ's default half minute:
 * - `lockDuration` 5 s, renewed every 2.5 s: a worker's slices give the event loop a turn
 *   every ~50 ms, so a live worker never misses a renewal; a dead one's lock lapses within 5 s.
 * - `stalledInterval` 2 s: how often a live worker looks for active jobs without a lock; a
 *   job is put back after it is seen lock-less, so recovery takes ~3–9 s after a kill.
 * - `maxStalledCount` 2: a job whose worker dies twice runs a third time; one that keeps
 *   killing workers (out of memory, say) then fails the run instead of cycling forever.
 */
export const workerTimings = { lockDuration: 5000, stalledInterval: 2000, maxStalledCount: 2 } as const;

/** How often a busy worker reports progress and looks at the stop flag. */
const progressMilliseconds = 250;

/** One finished job as a worker saw it. */
export interface JobReport {
  sweep: string;
  fromDraw: number;
  toDraw: number;
  /** Draws computed (fewer than the range after a stop). */
  finished: number;
  seconds: number;
  /** `done`; `stopped` (its run asked); `returned` to the queue (this worker is stopping); `failed`. */
  outcome: 'done' | 'stopped' | 'returned' | 'failed';
  message?: string;
}

export interface QueueWorkerOptions {
  url: string;
  /** Default `defaultQueueName`. */
  queueName?: string;
  /** Jobs at once; default 1 (a job is CPU-bound: run one worker process per core). */
  concurrency?: number;
  /** Shown in sweeps' status; default `<host>-<pid>`. */
  name?: string;
  /** Told about each job when it ends. */
  onJob?: (report: JobReport) => void;
  /** Told about connection errors after the start (BullMQ keeps reconnecting). */
  onError?: (error: Error) => void;
  /**
   * Told, once per job, that a job it held is gone from Redis; the worker drops it and goes
   * on. `finished`: the worker had computed the job and was handing in its result. Then the
   * usual cause is a hand-in Redis carried out just before a restart, whose reply was lost:
   * the sweep took the result and removed the job before the worker's retry. Otherwise
   * Redis restarted without its data, or the job's sweep ended.
   */
  onLostJob?: (jobId: string, finished: boolean) => void;
}

export interface QueueWorker {
  readonly name: string;
  /**
   * Stops taking jobs and ends. By default the jobs under way finish first; with
   * `returnJobs` they go back to the queue for another worker.
   */
  close(options?: { returnJobs?: boolean }): Promise<void>;
}

/**
 * Starts a worker that runs sweep jobs from the queue until `close()`. Rejects with
 * `bad-queue-url` or `queue-unreachable` (within a few seconds) when it cannot start.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const target = parseRedisUrl(options.url);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new ParleyError('bad-request', `concurrency must be a whole number above 0, got ${concurrency}`);
  const queueName = options.queueName ?? defaultQueueName;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const redis = await connectRedis(target);
  const lostJobs = new Set<string>();
  // Jobs whose draws this worker computed, to tell a lost hand-in from a lost job.
  const finishedJobs = new Set<string>();
  /**
   * BullMQ's words when a job this worker held vanished with Redis's data (a restart without
   * persistence): reporting progress, finishing it and retrying it each fail with them.
   * Said once per job, in words; nothing is left to do for it.
   */
  function lostJob(error: unknown): boolean {
    const lost = error instanceof Error ? /^Missing key for job (\S+?)\. \w+$/.exec(error.message) : null;
    if (!lost) return false;
    if (!lostJobs.has(lost[1]!)) options.onLostJob?.(lost[1]!, finishedJobs.has(lost[1]!));
    lostJobs.add(lost[1]!);
    if (lostJobs.size > 100) lostJobs.delete(lostJobs.values().next().value!);
    return true;
  }
  // The last few sweeps' plans: a worker runs many jobs of one sweep in a row.
  const plans = new Map<string, DrawPlan>();

  async function planOf(sweep: string): Promise<DrawPlan> {
    const cached = plans.get(sweep);
    if (cached) return cached;
    const text = await redis.hget(sweepKey(queueName, sweep), 'spec');
    if (text === null) throw new UnrecoverableError(`sweep ${sweep} is gone (its run has ended)`);
    const spec = JSON.parse(text) as SweepSpec;
    const plan = planDraws(spec.scenario, spec.request);
    plans.set(sweep, plan);
    if (plans.size > 4) plans.delete(plans.keys().next().value!);
    return plan;
  }

  async function stopAsked(sweep: string): Promise<boolean> {
    const [live, stop] = await redis.hmget(sweepKey(queueName, sweep), 'live', 'stop');
    return live !== '1' || stop === '1';
  }

  async function runJob(job: Job<SweepJobData, SweepJobResult>, token?: string, signal?: AbortSignal): Promise<SweepJobResult> {
    const { sweep, fromDraw, toDraw } = job.data;
    const started = performance.now();
    const tell = (outcome: JobReport['outcome'], finished: number, message?: string) =>
      options.onJob?.({ sweep, fromDraw, toDraw, finished, seconds: (performance.now() - started) / 1000, outcome, ...(message ? { message } : {}) });
    let next = fromDraw;
    try {
      await job.updateProgress({ worker: name, finished: 0 } satisfies SweepJobProgress);
      // A job of a stopped or ended run is handed back empty (its hash may be gone already).
      if (await stopAsked(sweep)) {
        tell('stopped', 0);
        return { worker: name, batch: { fromDraw, toDraw: fromDraw, models: [], issues: [], inputs: [], forecasts: '', inputValues: '' } };
      }
      const plan = await planOf(sweep);
      const pieces: DrawBatch[] = [];
      let stopped = false;
      let lastReport = Date.now();
      while (next < toDraw && !stopped) {
        if (signal?.aborted) {
          await job.moveToWait(token);
          tell('returned', next - fromDraw);
          throw new WaitingError();
        }
        const sliceStart = Date.now();
        const piece = runPlannedDraws(plan, next, Math.min(toDraw, next + maxSliceDraws), {
          shouldStop: () => Date.now() - sliceStart >= sliceMilliseconds,
        });
        pieces.push(piece);
        next = piece.toDraw;
        if (next < toDraw && Date.now() - lastReport >= progressMilliseconds) {
          lastReport = Date.now();
          const [, stop] = await Promise.all([job.updateProgress({ worker: name, finished: next - fromDraw } satisfies SweepJobProgress), stopAsked(sweep)]);
          stopped = stop;
        } else {
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      const batch = joinBatches(plan, fromDraw, pieces);
      if (job.id !== undefined) {
        finishedJobs.add(job.id);
        if (finishedJobs.size > 100) finishedJobs.delete(finishedJobs.values().next().value!);
      }
      tell(stopped ? 'stopped' : 'done', batch.toDraw - batch.fromDraw);
      return { worker: name, batch: encodeBatch(batch) };
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      if (lostJob(error)) throw error;
      tell('failed', next - fromDraw, error instanceof Error ? error.message : String(error));
      // A model error would fail again anywhere: no retry, and its code travels in the reason.
      if (error instanceof ParleyError) throw new UnrecoverableError(reasonOf(error));
      throw error;
    }
  }

  const worker = new Worker<SweepJobData, SweepJobResult>(queueName, runJob, {
    connection: bullConnection(target),
    concurrency,
    name,
    ...workerTimings,
  });
  let lastError = '';
  worker.on('error', (error: Error) => {
    if (lostJob(error)) return;
    // Reported once per kind of error, not on every reconnect attempt.
    if (error.message === lastError) return;
    lastError = error.message;
    options.onError?.(error);
  });
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await worker.close(true).catch(() => undefined);
    redis.disconnect();
    throw unreachable(target, error);
  }

  return {
    name,
    async close(closeOptions = {}) {
      if (closeOptions.returnJobs) worker.cancelAllJobs('the worker is stopping');
      await worker.close();
      redis.disconnect();
    },
  };
}

/** Consecutive batches of one plan as one batch (an empty one for no draws). */
function joinBatches(plan: DrawPlan, fromDraw: number, pieces: readonly DrawBatch[]): DrawBatch {
  if (pieces.length === 1) return pieces[0]!;
  if (pieces.length === 0) return runPlannedDraws(plan, fromDraw, fromDraw);
  const first = pieces[0]!;
  const forecasts = new Float64Array(pieces.reduce((sum, piece) => sum + piece.forecasts.length, 0));
  const inputValues = new Float64Array(pieces.reduce((sum, piece) => sum + piece.inputValues.length, 0));
  let forecastOffset = 0;
  let inputOffset = 0;
  for (const piece of pieces) {
    forecasts.set(piece.forecasts, forecastOffset);
    inputValues.set(piece.inputValues, inputOffset);
    forecastOffset += piece.forecasts.length;
    inputOffset += piece.inputValues.length;
  }
  return { ...first, toDraw: pieces[pieces.length - 1]!.toDraw, forecasts, inputValues };
}

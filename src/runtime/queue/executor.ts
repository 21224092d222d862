/**
 * The producer side of a sweep on the queue: a `DrawExecutor` that splits a run's draws
 * into jobs of `jobSize` draws, puts them on BullMQ, and collects the finished draws that
 * `parley worker` processes send back (see `index.ts` for what lives in Redis).
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { planDraws, type DrawBatch, type MonteCarloRequest } from '../../core/analyses/draws.js';
import type { DrawExecutor, RunControl } from '../../core/analyses/monte-carlo.js';
import { ParleyError } from '../../core/errors.js';
import type { Scenario } from '../../core/scenario.js';
import { decodeBatch, errorFromReason, sweepKey, type SweepJobData, type SweepJobProgress, type SweepJobResult, type SweepSpec } from './protocol.js';
import { bullConnection, connectRedis, withTimeout } from './redis.js';
import { defaultJobSize, defaultQueueName, parseRedisUrl } from './target.js';

/**
 * Attempts per job. A model error fails at once (it would fail again: the draws are
 * deterministic); any other error (a bug, a lost connection) is tried twice more.
 */
const attempts = 3;
/** How often a run looks for finished jobs whose event it missed, and checks that Redis answers. */
const reconcileMilliseconds = 2000;
/** How long a run waits for Redis to answer before failing. */
const redisAnswerMilliseconds = 15_000;
/** How long closing the queue's connections may wait for Redis before they are cut. */
const closeMilliseconds = 2000;
/** After a stop, how long a run waits for jobs in progress to hand back their finished draws. */
const stopGraceMilliseconds = 3000;
/** Finished jobs that nobody collected (their run ended first) are dropped after an hour. */
const keepFinished = { age: 3600 };
/** A sweep's hash outlives a run that died without cleaning up by a day at most. */
const sweepSeconds = 24 * 3600;
/** The queue's event stream is capped: results travel through it. */
const eventStreamLength = 2000;

/** Where a sweep on the queue stands. */
export interface SweepStatus {
  sweep: string;
  /** Draws asked for. */
  total: number;
  /** Draws finished, in finished jobs and in jobs under way. */
  done: number;
  drawsPerSecond: number;
  /** Workers that finished or hold a job of this sweep, in the order first seen. */
  workers: string[];
  jobs: { total: number; done: number; retried: number };
}

export interface QueueExecutorOptions {
  /** `redis://host:6379` (see `parseRedisUrl`). */
  url: string;
  /** Draws per job; default `defaultJobSize`. */
  jobSize?: number;
  /** BullMQ queue name; default `defaultQueueName`. Workers must use the same. */
  queueName?: string;
  /** Told the sweep's status whenever it changes (a job taken, progressed, finished or retried). */
  onStatus?: (status: SweepStatus) => void;
}

export interface QueueExecutor extends DrawExecutor {
  /** The checked URL, without a password. */
  readonly shownUrl: string;
  /** Closes the connections to Redis. */
  close(): Promise<void>;
}

interface Connected {
  control: Redis;
  queue: Queue<SweepJobData, SweepJobResult>;
  events: QueueEvents;
}

/** Per job of a run: its range and where it stands. */
interface JobState {
  id: string;
  fromDraw: number;
  toDraw: number;
  /** Draws finished so far (from its progress reports). */
  finished: number;
  holder?: string;
  settled: boolean;
}

/**
 * A `DrawExecutor` that runs draws on `parley worker` processes through Redis. Connects on
 * the first run: a malformed URL throws a `bad-queue-url` ParleyError here, an unreachable
 * server rejects the run with `queue-unreachable` within a few seconds.
 */
export function createQueueExecutor(options: QueueExecutorOptions): QueueExecutor {
  const target = parseRedisUrl(options.url);
  const jobSize = options.jobSize ?? defaultJobSize;
  if (!Number.isSafeInteger(jobSize) || jobSize < 1) throw new ParleyError('bad-request', `jobSize must be a whole number above 0, got ${jobSize}`);
  const queueName = options.queueName ?? defaultQueueName;
  let connecting: Promise<Connected> | undefined;
  let closed = false;

  async function open(): Promise<Connected> {
    const control = await connectRedis(target);
    const connection = bullConnection(target);
    const queue = new Queue<SweepJobData, SweepJobResult>(queueName, { connection, streams: { events: { maxLen: eventStreamLength } } });
    const events = new QueueEvents(queueName, { connection });
    // Lost connections show as runs failing to get answers (see `reconcile`); BullMQ reconnects.
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return { control, queue, events };
  }

  function connect(): Promise<Connected> {
    connecting ??= open().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function runDraws(scenario: Scenario, request: MonteCarloRequest, control: RunControl): Promise<DrawBatch[]> {
    planDraws(scenario, request);
    if (closed) throw new Error('the queue executor is closed');
    if (control.signal?.aborted) return [];
    const connected = await connect();
    return runSweep(connected, scenario, request, control);
  }

  async function runSweep(connected: Connected, scenario: Scenario, request: MonteCarloRequest, control: RunControl): Promise<DrawBatch[]> {
    const { queue, events } = connected;
    const redis = connected.control;
    const sweep = randomUUID();
    const key = sweepKey(queueName, sweep);
    const jobs = new Map<string, JobState>();
    for (let from = 0, index = 0; from < request.draws; from += jobSize, index++) {
      const id = `${sweep}-${index}`;
      jobs.set(id, { id, fromDraw: from, toDraw: Math.min(request.draws, from + jobSize), finished: 0, settled: false });
    }
    const started = performance.now();
    const batches: DrawBatch[] = [];
    const workers = new Set<string>();
    let settledJobs = 0;
    let drawsInSettled = 0;
    let retried = 0;
    let stopping = false;
    let failure: Error | undefined;
    let finish: (() => void) | undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));

    const drawsDone = () => {
      let done = drawsInSettled;
      for (const job of jobs.values()) if (!job.settled) done += job.finished;
      return done;
    };
    const report = () => {
      const done = drawsDone();
      control.onProgress?.(done);
      if (!options.onStatus) return;
      const holders = [...jobs.values()].flatMap((job) => (!job.settled && job.holder ? [job.holder] : []));
      const seconds = (performance.now() - started) / 1000;
      options.onStatus({
        sweep,
        total: request.draws,
        done,
        drawsPerSecond: seconds > 0 ? done / seconds : 0,
        workers: [...new Set([...workers, ...holders])],
        jobs: { total: jobs.size, done: settledJobs, retried },
      });
    };
    const settle = (job: JobState) => {
      job.settled = true;
      settledJobs++;
      if (settledJobs === jobs.size) finish?.();
    };
    const accept = (job: JobState, result: SweepJobResult) => {
      if (job.settled) return;
      const batch = decodeBatch(result.batch);
      if (batch.toDraw > batch.fromDraw) batches.push(batch);
      drawsInSettled += batch.toDraw - batch.fromDraw;
      workers.add(result.worker);
      settle(job);
      queue.remove(job.id).catch(() => undefined);
      report();
    };
    const halt = async (error?: Error) => {
      if (error && !failure) failure = error;
      if (stopping) return;
      stopping = true;
      await redis.hset(key, 'stop', '1').catch(() => undefined);
      // Jobs not taken yet are removed; jobs under way see the stop flag within a slice or
      // two and hand back what they finished.
      await Promise.all(
        [...jobs.values()]
          .filter((job) => !job.settled)
          .map(async (job) => {
            const removed = await queue.remove(job.id).catch(() => 0);
            if (removed === 1 && !job.settled) settle(job);
          }),
      );
      setTimeout(() => finish?.(), stopGraceMilliseconds).unref();
    };

    const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
      const job = jobs.get(jobId);
      if (!job || job.settled || typeof data !== 'object' || data === null) return;
      const progress = data as SweepJobProgress;
      job.holder = progress.worker;
      job.finished = progress.finished;
      report();
    };
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      const job = jobs.get(jobId);
      if (job) accept(job, returnvalue as SweepJobResult);
    };
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      const job = jobs.get(jobId);
      if (!job || job.settled) return;
      settle(job);
      void halt(errorFromReason(failedReason, job.fromDraw, job.toDraw));
    };
    const onWaiting = ({ jobId, prev }: { jobId: string; prev?: string }) => {
      const job = jobs.get(jobId);
      // Back from active: its worker died (stalled), gave it back, or it failed and is tried again.
      if (!job || job.settled || prev !== 'active') return;
      retried++;
      job.holder = undefined;
      job.finished = 0;
      report();
    };
    const onAbort = () => void halt();

    // Events can be missed (the stream is capped, a connection drops): every few seconds
    // the finished jobs are read from the queue itself. This also notices a Redis that
    // stopped answering, and one that came back without the sweep (restarted with no
    // persistence): its jobs are gone and would never finish.
    const reconcile = async () => {
      const [completed, failed, present] = await withTimeout(
        Promise.all([queue.getRanges(['completed']), queue.getRanges(['failed']), redis.exists(key)]),
        redisAnswerMilliseconds,
        () =>
          new ParleyError(
            'queue-unreachable',
            `lost Redis at ${target.shown}: no answer for ${redisAnswerMilliseconds / 1000} s; run the sweep again once Redis is back`,
          ),
      );
      if (present === 0 && !stopping) {
        throw new ParleyError(
          'queue-lost',
          `Redis at ${target.shown} lost this sweep (it restarted without its data, or the sweep's keys were removed); run it again`,
        );
      }
      for (const id of completed) {
        const job = jobs.get(id);
        const stored = job && !job.settled ? await queue.getJob(id) : undefined;
        if (job && stored) accept(job, stored.returnvalue);
      }
      for (const id of failed) {
        const job = jobs.get(id);
        const stored = job && !job.settled ? await queue.getJob(id) : undefined;
        if (stored) onFailed({ jobId: id, failedReason: stored.failedReason });
      }
    };
    let reconciling = false;
    let lastAnswer = performance.now();
    const timer = setInterval(() => {
      if (reconciling) return;
      reconciling = true;
      reconcile()
        .then(() => (lastAnswer = performance.now()))
        .catch((error: unknown) => {
          // A Redis that comes back within `redisAnswerMilliseconds` with the sweep (persisted)
          // lets the run go on; one that lost the sweep, or stays away, ends it with the reason.
          const lost = error instanceof ParleyError;
          if (!lost && performance.now() - lastAnswer < redisAnswerMilliseconds) return;
          const reason = error instanceof Error ? error.message : String(error);
          failure ??= lost
            ? error
            : new ParleyError(
                'queue-unreachable',
                `lost Redis at ${target.shown}: no answer for ${redisAnswerMilliseconds / 1000} s (${reason}); run the sweep again once Redis is back`,
              );
          finish?.();
        })
        .finally(() => (reconciling = false));
    }, reconcileMilliseconds);

    events.on('progress', onProgress);
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    events.on('waiting', onWaiting);
    control.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await redis
        .multi()
        .hset(key, 'spec', JSON.stringify({ scenario, request } satisfies SweepSpec), 'live', '1')
        .expire(key, sweepSeconds)
        .exec();
      await queue.addBulk(
        [...jobs.values()].map((job) => ({
          name: 'draws',
          data: { sweep, fromDraw: job.fromDraw, toDraw: job.toDraw },
          opts: { jobId: job.id, attempts, removeOnComplete: keepFinished, removeOnFail: keepFinished },
        })),
      );
      report();
      if (control.signal?.aborted) void halt();
      await finished;
    } finally {
      clearInterval(timer);
      events.off('progress', onProgress);
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
      events.off('waiting', onWaiting);
      control.signal?.removeEventListener('abort', onAbort);
      await Promise.all([redis.del(key), ...[...jobs.keys()].map((id) => queue.remove(id))]).catch(() => undefined);
    }
    if (failure) throw failure;
    return batches;
  }

  return {
    shownUrl: target.shown,
    runDraws,
    async close() {
      closed = true;
      const connected = await connecting?.catch(() => undefined);
      if (!connected) return;
      // BullMQ's close waits for Redis; a Redis that is gone must not hold the process open.
      await withTimeout(Promise.allSettled([connected.events.close(), connected.queue.close()]), closeMilliseconds, () => new Error('close timed out')).catch(
        () => {
          void connected.events.disconnect().catch(() => undefined);
          void connected.queue.disconnect().catch(() => undefined);
        },
      );
      connected.control.disconnect();
    },
  };
}

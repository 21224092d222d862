/**
 * Monte Carlo sweeps on a Redis queue (BullMQ): the `DrawExecutor` for a team or a farm of
 * machines. A run splits its draws into jobs of `jobSize` draws; any number of
 * `parley worker` processes, on any machine that reaches the Redis server, take jobs and
 * send the finished draws back. Draw k depends on the root seed and k alone, so the result
 * is byte-identical to an in-process run however the jobs land.
 *
 * What lives in Redis for a run (its sweep):
 * - one hash `parley:<queue>:sweep:<id>` holding the scenario and request once (jobs carry
 *   only their draw range) and the stop flag the workers look at between slices;
 * - one BullMQ job per range, id `<sweep>-<k>`. A finished job's result is read from the
 *   queue's `completed` event (or from the job, if the event was missed) and the job is
 *   removed at once; the sweep's hash is removed when the run ends.
 *
 * A worker that dies mid-job loses its job lock; another worker's stalled check puts the
 * job back on the queue (see `workerTimings`) and it runs again elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, QueueEvents, UnrecoverableError, WaitingError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { planDraws, runPlannedDraws, type DrawBatch, type DrawPlan, type MonteCarloRequest } from '../core/analyses/draws.js';
import { maxSliceDraws, sliceMilliseconds, type DrawExecutor, type RunControl } from '../core/analyses/monte-carlo.js';
import { ParleyError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';
import { defaultJobSize, defaultQueueName, parseRedisUrl, type RedisTarget } from './queue-target.js';

export { defaultJobSize, defaultQueueName, parseRedisUrl, type RedisTarget };

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

/**
 * Attempts per job. A model error fails at once (it would fail again: the draws are
 * deterministic); any other error (a bug, a lost connection) is tried twice more.
 */
const attempts = 3;
/** How long the first connection may take before Redis counts as unreachable. */
const connectTimeout = 3000;
/** How often a busy worker reports progress and looks at the stop flag. */
const progressMilliseconds = 250;
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

// ---- the job protocol: what producer and worker exchange, defined once ----

/** A job: draws `fromDraw` to `toDraw − 1` of the sweep's request. */
export interface SweepJobData {
  sweep: string;
  fromDraw: number;
  toDraw: number;
}

/** What a worker reports while a job runs. */
export interface SweepJobProgress {
  worker: string;
  /** Draws finished in this job so far. */
  finished: number;
}

/** A job's result: the finished draws (all, or fewer after a stop) and who ran them. */
export interface SweepJobResult {
  worker: string;
  batch: EncodedBatch;
}

/** A `DrawBatch` as JSON: typed arrays as base64 of their IEEE 754 bytes, little-endian. */
export interface EncodedBatch extends Omit<DrawBatch, 'forecasts' | 'inputValues'> {
  forecasts: string;
  inputValues: string;
}

/** The scenario and request of a sweep, stored once in its hash. */
interface SweepSpec {
  scenario: Scenario;
  request: MonteCarloRequest;
}

/** A model error as a job's failure reason, `[code] message`, read back by `errorFromReason`. */
function reasonOf(error: ParleyError): string {
  return `[${error.code}] ${error.message}`;
}

function errorFromReason(reason: string, fromDraw: number, toDraw: number): Error {
  const coded = /^\[([a-z0-9-]+)\] ([\s\S]*)$/.exec(reason);
  if (coded) return ParleyError.fromWire(coded[1]!, coded[2]!);
  return new Error(`a queue worker failed on draws ${fromDraw}–${toDraw - 1}: ${reason}`);
}

export function encodeBatch(batch: DrawBatch): EncodedBatch {
  return { ...batch, forecasts: encodeFloat64(batch.forecasts), inputValues: encodeFloat64(batch.inputValues) };
}

export function decodeBatch(encoded: EncodedBatch): DrawBatch {
  return { ...encoded, forecasts: decodeFloat64(encoded.forecasts), inputValues: decodeFloat64(encoded.inputValues) };
}

/** The numbers' exact bytes (NaN and -0 included), little-endian whatever the machine. */
function encodeFloat64(values: Float64Array): string {
  const bytes = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((value, index) => bytes.setFloat64(index * 8, value, true));
  return Buffer.from(bytes.buffer).toString('base64');
}

function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.byteLength / 8);
  for (let index = 0; index < values.length; index++) values[index] = view.getFloat64(index * 8, true);
  return values;
}

function sweepKey(queueName: string, sweep: string): string {
  return `parley:${queueName}:sweep:${sweep}`;
}

// ---- connecting ----

/**
 * A connection for the sweep hashes, checked before BullMQ starts: ioredis (and so BullMQ)
 * retries a refused connection forever, so the first connect gives up after one failure or
 * `connectTimeout` with a one-line `queue-unreachable` error; once connected it reconnects as usual.
 */
async function connectRedis(target: RedisTarget): Promise<Redis> {
  let connected = false;
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    connectTimeout,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (connected ? Math.min(times * 500, 5000) : null),
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
    connected = true;
    return client;
  } catch (error) {
    // Disconnecting an ended client would hold the process open for ioredis' disconnect timeout.
    if (client.status !== 'end') client.disconnect();
    throw unreachable(target, lastError ?? error);
  }
}

/**
 * Checks that the Redis at `url` answers (a server's start, before it takes sweeps): a
 * `bad-queue-url` or `queue-unreachable` ParleyError otherwise, within a few seconds.
 */
export async function checkQueue(url: string): Promise<void> {
  const client = await connectRedis(parseRedisUrl(url));
  client.disconnect();
}

function unreachable(target: RedisTarget, error: unknown): ParleyError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message.replace(/^connect /, '') : String(error);
  const detail = code && !message.includes(code) ? `${code} ${message}` : message;
  return new ParleyError(
    'queue-unreachable',
    `cannot reach Redis at ${target.shown}: ${detail} (is redis-server running? see README "Working as a team / at scale")`,
  );
}

function bullConnection(target: RedisTarget): ConnectionOptions {
  return { ...target.options, maxRetriesPerRequest: null };
}

function withTimeout<T>(work: Promise<T>, milliseconds: number, fail: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(fail()), milliseconds)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// ---- the producer: a DrawExecutor ----

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
        () => new ParleyError('queue-unreachable', `lost Redis at ${target.shown}: no answer for ${redisAnswerMilliseconds / 1000} s; run the sweep again once Redis is back`),
      );
      if (present === 0 && !stopping) {
        throw new ParleyError('queue-lost', `Redis at ${target.shown} lost this sweep (it restarted without its data, or the sweep's keys were removed); run it again`);
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
          failure ??= lost ? error : new ParleyError('queue-unreachable', `lost Redis at ${target.shown}: no answer for ${redisAnswerMilliseconds / 1000} s (${reason}); run the sweep again once Redis is back`);
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
      await withTimeout(Promise.allSettled([connected.events.close(), connected.queue.close()]), closeMilliseconds, () => new Error('close timed out')).catch(() => {
        void connected.events.disconnect().catch(() => undefined);
        void connected.queue.disconnect().catch(() => undefined);
      });
      connected.control.disconnect();
    },
  };
}

// ---- the worker ----

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
  /** Told, once per job, that a job it held is gone from Redis (a restart without persistence); the worker drops it and goes on. */
  onLostJob?: (jobId: string) => void;
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
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ParleyError('bad-request', `concurrency must be a whole number above 0, got ${concurrency}`);
  const queueName = options.queueName ?? defaultQueueName;
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const redis = await connectRedis(target);
  const lostJobs = new Set<string>();
  /**
   * BullMQ's words when a job this worker held vanished with Redis's data (a restart without
   * persistence): reporting progress, finishing it and retrying it each fail with them.
   * Said once per job, in words; nothing is left to do for it.
   */
  function lostJob(error: unknown): boolean {
    const lost = error instanceof Error ? /^Missing key for job (\S+?)\. \w+$/.exec(error.message) : null;
    if (!lost) return false;
    if (!lostJobs.has(lost[1]!)) options.onLostJob?.(lost[1]!);
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

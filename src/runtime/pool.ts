/**
 * A pool of worker threads that runs Monte Carlo draws in batches on all cores: the
 * `DrawExecutor` for Node (and the `AdviceExecutor`: the advice search's tasks, each to
 * whichever worker is free, the results in task order). Batches go to whichever worker is free; each draw's numbers
 * depend on the root seed and its index alone, so the result is the same however the
 * batches land. Aborting sets a shared stop flag that busy workers see before their next
 * draw; the run then resolves with every draw finished.
 *
 * Workers run compiled JavaScript from `dist/` (Node 20 cannot load TypeScript in a worker).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AdviceExecutor, AdviceTask } from '../core/analyses/advice-tasks.js';
import type { DrawBatch, MonteCarloRequest } from '../core/analyses/draws.js';
import { planDraws } from '../core/analyses/draws.js';
import type { DrawExecutor, RunControl } from '../core/analyses/monte-carlo.js';
import { ParleyError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';
import type { FromWorker, ToWorker, WorkerData, WorkerError } from './protocol.js';

export interface PoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  workers?: number;
  /** Draws per batch; default: about eight batches per worker, at most 250 draws each. */
  batchSize?: number;
  /** The compiled worker module; default: `dist/src/runtime/worker.js` of this package. */
  workerUrl?: URL;
  /**
   * Starts the threads at a lower scheduling priority: their nice value this much above the
   * process's (at most 19; default: the same). A server asks for it so that its event loop
   * goes first when the cores are busy with its own computations. Linux only (elsewhere a
   * nice value is the whole process's, and the threads are left as they are).
   */
  niceness?: number;
}

export interface WorkerPool extends DrawExecutor, AdviceExecutor {
  /** The number of worker threads. */
  readonly size: number;
  /** Ends every worker thread. */
  close(): Promise<void>;
}

/** The compiled worker: beside this file in `dist/`, or in `dist/` when this file runs as TypeScript (tests). */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/src/runtime/worker.js', here) : new URL('./worker.js', here);
}

/** The batch size used when none is given: about eight batches per worker, between 1 and 250 draws. */
export function defaultBatchSize(draws: number, workers: number): number {
  return Math.max(1, Math.min(250, Math.ceil(draws / (workers * 8))));
}

/** A pool of `workers` threads; threads start on the first run and end with `close()`. */
export function createWorkerPool(options: PoolOptions = {}): WorkerPool {
  const size = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(size) || size < 1) throw new ParleyError('bad-request', `workers must be a whole number above 0, got ${size}`);
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const workers: Worker[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  function ensureWorkers(count: number): void {
    if (workers.length >= count) return;
    if (!existsSync(fileURLToPath(workerUrl))) {
      throw new Error(`the worker pool needs the compiled worker ${fileURLToPath(workerUrl)}; run npm run build first`);
    }
    while (workers.length < count) {
      // Workers inherit Node's flags; the ones about the main script (`--input-type` with
      // `node -e`) make a worker fail to start, so they are left out.
      const worker = new Worker(workerUrl, {
        execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
        ...(options.niceness === undefined ? {} : { workerData: { niceness: options.niceness } satisfies WorkerData }),
      });
      // A run listens for failures itself; between runs a dead worker just leaves the pool.
      worker.on('error', () => undefined);
      worker.once('exit', () => {
        const index = workers.indexOf(worker);
        if (index >= 0) workers.splice(index, 1);
      });
      workers.push(worker);
    }
  }

  async function runDraws(scenario: Scenario, request: MonteCarloRequest, control: RunControl): Promise<DrawBatch[]> {
    planDraws(scenario, request);
    if (closed) throw new Error('the worker pool is closed');
    if (control.signal?.aborted) return [];
    const batchSize = options.batchSize ?? defaultBatchSize(request.draws, size);
    const jobs: Array<[number, number]> = [];
    for (let from = 0; from < request.draws; from += batchSize) jobs.push([from, Math.min(request.draws, from + batchSize)]);
    ensureWorkers(Math.min(size, jobs.length));
    return dispatch(scenario, request, jobs, control);
  }

  function dispatch(scenario: Scenario, request: MonteCarloRequest, jobs: Array<[number, number]>, control: RunControl): Promise<DrawBatch[]> {
    return new Promise<DrawBatch[]>((resolve, reject) => {
      const stop = new Int32Array(new SharedArrayBuffer(4));
      const batches: DrawBatch[] = [];
      const inFlight = new Map<number, { worker: Worker; finished: number }>();
      const active = workers.slice(0, Math.min(workers.length, jobs.length));
      let nextJob = 0;
      let finishedInBatches = 0;
      let failure: Error | undefined;

      const reportProgress = () => {
        let finished = finishedInBatches;
        for (const job of inFlight.values()) finished += job.finished;
        control.onProgress?.(finished);
      };
      const send = (worker: Worker) => {
        if (Atomics.load(stop, 0) !== 0 || nextJob >= jobs.length) return;
        const job = nextJob++;
        const [fromDraw, toDraw] = jobs[job]!;
        inFlight.set(job, { worker, finished: 0 });
        worker.postMessage({ type: 'run', job, scenario, request, fromDraw, toDraw, stop } satisfies ToWorker);
      };
      const settleIfIdle = () => {
        if (inFlight.size > 0 || (nextJob < jobs.length && Atomics.load(stop, 0) === 0)) return;
        cleanUp();
        if (failure) reject(failure);
        else resolve(batches);
      };
      const halt = (error?: Error) => {
        if (error && !failure) failure = error;
        Atomics.store(stop, 0, 1);
        settleIfIdle();
      };
      const onAbort = () => halt();
      const listeners = active.map((worker) => {
        const onMessage = (message: FromWorker) => {
          const job = inFlight.get(message.job);
          if (!job || job.worker !== worker) return;
          switch (message.type) {
            case 'progress':
              job.finished = message.finished;
              reportProgress();
              return;
            case 'done':
              inFlight.delete(message.job);
              batches.push(message.batch);
              finishedInBatches += message.batch.toDraw - message.batch.fromDraw;
              reportProgress();
              send(worker);
              settleIfIdle();
              return;
            case 'failed':
              inFlight.delete(message.job);
              halt(errorFromWorker(message.error));
              return;
          }
        };
        const onError = (error: Error) => {
          for (const [job, entry] of inFlight) if (entry.worker === worker) inFlight.delete(job);
          halt(new Error(`a pool worker failed: ${error.message}`));
        };
        const onExit = (code: number) => onError(new Error(`exited with code ${code}`));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        return { worker, onMessage, onError, onExit };
      });
      function cleanUp() {
        control.signal?.removeEventListener('abort', onAbort);
        for (const { worker, onMessage, onError, onExit } of listeners) {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        }
      }
      control.signal?.addEventListener('abort', onAbort, { once: true });
      for (const worker of active) send(worker);
    });
  }

  function runTasks(scenario: Scenario, tasks: readonly AdviceTask[]): Promise<Float64Array[]> {
    if (closed) throw new Error('the worker pool is closed');
    if (tasks.length === 0) return Promise.resolve([]);
    ensureWorkers(Math.min(size, tasks.length));
    return new Promise<Float64Array[]>((resolve, reject) => {
      const results: Float64Array[] = new Array<Float64Array>(tasks.length);
      const inFlight = new Map<number, Worker>();
      let next = 0;
      let failure: Error | undefined;
      const send = (worker: Worker) => {
        if (failure || next >= tasks.length) return;
        const job = next++;
        inFlight.set(job, worker);
        worker.postMessage({ type: 'advise', job, scenario, task: tasks[job]! } satisfies ToWorker);
      };
      const settleIfIdle = () => {
        if (inFlight.size > 0 || (!failure && next < tasks.length)) return;
        for (const { worker, onMessage, onError, onExit } of listeners) {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        }
        if (failure) reject(failure);
        else resolve(results);
      };
      const listeners = workers.slice(0, Math.min(workers.length, tasks.length)).map((worker) => {
        const onMessage = (message: FromWorker) => {
          if (inFlight.get(message.job) !== worker) return;
          if (message.type === 'advised') {
            inFlight.delete(message.job);
            results[message.job] = message.forecasts;
            send(worker);
          } else if (message.type === 'failed') {
            inFlight.delete(message.job);
            failure ??= errorFromWorker(message.error);
          }
          settleIfIdle();
        };
        const onError = (error: Error) => {
          for (const [job, owner] of inFlight) if (owner === worker) inFlight.delete(job);
          failure ??= new Error(`a pool worker failed: ${error.message}`);
          settleIfIdle();
        };
        const onExit = (code: number) => onError(new Error(`exited with code ${code}`));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        return { worker, onMessage, onError, onExit };
      });
      for (const { worker } of listeners) send(worker);
    });
  }

  return {
    size,
    runDraws(scenario, request, control) {
      // One run at a time: a run owns every worker until it settles.
      const run = queue.then(() => runDraws(scenario, request, control));
      queue = run.catch(() => undefined);
      return run;
    },
    runAdviceTasks(scenario, tasks) {
      const run = queue.then(() => runTasks(scenario, tasks));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
      await queue;
      await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
    },
  };
}

/** The worker's error as an Error again: a ParleyError when it was one. */
export function errorFromWorker(error: WorkerError): Error {
  if (error.code !== undefined) return ParleyError.fromWire(error.code, error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/**
 * Threads for the analyses a server computes on request (`analysis-tasks.ts`: forecasts,
 * sensitivity analyses, comparisons), so that they never hold the event loop: while one
 * computes, the server goes on answering everything else. Each task goes to a free thread
 * and runs there alone; tasks beyond the threads wait their turn in order. A task's result
 * is what the analysis returns in this thread, copied across (the same JSON); asked for as
 * JSON text (`runAnalysisJson`), it is written in the thread and only the string crosses.
 *
 * Aborting a task (its signal) ends the thread running it — a forecast cannot be stopped
 * half-way otherwise — and a fresh one takes its place on the next task.
 *
 * Workers run compiled JavaScript from `dist/` (Node 20 cannot load TypeScript in a worker).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisExecutor, AnalysisResult, AnalysisTask } from '../core/analyses/analysis-tasks.js';
import { ParleyError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';
import { defaultWorkerUrl, errorFromWorker } from './pool.js';
import type { FromWorker, ToWorker, WorkerData } from './protocol.js';

export interface AnalysisPoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  workers?: number;
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

export interface AnalysisPool extends AnalysisExecutor {
  /** The number of worker threads. */
  readonly size: number;
  /** Tasks running or waiting now. */
  readonly pending: number;
  /** Ends every thread; tasks running or waiting are refused with an error. */
  close(): Promise<void>;
}

interface Pending {
  scenario: Scenario;
  task: AnalysisTask;
  /** The result wanted as JSON text, written in the thread. */
  json: boolean;
  signal: AbortSignal | undefined;
  resolve(result: AnalysisResult | string): void;
  reject(error: Error): void;
}

/** The error an aborted task is refused with (its signal's reason when that is an Error). */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the analysis was aborted');
}

/** A pool of `workers` threads for analysis tasks; threads start when tasks come and end with `close()`. */
export function createAnalysisPool(options: AnalysisPoolOptions = {}): AnalysisPool {
  const size = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(size) || size < 1) throw new ParleyError('bad-request', `workers must be a whole number above 0, got ${size}`);
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  const waiting: Pending[] = [];
  let started = 0;
  let nextJob = 0;
  let closed = false;

  function startWorker(): Worker {
    if (!existsSync(fileURLToPath(workerUrl))) {
      throw new Error(`the analysis pool needs the compiled worker ${fileURLToPath(workerUrl)}; run npm run build first`);
    }
    const worker = new Worker(workerUrl, {
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
      ...(options.niceness === undefined ? {} : { workerData: { niceness: options.niceness } satisfies WorkerData }),
    });
    started += 1;
    const lose = (error: Error) => {
      started -= 1;
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      const task = busy.get(worker);
      busy.delete(worker);
      worker.removeAllListeners();
      // An end asked for (abort, close) refused its task already.
      if (task && !closed) task.reject(new Error(`an analysis worker failed: ${error.message}`));
      dispatch();
    };
    worker.on('message', (message: FromWorker) => {
      const task = busy.get(worker);
      if (!task) return;
      if (message.type !== 'analysed' && message.type !== 'failed') return;
      busy.delete(worker);
      task.signal?.removeEventListener('abort', onAbortOf(task));
      if (message.type === 'analysed') task.resolve(message.json ?? message.result);
      else task.reject(errorFromWorker(message.error));
      idle.push(worker);
      dispatch();
    });
    worker.on('error', lose);
    worker.on('exit', (code) => lose(new Error(`exited with code ${code}`)));
    return worker;
  }

  const abortHandlers = new WeakMap<Pending, () => void>();
  function onAbortOf(task: Pending): () => void {
    let handler = abortHandlers.get(task);
    if (!handler) {
      handler = () => {
        const queued = waiting.indexOf(task);
        if (queued >= 0) waiting.splice(queued, 1);
        for (const [worker, running] of busy) {
          if (running !== task) continue;
          // The thread counts against the size until it has exited (see `lose`).
          busy.delete(worker);
          void worker.terminate();
        }
        task.reject(abortError(task.signal!));
      };
      abortHandlers.set(task, handler);
    }
    return handler;
  }

  function dispatch(): void {
    while (!closed && waiting.length > 0) {
      let worker = idle.pop();
      if (!worker) {
        if (started >= size) return;
        try {
          worker = startWorker();
        } catch (error) {
          for (const task of waiting.splice(0)) task.reject(error as Error);
          return;
        }
      }
      const task = waiting.shift()!;
      busy.set(worker, task);
      worker.postMessage({ type: 'analyse', job: nextJob++, scenario: task.scenario, task: task.task, json: task.json } satisfies ToWorker);
    }
  }

  function enqueue(scenario: Scenario, task: AnalysisTask, signal: AbortSignal | undefined, json: boolean): Promise<AnalysisResult | string> {
    if (closed) return Promise.reject(new Error('the analysis pool is closed'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<AnalysisResult | string>((resolve, reject) => {
      const entry: Pending = { scenario, task, json, signal, resolve, reject };
      signal?.addEventListener('abort', onAbortOf(entry), { once: true });
      waiting.push(entry);
      dispatch();
    });
  }

  return {
    size,
    get pending() {
      return waiting.length + busy.size;
    },
    runAnalysis<T extends AnalysisTask>(scenario: Scenario, task: T, signal?: AbortSignal): Promise<AnalysisResult<T>> {
      return enqueue(scenario, task, signal, false) as Promise<AnalysisResult<T>>;
    },
    runAnalysisJson(scenario: Scenario, task: AnalysisTask, signal?: AbortSignal): Promise<string> {
      return enqueue(scenario, task, signal, true) as Promise<string>;
    },
    async close() {
      closed = true;
      const refused = new Error('the analysis pool is closed');
      for (const task of waiting.splice(0)) task.reject(refused);
      for (const task of busy.values()) task.reject(refused);
      const workers = [...idle.splice(0), ...busy.keys()];
      busy.clear();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * A pool worker: runs the draw jobs, advice tasks and analysis tasks the pools send (see `protocol.ts`) and
 * posts back the results. Loaded from `dist/` as compiled JavaScript.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runAdviceTask } from '../core/analyses/advice-tasks.js';
import { runAnalysisTask } from '../core/analyses/analysis-tasks.js';
import { runDraws } from '../core/analyses/draws.js';
import { ParleyError } from '../core/errors.js';
import type { FromWorker, PoolMessage, WorkerData } from './protocol.js';
import { progressIntervalMilliseconds } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('parley: runtime/worker.js runs as a worker thread only');

// A server's pools start their threads at a lower priority (`niceness`), so that the event
// loop, which answers every request, is never one thread among equals with the computations.
// On Linux the nice value is a thread's own (pid 0 is this thread, not the process); elsewhere
// it is the process's, so it is left alone there. A system that refuses it leaves the thread
// as it was: a hint to the scheduler, not a result.
const { niceness } = (workerData ?? {}) as WorkerData;
if (niceness !== undefined && niceness > 0 && process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, getPriority(0) + niceness));
  } catch {
    // Unchanged priority: the computations only compete with the event loop as before.
  }
}

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message satisfies PoolMessage, transfer);
}

function failed(job: number, error: unknown): void {
  post({
    type: 'failed',
    job,
    error: {
      name: error instanceof Error ? error.name : 'Error',
      ...(error instanceof ParleyError ? { code: error.code } : {}),
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    },
  });
}

port.on('message', (message: PoolMessage) => {
  if (message.type === 'advise') {
    try {
      const forecasts = runAdviceTask(message.scenario, message.task);
      post({ type: 'advised', job: message.job, forecasts }, [forecasts.buffer as ArrayBuffer]);
    } catch (error) {
      failed(message.job, error);
    }
    return;
  }
  if (message.type === 'analyse') {
    try {
      const result = runAnalysisTask(message.scenario, message.task);
      post(message.json ? { type: 'analysed', job: message.job, json: JSON.stringify(result) } : { type: 'analysed', job: message.job, result });
    } catch (error) {
      failed(message.job, error);
    }
    return;
  }
  if (message.type !== 'run') return;
  const { job, stop } = message;
  let lastReport = Date.now();
  try {
    const batch = runDraws(message.scenario, message.request, message.fromDraw, message.toDraw, {
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      onDraw: (finished) => {
        const now = Date.now();
        if (now - lastReport < progressIntervalMilliseconds) return;
        lastReport = now;
        post({ type: 'progress', job, finished });
      },
    });
    post({ type: 'done', job, batch }, [batch.forecasts.buffer as ArrayBuffer, batch.inputValues.buffer as ArrayBuffer]);
  } catch (error) {
    failed(job, error);
  }
});

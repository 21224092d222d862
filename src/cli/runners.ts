/**
 * Where `parley serve`'s sweeps run: its own worker threads (`poolRunner`), or `parley worker`
 * processes on any machine through a Redis queue (`queueRunner`).
 */
import { createWorkerPool } from '../runtime/pool.js';
import { createQueueExecutor } from '../runtime/queue/index.js';
import type { SweepRunner } from '../server/sweeps.js';

export interface ClosableRunner extends SweepRunner {
  /** Ends the threads or connections the runner holds. */
  close(): Promise<void>;
}

/** Sweeps on a pool of `workers` threads in this process, shared by every sweep (one at a time), `niceness` lower than the event loop (`PoolOptions.niceness`). */
export function poolRunner(workers: number, niceness?: number): ClosableRunner {
  const pool = createWorkerPool({ workers, ...(niceness === undefined ? {} : { niceness }) });
  return {
    where: 'pool',
    workers: [`this server (${pool.size} thread${pool.size === 1 ? '' : 's'})`],
    open: () => ({ executor: pool, close: async () => undefined }),
    close: () => pool.close(),
  };
}

/** Sweeps on the queue at `url`: each sweep has its own connection, closed when it ends. */
export function queueRunner(url: string, options: { jobSize?: number; queueName?: string } = {}): ClosableRunner {
  return {
    where: 'queue',
    workers: [],
    open(onProgress) {
      const executor = createQueueExecutor({
        url,
        ...options,
        onStatus: (status) => onProgress({ done: status.done, workers: status.workers }),
      });
      return { executor, close: () => executor.close() };
    },
    close: async () => undefined,
  };
}

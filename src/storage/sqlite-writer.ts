/**
 * A thread that writes a SQLite storage's runs, so that the insert of a run's outputs
 * (megabytes for a forecast of every model: about 40 ms of a quiet core at `synchronous =
 * FULL`, 150 ms on a loaded one, with the WAL checkpoints it sets off) never holds the event
 * loop of a server. The thread has its own connection to the same file
 * (`sqlite-writer-worker.ts`); runs are written one at a time in the order they were sent, each
 * in its own transaction, and a write is answered only after its commit, so a run the storage
 * acknowledged is on disk as before. The storage's own connection sees it from then on (WAL).
 *
 * The thread starts with the first write and holds the process open only while writes are
 * under way. A file database only: `:memory:` cannot be shared between connections.
 *
 * Workers run compiled JavaScript from `dist/` (Node 20 cannot load TypeScript in a worker).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunRowValues } from './rows.js';
import type { FromWriter, ToWriter } from './sqlite-writer-protocol.js';
import { StorageError } from './storage.js';

/** The compiled writer module: beside this file in `dist/`, or `dist/` of this package when run from the TypeScript sources (tests). */
export function defaultWriterUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/src/storage/sqlite-writer-worker.js', here) : new URL('./sqlite-writer-worker.js', here);
}

export interface SqliteWriter {
  /** Inserts a run row after checking its scenario version exists (`not-found` otherwise); resolves after the commit. */
  insertRun(values: RunRowValues): Promise<void>;
  /** Waits for the writes sent, then ends the thread; later writes are refused. */
  close(): Promise<void>;
}

interface Job {
  resolve(): void;
  reject(error: Error): void;
}

/** A writer for the database file `path` (which the storage has opened and migrated). */
export function createSqliteWriter(path: string, workerUrl: URL = defaultWriterUrl()): SqliteWriter {
  if (!existsSync(fileURLToPath(workerUrl))) {
    throw new Error(`the SQLite writer thread needs the compiled module ${fileURLToPath(workerUrl)}; run npm run build first`);
  }
  const jobs = new Map<number, Job>();
  let nextJob = 0;
  let worker: Worker | undefined;
  let closed = false;
  let ended: Promise<void> = Promise.resolve();

  function failAll(error: Error): void {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
  }

  function start(): Worker {
    const thread = new Worker(workerUrl, { workerData: { path }, execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')) });
    thread.on('message', (message: FromWriter) => {
      if (message.type === 'open-failed') {
        failAll(new Error(`the SQLite writer thread cannot open ${path}: ${message.message}`));
        return;
      }
      const job = jobs.get(message.job);
      if (!job) return;
      jobs.delete(message.job);
      if (jobs.size === 0) thread.unref();
      if (message.type === 'done') job.resolve();
      else if (message.type === 'not-found') job.reject(new StorageError('not-found', message.message));
      else job.reject(Object.assign(new Error(message.message), message.code === undefined ? {} : { code: message.code }));
    });
    ended = new Promise((resolve) => {
      thread.once('exit', () => {
        if (worker === thread) worker = undefined;
        failAll(new Error('the SQLite writer thread ended before the run was written; nothing was recorded'));
        resolve();
      });
    });
    thread.on('error', (error) => failAll(new Error(`the SQLite writer thread failed: ${error.message}`)));
    thread.unref();
    return thread;
  }

  return {
    insertRun(values) {
      if (closed) return Promise.reject(new Error('the storage is closed'));
      worker ??= start();
      const thread = worker;
      const job = nextJob++;
      return new Promise<void>((resolve, reject) => {
        jobs.set(job, { resolve, reject });
        thread.ref();
        thread.postMessage({ type: 'insert-run', job, values } satisfies ToWriter);
      });
    },
    async close() {
      closed = true;
      if (!worker) return;
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies ToWriter);
      await ended;
    },
  };
}

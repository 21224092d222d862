/**
 * The messages between a SQLite storage and its writer thread (`sqlite-writer.ts`,
 * `sqlite-writer-worker.ts`): one tagged union each way, defined once for both sides.
 */

import type { RunRowValues } from './rows.js';

/** What the storage asks: a run inserted (in one transaction, after checking its version exists), or the thread ended. */
export type ToWriter = { type: 'insert-run'; job: number; values: RunRowValues } | { type: 'close' };

/** What the thread answers, once per job, after the commit (or the rollback). */
export type FromWriter =
  | { type: 'done'; job: number }
  | { type: 'not-found'; job: number; message: string }
  | { type: 'failed'; job: number; message: string; code?: string }
  | { type: 'open-failed'; message: string; code?: string };

/**
 * The writer thread of a SQLite storage (`sqlite-writer.ts`): its own better-sqlite3
 * connection to the same file, with the same settings as the storage's (WAL, `synchronous =
 * FULL`, foreign keys, a 5 s busy timeout), writing the runs it is sent one after another, in
 * the order sent. Each insert is one transaction that first checks the run's scenario version
 * exists; the answer goes back only after the commit, so an acknowledged run is on disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runInsertColumns, type RunRowValues } from './rows.js';
import type { FromWriter, ToWriter } from './sqlite-writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker.js runs as a worker thread of a SQLite storage');
const { path } = workerData as { path: string };

function answer(message: FromWriter): void {
  port!.postMessage(message);
}

let db: Database.Database | undefined;
try {
  db = new Database(path, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
} catch (error) {
  db?.close();
  db = undefined;
  answer({ type: 'open-failed', message: error instanceof Error ? error.message : String(error), ...codeOf(error) });
}

function codeOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}

const versionExists = db?.prepare('SELECT 1 FROM scenario_versions WHERE scenario_id = ? AND version = ?');
const insert = db?.prepare(`INSERT INTO runs (${runInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
/** IMMEDIATE: the write lock is taken before the check, so no delete slips between check and insert. */
const insertRun = db?.transaction((values: RunRowValues): boolean => {
  if (!versionExists!.get(values[1], values[2])) return false;
  insert!.run(...values);
  return true;
});

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    db?.close();
    port.close();
    return;
  }
  const { job, values } = message;
  if (!insertRun) {
    answer({ type: 'failed', job, message: 'the writer thread could not open the database' });
    return;
  }
  try {
    if (insertRun.immediate(values)) answer({ type: 'done', job });
    else answer({ type: 'not-found', job, message: `scenario ${values[1]} has no version ${values[2]}` });
  } catch (error) {
    answer({ type: 'failed', job, message: error instanceof Error ? error.message : String(error), ...codeOf(error) });
  }
});

/**
 * The server of `parley serve` for the load bench's side-by-side figure, with its heavy work
 * where it is asked to run: `--on threads` as `parley serve` runs it (Monte Carlo draws and
 * the other analyses on worker threads of their own), or `--on event-loop` as it ran before
 * (every computation on the event loop, Monte Carlo in 50 ms slices). A fresh SQLite file
 * with the default scenario (or a PostgreSQL URL as `--db`), loopback only; prints its address on
 * stdout and stops on SIGTERM. On SQLite, runs are written on a thread of their own as `parley
 * serve` writes them (`--writes thread`, the default), or on the event loop as before
 * (`--writes event-loop`). The computations' threads run at the priority `--niceness` lowers
 * them by (`parley serve`'s `serveNiceness` by default; 0 for the same as the event loop's).
 *
 * `node dist/bench/server-load-target.js --on threads --writes thread --niceness 10 --port 0 --db FILE`
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { createAnalysisPool } from '../src/runtime/pool-analyses.js';
import { serveNiceness } from '../src/runtime/protocol.js';
import { createWorkerPool } from '../src/runtime/pool.js';
import { buildServer, loopbackHosts } from '../src/server/app.js';
import { ensureDefaultWorkspace } from '../src/server/seed.js';
import { openStorage } from '../src/storage/open.js';

const { values } = parseArgs({
  options: { on: { type: 'string' }, writes: { type: 'string' }, niceness: { type: 'string' }, port: { type: 'string' }, db: { type: 'string' } },
});
if (values.on !== 'threads' && values.on !== 'event-loop') throw new Error('--on threads or --on event-loop');
if (values.writes !== undefined && values.writes !== 'thread' && values.writes !== 'event-loop') throw new Error('--writes thread or --writes event-loop');
if (values.db === undefined) throw new Error('--db FILE');
const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

const storage = await openStorage(values.db, { writeRunsInThread: values.writes !== 'event-loop' });
await ensureDefaultWorkspace(storage, { scenario });
const threads = values.on === 'threads';
const niceness = values.niceness === undefined ? serveNiceness : Number(values.niceness);
const runPool = threads ? createWorkerPool({ workers: availableParallelism(), niceness }) : undefined;
const analysisPool = threads ? createAnalysisPool({ workers: availableParallelism(), niceness }) : undefined;
const app = await buildServer({
  storage,
  allowedHosts: loopbackHosts,
  ...(runPool ? { runExecutor: runPool } : {}),
  ...(analysisPool ? { analysisExecutor: analysisPool } : {}),
});
await app.listen({ port: Number(values.port ?? 0), host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
process.stdout.write(`http://localhost:${port}/\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => Promise.all([runPool?.close(), analysisPool?.close()]))
    .then(() => storage.close())
    .then(() => process.exit(0));
});

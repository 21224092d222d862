/**
 * The server of `parley serve` for the load bench's side-by-side figure, with its heavy work
 * where it is asked to run: `--on threads` as `parley serve` runs it (Monte Carlo draws and
 * the other analyses on worker threads of their own), or `--on event-loop` as it ran before
 * (every computation on the event loop, Monte Carlo in 50 ms slices). A fresh SQLite file
 * with the default scenario, loopback only; prints its address on stdout and stops on SIGTERM.
 *
 * `node dist/bench/server-load-target.js --on threads --port 0 --db FILE`
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { createAnalysisPool } from '../src/runtime/pool-analyses.js';
import { createWorkerPool } from '../src/runtime/pool.js';
import { buildServer, loopbackHosts } from '../src/server/app.js';
import { ensureDefaultWorkspace } from '../src/server/seed.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';

const { values } = parseArgs({ options: { on: { type: 'string' }, port: { type: 'string' }, db: { type: 'string' } } });
if (values.on !== 'threads' && values.on !== 'event-loop') throw new Error('--on threads or --on event-loop');
if (values.db === undefined) throw new Error('--db FILE');
const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

const storage = openSqliteStorage({ path: values.db });
await ensureDefaultWorkspace(storage, { scenario });
const threads = values.on === 'threads';
const runPool = threads ? createWorkerPool({ workers: availableParallelism() }) : undefined;
const analysisPool = threads ? createAnalysisPool({ workers: availableParallelism() }) : undefined;
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

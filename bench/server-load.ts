/**
 * `parley serve` under the load of issue 24, on loopback, on SQLite and on PostgreSQL:
 *
 * - side by side, the server with its computations on the event loop (as before) and on
 *   threads of their own (as `parley serve` runs now; `server-load-target.ts`): for a window
 *   of 60 s, 50 Monte Carlo runs of 2,000 draws (every model) asked for at once and 8 clients
 *   asking for forecasts one after another (after a 429, once Retry-After has passed), while one client asks `GET /api/me` every 10 ms:
 *   the statuses, and p50/p99/max of `/api/me`;
 * - 200 forecasts at once (every model): statuses and times;
 * - 200 saves at once to one scenario from one base version, 200 saves from 20 clients that
 *   reload and save again after a 409, and one save to each of 200 scenarios at once:
 *   statuses, conflicts, saves lost or duplicated, versions in order.
 *
 * Run alone: `npm run build && node dist/bench/server-load.js` (PARLEY_BENCH_LOAD_SCALE=0.2
 * for a fifth of each size; PARLEY_BENCH_LOAD_POSTGRES=0 to skip PostgreSQL,
 * PARLEY_BENCH_LOAD_MONTE_CARLO=0 the side-by-side window, PARLEY_BENCH_LOAD_SECONDS its length).
 */
import { performance } from 'node:perf_hooks';
import {
  call,
  concurrentSaves,
  copies,
  countStatuses,
  firstScenario,
  latencies,
  mixedLoad,
  retriedSaves,
  runsUnderLoad,
  savesToMany,
  type Answer,
  type SaveCounts,
} from '../src/server/testing/load.js';
import { startServe, startServerProcess } from '../src/server/testing/serve-process.js';
import type { ScenarioResponse } from '../src/server/protocol.js';
import { startPostgres } from '../test/services/postgres.js';

const scale = Number(process.env.PARLEY_BENCH_LOAD_SCALE ?? 1);
const size = (n: number) => Math.max(2, Math.round(n * scale));

function milliseconds(value: number): string {
  return `${Math.round(value)} ms`;
}

function timesOf(answers: readonly Answer[]): string {
  const figures = latencies(answers.map((answer) => answer.milliseconds));
  return `p50 ${milliseconds(figures.p50)}, p99 ${milliseconds(figures.p99)}, max ${milliseconds(figures.max)}`;
}

function savesLine(name: string, counts: SaveCounts, elapsed: number): string {
  return `${name}: statuses ${JSON.stringify(countStatuses(counts.answers))}, saved ${counts.saved}, conflicts ${counts.conflicts}, lost ${counts.lost}, duplicated ${counts.duplicated}, in order ${counts.inOrder ? 'yes' : 'NO'} (${(elapsed / 1000).toFixed(1)} s)`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function onDatabase(label: string, args: string[]): Promise<void> {
  console.log(`\n### ${label}`);
  const server = await startServe(args);
  const address = server.address;
  try {
    const { scenario } = await firstScenario(address);
    await forecastAndSaveLoad(address, scenario);
  } finally {
    const code = await server.stop('SIGTERM');
    console.log(`stopped with SIGTERM: exit ${code}`);
    server.cleanUp();
  }
}

const windowSeconds = Number(process.env.PARLEY_BENCH_LOAD_SECONDS ?? 60);

/** The side-by-side window on the server computing on `where`; stopped with SIGTERM after it. */
async function mixedWindow(where: 'event-loop' | 'threads'): Promise<void> {
  const server = await startServerProcess(['dist/bench/server-load-target.js', '--on', where]);
  try {
    const { scenario } = await firstScenario(server.address);
    const runs = size(50);
    const load = await mixedLoad(server.address, scenario.id, { monteCarloRuns: runs, draws: 2000, forecastClients: 8, seconds: windowSeconds });
    const code = await server.stop('SIGTERM');
    const monteCarlo = await load.monteCarlo;
    const fiveHundreds = (answers: readonly Answer[]) => answers.filter((answer) => answer.status >= 500 || answer.status === 0).length;
    console.log(
      `on ${where}: ${windowSeconds} s with ${runs} Monte Carlo runs of 2,000 draws asked at once and 8 clients asking for forecasts one after another`,
    );
    console.log(`  GET /api/me: ${load.me.length} requests, statuses ${JSON.stringify(countStatuses(load.me))}, ${timesOf(load.me)}`);
    console.log(
      `  Monte Carlo: statuses ${JSON.stringify(countStatuses(monteCarlo))} (503: under way at the stop), refused (429) in ${timesOf(monteCarlo.filter((answer) => answer.status === 429))}`,
    );
    console.log(
      `  forecasts: ${load.forecasts.length}, statuses ${JSON.stringify(countStatuses(load.forecasts))}, 5xx or no answer ${fiveHundreds(load.forecasts)}, 201s in ${timesOf(load.forecasts.filter((answer) => answer.status === 201))}`,
    );
    console.log(`  SIGTERM after the window: exit ${code}`);
  } finally {
    server.cleanUp();
  }
}

async function forecastAndSaveLoad(address: string, scenario: ScenarioResponse): Promise<void> {
  const [forecasts, forecastTime] = await timed(() => runsUnderLoad(address, scenario.id, { kind: 'forecast' }, size(200)));
  console.log(
    `${size(200)} forecasts at once: statuses ${JSON.stringify(countStatuses(forecasts.runs))}, ${timesOf(forecasts.runs)}, all answered in ${(forecastTime / 1000).toFixed(1)} s`,
  );
  console.log(`  GET /api/me meanwhile: ${forecasts.me.length} requests, statuses ${JSON.stringify(countStatuses(forecasts.me))}, ${timesOf(forecasts.me)}`);

  const [once, onceTime] = await timed(() => concurrentSaves(address, scenario, size(200)));
  console.log(savesLine(`${size(200)} saves at once to one scenario from one base version`, once, onceTime));
  const newest = (await call(address, 'GET', `/api/scenarios/${scenario.id}`)).body as ScenarioResponse;
  const clients = size(20);
  const [retried, retriedTime] = await timed(() => retriedSaves(address, newest, clients, 10));
  console.log(
    savesLine(`${clients * 10} saves to one scenario by ${clients} clients, reloading after each 409 (${retried.attempts} attempts)`, retried, retriedTime),
  );
  const targets = await copies(address, newest, size(200));
  const [many, manyTime] = await timed(() => savesToMany(address, targets));
  console.log(savesLine(`${size(200)} saves at once, one to each of ${size(200)} scenarios`, many, manyTime));
}

export async function run(): Promise<void> {
  console.log(`sizes × ${scale}; loopback; the machine is shared, so times depend on its neighbours`);
  if (process.env.PARLEY_BENCH_LOAD_MONTE_CARLO !== '0') {
    console.log('\n### The API during Monte Carlo runs and forecasts, SQLite: before (event loop) and now (threads)');
    await mixedWindow('event-loop');
    await mixedWindow('threads');
  }
  await onDatabase('SQLite', []);
  if (process.env.PARLEY_BENCH_LOAD_POSTGRES === '0') return;
  const postgres = await startPostgres();
  try {
    // The Monte Carlo runs do not touch the database until they are recorded: once, on SQLite, is enough.
    await onDatabase('PostgreSQL', ['--db', postgres.url, '--auth', 'none']);
  } finally {
    await postgres.stop();
  }
}

if (process.argv[1]?.endsWith('server-load.js')) await run();

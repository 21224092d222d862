/**
 * `parley serve` under the load of issue 24, on loopback, on SQLite and on PostgreSQL:
 *
 * - side by side (`server-load-target.ts`, computations on threads of their own as `parley
 *   serve` runs them): SQLite with its runs written on the event loop (as before), SQLite with
 *   its runs written on a thread of their own (as `parley serve` writes them now), and
 *   PostgreSQL; one after another, 3 rounds. Each window is 60 s: 50 Monte Carlo runs of
 *   2,000 draws (every model) asked for at once and 8 clients asking for forecasts one after
 *   another (after a 429, once Retry-After has passed), while one client asks `GET /api/me`
 *   every 10 ms: the statuses, p50/p99/max of `/api/me` with the load average, and the
 *   medians over the rounds;
 * - then on `parley serve` itself, on SQLite and on PostgreSQL: 200 forecasts at once (every
 *   model): statuses and times;
 * - 200 saves at once to one scenario from one base version, 200 saves from 20 clients that
 *   reload and save again after a 409, and one save to each of 200 scenarios at once:
 *   statuses, conflicts, saves lost or duplicated, versions in order.
 *
 * Run alone: `npm run build && node dist/bench/server-load.js` (PARLEY_BENCH_LOAD_SCALE=0.2
 * for a fifth of each size; PARLEY_BENCH_LOAD_POSTGRES=0 to skip PostgreSQL,
 * PARLEY_BENCH_LOAD_MONTE_CARLO=0 the side-by-side windows, PARLEY_BENCH_LOAD_SECONDS their
 * length, PARLEY_BENCH_LOAD_ROUNDS their rounds, PARLEY_BENCH_LOAD_EVENT_LOOP=1 to add the
 * server with every computation on the event loop, as before issue 24).
 */
import { loadavg } from 'node:os';
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
const rounds = Number(process.env.PARLEY_BENCH_LOAD_ROUNDS ?? 3);

/** One contestant of the side-by-side windows: the arguments of `server-load-target.js`. */
interface Contestant {
  name: string;
  args(): Promise<string[]>;
}

interface WindowFigures {
  me: ReturnType<typeof latencies>;
  recorded: number;
  load: string;
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/** One window on the server `contestant` starts; stopped with SIGTERM after it. */
async function mixedWindow(contestant: Contestant): Promise<WindowFigures> {
  const server = await startServerProcess(['dist/bench/server-load-target.js'], await contestant.args());
  try {
    const { scenario } = await firstScenario(server.address);
    const runs = size(50);
    const before = loadAverage();
    const load = await mixedLoad(server.address, scenario.id, { monteCarloRuns: runs, draws: 2000, forecastClients: 8, seconds: windowSeconds });
    const after = loadAverage();
    const code = await server.stop('SIGTERM');
    const monteCarlo = await load.monteCarlo;
    const fiveHundreds = (answers: readonly Answer[]) => answers.filter((answer) => answer.status >= 500 || answer.status === 0).length;
    console.log(`${contestant.name} (load average ${before} before, ${after} after):`);
    console.log(`  GET /api/me: ${load.me.length} requests, statuses ${JSON.stringify(countStatuses(load.me))}, ${timesOf(load.me)}`);
    console.log(
      `  Monte Carlo: statuses ${JSON.stringify(countStatuses(monteCarlo))} (503: under way at the stop), refused (429) in ${timesOf(monteCarlo.filter((answer) => answer.status === 429))}`,
    );
    console.log(
      `  forecasts: ${load.forecasts.length}, statuses ${JSON.stringify(countStatuses(load.forecasts))}, 5xx or no answer ${fiveHundreds(load.forecasts)}, 201s in ${timesOf(load.forecasts.filter((answer) => answer.status === 201))}`,
    );
    console.log(`  SIGTERM after the window: exit ${code}`);
    return {
      me: latencies(load.me.map((answer) => answer.milliseconds)),
      recorded: load.forecasts.filter((answer) => answer.status === 201).length,
      load: `${before} → ${after}`,
    };
  } finally {
    server.cleanUp();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The contestants' windows one after another, `rounds` times (so each meets the machine's
 * neighbours as the others do), then each one's medians and their ratios to the first.
 */
async function sideBySide(contestants: readonly Contestant[]): Promise<void> {
  console.log(
    `${rounds} rounds of one ${windowSeconds} s window each: ${size(50)} Monte Carlo runs of 2,000 draws asked at once, 8 clients asking for forecasts one after another, GET /api/me every 10 ms`,
  );
  const figures = new Map<string, WindowFigures[]>(contestants.map((contestant) => [contestant.name, []]));
  for (let round = 1; round <= rounds; round += 1) {
    console.log(`\nround ${round} of ${rounds}`);
    for (const contestant of contestants) figures.get(contestant.name)!.push(await mixedWindow(contestant));
  }
  console.log('\nmedians over the rounds (GET /api/me; forecasts recorded in the window):');
  const first = figures.get(contestants[0]!.name)!;
  for (const contestant of contestants) {
    const mine = figures.get(contestant.name)!;
    const p99 = median(mine.map((window) => window.me.p99));
    console.log(
      `  ${contestant.name}: p50 ${milliseconds(median(mine.map((window) => window.me.p50)))}, p99 ${milliseconds(p99)} (each round: ${mine.map((window) => milliseconds(window.me.p99)).join(', ')}), max ${milliseconds(median(mine.map((window) => window.me.max)))}; recorded ${median(mine.map((window) => window.recorded))} (each round: ${mine.map((window) => window.recorded).join(', ')}); p99 ÷ first's ${(p99 / median(first.map((window) => window.me.p99))).toFixed(2)}; load ${mine.map((window) => window.load).join('; ')}`,
    );
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
  const postgres = process.env.PARLEY_BENCH_LOAD_POSTGRES === '0' ? undefined : await startPostgres();
  try {
    if (process.env.PARLEY_BENCH_LOAD_MONTE_CARLO !== '0') {
      console.log('\n### The API during Monte Carlo runs and forecasts: SQLite before and now, PostgreSQL now');
      const contestants: Contestant[] = [
        ...(process.env.PARLEY_BENCH_LOAD_EVENT_LOOP === '1'
          ? [{ name: 'every computation on the event loop, SQLite', args: async () => ['--on', 'event-loop', '--writes', 'event-loop', '--niceness', '0'] }]
          : []),
        {
          name: 'SQLite, runs written on the event loop, threads at its priority',
          args: async () => ['--on', 'threads', '--writes', 'event-loop', '--niceness', '0'],
        },
        { name: 'SQLite, runs written on a thread, threads at its priority', args: async () => ['--on', 'threads', '--writes', 'thread', '--niceness', '0'] },
        { name: 'SQLite, runs written on a thread, threads lower (parley serve)', args: async () => ['--on', 'threads', '--writes', 'thread'] },
        // A database of its own for each window, as each SQLite window has a file of its own.
        ...(postgres
          ? [{ name: 'PostgreSQL, threads lower (parley serve)', args: async () => ['--on', 'threads', '--db', await postgres.newDatabase()] }]
          : []),
      ];
      await sideBySide(contestants);
    }
    await onDatabase('SQLite', []);
    if (!postgres) return;
    await onDatabase('PostgreSQL', ['--db', await postgres.newDatabase(), '--auth', 'none']);
  } finally {
    await postgres?.stop();
  }
}

if (process.argv[1]?.endsWith('server-load.js')) await run();

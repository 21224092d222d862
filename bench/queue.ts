/**
 * Monte Carlo through a Redis queue: the same sweep (default scenario, every model) in-process
 * and on 1, 2 and 4 `parley worker` processes of this machine, and what the queue costs per
 * job. The workers are started and warmed up before each timed run; a private
 * redis-server is started unless PARLEY_BENCH_REDIS_URL names one.
 *
 * Run alone: `npm run build && node dist/bench/queue.js` (PARLEY_BENCH_QUEUE_DRAWS=N for a
 * shorter run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { monteCarlo } from '../src/core/analyses/monte-carlo.js';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { createQueueExecutor, defaultJobSize, type SweepStatus } from '../src/runtime/queue/index.js';
import { startRedis, uniqueQueueName, type TestRedis } from '../test/services/redis.js';

/** About 30 s on one core with every model (~15–19 ms a draw). */
const draws = Number(process.env.PARLEY_BENCH_QUEUE_DRAWS ?? 2000);
/** Job round trips timed with one-draw jobs of the cheapest model. */
const roundTrips = 400;

const bin = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux); NaN elsewhere. Wall
 * time on a shared machine says more about the neighbours than about the queue; CPU time
 * does not.
 */
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
const workersCpu = (children: ChildProcess[]) => children.reduce((sum, child) => sum + cpuSecondsOf(child.pid), 0);

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

async function startWorkers(url: string, queueName: string, count: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const child = spawn(process.execPath, [bin, 'worker', '--queue', url, '--queue-name', queueName, '--name', `bench-${index + 1}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      return new Promise<ChildProcess>((resolve, reject) => {
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('waiting for sweep jobs')) resolve(child);
        });
        child.once('exit', (code) => reject(new Error(`a bench worker exited with ${code}: ${stderr}`)));
      });
    }),
  );
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

export async function run(): Promise<void> {
  const { scenario } = loadScenarioFile(defaultScenarioPath());
  if (!scenario) throw new Error('the default scenario does not load');
  let redis: TestRedis;
  try {
    redis = process.env.PARLEY_BENCH_REDIS_URL ? { url: process.env.PARLEY_BENCH_REDIS_URL, stop: async () => undefined } : await startRedis();
  } catch (error) {
    console.log(`skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  try {
    const request = { draws, seed: 1 };
    console.log(`default scenario, every model, ${draws} draws, jobs of ${defaultJobSize} draws; ${availableParallelism()} cores, load average ${readLoad()}`);

    await monteCarlo(scenario, { draws: 50, seed: 2 }); // warm-up, so the in-process time is not the JIT's
    let start = performance.now();
    let cpuStart = ownCpuSeconds();
    const reference = JSON.stringify((await monteCarlo(scenario, request)).summary);
    const inProcessSeconds = seconds(start);
    const inProcessCpu = ownCpuSeconds() - cpuStart;

    const rows: Array<{ label: string; seconds: number; cpu: number; status?: SweepStatus }> = [
      { label: 'in-process (one thread)', seconds: inProcessSeconds, cpu: inProcessCpu },
    ];
    for (const count of [1, 2, 4]) {
      const queueName = uniqueQueueName('bench');
      const workers = await startWorkers(redis.url, queueName, count);
      let status: SweepStatus | undefined;
      const executor = createQueueExecutor({ url: redis.url, queueName, onStatus: (latest) => (status = latest) });
      try {
        // Warm-up: each fresh worker process compiles the models once, as the in-process run did.
        const warmUp = createQueueExecutor({ url: redis.url, queueName, jobSize: 5 });
        await monteCarlo(scenario, { draws: 20 * count, seed: 2 }, { executor: warmUp });
        await warmUp.close();
        const workersCpuStart = workersCpu(workers);
        cpuStart = ownCpuSeconds();
        start = performance.now();
        const queued = JSON.stringify((await monteCarlo(scenario, request, { executor })).summary);
        const wall = seconds(start);
        const cpu = ownCpuSeconds() - cpuStart + workersCpu(workers) - workersCpuStart;
        if (queued !== reference) throw new Error(`the queue run on ${count} workers differs from the in-process run`);
        rows.push({ label: `queue, ${count} worker process${count === 1 ? '' : 'es'}`, seconds: wall, cpu, ...(status ? { status } : {}) });
      } finally {
        await executor.close();
        await stopWorkers(workers);
      }
    }

    console.log('\n| run | wall | draws/s | speed-up | CPU (workers + sweep) | jobs (retried) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const jobs = row.status ? `${row.status.jobs.total} (${row.status.jobs.retried})` : '—';
      console.log(
        `| ${row.label} | ${row.seconds.toFixed(1)} s | ${(draws / row.seconds).toFixed(0)} | ${(inProcessSeconds / row.seconds).toFixed(2)}× | ${row.cpu.toFixed(1)} s | ${jobs} |`,
      );
    }

    // The queue's own cost: one-draw jobs of the cheapest model on one worker, one after another.
    const queueName = uniqueQueueName('bench');
    const [worker] = await startWorkers(redis.url, queueName, 1);
    const executor = createQueueExecutor({ url: redis.url, queueName, jobSize: 1 });
    const cheap = { draws: roundTrips, seed: 1, models: ['compromise'] };
    let roundTripMs: number;
    try {
      start = performance.now();
      await monteCarlo(scenario, cheap);
      const computeMs = seconds(start) * 1000;
      start = performance.now();
      await monteCarlo(scenario, cheap, { executor });
      roundTripMs = (seconds(start) * 1000 - computeMs) / roundTrips;
    } finally {
      await executor.close();
      await stopWorkers([worker!]);
    }
    const oneWorker = rows[1]!;
    const jobs = oneWorker.status?.jobs.total ?? Math.ceil(draws / defaultJobSize);
    const perJobFromRun = ((oneWorker.cpu - inProcessCpu) * 1000) / jobs;
    const jobMs = (defaultJobSize * inProcessCpu * 1000) / draws;
    console.log(`\nqueue overhead per job`);
    console.log(`  round trip of a one-draw job (${roundTrips} in a row, 1 worker)   ${roundTripMs.toFixed(2)} ms`);
    console.log(`  (1-worker queue CPU − in-process CPU) ÷ ${jobs} jobs            ${perJobFromRun.toFixed(2)} ms`);
    console.log(
      `  a job of ${defaultJobSize} draws computes for                          ${jobMs.toFixed(0)} ms (${(jobMs / defaultJobSize).toFixed(1)} ms CPU a draw)`,
    );
    console.log(
      `  overhead at ${defaultJobSize} draws a job: ${((100 * roundTripMs) / jobMs).toFixed(2)}% (round trip), ${((100 * perJobFromRun) / jobMs).toFixed(2)}% (from the run); target under 5%`,
    );
    console.log(`  smallest job under 5% by the round trip: ${Math.max(1, Math.ceil((20 * roundTripMs * defaultJobSize) / jobMs))} draws`);
  } finally {
    await redis.stop();
  }
}

function readLoad(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();

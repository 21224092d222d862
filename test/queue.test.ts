/**
 * Sweeps on a Redis queue, end to end: a real Redis (test/services/redis.ts), `parley worker`
 * processes from `dist/` (built by test/global-setup.ts), and the in-process sweep as the
 * reference. Each test has its own queue name, so they can share one server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDraws } from '../src/core/analyses/draws.js';
import { monteCarlo } from '../src/core/analyses/monte-carlo.js';
import { actor, issue, scenarioOf } from '../src/core/analyses/testing.js';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { ParleyError } from '../src/core/errors.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import {
  createQueueExecutor,
  decodeBatch,
  encodeBatch,
  parseRedisUrl,
  startQueueWorker,
  type SweepJobData,
  type SweepJobResult,
  type SweepStatus,
} from '../src/runtime/queue/index.js';
import { errorFromReason, sweepKey, type SweepSpec } from '../src/runtime/queue/protocol.js';
import { bullConnection } from '../src/runtime/queue/redis.js';
import { startRedis, uniqueQueueName, type TestRedis } from './services/redis.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');
const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A `parley worker` process, resolved once it waits for jobs. */
async function startWorkerProcess(queueName: string, name: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--queue-name', queueName, '--name', name], { cwd: root });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('waiting for sweep jobs')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker ${name} exited with ${code}: ${stderr}`)));
  });
  return { child, stderr: () => stderr, exited };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The keys a queue's sweeps leave in Redis, beyond the queue's own (meta, id, events, stalled checks). */
async function leftovers(queueName: string): Promise<string[]> {
  const client = new Redis(redis.url);
  try {
    const keys = [...(await client.keys(`bull:${queueName}:*`)), ...(await client.keys(`parley:${queueName}:*`))];
    return keys.filter((key) => !/:(meta|id|events|stalled-check|stalled|marker)$/.test(key)).sort();
  } finally {
    client.disconnect();
  }
}

describe('sweeps on a Redis queue', () => {
  it('two worker processes give byte-identical JSON to the in-process sweep (parley sweep --queue)', async () => {
    const queueName = uniqueQueueName('cli');
    const workers = await Promise.all([startWorkerProcess(queueName, 'alpha'), startWorkerProcess(queueName, 'beta')]);
    try {
      const sweep = ['sweep', '--draws', '300', '--model', 'compromise,median,eum', '--seed', '11', '--json'];
      const [queued, inProcess] = await Promise.all([
        runCli([...sweep, '--queue', redis.url, '--queue-name', queueName, '--job-size', '25']),
        runCli([...sweep, '--workers', '0', '--quiet']),
      ]);
      expect(queued.code, queued.stderr).toBe(0);
      expect(inProcess.code, inProcess.stderr).toBe(0);
      expect(queued.stdout).toBe(inProcess.stdout);
      expect(JSON.parse(queued.stdout).draws).toEqual({ requested: 300, finished: 300 });
      expect(queued.stderr).toMatch(/300 draws in .*; queue redis:\/\/.*, \d workers? \(.*\), 12 jobs/);
      const jobLines = workers.flatMap((worker) =>
        worker
          .stderr()
          .split('\n')
          .filter((line) => / draws \d+–\d+: 25 in /.test(line)),
      );
      expect(jobLines).toHaveLength(12);
      expect(await leftovers(queueName)).toEqual([]);
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
    }
    // SIGTERM: the workers finish (here: have no job) and exit 0.
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
  });

  it('a worker killed mid-job: its job runs again on the other worker, same results, a retry in the status', async () => {
    const queueName = uniqueQueueName('kill');
    const [doomed, survivor] = await Promise.all([startWorkerProcess(queueName, 'doomed'), startWorkerProcess(queueName, 'survivor')]);
    // The exchange model makes a job of 60 draws last ~0.6 s: time enough to be killed in.
    const request = { draws: 240, seed: 5, models: ['compromise', 'exchange'] };
    const statuses: SweepStatus[] = [];
    let killed = false;
    const executor = createQueueExecutor({
      url: redis.url,
      queueName,
      jobSize: 60,
      onStatus: (status) => {
        statuses.push(status);
        // The first sign of the doomed worker is its first job starting: it holds that job now.
        if (!killed && status.workers.includes('doomed')) {
          killed = doomed.child.kill('SIGKILL');
        }
      },
    });
    try {
      const queued = await monteCarlo(scenario, request, { executor });
      expect(killed).toBe(true);
      expect(await doomed.exited).toBe(null);
      const inProcess = await monteCarlo(scenario, request);
      expect(JSON.stringify(queued.summary)).toBe(JSON.stringify(inProcess.summary));
      const last = statuses.at(-1)!;
      expect(last.jobs).toEqual({ total: 4, done: 4, retried: expect.any(Number) });
      expect(last.jobs.retried).toBeGreaterThanOrEqual(1);
      expect(last.done).toBe(240);
      expect(last.workers).toContain('survivor');
      expect(await leftovers(queueName)).toEqual([]);
    } finally {
      await executor.close();
      survivor.child.kill('SIGTERM');
      doomed.child.kill('SIGKILL');
    }
    expect(await survivor.exited).toBe(0);
  });

  it("a model that cannot run in a worker's draws sinks only its own figures, the same as in-process (issue 24)", async () => {
    const queueName = uniqueQueueName('fail');
    // One actor passes the request's checks, but smp refuses it when a draw runs.
    const lonely = scenarioOf([issue('a')], [actor('x', { low: 1, mode: 2, high: 3 }, { a: [50, 1] })]);
    const worker = await startQueueWorker({ url: redis.url, queueName, name: 'in-test' });
    const executor = createQueueExecutor({ url: redis.url, queueName, jobSize: 5 });
    try {
      const request = { draws: 20, seed: 1, models: ['smp', 'compromise'] };
      const run = await monteCarlo(lonely, request, { executor });
      expect(run.summary.results.map((row) => row.model)).toEqual(['compromise']);
      expect(JSON.stringify(run.summary)).toBe(JSON.stringify((await monteCarlo(lonely, request)).summary));
      expect(await leftovers(queueName)).toEqual([]);
    } finally {
      await executor.close();
      await worker.close();
    }
  });

  it('draws where a model could not run cross the queue as such: the same notApplicableDraws as in-process', async () => {
    const queueName = uniqueQueueName('partial');
    // x's salience is drawn from { 0, 2^-537, 2^-537 }: the triangular quantile there is
    // √(p · 2^-1074), which rounds to exactly 0 for p ≤ ½. In those draws nobody has weight on
    // the issue (y's salience is 0), so eum cannot run; in the others it can.
    const tiny = 2 ** -537;
    const partial = scenarioOf([issue('a')], [actor('x', 2, { a: [60, { low: 0, mode: tiny, high: tiny }] }), actor('y', 1, { a: [20, 0] })]);
    const worker = await startQueueWorker({ url: redis.url, queueName, name: 'in-test' });
    const executor = createQueueExecutor({ url: redis.url, queueName, jobSize: 7 });
    try {
      const request = { draws: 40, seed: 3, models: ['eum', 'compromise'] };
      const queued = await monteCarlo(partial, request, { executor });
      const inProcess = await monteCarlo(partial, request);
      const eum = queued.summary.results.find((row) => row.model === 'eum');
      expect(eum?.notApplicableDraws).toBeGreaterThan(0);
      expect(eum!.draws + eum!.notApplicableDraws!).toBe(40);
      expect(inProcess.summary.results.find((row) => row.model === 'eum')?.notApplicableDraws).toBe(eum!.notApplicableDraws);
      expect(JSON.stringify(queued.summary)).toBe(JSON.stringify(inProcess.summary));
    } finally {
      await executor.close();
      await worker.close();
    }
  });

  it("a model error in a worker's job comes back as the same ParleyError code, not retried", async () => {
    const queueName = uniqueQueueName('code');
    // A sweep's hash as the executor writes it (protocol.ts), with a request the worker refuses.
    const request = { draws: 5, seed: 1, models: ['no-such-model'] };
    const expected = (() => {
      try {
        planDraws(scenario, request);
      } catch (error) {
        return error;
      }
      throw new Error('planDraws accepted an unknown model');
    })();
    expect(expected).toBeInstanceOf(ParleyError);
    const control = new Redis(redis.url);
    const connection = bullConnection(parseRedisUrl(redis.url));
    const queue = new Queue<SweepJobData, SweepJobResult>(queueName, { connection });
    const events = new QueueEvents(queueName, { connection });
    const worker = await startQueueWorker({ url: redis.url, queueName, name: 'in-test' });
    try {
      await events.waitUntilReady();
      await control.hset(sweepKey(queueName, 'handmade'), 'spec', JSON.stringify({ scenario, request } satisfies SweepSpec), 'live', '1');
      const job = await queue.add('draws', { sweep: 'handmade', fromDraw: 0, toDraw: 5 }, { jobId: 'handmade-0', attempts: 3 });
      const reason = await job.waitUntilFinished(events).then(
        () => 'finished',
        (error: Error) => error.message,
      );
      const back = errorFromReason(reason, 0, 5);
      expect(back).toBeInstanceOf(ParleyError);
      expect((back as ParleyError).code).toBe((expected as ParleyError).code);
      expect(back.message).toBe((expected as ParleyError).message);
      // A model error would fail again anywhere: the worker gives up at the first attempt.
      expect((await queue.getJob('handmade-0'))?.attemptsMade).toBe(1);
    } finally {
      await worker.close();
      await Promise.all([events.close(), queue.obliterate({ force: true }).then(() => queue.close())]);
      await control.del(sweepKey(queueName, 'handmade'));
      control.disconnect();
    }
  });

  it('an aborted run removes its waiting jobs and resolves with the draws done, the same as asking for that many', async () => {
    const queueName = uniqueQueueName('abort');
    const worker = await startQueueWorker({ url: redis.url, queueName, name: 'in-test' });
    const executor = createQueueExecutor({ url: redis.url, queueName, jobSize: 20 });
    const controller = new AbortController();
    const request = { draws: 2000, seed: 9, models: ['compromise', 'eum'] };
    try {
      const run = await monteCarlo(scenario, request, {
        executor,
        signal: controller.signal,
        onProgress: (finished) => finished >= 100 && controller.abort(),
      });
      expect(run.summary.complete).toBe(false);
      const { finished } = run.summary.draws;
      expect(finished).toBeGreaterThanOrEqual(100);
      expect(finished).toBeLessThan(request.draws);
      const again = await monteCarlo(scenario, { ...request, draws: finished });
      expect(JSON.stringify(run.summary.results)).toBe(JSON.stringify(again.summary.results));
      expect(await leftovers(queueName)).toEqual([]);
    } finally {
      await executor.close();
      await worker.close();
    }
  });

  it('a malformed URL is a usage error naming the flag; an unreachable Redis one line, not endless retries', async () => {
    const badUrl = await runCli(['sweep', '--queue', 'foo', '--draws', '5']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toBe('parley: --queue: expected a Redis URL such as redis://host:6379, got "foo"\n');

    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    // Both exit on their own (ioredis alone would retry forever): no time is asserted.
    const [sweep, worker] = await Promise.all([
      runCli(['sweep', '--queue', `redis://127.0.0.1:${closedPort}`, '--draws', '5']),
      runCli(['worker', '--queue', `redis://127.0.0.1:${closedPort}`]),
    ]);
    const expected = `parley: cannot reach Redis at redis://127.0.0.1:${closedPort}: ECONNREFUSED 127.0.0.1:${closedPort} (is redis-server running? see README "Working as a team / at scale")\n`;
    expect(sweep.code).toBe(1);
    expect(sweep.stderr).toBe(expected);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toBe(expected);
  });

  it('a batch crosses the queue bit for bit (NaN, -0, subnormals)', () => {
    const batch = {
      fromDraw: 3,
      toDraw: 4,
      models: ['m'],
      issues: ['a', 'b'],
      inputs: ['x', 'y', 'z'],
      forecasts: new Float64Array([Number.NaN, -0]),
      inputValues: new Float64Array([Number.MIN_VALUE, 0.1 + 0.2, -1e308]),
    };
    const back = decodeBatch(JSON.parse(JSON.stringify(encodeBatch(batch))));
    expect(back).toEqual(batch);
    expect(Object.is(back.forecasts[1], -0)).toBe(true);
    expect(new Uint8Array(back.inputValues.buffer)).toEqual(new Uint8Array(batch.inputValues.buffer));
  });
});

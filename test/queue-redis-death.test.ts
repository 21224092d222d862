/**
 * The queue's Redis dies in the middle of a sweep (issue 24): a real redis-server is killed
 * with SIGKILL while `parley sweep --queue` runs on a `parley worker` process, and started
 * again a few seconds later — without persistence (it comes back empty) and with an
 * append-only file (it comes back with every job). The sweep must end: with a clear error,
 * or, resumed, with the in-process sweep's output to the byte. The worker must live on,
 * not cycle on the lost jobs, and run the next sweep to the same byte-identical result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startKillableRedis, type KillableRedis } from './services/redis.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, what: string, milliseconds = 60_000): Promise<void> {
  const deadline = Date.now() + milliseconds;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sweep = ['sweep', '--draws', '3000', '--model', 'compromise,eum', '--seed', '4', '--json'];
let redis: KillableRedis | undefined;
const started: Running[] = [];

afterEach(async () => {
  for (const process of started.splice(0)) if (process.child.exitCode === null) process.child.kill('SIGKILL');
  await redis?.stop();
  redis = undefined;
});

describe('the queue when Redis dies mid-sweep', () => {
  const inProcess = (async () => {
    const run = start([...sweep, '--workers', '0', '--quiet']);
    expect(await run.exited, run.stderr()).toBe(0);
    return run.stdout();
  })();

  for (const appendOnly of [false, true]) {
    it(`${appendOnly ? 'with' : 'without'} persistence: the sweep ends (a clear error, or the in-process result), and the worker lives on to run the next sweep identically`, async () => {
      redis = await startKillableRedis({ appendOnly });
      const queue = ['--queue', redis.url, '--queue-name', 'death'];
      const worker = start(['worker', ...queue, '--name', 'survivor']);
      started.push(worker);
      await until(() => worker.stderr().includes('waiting for sweep jobs'), 'the worker to start');

      const queued = start([...sweep, ...queue, '--job-size', '20']);
      started.push(queued);
      // Killed once the worker has finished jobs of the sweep and holds another.
      await until(() => (worker.stderr().match(/ draws \d+–\d+: 20 in /g) ?? []).length >= 3, 'the sweep to be under way');
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await redis.restart();

      const code = await queued.exited;
      if (code === 0) {
        expect(queued.stdout()).toBe(await inProcess);
      } else {
        expect(code, queued.stderr()).toBe(1);
        expect(queued.stderr()).toMatch(
          /parley: (lost Redis at redis:\/\/127\.0\.0\.1:\d+|Redis at redis:\/\/127\.0\.0\.1:\d+ lost this sweep)[^\n]*run it again[^\n]*\n$/,
        );
      }
      if (!appendOnly) expect(code, 'an empty Redis has lost the sweep: nothing to resume').toBe(1);

      // The same worker, reconnected, runs the next sweep; the lost jobs do not come back.
      const again = start([...sweep, ...queue, '--job-size', '200']);
      started.push(again);
      expect(await again.exited, again.stderr()).toBe(0);
      expect(again.stdout()).toBe(await inProcess);
      expect(worker.child.exitCode).toBe(null);
      // BullMQ's "Missing key for job" is said once per lost job, in words, not cycled on.
      expect(worker.stderr()).not.toMatch(/missing key/i);
      const lost = worker
        .stderr()
        .split('\n')
        .filter((line) => line.includes('is gone from Redis'))
        .map((line) => /job (\S+) is gone/.exec(line)![1]!);
      expect(new Set(lost).size, worker.stderr()).toBe(lost.length);
      // A sweep that resumed lost nothing. One that gave up (a restart slower than the sweep
      // waits, on a loaded machine) has removed its own jobs, so the worker may find one gone.
      // In a resumed sweep a job may still be found gone, in two ways that lose nothing:
      // - the worker finished it and Redis carried out the hand-in just before the kill, but
      //   the reply was lost; the sweep took the result and removed the job before the
      //   worker's retry. The worker says so ("after this worker finished it"), and the job's
      //   draws are in its log.
      // - the job the worker held at the kill lost its lock while Redis was away, ran again and
      //   finished the sweep, and the sweep removed its keys before the first attempt gave up.
      //   Such a job was done twice: its draws are in the log more than once.
      if (appendOnly && code === 0) {
        const sizeOfJob = 20;
        const lines = worker.stderr().split('\n');
        const notDone = lost.filter((id) => {
          const index = Number(/-(\d+)$/.exec(id)![1]);
          const range = `sweep ${id.slice(0, 8)} draws ${index * sizeOfJob}–${index * sizeOfJob + sizeOfJob - 1}: ${sizeOfJob} in`;
          const runs = lines.filter((line) => line.includes(range)).length;
          const handedIn = lines.some((line) => line.includes(`job ${id} is gone from Redis after this worker finished it`));
          return runs < (handedIn ? 1 : 2);
        });
        expect(notDone, `a persisted Redis keeps every job of a resumed sweep\n${worker.stderr()}`).toEqual([]);
      }
    }, 240_000);
  }
});

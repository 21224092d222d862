/**
 * A real Redis for the queue tests. `PARLEY_TEST_REDIS_URL` names one to use (tests then
 * keep apart by queue name, see `uniqueQueueName`); otherwise a private `redis-server` is
 * started on a free port of 127.0.0.1 with nothing saved to disk, and stopped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './net.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** A queue name no other test (or test run sharing the server) uses. */
export function uniqueQueueName(label = 'test'): string {
  return `parley-${label}-${randomUUID().slice(0, 8)}`;
}

export async function startRedis(): Promise<TestRedis> {
  const given = process.env.PARLEY_TEST_REDIS_URL;
  if (given) return { url: given, stop: async () => undefined };
  const server = findRedisServer();
  if (!server) throw new Error('the queue tests need redis-server: apt-get install redis-server (or set PARLEY_TEST_REDIS_URL)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const child = spawn(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    await ended(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilPong(port, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

export interface KillableRedis extends TestRedis {
  /** Kills the server with SIGKILL, as a crash or an out-of-memory kill would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder: empty, or with what it had saved (`appendOnly`). */
  restart(): Promise<void>;
}

/**
 * A private redis-server to kill and start again (the queue's Redis-death tests), always
 * started here, never `PARLEY_TEST_REDIS_URL`'s. With `appendOnly` every write is logged
 * to disk at once (`appendfsync always`), so a restart finds every job again.
 */
export async function startKillableRedis(options: { appendOnly: boolean }): Promise<KillableRedis> {
  const server = findRedisServer();
  if (!server) throw new Error('the queue tests need redis-server: apt-get install redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;
  let stderr = '';
  const start = async () => {
    stderr = '';
    const started = spawn(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = started;
    await untilPong(port, started, () => stderr);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  try {
    await start();
  } catch (error) {
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    stop: async () => {
      if (child) await ended(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findRedisServer(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  return folders.map((folder) => join(folder, 'redis-server')).find((path) => existsSync(path));
}

/** Resolves once the server answers PING (within 10 s), rejects if it exits first. */
async function untilPong(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}: ${stderr()}`);
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${stderr()}`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => undefined);
  });
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

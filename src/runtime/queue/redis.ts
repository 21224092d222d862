/**
 * Connecting to the Redis server of a queue: a first connection that fails fast with a
 * one-line error instead of retrying forever, BullMQ's connection options, and a bound on
 * how long a Redis that stopped answering may hold a call.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { ParleyError } from '../../core/errors.js';
import { parseRedisUrl, type RedisTarget } from './target.js';

/** How long the first connection may take before Redis counts as unreachable. */
const connectTimeout = 3000;

/**
 * A connection for the sweep hashes, checked before BullMQ starts: ioredis (and so BullMQ)
 * retries a refused connection forever, so the first connect gives up after one failure or
 * `connectTimeout` with a one-line `queue-unreachable` error; once connected it reconnects as usual.
 */
export async function connectRedis(target: RedisTarget): Promise<Redis> {
  let connected = false;
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    connectTimeout,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (connected ? Math.min(times * 500, 5000) : null),
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
    connected = true;
    return client;
  } catch (error) {
    // Disconnecting an ended client would hold the process open for ioredis' disconnect timeout.
    if (client.status !== 'end') client.disconnect();
    throw unreachable(target, lastError ?? error);
  }
}

/**
 * Checks that the Redis at `url` answers (a server's start, before it takes sweeps): a
 * `bad-queue-url` or `queue-unreachable` ParleyError otherwise, within a few seconds.
 */
export async function checkQueue(url: string): Promise<void> {
  const client = await connectRedis(parseRedisUrl(url));
  client.disconnect();
}

/** A failed connection as a one-line `queue-unreachable` error that says where and what to check. */
export function unreachable(target: RedisTarget, error: unknown): ParleyError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message.replace(/^connect /, '') : String(error);
  const detail = code && !message.includes(code) ? `${code} ${message}` : message;
  return new ParleyError(
    'queue-unreachable',
    `cannot reach Redis at ${target.shown}: ${detail} (is redis-server running? see README "Working as a team / at scale")`,
  );
}

/** BullMQ's connection options for `target`: its blocking commands must not give up after a retry. */
export function bullConnection(target: RedisTarget): ConnectionOptions {
  return { ...target.options, maxRetriesPerRequest: null };
}

/** `work`, or `fail()` after `milliseconds` if it has not settled by then. */
export function withTimeout<T>(work: Promise<T>, milliseconds: number, fail: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(fail()), milliseconds)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What names a queue, without the queue: its Redis URL checked, its default name and job
 * size. Commands read these to print their help and check their flags; BullMQ and ioredis
 * (`executor.ts`, `worker.ts`, `redis.ts`) load only when a queue is used.
 */
import { ParleyError } from '../../core/errors.js';

/** The queue used when none is named: every sweep and worker of a Redis server share it. */
export const defaultQueueName = 'parley-sweeps';

/**
 * Draws per job when none is given. On the default scenario with every model a draw takes
 * about 15 ms, so a job of 50 draws computes for ~0.75 s against a queue round trip of a
 * few milliseconds (bench/queue.ts measures both; docs/analyses.md has the table).
 */
export const defaultJobSize = 50;

/** A checked Redis URL: ioredis options and the URL to show (without a password). */
export interface RedisTarget {
  shown: string;
  options: { host: string; port: number; db?: number; username?: string; password?: string; tls?: object };
}

/**
 * `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) as connection options;
 * a ParleyError `bad-queue-url` for anything else.
 *
 * @example parseRedisUrl('redis://127.0.0.1:6380/2').options // { host: '127.0.0.1', port: 6380, db: 2 }
 */
export function parseRedisUrl(text: string): RedisTarget {
  const refuse = () => new ParleyError('bad-queue-url', `expected a Redis URL such as redis://host:6379, got "${text}"`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse();
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') throw refuse();
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw refuse();
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    shown: `${url.protocol}//${url.host}${dbText === '' ? '' : `/${dbText}`}`,
    options: {
      host,
      port,
      ...(dbText === '' ? {} : { db: Number(dbText) }),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}

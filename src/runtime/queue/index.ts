/**
 * Monte Carlo sweeps on a Redis queue (BullMQ): the `DrawExecutor` for a team or a farm of
 * machines. A run splits its draws into jobs of `jobSize` draws; any number of
 * `parley worker` processes, on any machine that reaches the Redis server, take jobs and
 * send the finished draws back. Draw k depends on the root seed and k alone, so the result
 * is byte-identical to an in-process run however the jobs land.
 *
 * What lives in Redis for a run (its sweep):
 * - one hash `parley:<queue>:sweep:<id>` holding the scenario and request once (jobs carry
 *   only their draw range) and the stop flag the workers look at between slices;
 * - one BullMQ job per range, id `<sweep>-<k>`. A finished job's result is read from the
 *   queue's `completed` event (or from the job, if the event was missed) and the job is
 *   removed at once; the sweep's hash is removed when the run ends.
 *
 * A worker that dies mid-job loses its job lock; another worker's stalled check puts the
 * job back on the queue (see `workerTimings`) and it runs again elsewhere.
 */
export { createQueueExecutor, type QueueExecutor, type QueueExecutorOptions, type SweepStatus } from './executor.js';
export { decodeBatch, encodeBatch, type EncodedBatch, type SweepJobData, type SweepJobProgress, type SweepJobResult } from './protocol.js';
export { checkQueue } from './redis.js';
export { defaultJobSize, defaultQueueName, parseRedisUrl, type RedisTarget } from './target.js';
export { startQueueWorker, workerTimings, type JobReport, type QueueWorker, type QueueWorkerOptions } from './worker.js';

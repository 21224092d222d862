/**
 * `parley worker`: runs the draws of `parley sweep --queue` runs from a Redis queue until
 * SIGINT or SIGTERM. The first signal finishes the job under way and exits; a second one
 * hands it back to the queue for another worker.
 */
import type { Command } from 'commander';
import type { JobReport } from '../../runtime/queue/index.js';
import { defaultQueueName } from '../../runtime/queue/target.js';
import { EXIT, Exit, type CliIo } from '../shared.js';
import { formatDuration } from '../../runtime/progress.js';
import { parseQueueUrl, parseWholeNumber } from './sweep.js';

interface WorkerOptions {
  queue?: string;
  queueName?: string;
  concurrency?: string;
  name?: string;
}

/** One line per job: `w1: sweep 1a2b3c4d draws 0–49: 50 in 0.8 s (62 draws/s)`. */
export function formatJobReport(name: string, report: JobReport): string {
  const range = `sweep ${report.sweep.slice(0, 8)} draws ${report.fromDraw}–${report.toDraw - 1}`;
  const rate = report.seconds > 0 ? Math.round(report.finished / report.seconds) : 0;
  const timing = `${report.finished} in ${formatDuration(report.seconds)} (${rate} draws/s)`;
  switch (report.outcome) {
    case 'done':
      return `${name}: ${range}: ${timing}`;
    case 'stopped':
      return `${name}: ${range}: stopped by its run after ${timing}`;
    case 'returned':
      return `${name}: ${range}: handed back to the queue after ${report.finished} draws`;
    case 'failed':
      return `${name}: ${range}: failed: ${report.message ?? 'unknown error'}`;
  }
}

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('run the draws of parley sweep --queue runs from a Redis queue, until Ctrl-C or SIGTERM')
    .requiredOption('--queue <url>', 'the Redis server, e.g. redis://host:6379')
    .option('--queue-name <name>', `the queue's name on that server (as given to parley sweep)`, defaultQueueName)
    .option('-c, --concurrency <n>', 'jobs at once (a job keeps one core busy: run one worker per core instead)', '1')
    .option('--name <name>', "shown in the sweeps' progress (default: host-pid)")
    .action(async (options: WorkerOptions) => {
      const url = parseQueueUrl(options.queue ?? '');
      const concurrency = parseWholeNumber('--concurrency', options.concurrency, 1);
      if (options.name !== undefined && options.name.trim() === '') throw new Exit(EXIT.usage, 'parley: --name: expected a name');
      let name = options.name ?? '';
      const { startQueueWorker } = await import('../../runtime/queue/index.js');
      const worker = await startQueueWorker({
        url,
        queueName: options.queueName ?? defaultQueueName,
        concurrency,
        ...(options.name === undefined ? {} : { name: options.name }),
        onJob: (report) => io.stderr(`${formatJobReport(name, report)}\n`),
        onError: (error) => io.stderr(`${name}: Redis: ${error.message} (reconnecting)\n`),
        onLostJob: (jobId, finished) =>
          io.stderr(
            finished
              ? `${name}: job ${jobId} is gone from Redis after this worker finished it (its sweep took the result before a Redis restart ended the hand-in, or Redis restarted without its data); dropped it\n`
              : `${name}: job ${jobId} is gone from Redis (Redis restarted without its data, or its sweep ended); dropped it\n`,
          ),
      });
      name = worker.name;
      io.stderr(`${name}: waiting for sweep jobs on ${url.replace(/\/\/[^@/]*@/, '//')} (queue ${options.queueName ?? defaultQueueName}); Ctrl-C stops\n`);
      let signals = 0;
      let onSignal: () => void = () => {};
      await new Promise<void>((resolve) => {
        onSignal = () => {
          signals++;
          if (signals === 1) io.stderr(`${name}: stopping after the job under way (Ctrl-C again hands it back to the queue)\n`);
          void worker.close({ returnJobs: signals > 1 }).then(resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      io.stderr(`${name}: stopped\n`);
    });
}

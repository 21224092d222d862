/**
 * `parley sweep`: Monte Carlo over the scenario's ranged inputs, on a worker pool (or
 * in-process with `--workers 0`, or on `parley worker` processes through Redis with
 * `--queue`). Ctrl-C stops the run and prints what finished.
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { MonteCarloRequest } from '../../core/analyses/draws.js';
import { monteCarlo, type DrawExecutor } from '../../core/analyses/monte-carlo.js';
import { models } from '../../core/models/index.js';
import { ParleyError } from '../../core/errors.js';
import { writeDrawRowsCsv } from '../../io/draw-rows-csv.js';
import { createWorkerPool } from '../../runtime/pool.js';
import { createProgress } from '../../runtime/progress.js';
import type { QueueExecutor, SweepStatus } from '../../runtime/queue/index.js';
import { defaultJobSize, defaultQueueName, parseRedisUrl } from '../../runtime/queue/target.js';
import { formatMonteCarloTable } from '../analyses-format.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** A flag's value as a whole number of at least `least`, or a usage Exit. */
export function parseWholeNumber(flag: string, text: string | undefined, fallback: number, least = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < least) {
    throw new Exit(EXIT.usage, `${flag} ${text}: expected a whole number${least === 0 ? '' : ` of at least ${least}`}`);
  }
  return value;
}

/** Runs `work`, turning the library's bad-request errors into usage errors (exit 2). */
export async function asUsage<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'bad-request') throw new Exit(EXIT.usage, `parley: ${error.message}`);
    throw error;
  }
}

interface SweepOptions {
  draws?: string;
  seed?: string;
  model?: string[];
  variant?: string;
  param?: string[];
  workers?: string;
  bins?: string;
  json?: boolean;
  rows?: string;
  quiet?: boolean;
  queue?: string;
  queueName?: string;
  jobSize?: string;
}

/** `--queue URL` checked, or a usage Exit naming the flag and the expected form. */
export function parseQueueUrl(text: string): string {
  try {
    parseRedisUrl(text);
    return text;
  } catch (error) {
    if (error instanceof ParleyError) throw new Exit(EXIT.usage, `parley: --queue: ${error.message}`);
    throw error;
  }
}

/** A queue sweep's workers for the progress line: `2 workers (a, b), 1 job retried`. */
export function queueDetail(status: SweepStatus): string {
  const { workers } = status;
  const names = workers.length > 3 ? `${workers.slice(0, 3).join(', ')}, …` : workers.join(', ');
  const seen =
    workers.length === 0 ? 'waiting for a worker (parley worker --queue …)' : `${workers.length} worker${workers.length === 1 ? '' : 's'} (${names})`;
  const retried = status.jobs.retried;
  return `${seen}${retried > 0 ? `, ${retried} job${retried === 1 ? '' : 's'} retried` : ''}`;
}

export function registerSweep(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('Monte Carlo: draw every ranged input from its triangular range, forecast each draw, summarise per model and issue')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-n, --draws <n>', 'number of draws', '1000')
    .option('--seed <n>', 'root seed; draw k uses a seed derived from it and k alone', '1')
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-v, --variant <id>', 'draw a variant of the scenario')
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('-w, --workers <n>', 'worker threads; 0 runs in this thread (default: one per core)')
    .option('--queue <url>', 'run the draws on parley worker processes through Redis, e.g. redis://host:6379')
    .option('--queue-name <name>', `the queue's name on that Redis server (workers must use the same)`, defaultQueueName)
    .option('--job-size <n>', `draws per queue job (default ${defaultJobSize})`)
    .option('--bins <n>', 'histogram bins over each issue scale', '10')
    .option('--rows <file.csv>', 'also write every draw as long-format CSV rows (draw, model, issue, forecast, each drawn input)')
    .option('--json', 'print one JSON object instead of the table')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (file: string | undefined, options: SweepOptions) => {
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      const modelIds = chooseModels(options.model);
      const draws = parseWholeNumber('--draws', options.draws, 1000);
      const workers = parseWholeNumber('--workers', options.workers, availableParallelism(), 0);
      const queueUrl = options.queue === undefined ? undefined : parseQueueUrl(options.queue);
      const jobSize = parseWholeNumber('--job-size', options.jobSize, defaultJobSize);
      if (queueUrl && options.workers !== undefined)
        throw new Exit(EXIT.usage, "parley: --workers and --queue do not go together (the queue's workers are parley worker processes)");
      const bins = parseWholeNumber('--bins', options.bins, 10);
      const request: MonteCarloRequest = {
        draws,
        seed: parseSeed(options.seed) ?? 1,
        bins,
        models: modelIds,
        params: parseParamFlags(options.param ?? [], modelIds),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
        // Only --rows needs each draw's inputs; without it they would only take memory.
        keepInputs: options.rows !== undefined,
      };
      const rowsPath = options.rows === undefined ? undefined : resolve(io.cwd, options.rows);
      if (rowsPath && !existsSync(dirname(rowsPath))) throw new Exit(EXIT.usage, `--rows ${options.rows}: the folder ${dirname(rowsPath)} does not exist`);
      let queueStatus: SweepStatus | undefined;
      // BullMQ and ioredis load only for a queue run.
      const queue: QueueExecutor | undefined = queueUrl
        ? (await import('../../runtime/queue/index.js')).createQueueExecutor({
            url: queueUrl,
            jobSize,
            queueName: options.queueName ?? defaultQueueName,
            onStatus: (status) => (queueStatus = status),
          })
        : undefined;
      const pool = !queue && workers > 0 ? createWorkerPool({ workers }) : undefined;
      const executor: DrawExecutor | undefined = queue ?? pool;
      const controller = new AbortController();
      const interrupt = () => controller.abort();
      process.once('SIGINT', interrupt);
      const progress = options.quiet
        ? undefined
        : createProgress({ write: io.stderr, tty: process.stderr.isTTY === true, columns: process.stderr.columns ?? 80, total: draws, label: 'sweep' });
      let finishedSoFar = 0;
      let run;
      try {
        run = await asUsage(() =>
          monteCarlo(scenario, request, {
            ...(executor ? { executor } : {}),
            signal: controller.signal,
            onProgress: (finished) => {
              finishedSoFar = finished;
              progress?.update(finished, queueStatus ? queueDetail(queueStatus) : undefined);
            },
          }),
        );
      } finally {
        process.off('SIGINT', interrupt);
        await pool?.close();
        await queue?.close();
      }
      const { summary, batches } = run;
      progress?.finish(
        finishedSoFar,
        summary.complete ? executorNote(pool?.size, queue, queueStatus) : `stopped; keeping the ${summary.draws.finished} from draw 0 without a gap`,
      );
      if (summary.draws.finished > 0) {
        io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatMonteCarloTable(scenario, summary));
      }
      if (!summary.complete) {
        const finished = summary.draws.finished;
        throw new Exit(
          EXIT_INTERRUPTED,
          finished === 0
            ? 'parley: stopped before any draw finished'
            : `parley: stopped after ${finished} of ${draws} draws; the results above cover draws 0–${finished - 1} (the same as --draws ${finished} --seed ${summary.seed})${options.rows ? `; no rows written (--rows writes complete runs only)` : ''}`,
        );
      }
      if (rowsPath) {
        let rows: number;
        try {
          rows = writeDrawRowsCsv(rowsPath, batches);
        } catch (error) {
          throw new Exit(EXIT.invalid, `--rows ${options.rows}: cannot write it (${error instanceof Error ? error.message : String(error)}); no rows written`);
        }
        io.stderr(`wrote ${rows} rows to ${options.rows}\n`);
      }
    });
}

function executorNote(poolSize: number | undefined, queue: QueueExecutor | undefined, status: SweepStatus | undefined): string {
  if (queue) return `queue ${queue.shownUrl}${status ? `, ${queueDetail(status)}, ${status.jobs.total} jobs` : ''}`;
  if (poolSize !== undefined) return `${poolSize} worker${poolSize === 1 ? '' : 's'}`;
  return 'in-process';
}

/**
 * `parley serve`: the web app and its API. On one person's machine (a SQLite file, no users)
 * there is no sign-in, so it binds to loopback unless told otherwise. On a shared server (a
 * PostgreSQL database, or any database with users) every request signs in with a user's
 * token and sees only that user's workspaces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { availableParallelism, hostname } from 'node:os';
import { ParleyError } from '../../core/errors.js';
import { serveNiceness } from '../../runtime/protocol.js';
import { defaultQueueName, parseRedisUrl } from '../../runtime/queue/target.js';
import type { ClosableRunner } from '../runners.js';
import type { AuthMode } from '../../server/protocol.js';
import type { ReportMaker } from '../../server/routes/context.js';
import { parleyVersion } from './report.js';
import type { Storage } from '../../storage/storage.js';
import { databaseFlagHelp, openDatabase } from '../database.js';
import { defaultScenarioPath, EXIT, Exit, list, packageRoot, readScenario, type CliIo } from '../shared.js';

/** The default scenario's source for the article it starts from. */
const articleSource = 'bhadrakumar';
/** Where the article is found in development, beside the repository. */
const developmentArticle = ['..', 'shared', 'seed', 'article-2024-11-21.txt'];

export interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  article?: string;
  auth?: string;
  queue?: string;
  queueName?: string;
  allowedHosts?: string[];
}

/** How long a stop (SIGTERM, SIGINT) may take before the process exits anyway, as systemd and container runtimes expect. */
const stopDeadlineMs = 5_000;
/**
 * How long a stop waits for the requests under way before it closes their connections: a
 * client that reads an answer slowly (a browser fetching a large script on a busy machine)
 * would otherwise hold the stop until the deadline, and the process would exit 1.
 */
const stopGraceMs = 2_000;

/**
 * Sign-in for this start: as asked, else tokens on PostgreSQL or when the database has users,
 * else none. Tokens with no user to sign in is refused: no one could use the server.
 */
async function chooseAuth(storage: Storage, given: string | undefined, postgres: boolean, dbFlag: string): Promise<AuthMode> {
  if (given !== undefined && given !== 'tokens' && given !== 'none') throw new Exit(EXIT.usage, `--auth ${given}: expected tokens or none`);
  const users = (await storage.listUsers()).length;
  const mode: AuthMode = (given as AuthMode | undefined) ?? (postgres || users > 0 ? 'tokens' : 'none');
  if (mode === 'tokens' && users === 0) {
    throw new Exit(
      EXIT.invalid,
      `parley: this server signs users in with tokens, and the database has no users yet; add one first: parley users add NAME --workspace "My workspace"${dbFlag}`,
    );
  }
  return mode;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Exit(EXIT.usage, `--port ${text}: expected a port number 0–65535 (0: any free port)`);
  return port;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** What to open in a browser: a wildcard bind is reached by this machine's name, not 127.0.0.1. */
function browserAddress(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://${hostname()}:${port}`;
  if (isLoopback(host)) return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The article's text: from `--article`, else from the development folder, else none (with a note). */
function readArticle(io: CliIo, given: string | undefined): string | undefined {
  if (given !== undefined) {
    try {
      return readFileSync(resolve(io.cwd, given), 'utf8');
    } catch (error) {
      throw new Exit(EXIT.invalid, `--article ${given}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const development = join(packageRoot(), ...developmentArticle);
  return existsSync(development) ? readFileSync(development, 'utf8') : undefined;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('the web app: build scenarios from their sources, forecast them live, compare what-ifs')
    .option('--port <n>', 'port to listen on (0: any free port)', '4173')
    .option('--host <address>', 'address to bind; 0.0.0.0 makes it reachable from other machines', '127.0.0.1')
    .option('--db <target>', databaseFlagHelp)
    .option(
      '--auth <mode>',
      'tokens: every request signs in with a user token (parley users add); none: no sign-in. Default: tokens on PostgreSQL or when the database has users, else none',
    )
    .option(
      '--queue <url>',
      "run large Monte Carlo runs (sweeps) on parley worker processes through Redis (redis://host:6379); default: on this server's threads",
    )
    .option('--queue-name <name>', "the queue's name on that server (as given to parley worker)", defaultQueueName)
    .option('--article <file>', "the default scenario's article (its source text), attached on first start")
    .option(
      '--allowed-hosts <names>',
      'without sign-in on loopback, the server answers only to localhost, 127.0.0.1 and [::1] (a guard against DNS rebinding); these host names too, comma-separated',
      list,
    )
    .action(async (options: ServeOptions) => {
      const port = parsePort(options.port ?? '4173');
      const host = options.host ?? '127.0.0.1';
      let queueShown: string | undefined;
      if (options.queue !== undefined) {
        try {
          queueShown = parseRedisUrl(options.queue).shown;
        } catch (error) {
          if (error instanceof ParleyError) throw new Exit(EXIT.usage, `--queue ${options.queue}: ${error.message}`);
          throw error;
        }
      }
      if (options.queue !== undefined) {
        try {
          const { checkQueue } = await import('../../runtime/queue/index.js');
          await checkQueue(options.queue);
        } catch (error) {
          if (error instanceof ParleyError) throw new Exit(EXIT.invalid, `parley: --queue: ${error.message}`);
          throw error;
        }
      }
      const article = readArticle(io, options.article);
      const scenario = await readScenario(io, defaultScenarioPath());
      // Runs (megabytes of outputs for a forecast of every model) are written on a thread of
      // their own, so that their inserts never hold the event loop.
      const { storage, label, postgres } = await openDatabase(io, options.db, { writeRunsInThread: true });
      // The server, its storage and its runners load only when a server starts.
      const [{ buildServer, loopbackHosts }, { ensureDefaultWorkspace }, { poolRunner, queueRunner }, { createWorkerPool }, { createAnalysisPool }] =
        await Promise.all([
          import('../../server/app.js'),
          import('../../server/seed.js'),
          import('../runners.js'),
          import('../../runtime/pool.js'),
          import('../../runtime/pool-analyses.js'),
        ]);
      let auth: AuthMode;
      let seeded;
      try {
        auth = await chooseAuth(storage, options.auth, postgres, options.db === undefined ? '' : ` --db ${JSON.stringify(options.db)}`);
        if (!isLoopback(host) && auth === 'none' && options.auth !== 'none') {
          throw new Exit(
            EXIT.usage,
            `parley: --host ${host} would let anyone who reaches the port read and change every scenario, and this server has no sign-in; add users (parley users add NAME) so that requests sign in, or give --auth none to do it on purpose`,
          );
        }
        seeded = await ensureDefaultWorkspace(storage, { scenario, ...(article === undefined ? {} : { texts: { [articleSource]: article } }) });
      } catch (error) {
        await storage.close();
        throw error;
      }
      const runner: ClosableRunner =
        options.queue === undefined
          ? poolRunner(availableParallelism(), serveNiceness)
          : queueRunner(options.queue, { queueName: options.queueName ?? defaultQueueName });
      // Without sign-in on loopback, only loopback names (and those given) reach the API.
      const guardHosts = auth === 'none' && isLoopback(host);
      const allowedHosts = guardHosts ? [...loopbackHosts, ...(options.allowedHosts ?? [])] : undefined;
      // The brief's Vega and resvg load on the first "Download report", not at start.
      const report: ReportMaker = async (scenario, request) =>
        (await import('../../report/brief.js')).makeBrief(scenario, { ...request, version: parleyVersion() });
      // Monte Carlo runs asked for with POST /runs get threads of their own: off the event
      // loop, and never waiting behind a sweep (which holds the sweep pool until it ends).
      // Their threads run at a lower priority than the event loop (serveNiceness), which then
      // goes first when every core computes.
      const runPool = createWorkerPool({ workers: availableParallelism(), niceness: serveNiceness });
      // Forecasts, sensitivity analyses and comparisons too: the event loop only answers.
      const analysisPool = createAnalysisPool({ workers: availableParallelism(), niceness: serveNiceness });
      const app = await buildServer({
        storage,
        auth,
        sweeps: runner,
        runExecutor: runPool,
        analysisExecutor: analysisPool,
        report,
        webRoot: join(packageRoot(), 'dist', 'web'),
        ...(allowedHosts ? { allowedHosts } : {}),
      });
      await app.listen({ port, host });
      const boundPort = (app.server.address() as { port: number }).port;
      const address = browserAddress(host, boundPort);
      io.stderr(`parley: database ${label}\n`);
      io.stderr(
        queueShown === undefined
          ? `parley: sweeps run on this server's threads\n`
          : `parley: sweeps run on the workers of the queue at ${queueShown} (start them with parley worker --queue ${queueShown}${options.queueName && options.queueName !== defaultQueueName ? ` --queue-name ${options.queueName}` : ''})\n`,
      );
      if (seeded.created) {
        io.stderr(
          `parley: created workspace "${seeded.workspace.name}" with the default scenario${article === undefined ? ' (no article text: give it with --article FILE)' : ' and its article'}\n`,
        );
      }
      const where = isLoopback(host) ? 'this machine only (loopback)' : 'reachable from other machines';
      io.stderr(
        auth === 'tokens'
          ? `parley: listening on ${address} — ${where}; every request signs in with a user token (parley users add NAME)\n`
          : isLoopback(host)
            ? `parley: listening on ${address} — ${where}, no sign-in; to let others reach it, add users (parley users add NAME) and use --host 0.0.0.0\n`
            : `parley: listening on ${address} — ${where} with no sign-in, so anyone who reaches the port can read and change every scenario (add users with parley users add NAME, or use --host 127.0.0.1)\n`,
      );
      io.stdout(`${address}/\n`);
      await new Promise<void>((resolveStop) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          // Closing stops accepting requests, waits for those under way, aborts running sweeps,
          // closes the runners and the database (their onClose hooks). Whatever hangs past the
          // deadline is cut short: a stop must end the process.
          const deadline = setTimeout(() => {
            io.stderr(`parley: ${signal}: not stopped after ${stopDeadlineMs / 1000} s; exiting anyway\n`);
            process.exit(1);
          }, stopDeadlineMs);
          deadline.unref();
          const grace = setTimeout(() => app.server.closeAllConnections(), stopGraceMs);
          grace.unref();
          io.stderr(`parley: ${signal}: stopping\n`);
          // In this order: the server's own close aborts the sweeps and waits for them to
          // stop at their next draw, so the pool then has nothing left to finish.
          void app
            .close()
            .then(() => Promise.all([runner.close(), runPool.close(), analysisPool.close()]))
            .then(() => storage.close())
            .then(() => resolveStop());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

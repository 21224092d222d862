/**
 * `parley serve`: the web app and its API on this machine. Binds to loopback unless told
 * otherwise, since the API has no log-in: anyone who can reach the port can read and change
 * every scenario.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildServer } from '../../server/app.js';
import { ensureDefaultWorkspace } from '../../server/seed.js';
import { defaultDatabasePath } from '../../storage/paths.js';
import { openSqliteStorage } from '../../storage/sqlite.js';
import { defaultScenarioPath, EXIT, Exit, packageRoot, readScenario, type CliIo } from '../shared.js';

/** The default scenario's source for the article it starts from. */
const articleSource = 'bhadrakumar';
/** Where the article is found in development, beside the repository. */
const developmentArticle = ['..', 'shared', 'seed', 'article-2024-11-21.txt'];

export interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  article?: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Exit(EXIT.usage, `--port ${text}: expected a port number 0–65535 (0: any free port)`);
  return port;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
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
    .option('--db <file>', `the database file; default ${defaultDatabasePath()}`)
    .option('--article <file>', "the default scenario's article (its source text), attached on first start")
    .action(async (options: ServeOptions) => {
      const port = parsePort(options.port ?? '4173');
      const host = options.host ?? '127.0.0.1';
      const dbPath = options.db === undefined ? defaultDatabasePath() : resolve(io.cwd, options.db);
      const storage = openSqliteStorage({ path: dbPath });
      const article = readArticle(io, options.article);
      const seeded = await ensureDefaultWorkspace(storage, {
        scenario: readScenario(io, defaultScenarioPath()),
        ...(article === undefined ? {} : { texts: { [articleSource]: article } }),
      });
      const app = await buildServer({ storage, webRoot: join(packageRoot(), 'dist', 'web') });
      app.addHook('onClose', async () => storage.close());
      const address = await app.listen({ port, host });
      io.stderr(`parley: database ${dbPath}\n`);
      if (seeded.created) {
        io.stderr(`parley: created workspace "${seeded.workspace.name}" with the default scenario${article === undefined ? ' (no article text: give it with --article FILE)' : ' and its article'}\n`);
      }
      io.stderr(
        isLoopback(host)
          ? `parley: listening on ${address} — this machine only (loopback); to let others reach it, use --host 0.0.0.0 (anyone who reaches the port can read and change every scenario)\n`
          : `parley: listening on ${address} — reachable from other machines; there is no log-in, so anyone who reaches the port can read and change every scenario (use --host 127.0.0.1 to keep it to this machine)\n`,
      );
      io.stdout(`${address.replace('127.0.0.1', 'localhost')}/\n`);
      await new Promise<void>((resolveStop) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().then(() => resolveStop());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/**
 * A real PostgreSQL server for tests, started by the tests themselves.
 *
 * With `PARLEY_TEST_POSTGRES_URL` set (a server the tests may create databases on), each
 * call makes fresh databases there and drops them on `stop`. Otherwise it starts a throwaway
 * cluster from the installed binaries (`initdb`, `pg_ctl`): in a temporary folder, on a free
 * port of 127.0.0.1, without fsync; `stop` shuts it down and removes the folder. PostgreSQL
 * refuses to run as root, so as root (this machine, CI) the cluster runs as the `postgres`
 * user. Without binaries or the variable this fails saying what to install: a test never
 * silently skips.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './net.js';

export interface TestPostgres {
  /** A fresh, empty database. */
  url: string;
  /** Another fresh, empty database on the same server. */
  newDatabase(): Promise<string>;
  /** Drops the databases made here, or shuts the throwaway cluster down and removes it. */
  stop(): Promise<void>;
}

const run = promisify(execFile);

/** Where `PARLEY_TEST_POSTGRES_URL` is not set and no binaries are found, what to do instead. */
const installHint =
  'install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; the tests look in /usr/lib/postgresql/*/bin and PATH), ' +
  'or set PARLEY_TEST_POSTGRES_URL to a server where the tests may create databases (postgres://user:password@host:5432/postgres)';

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.PARLEY_TEST_POSTGRES_URL;
  if (external) return onServer(external, { dropOnStop: true, stopServer: async () => undefined });
  const cluster = await startCluster();
  try {
    return await onServer(cluster.url, { dropOnStop: false, stopServer: cluster.stop });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Makes databases on a server through one administrative connection. */
async function onServer(adminUrl: string, options: { dropOnStop: boolean; stopServer: () => Promise<void> }): Promise<TestPostgres> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const made: string[] = [];
  async function newDatabase(): Promise<string> {
    const name = `parley_test_${process.pid}_${made.length + 1}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    made.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return {
    url: await newDatabase(),
    newDatabase,
    async stop() {
      try {
        if (options.dropOnStop) {
          for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        }
        await admin.end();
      } finally {
        await options.stopServer();
      }
    },
  };
}

interface Cluster {
  /** The superuser's URL to the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBinaries();
  const asPostgres = process.getuid?.() === 0;
  const folder = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  const data = join(folder, 'data');
  const log = join(folder, 'server.log');
  if (asPostgres) chownSync(folder, ...postgresUser());
  const command = (program: string, args: string[]): [string, string[]] =>
    asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
  const exec = async (program: string, args: string[]): Promise<void> => {
    const [file, argv] = command(program, args);
    await run(file, argv, { cwd: folder });
  };
  const stopSync = (): void => {
    const [file, argv] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-s']);
    spawnSync(file, argv, { cwd: folder, stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  };
  // The safety net for a test process that ends without calling stop: no server outlives it.
  process.once('exit', stopSync);

  try {
    // ICU's en-US collation where the server has it (15 and later) sorts as most servers do
    // (`ana` before `Zoe`), so a query that leaves order to the server's collation shows here.
    const collation = majorVersion(bin) >= 15 ? ['--locale-provider=icu', '--icu-locale=en-US'] : [];
    await exec('initdb', ['-D', data, '-U', 'parley', '--auth=trust', '--no-sync', '--no-instructions', '--encoding=UTF8', '--locale=C.UTF-8', ...collation]);
    const port = await startServer(exec, data, folder, log);
    return {
      url: `postgres://parley@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', stopSync);
        stopSync();
      },
    };
  } catch (error) {
    process.removeListener('exit', stopSync);
    const serverLog = existsSync(log) ? `\n${readFileSync(log, 'utf8').trim().split('\n').slice(-10).join('\n')}` : '';
    stopSync();
    throw new Error(`could not start a test PostgreSQL: ${messageOf(error)}${serverLog}`);
  }
}

/** Starts the server on a free port, trying another when one is taken between the look and the start. */
async function startServer(exec: (program: string, args: string[]) => Promise<void>, data: string, folder: string, log: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories='${folder}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ];
    try {
      await exec('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '30', '-s', '-o', settings.join(' ')]);
      return port;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The folder with `initdb` and `pg_ctl`: the newest Debian/Ubuntu install, else PATH. */
function postgresBinaries(): string {
  const debian = '/usr/lib/postgresql';
  const installed = existsSync(debian)
    ? readdirSync(debian)
        .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debian, version, 'bin'))
    : [];
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => folder && existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'pg_ctl')));
  const found = [...installed, ...onPath][0];
  if (!found) throw new Error(`no PostgreSQL server binaries (initdb, pg_ctl) found: ${installHint}`);
  return found;
}

function majorVersion(bin: string): number {
  const version = execFileSync(join(bin, 'initdb'), ['--version'], { encoding: 'utf8' });
  return Number(/(\d+)/.exec(version)?.[1] ?? 0);
}

/** The `postgres` user's uid and gid, which the cluster runs as when the tests run as root. */
function postgresUser(): [number, number] {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return [id('-u'), id('-g')];
  } catch {
    throw new Error(`PostgreSQL refuses to run as root and there is no postgres user to run it as: ${installHint} (the Debian package makes the user)`);
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const stderr = (error as { stderr?: unknown }).stderr;
  return typeof stderr === 'string' && stderr.trim() ? stderr.trim() : error.message;
}

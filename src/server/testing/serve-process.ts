/**
 * `parley serve` as a real process on loopback, for the load tests and the load bench: it
 * runs the compiled CLI (`dist/`), on a fresh SQLite file in a temporary folder, on any free
 * port, and is stopped with a signal like a service.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServeProcess {
  /** `http://localhost:PORT`, without a trailing slash. */
  address: string;
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Kills the process if it still runs and removes its folder. */
  cleanUp(): void;
}

/** The repository's root, from this file in `src/` or in `dist/src/`. */
function repositoryRoot(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, here.includes(`${join('dist', 'src')}`) ? '../../../../..' : '../../../..');
}

/** Starts `parley serve` with `args` (besides `--port 0 --db FILE`) and resolves once it listens. */
export function startServe(args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  return startServerProcess(['dist/cli/main.js', 'serve'], args, env);
}

/**
 * Starts the compiled `script` (a path from the repository's root, and its first arguments)
 * with `--port 0 --db FILE` and `args`; resolves once it prints its address on stdout as
 * `parley serve` does.
 */
export function startServerProcess(script: readonly string[], args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  const root = repositoryRoot();
  const folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
  const [file, ...first] = script;
  const child = spawn(process.execPath, [join(root, file!), ...first, '--port', '0', '--db', join(folder, 'parley.db'), ...args], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const cleanUp = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/\S+?)\/?$/m.exec(stdout);
      if (!match) return;
      resolve({
        address: match[1]!,
        child,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
        cleanUp,
      });
    });
    void exited.then((code) => {
      cleanUp();
      reject(new Error(`${file} exited with ${code} before it listened: ${stderr}`));
    });
  });
}

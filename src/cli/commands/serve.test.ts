/**
 * `parley serve` as a user starts it (the built executable): it seeds the database on first
 * start, binds to loopback and says so, answers the API, and stops cleanly on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioResponse, WorkspaceResponse, WorkspacesResponse } from '../../server/protocol.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

let child: ChildProcessWithoutNullStreams | undefined;
let folder: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (folder) rmSync(folder, { recursive: true, force: true });
  child = undefined;
  folder = undefined;
});

/** Starts `parley serve ARGS`; resolves with its address once it prints it, and what it said on stderr so far. */
function serve(args: string[]): Promise<{ address: string; stderr: () => string }> {
  const started = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, env: { ...process.env, XDG_DATA_HOME: folder! } });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    started.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/\S+?)\/?$/m.exec(stdout);
      if (match) resolve({ address: match[1]!, stderr: () => stderr });
    });
    started.on('exit', (code) => reject(new Error(`parley serve exited with ${code}: ${stderr}`)));
  });
}

describe('parley serve', () => {
  it('seeds the default scenario with its article, binds to loopback and says how to change it', async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    const article = join(folder, 'article.txt');
    writeFileSync(article, 'First paragraph.\n\nSecond paragraph.');
    const { address, stderr } = await serve(['--port', '0', '--article', article]);
    expect(address).toMatch(/^http:\/\/localhost:\d+$/);
    expect(stderr()).toContain(`database ${join(folder, 'parley', 'parley.db')}`);
    expect(stderr()).toMatch(
      /this machine only \(loopback\), no sign-in; to let others reach it, add users \(parley users add NAME\) and use --host 0\.0\.0\.0/,
    );

    const { workspaces } = (await (await fetch(`${address}/api/workspaces`)).json()) as WorkspacesResponse;
    const { scenarios } = (await (await fetch(`${address}/api/workspaces/${workspaces[0]!.id}`)).json()) as WorkspaceResponse;
    expect(scenarios.map((scenario) => scenario.scenarioId)).toEqual(['ukraine-settlement-2024-11']);
    const stored = (await (await fetch(`${address}/api/scenarios/${scenarios[0]!.id}`)).json()) as ScenarioResponse;
    expect(stored.document.texts).toEqual({ bhadrakumar: 'First paragraph.\n\nSecond paragraph.' });

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('signs users in with tokens once the database has users, and refuses tokens with no user', async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    const db = join(folder, 'team.db');
    await expect(serve(['--port', '0', '--db', db, '--auth', 'tokens'])).rejects.toThrow(
      /exited with 1: .*no users yet; add one first: parley users add NAME --workspace "My workspace" --db/,
    );
    const added = spawnSync(process.execPath, [bin, 'users', 'add', 'ana', '--workspace', 'My workspace', '--db', db], { encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    const token = added.stdout.trim();
    expect(token).toMatch(/^parley_/);
    expect(added.stderr).toMatch(/added ana, a member of "My workspace"/);

    const { address, stderr } = await serve(['--port', '0', '--db', db]);
    expect(stderr()).toMatch(/every request signs in with a user token/);
    expect((await fetch(`${address}/api/workspaces`)).status).toBe(401);
    const signedIn = await fetch(`${address}/api/workspaces`, { headers: { authorization: `Bearer ${token}` } });
    expect(signedIn.status).toBe(200);
    const { workspaces } = (await signedIn.json()) as WorkspacesResponse;
    expect(workspaces.map((workspace) => workspace.name)).toEqual(['My workspace']);
  });

  it('refuses a queue that is not a Redis URL as a usage error', async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    await expect(serve(['--port', '0', '--queue', 'localhost:6379'])).rejects.toThrow(
      /exited with 2: .*--queue localhost:6379: expected a Redis URL such as redis:\/\/host:6379/,
    );
  });

  it('refuses to start when the queue does not answer, in one line', async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    await expect(serve(['--port', '0', '--queue', 'redis://127.0.0.1:1'])).rejects.toThrow(
      /exited with 1: parley: --queue: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*is redis-server running\?[^\n]*\n$/,
    );
  });

  it('refuses a bad port as a usage error', async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    await expect(serve(['--port', 'eighty'])).rejects.toThrow(/exited with 2: .*--port eighty: expected a port number/);
  });
});

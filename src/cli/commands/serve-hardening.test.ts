/**
 * `parley serve` as a real process under what issue 24 found: a stop in the middle of a
 * sweep, a wildcard bind without sign-in, a request under another host name (DNS rebinding).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SweepState, WorkspaceResponse, WorkspacesResponse } from '../../server/protocol.js';

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

function serve(args: string[]): Promise<{ address: string; stderr: () => string }> {
  folder = mkdtempSync(join(tmpdir(), 'parley-serve-'));
  const started = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', join(folder, 'parley.db'), ...args], { cwd: root });
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

/** A GET with a Host header of our choosing (fetch may not set it). */
function getWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('parley serve, hardened', () => {
  it('stops on SIGTERM while a client holds a request open (half a body sent), closing its connection after a grace, and exits 0', async () => {
    const { address, stderr } = await serve([]);
    const { port } = new URL(address);
    // A slow client: a save's headers and half of its body, then nothing.
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.write('POST /api/workspaces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":');
    // The server has the request once it answers another one after it.
    expect((await fetch(`${address}/api/me`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGTERM');
    const code = await exited;
    // Without the grace the stop waits for the body until the 5 s deadline, and exits 1.
    expect(code, stderr()).toBe(0);
    expect(stderr()).not.toContain('exiting anyway');
    await closed;
  });

  it('stops on SIGTERM while a large sweep is running, without waiting for it, and exits 0', async () => {
    const { address, stderr } = await serve([]);
    const { workspaces } = (await (await fetch(`${address}/api/workspaces`)).json()) as WorkspacesResponse;
    const { scenarios } = (await (await fetch(`${address}/api/workspaces/${workspaces[0]!.id}`)).json()) as WorkspaceResponse;
    const started = await fetch(`${address}/api/scenarios/${scenarios[0]!.id}/sweeps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ draws: 100_000, seed: 1 }),
    });
    expect(started.status).toBe(202);
    const sweep = (await started.json()) as SweepState;
    expect(sweep.state).toBe('running');

    // 100,000 draws on every model would run for many minutes: a server that exits at all
    // within the test's timeout stopped the sweep rather than waiting for it. No time is asserted.
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGTERM');
    const code = await exited;
    // Exit 0 is a stop before serve's 5 s deadline, which exits 1 with a message instead.
    expect(code, stderr()).toBe(0);
    expect(stderr()).toContain('SIGTERM: stopping');
    expect(stderr()).not.toContain('exiting anyway');
  });

  it('answers only to loopback host names without sign-in, unless --allowed-hosts names another', async () => {
    const { address } = await serve([]);
    const port = Number(new URL(address).port);
    expect(await getWithHost(port, '/api/me', `localhost:${port}`)).toBe(200);
    expect(await getWithHost(port, '/api/me', `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost(port, '/api/me', 'evil.example')).toBe(403);
    expect(await getWithHost(port, '/', 'evil.example')).toBe(403);
    child!.kill('SIGKILL');

    const allowed = await serve(['--allowed-hosts', 'parley.internal']);
    const allowedPort = Number(new URL(allowed.address).port);
    expect(await getWithHost(allowedPort, '/api/me', 'parley.internal')).toBe(200);
    expect(await getWithHost(allowedPort, '/api/me', 'evil.example')).toBe(403);
  });

  it('refuses --host 0.0.0.0 without sign-in unless --auth none says so on purpose, and prints a reachable address', async () => {
    await expect(serve(['--host', '0.0.0.0'])).rejects.toThrow(
      /exited with 2: parley: --host 0\.0\.0\.0 would let anyone who reaches the port read and change every scenario.*give --auth none to do it on purpose/,
    );
    const { address, stderr } = await serve(['--host', '0.0.0.0', '--auth', 'none']);
    expect(address).toMatch(new RegExp(`^http://${hostname().replace(/[.]/g, '\\.')}:\\d+$`));
    expect(stderr()).toMatch(/reachable from other machines with no sign-in, so anyone who reaches the port can read and change every scenario/);
  });
});

/**
 * `parley serve` stopped under the page's feet: SIGTERM while the page is open, then the
 * server started again on the same port and database, as a service manager restarts it.
 * The page says in words that the server is gone (never the browser's "Failed to fetch"),
 * keeps the edit made meanwhile, retries, and saves it once the server is back. The real
 * executable (`dist/`), its own database and port.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResponse, WorkspaceResponse, WorkspacesResponse } from '../../src/server/protocol.js';
import { artifacts, buildWebIfStale, launchChromium, root } from './support.js';

let folder: string;
let port: number;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface Serving {
  child: ChildProcessWithoutNullStreams;
  address: string;
  stderr: () => string;
  exited: Promise<number | null>;
}
let serving: Serving | undefined;

/** A port free on loopback now (the OS's pick), so the server can be started twice on it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: picked } = probe.address() as { port: number };
      probe.close(() => resolve(picked));
    });
  });
}

/** `parley serve --port PORT --db FOLDER/parley.db`, resolved once it says its address. */
function serve(): Promise<Serving> {
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve', '--port', String(port), '--db', join(folder, 'parley.db')], {
    cwd: root,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/\S+?)\/?$/m.exec(stdout);
      if (match) resolve({ child, address: match[1]!, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`parley serve exited with ${code} before it listened: ${stderr}`)));
  });
}

beforeAll(async () => {
  buildWebIfStale();
  folder = mkdtempSync(join(tmpdir(), 'parley-serve-browser-'));
  port = await freePort();
  serving = await serve();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (serving && serving.child.exitCode === null && serving.child.signalCode === null) {
    serving.child.kill('SIGTERM');
    await serving.exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const status = () => page.getByTestId('save-status').textContent();

describe('the server stopped with SIGTERM while the page is open', () => {
  it('the page says in words that the server is gone, keeps the edit, retries, and saves it once the server is back', async () => {
    await page.goto(serving!.address);
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).click();
    const cell = page.locator('td[data-cell="russia:FORCES"]');
    await cell.click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Version \d+, saved/);
    // The page fetches its chart code soon after it loads, so a later stop costs no chart.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('vega-interpreter')), undefined, {
      timeout: 15_000,
    });

    const stopped = serving!;
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited, stopped.stderr()).toBe(0);
    expect(stopped.stderr()).toContain('SIGTERM: stopping');

    await page.getByRole('textbox', { name: 'Salience', exact: true }).fill('0.2');
    await expect
      .poll(status, { timeout: 15_000 })
      .toContain('The Parley server is not answering: it may have stopped or be restarting. Nothing you did here is lost; the page keeps trying.');
    expect(await page.locator('body').textContent()).not.toContain('Failed to fetch');
    await page.screenshot({ path: join(artifacts, 'w10-server-gone.png') });

    serving = await serve();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/^Version \d+, saved/);
    expect(await page.getByText('The chart could not be drawn').count()).toBe(0);
    const address = serving.address;
    const get = async <T>(path: string) => (await (await fetch(`${address}${path}`)).json()) as T;
    const [workspace] = (await get<WorkspacesResponse>('/api/workspaces')).workspaces;
    const summary = (await get<WorkspaceResponse>(`/api/workspaces/${workspace!.id}`)).scenarios[0]!;
    const saved = await get<ScenarioResponse>(`/api/scenarios/${summary.id}`);
    expect(saved.document.scenario.actors.find((actor) => actor.id === 'russia')!.stances.FORCES!.salience).toBe(0.2);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

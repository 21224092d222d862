/**
 * A shared server in a real browser: the page asks for a token and refuses a wrong one; a
 * signed-in user works under their own name; a large run goes to two `parley worker`
 * processes through a real Redis, and the page shows its progress (draws done, draws per
 * second, the workers taking part) and then its distributions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/io/scenario-file.js';
import { queueRunner } from '../../src/cli/runners.js';
import { buildServer } from '../../src/server/app.js';
import { ensureDefaultWorkspace } from '../../src/server/seed.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import { startRedis, uniqueQueueName, type TestRedis } from '../services/redis.js';
import { artifacts, buildWebIfStale, launchChromium, root, webRoot } from './support.js';

let folder: string;
let storage: SqliteStorage;
let server: FastifyInstance;
let redis: TestRedis;
let browser: Browser;
let page: Page;
let base: string;
let token: string;
const workers: ChildProcess[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  buildWebIfStale();
  redis = await startRedis();
  const queueName = uniqueQueueName('browser');
  for (const name of ['lab-1', 'lab-2']) {
    const worker = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'worker', '--queue', redis.url, '--queue-name', queueName, '--name', name], {
      stdio: 'ignore',
    });
    workers.push(worker);
  }
  folder = mkdtempSync(join(tmpdir(), 'parley-team-'));
  storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  const { scenario } = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml'));
  const { workspace } = await ensureDefaultWorkspace(storage, { scenario: scenario!, workspaceName: 'Ukraine desk' });
  const ana = await storage.createUser('ana');
  await storage.addMember(workspace.id, ana.user.id);
  token = ana.token;
  server = await buildServer({ storage, webRoot, auth: 'tokens', sweeps: queueRunner(redis.url, { queueName }) });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => (worker.exitCode === null ? new Promise((resolve) => worker.once('exit', resolve)) : undefined)));
  await redis?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a shared server', () => {
  it('asks for a token, refuses a wrong one and shows nothing before sign-in', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText(/Russia–Ukraine settlement/).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Your token' }).fill(`${token}x`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/the token is not valid/).waitFor();
    await page.screenshot({ path: join(artifacts, 'team-1-sign-in.png') });
  });

  it('signs in, shows who you are and the workspace you are a member of', async () => {
    await page.getByRole('textbox', { name: 'Your token' }).fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    await page.getByRole('heading', { name: 'Ukraine desk' }).waitFor();
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).waitFor();
  });

  it("runs a large Monte Carlo on the team's workers, showing draws done, draws per second and the workers", async () => {
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).click();
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByRole('heading', { name: "Large runs on the team's workers" }).waitFor();
    await page.getByRole('spinbutton', { name: 'Sweep draws' }).fill('200');
    await page.getByRole('button', { name: 'Run on the workers' }).click();
    const status = page.getByRole('status');
    await expect
      .poll(() => status.textContent(), { timeout: 90_000, interval: 250 })
      .toMatch(/^\s*Done: 200 of 200 draws · [\d,.]+ draws\/s · [12] workers?: lab-[12]/);
    const text = (await status.textContent())!;
    expect(Number(/· ([\d,.]+) draws\/s/.exec(text)![1]!.replace(/,/g, ''))).toBeGreaterThan(0);
    await page.getByRole('img', { name: 'Sweep distribution on FORCES' }).or(page.getByLabel('Sweep distribution on FORCES')).first().waitFor();
    await page.screenshot({ path: join(artifacts, 'team-2-sweep.png'), fullPage: true });
    const runs = await storage.listRuns((await storage.listScenarios((await storage.listWorkspaces())[0]!.id))[0]!.id);
    expect(runs!.map((run) => [run.kind, run.author, run.seed])).toEqual([['monte-carlo', 'ana', 1]]);
  }, 120_000);

  it('says how long a large run has left, and Cancel stops it on the workers, recording nothing', async () => {
    await page.getByRole('spinbutton', { name: 'Sweep draws' }).fill('50000');
    await page.getByRole('button', { name: 'Run on the workers' }).click();
    const status = page.getByRole('status');
    // The estimate comes from the pace of the first draws: "about 40 s left", "about 12 min left".
    await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 250 }).toMatch(/of 50,000 draws · .* · about \d+ (s|min|h)( \d+ min)? left\s*$/);
    await page.getByRole('button', { name: 'Cancel the run' }).click();
    await expect.poll(() => status.textContent(), { timeout: 90_000, interval: 250 }).toMatch(/^\s*Cancelled after [\d,]+ of 50,000 draws/);
    const stoppedAt = (await status.textContent())!;
    expect(Number(/after ([\d,]+) of/.exec(stoppedAt)![1]!.replace(/,/g, ''))).toBeLessThan(50_000);
    await page.getByText('Cancelled: the server stopped its draws and recorded nothing.').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel the run' }).count()).toBe(0);
    // Stopped on the server: no draw is counted after the cancel, and no run is recorded.
    const sweepId = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => /\/api\/sweeps\/[^/]+\/cancel$/.test(name))
        .pop(),
    );
    const id = /\/api\/sweeps\/([^/]+)\/cancel$/.exec(sweepId!)![1]!;
    const read = async () =>
      (await server.inject({ method: 'GET', url: `/api/sweeps/${id}`, headers: { authorization: `Bearer ${token}` } })).json() as {
        state: string;
        done: number;
      };
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await read()).toEqual(expect.objectContaining({ state: 'cancelled', done: first.done }));
    const runs = await storage.listRuns((await storage.listScenarios((await storage.listWorkspaces())[0]!.id))[0]!.id);
    expect(runs!.length).toBe(1);
    await page.screenshot({ path: join(artifacts, 'team-3-sweep-cancelled.png'), fullPage: true });
  }, 120_000);

  it('raised no script error', () => {
    expect(pageErrors).toEqual([]);
  });
});

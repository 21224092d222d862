/**
 * `npm run bench`: every benchmark suite, one after another. Speed is measured here and
 * printed, never asserted in a timed test. `PARLEY_BENCH_QUICK=1` (bench/settings.ts) runs
 * only the suites of issue 22 (Monte Carlo, the exchange model, whole processes side by side,
 * KTAB among them), each on fewer draws and smaller cases, in a few minutes. Words after
 * `npm run bench --` choose suites by name: `npm run bench -- KTAB` runs only the spatial
 * model against KTAB.
 */
import { quick } from './settings.js';

const suites: Array<{ name: string; load: () => Promise<{ run: () => Promise<void> | void }> }> = [
  { name: 'baseline models', load: () => import('./baseline.js') },
  { name: 'expected utility model', load: () => import('./eum.js') },
  { name: 'spatial model (KTAB SMP)', load: () => import('./smp.js') },
  { name: 'Monte Carlo (sweep)', load: () => import('./analyses.js') },
  { name: 'strategy advice (parley advise)', load: () => import('./advise.js') },
  { name: 'exchange model (Decide)', load: () => import('./exchange.js') },
  { name: 'exchange model: decimal against double arithmetic', load: () => import('./exchange-decimal.js') },
  { name: 'Monte Carlo on a Redis queue', load: () => import('./queue.js') },
  { name: 'scenario fuzzer (10,000 files)', load: () => import('./fuzz.js') },
  { name: 'parse + validate of the worst files up to 10 MB', load: () => import('./parse-worst.js') },
  { name: 'parley serve under load (loopback, SQLite and PostgreSQL)', load: () => import('./server-load.js') },
  { name: 'whole processes side by side: start-up against a bare node', load: async () => ({ run: (await import('./side-by-side.js')).startUp }) },
  { name: 'whole processes side by side: the spatial model against KTAB', load: async () => ({ run: (await import('./side-by-side.js')).againstKtab }) },
  { name: 'whole processes side by side: Monte Carlo per draw (parley sweep)', load: async () => ({ run: (await import('./side-by-side.js')).sweepPerDraw }) },
  { name: 'scale: 1,000 and 5,000 actors, each model (/usr/bin/time -v)', load: () => import('./scale.js') },
  {
    name: 'slider step in the browser (Chromium; PARLEY_BENCH_SLIDER_AGAINST=FOLDER: beside that build)',
    load: async () => ({ run: (await import('./slider-step.js')).suite }),
  },
];

const quickSuites = new Set(['Monte Carlo (sweep)', 'exchange model (Decide)']);
const isQuickSuite = (name: string) => quickSuites.has(name) || name.startsWith('whole processes side by side');
// `npm run bench -- WORD …`: only the suites whose name contains one of the words (e.g. `KTAB`, `start-up`).
const wanted = process.argv.slice(2).map((word) => word.toLowerCase());
const chosen = suites.filter(
  (suite) => (!quick || isQuickSuite(suite.name)) && (wanted.length === 0 || wanted.some((word) => suite.name.toLowerCase().includes(word))),
);
if (quick) console.log('quick mode (PARLEY_BENCH_QUICK=1): the suites of issue 22 only, on fewer draws and smaller cases');
if (chosen.length === 0) {
  console.error(`no bench suite matches ${wanted.join(', ')}; the suites are:\n${suites.map((suite) => `  ${suite.name}`).join('\n')}`);
  process.exit(2);
}
for (const suite of chosen) {
  console.log(`\n## ${suite.name}`);
  const module = await suite.load();
  await module.run();
}

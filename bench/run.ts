/**
 * `npm run bench`: every benchmark suite, one after another. Speed is measured here and
 * printed, never asserted in a timed test. `PARLEY_BENCH_QUICK=1` (bench/settings.ts) runs
 * only the suites of issue 22 (Monte Carlo, the exchange model, whole processes side by side,
 * KTAB among them), each on fewer draws and smaller cases, in a few minutes.
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
  { name: 'parley serve under load (loopback, SQLite and PostgreSQL)', load: () => import('./server-load.js') },
  { name: 'whole processes side by side: start-up, KTAB, Monte Carlo', load: () => import('./side-by-side.js') },
  { name: 'scale: 1,000 and 5,000 actors, each model (/usr/bin/time -v)', load: () => import('./scale.js') },
];

const quickSuites = new Set(['Monte Carlo (sweep)', 'exchange model (Decide)', 'whole processes side by side: start-up, KTAB, Monte Carlo']);
if (quick) console.log('quick mode (PARLEY_BENCH_QUICK=1): the suites of issue 22 only, on fewer draws and smaller cases');
for (const suite of suites) {
  if (quick && !quickSuites.has(suite.name)) continue;
  console.log(`\n## ${suite.name}`);
  const module = await suite.load();
  await module.run();
}

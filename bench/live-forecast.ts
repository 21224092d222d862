/**
 * Run as its own process by bench/analyses.ts: the web page's live forecast (what
 * web/src/worker/analysis.worker.ts computes on each edit: `forecast` of the default scenario,
 * every model) timed the way a fresh worker meets it. Prints JSON: the first call's wall ms,
 * the median of the next `runs` calls, and `runs`.
 */
import { performance } from 'node:perf_hooks';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { forecast } from '../src/core/forecast.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { median } from './settings.js';

const runs = Number(process.argv[2] ?? 21);
const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');
const timed = () => {
  const started = performance.now();
  forecast(scenario, {});
  return performance.now() - started;
};
const first = timed();
const warm = Array.from({ length: runs }, timed);
console.log(JSON.stringify({ first, warm: median(warm), runs }));

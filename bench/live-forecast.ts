/**
 * Run as its own process by bench/analyses.ts: the web page's live forecast, what
 * web/src/worker/analysis.worker.ts computes on each edit: `forecast` of the default scenario,
 * every model, timed the way a fresh worker meets it. Outside the Forecast tab the page asks
 * for the forecasts alone (`detail: 'forecast'`); the Forecast tab asks for the full details,
 * for the reasoning. The first call is in `forecast` detail (the first edit after the page
 * loads); then both details alternately, `runs` calls each. Prints JSON: the first call's wall
 * ms, the median of each detail's warm calls, and `runs`.
 */
import { performance } from 'node:perf_hooks';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { forecast } from '../src/core/forecast.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { median } from './settings.js';

const runs = Number(process.argv[2] ?? 21);
const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');
const timed = (detail: 'forecast' | 'full') => {
  const started = performance.now();
  forecast(scenario, { detail });
  return performance.now() - started;
};
const first = timed('forecast');
const warmForecast: number[] = [];
const warmFull: number[] = [];
for (let run = 0; run < runs; run++) {
  warmForecast.push(timed('forecast'));
  warmFull.push(timed('full'));
}
console.log(JSON.stringify({ first, warm: median(warmForecast), warmFull: median(warmFull), runs }));

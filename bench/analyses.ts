/**
 * Monte Carlo on the default scenario with every registered model: CPU time per draw of each
 * model, draws per second in one thread, on one worker and on all workers, and the scaling
 * efficiency. Targets: 10,000 draws on all workers in under 10 s (issue 5), at most 2 ms of
 * CPU a draw (issue 22). Then the web page's live forecast (the analysis worker's code path,
 * `forecast` of src/core/forecast.ts, run here in node): its first run and warm runs against
 * the 50 ms of issue 22.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { monteCarlo } from '../src/core/analyses/monte-carlo.js';
import { pointWith, prepareModels, rangedInputs } from '../src/core/analyses/request.js';
import { triangularQuantile } from '../src/core/analyses/triangular.js';
import { modelIds, models } from '../src/core/models/index.js';
import { createRng, deriveSeed } from '../src/core/rng.js';
import { createWorkerPool } from '../src/runtime/pool.js';
import { defaultScenarioPath } from '../src/cli/shared.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { cpuMs, quick } from './settings.js';

const targetDraws = quick ? 2_000 : 10_000;
const targetSeconds = 10;

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

export async function run(): Promise<void> {
  const { scenario } = loadScenarioFile(defaultScenarioPath());
  if (!scenario) throw new Error('the default scenario does not load');
  const workers = availableParallelism();
  console.log(
    `default scenario: ${scenario.issues.length} issues, ${rangedInputs(scenario).length} ranged inputs; models: ${modelIds.join(', ')}; ${workers} cores`,
  );

  // Where the time of one draw goes: drawing the inputs, then each model (one thread).
  const inputDraws = 5000;
  for (let draw = 0; draw < 500; draw++) pointWith(scenario, undefined, (range) => range.mode); // warm-up
  let start = performance.now();
  for (let draw = 0; draw < inputDraws; draw++) {
    const rng = createRng(deriveSeed(1, draw));
    pointWith(scenario, undefined, (range) => triangularQuantile(range, rng.next()));
  }
  const inputMs = (seconds(start) * 1000) / inputDraws;
  // Each model timed on the same drawn scenarios, asked for the forecast only (as draws do).
  const points = Array.from({ length: 500 }, (_, draw) => {
    const rng = createRng(deriveSeed(1, draw));
    return pointWith(scenario, undefined, (range) => triangularQuantile(range, rng.next()));
  });
  const perModel = models.map((model) => {
    const params = prepareModels({ models: [model.id] }).params[model.id]!;
    for (const point of points.slice(0, 100)) model.run(point, params, { seed: 1, detail: 'forecast' }); // warm-up
    const started = cpuMs();
    for (const point of points) model.run(point, params, { seed: 1, detail: 'forecast' });
    return { model: model.id, ms: (cpuMs() - started) / points.length };
  });
  const totalMs = inputMs + perModel.reduce((sum, entry) => sum + entry.ms, 0);
  console.log('\nms per draw, one thread (drawing inputs: wall; models: CPU; share of the draw)');
  console.log(`  ${'drawing inputs'.padEnd(16)} ${inputMs.toFixed(3).padStart(8)}  ${((100 * inputMs) / totalMs).toFixed(1).padStart(5)}%`);
  for (const { model, ms } of perModel) console.log(`  ${model.padEnd(16)} ${ms.toFixed(3).padStart(8)}  ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`);
  console.log(
    `  ${'total'.padEnd(16)} ${totalMs.toFixed(3).padStart(8)}  ≈ ${Math.round(1000 / totalMs)} draws/s a core; target ≤ 2 ms a draw — ${totalMs <= 2 ? 'met' : 'missed'}`,
  );

  const request = (draws: number) => ({ draws, seed: 1 });
  const singleDraws = quick ? 500 : 2000;
  start = performance.now();
  await monteCarlo(scenario, request(singleDraws));
  const inProcessRate = singleDraws / seconds(start);

  const onePool = createWorkerPool({ workers: 1 });
  start = performance.now();
  await monteCarlo(scenario, request(singleDraws), { executor: onePool });
  const oneRate = singleDraws / seconds(start);
  await onePool.close();

  const allPool = createWorkerPool({ workers });
  start = performance.now();
  await monteCarlo(scenario, request(targetDraws), { executor: allPool });
  const allSeconds = seconds(start);
  await allPool.close();
  const allRate = targetDraws / allSeconds;

  console.log('\ndraws per second, every model (wall clock, worker start-up and summary included)');
  console.log(`  in-process (one thread)   ${inProcessRate.toFixed(0).padStart(7)}   (${singleDraws} draws)`);
  console.log(`  1 worker                  ${oneRate.toFixed(0).padStart(7)}   (${singleDraws} draws)`);
  console.log(`  ${`${workers} workers`.padEnd(24)}  ${allRate.toFixed(0).padStart(7)}   (${targetDraws} draws in ${allSeconds.toFixed(2)} s)`);
  console.log(`  scaling efficiency ${((100 * allRate) / (workers * oneRate)).toFixed(0)}% (rate on ${workers} workers ÷ (${workers} × rate on 1))`);
  const verdict = quick ? 'not judged in quick mode' : allSeconds < targetSeconds ? 'met' : 'missed';
  console.log(`  target: 10000 draws in under ${targetSeconds} s — ${verdict} (${targetDraws} draws took ${allSeconds.toFixed(1)} s)`);
  if (verdict === 'missed') {
    const slowest = [...perModel].sort((a, b) => b.ms - a.ms)[0]!;
    console.log(`  where the time goes: ${slowest.model} takes ${((100 * slowest.ms) / totalMs).toFixed(0)}% of each draw (${slowest.ms.toFixed(2)} ms)`);
  }
  liveForecast();
}

/**
 * The web page's live forecast of the default scenario, every model, as its analysis worker
 * makes it: a fresh process, like a fresh worker, times its first call of `forecast` (V8 has
 * compiled nothing yet: the first edit after the page loads) and then warm calls (bench/live-forecast.ts).
 */
function liveForecast(): void {
  const script = fileURLToPath(new URL('./live-forecast.js', import.meta.url));
  const child = spawnSync(process.execPath, [script, String(quick ? 7 : 21)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench/live-forecast failed: ${child.stderr}`);
  const { first, warm, warmFull, runs } = JSON.parse(child.stdout) as { first: number; warm: number; warmFull: number; runs: number };
  console.log(`\nthe web worker's live forecast (forecast() of the default scenario, every model), wall ms, a fresh process`);
  console.log(
    `  forecasts alone (what an edit asks for outside the Forecast tab): first run ${first.toFixed(1)}, median of ${runs} warm runs ${warm.toFixed(1)}; target < 50 ms — ${warm < 50 ? 'met' : 'missed'} warm, ${first < 50 ? 'met' : 'missed'} on the first run`,
  );
  console.log(`  full details (the Forecast tab's reasoning): median of ${runs} warm runs ${warmFull.toFixed(1)}`);
}

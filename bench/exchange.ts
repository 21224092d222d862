/**
 * The exchange model on the shipped CoP21 case (one round, as Decide's reference list, and
 * the default ten rounds) and on random cases of growing size: time per run and per round,
 * the candidate exchanges of the first round and the exchanges executed. The candidates c
 * grow as issues² × actors²; a round costs O(c·(n + log c)) plus, per executed exchange,
 * O(a·(n + log c)) for the a candidates it affects.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/cli/program.js';
import type { PointScenario } from '../src/core/model.js';
import { candidateExchanges, runExchange, type ExchangeOptions } from '../src/core/models/exchange.js';
import { pointScenario } from '../src/core/resolve.js';
import { createRng } from '../src/core/rng.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { pointWith, withVariant } from '../src/core/analyses/request.js';
import { triangularQuantile } from '../src/core/analyses/triangular.js';
import { deriveSeed } from '../src/core/rng.js';
import { runExchange as runReference } from '../src/core/testing/exchange-reference.js';
import { firstDifference } from '../src/core/testing/first-difference.js';
import { randomCase } from './exchange-cases.js';
import { run as runScale } from './exchange-scale.js';
import { cpuMs, median, quick } from './settings.js';

/** Median wall time of `repeats` runs, in ms, and the last run's exchange count. */
function time(scenario: PointScenario, options: ExchangeOptions, repeats: number): { ms: number; exchanges: number; rounds: number } {
  const samples: number[] = [];
  let exchanges = 0;
  let rounds = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    const run = runExchange(scenario, options);
    samples.push(performance.now() - start);
    exchanges = run.exchanges.length;
    rounds = run.rounds;
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, exchanges, rounds };
}

/**
 * Issue 22: the model against its reference (the implementation before the typed-array
 * rewrite, src/core/testing/exchange-reference.ts) on the default scenario, alternately in
 * one process: CPU ms per run, medians and the ratio; then a seeded sweep of the default
 * scenario with both, every output field compared with Object.is, and its CPU time each.
 */
function againstReference(): void {
  const { scenario } = loadScenarioFile(join(packageRoot(), 'scenarios', 'ukraine-2024-11.yaml'));
  if (!scenario) throw new Error('scenarios/ukraine-2024-11.yaml does not load');
  const point = pointScenario(scenario);
  const rounds = quick ? 5 : 11;
  const runsPerRound = 10;
  console.log(`\nthe default scenario against the reference implementation, alternately (${rounds} × ${runsPerRound} runs each, CPU ms per run, medians)`);
  console.log('detail      reference      fast     ratio');
  for (const detail of ['full', 'forecast'] as const) {
    const time = (runner: typeof runExchange) => {
      const started = cpuMs();
      for (let repeat = 0; repeat < runsPerRound; repeat++) runner(point, { detail });
      return (cpuMs() - started) / runsPerRound;
    };
    time(runReference);
    time(runExchange);
    const reference: number[] = [];
    const fast: number[] = [];
    for (let round = 0; round < rounds; round++) {
      reference.push(time(runReference));
      fast.push(time(runExchange));
    }
    console.log(
      `${detail.padEnd(10)} ${median(reference).toFixed(2).padStart(10)} ${median(fast).toFixed(2).padStart(9)} ${(median(reference) / median(fast)).toFixed(2).padStart(8)}×`,
    );
  }

  const draws = quick ? 100 : 1000;
  const drawn = withVariant(scenario, undefined);
  let referenceMs = 0;
  let fastMs = 0;
  let different = 0;
  for (let draw = 0; draw < draws; draw++) {
    const rng = createRng(deriveSeed(20261202, draw));
    const drawPoint = pointWith(drawn, undefined, (range) => triangularQuantile(range, rng.next()));
    const options: ExchangeOptions = { seed: rng.int(4294967296) };
    let started = cpuMs();
    const expected = runReference(drawPoint, options);
    referenceMs += cpuMs() - started;
    started = cpuMs();
    const actual = runExchange(drawPoint, options);
    fastMs += cpuMs() - started;
    const difference = firstDifference(actual, expected);
    if (difference !== undefined) {
      different++;
      if (different <= 3) console.log(`  draw ${draw} differs: ${difference}`);
    }
  }
  console.log(
    `${draws} seeded draws of the default scenario${quick ? ' (quick mode; 1,000 without PARLEY_BENCH_QUICK)' : ''}: ${different === 0 ? 'every output field identical (Object.is)' : `${different} draws DIFFER`}; ` +
      `CPU ${(referenceMs / draws).toFixed(2)} ms a draw for the reference, ${(fastMs / draws).toFixed(2)} ms fast (${(referenceMs / fastMs).toFixed(2)}×)`,
  );
}

export function run(): void {
  againstReference();
  const { scenario } = loadScenarioFile(join(packageRoot(), 'scenarios', 'cop21.yaml'));
  if (!scenario) throw new Error('scenarios/cop21.yaml does not load');
  const cop21 = pointScenario(scenario);
  console.log('case                 actors issues  candidates  rounds  exchanges    ms total  ms/round');
  const row = (name: string, point: PointScenario, options: ExchangeOptions, repeats: number) => {
    time(point, options, 1); // warm-up
    const candidates = candidateExchanges(point).length;
    const { ms, exchanges, rounds } = time(point, options, repeats);
    const actors = new Set(point.issues.flatMap((issue) => issue.actors.map((actor) => actor.id))).size;
    console.log(
      `${name.padEnd(20)} ${String(actors).padStart(6)} ${String(point.issues.length).padStart(6)} ${String(candidates).padStart(11)} ${String(rounds).padStart(7)} ${String(exchanges).padStart(10)} ${ms.toFixed(1).padStart(11)} ${(ms / rounds).toFixed(1).padStart(9)}`,
    );
  };
  row('CoP21, 1 round', cop21, { rounds: 1 }, 9);
  row('CoP21, 10 rounds', cop21, {}, 5);
  const sizes: Array<readonly [number, number]> = [
    [10, 5],
    [20, 10],
    [40, 10],
    ...(quick
      ? []
      : ([
          [40, 20],
          [80, 10],
        ] as const)),
  ];
  for (const [actors, issues] of sizes) {
    const repeats = actors * issues <= 400 ? 5 : 1;
    row(`random ${actors}×${issues}`, randomCase(actors, issues, actors * 1000 + issues), {}, repeats);
  }
  console.log();
  runScale();
}

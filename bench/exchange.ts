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
import type { IssueInput, PointScenario } from '../src/core/model.js';
import { candidateExchanges, runExchange, type ExchangeOptions } from '../src/core/models/exchange.js';
import { pointScenario } from '../src/core/resolve.js';
import { createRng } from '../src/core/rng.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';

/** n actors on m issues: position U(0, 100), salience U(0.1, 1), capability U(0.1, 1) (one per actor), from a seed. */
function randomCase(actors: number, issues: number, seed: number): PointScenario {
  const rng = createRng(seed);
  const capabilities = Array.from({ length: actors }, () => 0.1 + 0.9 * rng.next());
  const issueInputs: IssueInput[] = Array.from({ length: issues }, (_, issue) => ({
    id: `I${issue}`,
    name: `issue ${issue}`,
    scale: { min: 0, max: 100 },
    actors: capabilities.map((capability, actor) => ({
      id: `a${actor}`,
      name: `A${actor}`,
      capability,
      position: Math.round(rng.next() * 100),
      salience: 0.1 + 0.9 * rng.next(),
    })),
  }));
  return { id: `random-${actors}x${issues}`, title: 'random', issues: issueInputs };
}

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

export function run(): void {
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
  for (const [actors, issues] of [
    [10, 5],
    [20, 10],
    [40, 10],
    [40, 20],
    [80, 10],
  ] as const) {
    const repeats = actors * issues <= 400 ? 5 : 1;
    row(`random ${actors}×${issues}`, randomCase(actors, issues, actors * 1000 + issues), {}, repeats);
  }
}

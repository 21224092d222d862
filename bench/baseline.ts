/**
 * The baseline models (compromise, weighted median, Nash) on random issues of growing size,
 * and every registered model on the shipped default scenario.
 */
import { performance } from 'node:perf_hooks';
import { forecast } from '../src/core/forecast.js';
import type { IssueInput } from '../src/core/model.js';
import { compromiseForecast } from '../src/core/models/compromise.js';
import { medianForecast } from '../src/core/models/median.js';
import { nashForecast } from '../src/core/models/nash.js';
import { randomActors } from '../src/core/testing/fixtures.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';
import { defaultScenarioPath } from '../src/cli/program.js';

function randomIssue(size: number, seed: number): IssueInput {
  return { id: 'X', name: 'random', scale: { min: 0, max: 100 }, actors: randomActors(size, seed) };
}

/** Median time of `repeats` calls, in milliseconds. */
function time(repeats: number, work: () => void): number {
  const samples: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export function run(): void {
  const sizes = [10, 100, 1000, 10_000, 100_000];
  const kinds = [
    ['compromise', compromiseForecast],
    ['median', medianForecast],
    ['nash', nashForecast],
  ] as const;
  console.log('model        actors   ms per issue (median of runs)');
  for (const [name, model] of kinds) {
    for (const size of sizes) {
      const issue = randomIssue(size, size);
      const milliseconds = time(size >= 10_000 ? 5 : 50, () => model(issue));
      console.log(`${name.padEnd(12)} ${String(size).padStart(7)}   ${milliseconds.toFixed(4)}`);
    }
  }
  const { scenario } = loadScenarioFile(defaultScenarioPath());
  if (!scenario) throw new Error('the default scenario does not load');
  const milliseconds = time(20, () => forecast(scenario));
  console.log(`\ndefault scenario, every registered model: ${milliseconds.toFixed(3)} ms per forecast`);
}

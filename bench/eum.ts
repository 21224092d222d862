/**
 * The expected utility model on random issues of growing size: time per round of each
 * variant and the fitted growth exponent (slope of log time against log n). The parley
 * variant should grow as n² (its probabilities come from sorted prefix sums), the faithful
 * variants as n³; small sizes are dominated by fixed costs, so the fit over n ≥ 100 is
 * printed too. Target: parley at 1000 actors × 20 rounds in under a second.
 */
import { performance } from 'node:perf_hooks';
import { runEum, type EumActor, type EumVariant } from '../src/core/models/eum/index.js';
import { randomActors } from '../src/core/testing/fixtures.js';

const rounds = 20;

/** Least-squares slope of log(time) against log(size). */
function growthExponent(points: ReadonlyArray<{ size: number; msPerRound: number }>): number {
  const xs = points.map((point) => Math.log(point.size));
  const ys = points.map((point) => Math.log(point.msPerRound));
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (let k = 0; k < xs.length; k++) {
    covariance += (xs[k]! - meanX) * (ys[k]! - meanY);
    variance += (xs[k]! - meanX) ** 2;
  }
  return covariance / variance;
}

/** Median wall time of `repeats` runs of `rounds` rounds, in ms per round. */
function timePerRound(variant: EumVariant, actors: readonly EumActor[], repeats: number): number {
  const samples: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    const run = runEum(actors, { variant, rounds, fixedRounds: true, relations: false });
    samples.push((performance.now() - start) / Math.max(1, run.rounds));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export function run(): void {
  const plan: Array<{ variant: EumVariant; sizes: number[] }> = [
    { variant: 'parley', sizes: [10, 100, 1000, 5000] },
    { variant: 'net-votes', sizes: [10, 100] },
    { variant: 'scholz-code', sizes: [10, 100] },
  ];
  console.log(`variant        actors   ms per round   ms for ${rounds} rounds`);
  for (const { variant, sizes } of plan) {
    const points: Array<{ size: number; msPerRound: number }> = [];
    for (const size of sizes) {
      const actors = randomActors(size, 1000 + size);
      const repeats = size <= 100 ? 7 : size <= 1000 ? 3 : 1;
      timePerRound(variant, actors, 1); // warm-up
      const msPerRound = timePerRound(variant, actors, repeats);
      points.push({ size, msPerRound });
      console.log(
        `${variant.padEnd(12)} ${String(size).padStart(7)}   ${msPerRound.toFixed(3).padStart(12)}   ${(msPerRound * rounds).toFixed(1).padStart(15)}`,
      );
    }
    const large = points.filter((point) => point.size >= 100);
    const largeFit = large.length >= 2 ? `; n ≥ 100 only: ${growthExponent(large).toFixed(2)}` : '';
    console.log(`${variant.padEnd(12)} growth exponent (log-log least squares): ${growthExponent(points).toFixed(2)}${largeFit}`);
  }
}

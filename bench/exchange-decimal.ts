/**
 * The exchange model's two arithmetics side by side (EXCHANGE-SPEC.md §7.1): `decimal`
 * (Decide's 28-digit decimals, exchange-decimal.ts) against `double` (exchange.ts) on CoP21
 * (one round, as Decide's reference list, and the default ten rounds) and on the default
 * scenario, median wall time of a few runs each, and the ratio.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/cli/program.js';
import type { PointScenario } from '../src/core/model.js';
import { runExchange, type ExchangeOptions } from '../src/core/models/exchange.js';
import { pointScenario } from '../src/core/resolve.js';
import { loadScenarioFile } from '../src/io/scenario-file.js';

function medianMs(scenario: PointScenario, options: ExchangeOptions, repeats: number): { ms: number; exchanges: number } {
  const samples: number[] = [];
  let exchanges = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    exchanges = runExchange(scenario, options).exchanges.length;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, exchanges };
}

function load(name: string): PointScenario {
  const { scenario } = loadScenarioFile(join(packageRoot(), 'scenarios', name));
  if (!scenario) throw new Error(`scenarios/${name} does not load`);
  return pointScenario(scenario);
}

export function run(): void {
  const cases: Array<[string, PointScenario, ExchangeOptions]> = [
    ['CoP21, 1 round', load('cop21.yaml'), { rounds: 1 }],
    ['CoP21, 10 rounds', load('cop21.yaml'), {}],
    ['default scenario, 10 rounds', load('ukraine-2024-11.yaml'), {}],
  ];
  console.log('case                          double ms  exchanges  decimal ms  exchanges  decimal / double');
  for (const [name, scenario, options] of cases) {
    runExchange(scenario, { ...options, arithmetic: 'decimal' }); // warm-up
    const double = medianMs(scenario, { ...options, arithmetic: 'double' }, 5);
    const decimal = medianMs(scenario, { ...options, arithmetic: 'decimal' }, 3);
    console.log(
      `${name.padEnd(29)} ${double.ms.toFixed(1).padStart(9)} ${String(double.exchanges).padStart(10)} ${decimal.ms.toFixed(1).padStart(11)} ${String(decimal.exchanges).padStart(10)} ${(decimal.ms / double.ms).toFixed(1).padStart(17)}×`,
    );
  }
}

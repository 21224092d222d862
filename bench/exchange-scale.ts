/**
 * Issue 24's scale for the exchange model: random scenarios of 1,000 and 5,000 actors, each
 * run in a fresh process (`node dist/bench/exchange-scale.js ACTORS ISSUES` runs one and
 * prints JSON), timed in CPU and measured in peak memory (max RSS of the process). A scenario
 * above `exchangeLimits` is refused before a round is built: the process reports the reason
 * the forecast shows (not applicable) and how little that cost. Every actor is on every
 * issue, positions U(0, 100) rounded, saliences and capabilities U(0.1, 1), from a seed
 * (`randomCase` of bench/exchange.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runModel, isNotApplicable } from '../src/core/run-model.js';
import { resolveParams } from '../src/core/model.js';
import { exchangeModel } from '../src/core/models/exchange.js';
import { randomCase } from './exchange-cases.js';
import { quick } from './settings.js';

interface ScaleResult {
  actors: number;
  issues: number;
  cpuSeconds: number;
  maxRssMb: number;
  ran: boolean;
  reason?: string;
}

/** One case in this process: the exchange model as a forecast runs it (forecast detail, through `runModel`). */
function one(actors: number, issues: number): ScaleResult {
  const scenario = randomCase(actors, issues, actors * 1000 + issues);
  const before = process.cpuUsage();
  const outcomes = runModel(exchangeModel, scenario, resolveParams(exchangeModel, {}).params, { detail: 'forecast' });
  const used = process.cpuUsage(before);
  const refused = outcomes.find(isNotApplicable);
  return {
    actors,
    issues,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ran: refused === undefined,
    ...(refused === undefined ? {} : { reason: refused.reason }),
  };
}

export function run(): void {
  const script = fileURLToPath(import.meta.url);
  const cases: Array<readonly [number, number]> = [
    [1000, 2],
    [1000, 5],
    [5000, 2],
    [5000, 10],
    ...(quick
      ? []
      : ([
          [500, 3],
          [1000, 20],
        ] as const)),
  ];
  console.log('issue 24: the exchange model on large random scenarios, each in a fresh process (forecast detail, default options)');
  console.log('actors issues   CPU s  max RSS MB  result');
  for (const [actors, issues] of cases) {
    const child = spawnSync(process.execPath, [script, String(actors), String(issues)], { encoding: 'utf8' });
    if (child.status !== 0) {
      console.log(
        `${String(actors).padStart(6)} ${String(issues).padStart(6)}  FAILED (exit ${child.status}): ${child.stderr.split('\n').slice(0, 3).join(' ')}`,
      );
      continue;
    }
    const result = JSON.parse(child.stdout) as ScaleResult;
    console.log(
      `${String(actors).padStart(6)} ${String(issues).padStart(6)} ${result.cpuSeconds.toFixed(2).padStart(7)} ${result.maxRssMb.toFixed(0).padStart(11)}  ${result.ran ? 'ran' : `not applicable: ${result.reason}`}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.length === 4) {
  console.log(JSON.stringify(one(Number(process.argv[2]), Number(process.argv[3]))));
}

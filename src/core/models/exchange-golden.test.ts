/**
 * The exchange model's double-mode output, pinned bit for bit: every shipped scenario and
 * variant under every combination of `moveHistory` and `tieBreak`, and a 1,000-draw seeded
 * Monte Carlo sweep of the default scenario. The golden file was written by the model as it
 * was before its inner loops were rewritten for speed (commit 9963cd4; hashes renewed in
 * f753813 when every run began to name its arithmetic), so a difference here
 * is a change of output, not of speed: explain it, or find the bug.
 *
 * Each run is kept as its forecasts and counts (to show what changed) and a SHA-256 of the
 * whole run as JSON (every trajectory, position, exchange and gain; JSON keeps a double's
 * every bit), so an unchanged hash proves the run unchanged.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pointWith, withVariant } from '../analyses/request.js';
import { runDraws } from '../analyses/draws.js';
import { triangularQuantile } from '../analyses/triangular.js';
import { pointScenario, variantIds } from '../resolve.js';
import { createRng, deriveSeed } from '../rng.js';
import type { Scenario } from '../scenario.js';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { decidersOutcome } from '../lobbying.js';
import { exchangeMoveHistories, exchangeTieBreaks, runExchange, type ExchangeOptions, type ExchangeRun } from './exchange.js';

const scenarioDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const sweepDraws = 1000;
const sweepSeed = 20261202;

function load(name: string): Scenario {
  const { scenario, problems } = loadScenarioFile(`${scenarioDir}${name}`, name);
  if (!scenario || problems.length > 0) throw new Error(`${name}: ${problems.map((problem) => problem.message).join('; ')}`);
  return scenario;
}

function digest(run: ExchangeRun): string {
  return createHash('sha256').update(JSON.stringify(run)).digest('hex');
}

function record(run: ExchangeRun) {
  return {
    rounds: run.rounds,
    stop: run.stop,
    exchanges: run.exchanges.length,
    forecasts: Object.fromEntries(run.issues.map((issue) => [issue.issue, issue.forecast])),
    sha256: digest(run),
  };
}

const scenarioFiles = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const optionSets: Array<{ label: string; options: ExchangeOptions }> = exchangeMoveHistories.flatMap((moveHistory) =>
  exchangeTieBreaks.map((tieBreak) => ({
    label: `moveHistory=${moveHistory} tieBreak=${tieBreak}`,
    options: { moveHistory, tieBreak, ...(tieBreak === 'random' ? { seed: 7 } : {}) },
  })),
);

describe('exchange model output is unchanged (golden file)', () => {
  it('finds the shipped scenarios', () => {
    expect(scenarioFiles).toContain('ukraine-2024-11.yaml');
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(3);
  });

  it.each(scenarioFiles)('%s: every variant, every moveHistory × tieBreak', async (name) => {
    const scenario = load(name);
    const runs: Record<string, Record<string, ReturnType<typeof record>>> = {};
    for (const variant of [undefined, ...variantIds(scenario)]) {
      const point = pointScenario(scenario, variant === undefined ? {} : { variant });
      const byOptions: Record<string, ReturnType<typeof record>> = {};
      for (const { label, options } of optionSets) byOptions[label] = record(runExchange(point, options));
      runs[variant ?? '(base)'] = byOptions;
    }
    await expect(`${JSON.stringify(runs, null, 1)}\n`).toMatchFileSnapshot(`./__golden__/exchange-${name.replace(/\.yaml$/, '')}.json`);
  });

  it(`a ${sweepDraws}-draw sweep of the default scenario, draw by draw`, async () => {
    const scenario = withVariant(load('ukraine-2024-11.yaml'), undefined);
    const draws: Array<{ forecasts: number[]; sha256: string }> = [];
    // What the engine reports: the run's forecasts, except where a unilateral rule makes the
    // deciders' final positions the outcome (USAID: the US seat's; docs/decisions.md).
    const reported: number[] = [];
    for (let draw = 0; draw < sweepDraws; draw++) {
      // The draw as the Monte Carlo engine makes it (draws.ts): inputs first, then the model's seed.
      const rng = createRng(deriveSeed(sweepSeed, draw));
      const point = pointWith(scenario, undefined, (range) => triangularQuantile(range, rng.next()));
      const run = runExchange(point, { seed: rng.int(4294967296) });
      draws.push({ forecasts: run.issues.map((issue) => issue.forecast), sha256: digest(run).slice(0, 16) });
      for (const issue of run.issues) {
        const input = point.issues.find((candidate) => candidate.id === issue.issue)!;
        reported.push(decidersOutcome(input, issue.finalPositions)?.forecast ?? issue.forecast);
      }
    }
    // The first draws again through the engine itself (what a sweep reports): these are its draws,
    // and the model asked for the forecast only (detail: 'forecast') forecasts the same.
    const checked = 100;
    const batch = runDraws(scenario, { draws: checked, seed: sweepSeed, models: ['exchange'], keepInputs: false }, 0, checked);
    expect(Array.from(batch.forecasts)).toEqual(reported.slice(0, checked * draws[0]!.forecasts.length));
    await expect(`${JSON.stringify(draws, null, 0).replaceAll('},{', '},\n{')}\n`).toMatchFileSnapshot('./__golden__/exchange-sweep.json');
    // A thousand runs of the model: room for a busy machine (a bound on waiting, not a timing).
  }, 600_000);
});

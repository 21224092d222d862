/**
 * The exchange model's double mode against a frozen copy of itself from before its inner
 * loops were rewritten for speed (src/core/testing/exchange-reference.ts, issue 22): both
 * run on the same inputs and every output field must be the same double (`Object.is`), not
 * merely close. The inputs are whatever the shipped scenarios are today (every variant, every
 * moveHistory × tieBreak), seeded Monte Carlo draws of the default scenario, and random cases
 * whose saliences sit on a coarse grid so that exact and near ties of gains and salience
 * ratios are common. The golden file pins today's numbers; this test pins the rewrite to the
 * old code on inputs the golden file does not hold.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pointWith, withVariant } from '../analyses/request.js';
import { triangularQuantile } from '../analyses/triangular.js';
import type { IssueInput, PointScenario } from '../model.js';
import { pointScenario, variantIds } from '../resolve.js';
import { createRng, deriveSeed } from '../rng.js';
import type { Scenario } from '../scenario.js';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { runExchange as runReference } from '../testing/exchange-reference.js';
import { firstDifference } from '../testing/first-difference.js';
import { exchangeMoveHistories, exchangeTieBreaks, runExchange, type ExchangeOptions } from './exchange.js';

const scenarioDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const scenarioFiles = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function load(name: string): Scenario {
  const { scenario, problems } = loadScenarioFile(`${scenarioDir}${name}`, name);
  if (!scenario || problems.length > 0) throw new Error(`${name}: ${problems.map((problem) => problem.message).join('; ')}`);
  return scenario;
}

function sameRun(point: Pick<PointScenario, 'issues'>, options: ExchangeOptions): string | undefined {
  return firstDifference(runExchange(point, options), runReference(point, options));
}

const optionSets: ExchangeOptions[] = exchangeMoveHistories.flatMap((moveHistory) =>
  exchangeTieBreaks.map((tieBreak): ExchangeOptions => ({ moveHistory, tieBreak, ...(tieBreak === 'random' ? { seed: 7 } : {}) })),
);

/** n actors on m issues with positions on a grid of 5 and saliences and capabilities on a grid of 0.1: ties are common. */
function tiedCase(actors: number, issues: number, seed: number): PointScenario {
  const rng = createRng(seed);
  const grid = (steps: number) => Math.round(rng.next() * steps);
  const capabilities = Array.from({ length: actors }, () => (1 + grid(9)) / 10);
  const issueInputs: IssueInput[] = Array.from({ length: issues }, (_, issue) => ({
    id: `I${issue}`,
    name: `issue ${issue}`,
    scale: { min: 0, max: 100 },
    actors: capabilities.map((capability, actor) => ({
      id: `a${actor}`,
      name: `A${actor}`,
      capability,
      position: 5 * grid(20),
      salience: (1 + grid(9)) / 10,
    })),
  }));
  return { id: `tied-${actors}x${issues}`, title: 'tied', issues: issueInputs };
}

describe('the fast exchange model gives the reference implementation’s output bit for bit', () => {
  it.each(scenarioFiles)('%s: every variant, every moveHistory × tieBreak, both details', (name) => {
    const scenario = load(name);
    for (const variant of [undefined, ...variantIds(scenario)]) {
      const point = pointScenario(scenario, variant === undefined ? {} : { variant });
      for (const options of optionSets) {
        for (const detail of ['full', 'forecast'] as const) {
          expect(sameRun(point, { ...options, detail }), `${variant ?? '(base)'} ${JSON.stringify(options)} ${detail}`).toBeUndefined();
        }
      }
    }
  });

  it('200 seeded Monte Carlo draws of the default scenario, as the engine makes them', () => {
    const scenario = withVariant(load('ukraine-2024-11.yaml'), undefined);
    for (let draw = 0; draw < 200; draw++) {
      const rng = createRng(deriveSeed(20261203, draw));
      const point = pointWith(scenario, undefined, (range) => triangularQuantile(range, rng.next()));
      const seed = rng.int(4294967296);
      const options = optionSets[draw % optionSets.length]!;
      expect(sameRun(point, { ...options, seed, detail: draw % 2 === 0 ? 'full' : 'forecast' }), `draw ${draw}`).toBeUndefined();
    }
  }, 120_000);

  it('random cases with many ties of gains and salience ratios', () => {
    let cases = 0;
    for (const [actors, issues] of [
      [3, 2],
      [5, 3],
      [8, 4],
      [12, 5],
    ] as const) {
      for (let seed = 1; seed <= 12; seed++) {
        const point = tiedCase(actors, issues, actors * 100 + seed);
        for (const options of optionSets) {
          expect(sameRun(point, { ...options, seed }), `${point.id} seed ${seed} ${JSON.stringify(options)}`).toBeUndefined();
          cases++;
        }
      }
    }
    expect(cases).toBe(4 * 12 * 4);
  }, 120_000);
});

describe('firstDifference', () => {
  it('finds a difference of one bit, of −0 and of a key, and none between equal values', () => {
    expect(firstDifference({ a: [1, 0.1 + 0.2] }, { a: [1, 0.30000000000000004] })).toBeUndefined();
    expect(firstDifference({ a: [1, 0.1 + 0.2] }, { a: [1, 0.3] })).toBe('run.a.1: 0.30000000000000004 ≠ 0.3');
    expect(firstDifference([0], [-0])).toBe('run.0: 0 ≠ 0');
    expect(firstDifference([Number.NaN], [Number.NaN])).toBeUndefined();
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toBe('run: keys [a] ≠ [a, b]');
  });
});

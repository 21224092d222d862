/**
 * The output of the spatial model, the expected utility model and the three baselines,
 * pinned bit for bit before their inner loops were changed for speed (issue 22, December
 * 2026): every shipped scenario and variant, full detail and forecast detail, the spatial
 * model under each of its options in turn and the expected utility model under each
 * variant, and 200 seeded Monte Carlo draws of the default scenario through the engine. A
 * difference here is a change of output, not of speed: explain it, or find the bug.
 *
 * Each run is kept as its forecasts (to show what changed) and a SHA-256 of the whole output
 * as JSON (with forecast detail: of the forecasts and notes), with -0, NaN and the
 * infinities spelled out so that JSON keeps every bit.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDraws } from '../analyses/draws.js';
import { withVariant } from '../analyses/request.js';
import type { IssueForecast, Model, ModelRunOptions, ParamValues } from '../model.js';
import { pointScenario, variantIds } from '../resolve.js';
import type { Scenario } from '../scenario.js';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { compromiseModel, eumModel, medianModel, nashModel, smpModel } from './index.js';

const scenarioDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const scenarioFiles = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const pinned: readonly Model[] = [compromiseModel, medianModel, nashModel, eumModel, smpModel];

function load(name: string): Scenario {
  const { scenario, problems } = loadScenarioFile(`${scenarioDir}${name}`, name);
  if (!scenario || problems.length > 0) throw new Error(`${name}: ${problems.map((problem) => problem.message).join('; ')}`);
  return scenario;
}

/** JSON that keeps every double: -0, NaN and ±Infinity as strings, typed arrays as lists. */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number') {
      if (Object.is(item, -0)) return '-0';
      if (!Number.isFinite(item)) return String(item);
    }
    if (ArrayBuffer.isView(item) && !(item instanceof DataView)) return Array.from(item as unknown as ArrayLike<number>);
    return item;
  });
}

function digest(value: unknown): string {
  return createHash('sha256').update(exactJson(value)).digest('hex');
}

/** The forecasts and hash of a run, or the error it throws (a model may not run on a variant). */
function record(model: Model, point: ReturnType<typeof pointScenario>, params: ParamValues, options: ModelRunOptions) {
  let output: IssueForecast[];
  try {
    output = model.run(point, params, options);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  // With `detail: 'forecast'` a model may leave out its explanation data (model.ts); the
  // forecasts and notes must stay.
  const kept = options.detail === 'forecast' ? output.map(({ issue, forecast, notes }) => ({ issue, forecast, notes })) : output;
  return { forecasts: output.map((issue) => exactJson(issue.forecast)).join(' '), sha256: digest(kept) };
}

/** The default parameters, then each enumerated or boolean parameter of the model set to each other value in turn. */
function parameterSets(model: Model): Array<{ label: string; params: ParamValues }> {
  const sets: Array<{ label: string; params: ParamValues }> = [{ label: 'defaults', params: {} }];
  for (const spec of model.params) {
    if (spec.type === 'enum') {
      for (const value of spec.values) if (value !== spec.default) sets.push({ label: `${spec.name}=${value}`, params: { [spec.name]: value } });
    } else if (spec.type === 'boolean') sets.push({ label: `${spec.name}=${!spec.default}`, params: { [spec.name]: !spec.default } });
  }
  return sets;
}

describe('smp, eum and the baselines: output unchanged (golden files)', () => {
  it('finds the shipped scenarios', () => {
    expect(scenarioFiles).toContain('ukraine-2024-11.yaml');
  });

  it.each(scenarioFiles)(
    '%s: every model, every variant, both details; every option on the base',
    async (name) => {
      const scenario = load(name);
      const runs: Record<string, unknown> = {};
      for (const model of pinned) {
        for (const variant of [undefined, ...variantIds(scenario)]) {
          const point = pointScenario(scenario, variant === undefined ? {} : { variant });
          const sets = variant === undefined ? parameterSets(model) : [{ label: 'defaults', params: {} }];
          for (const { label, params } of sets) {
            for (const detail of ['full', 'forecast'] as const) {
              runs[`${model.id} ${variant ?? '(base)'} ${label} ${detail}`] = record(model, point, params, { detail, seed: 11 });
            }
          }
        }
      }
      await expect(`${JSON.stringify(runs, null, 1)}\n`).toMatchFileSnapshot(`./__golden__/models-${name.replace(/\.yaml$/, '')}.json`);
    },
    600_000,
  );

  it('200 seeded Monte Carlo draws of the default scenario, draw by draw', async () => {
    const scenario = withVariant(load('ukraine-2024-11.yaml'), undefined);
    const draws = 200;
    const batch = runDraws(scenario, { draws, seed: 20261202, models: pinned.map((model) => model.id), keepInputs: false }, 0, draws);
    const perDraw = Array.from(batch.forecasts).length / draws;
    const lines: string[] = [];
    for (let draw = 0; draw < draws; draw++) lines.push(exactJson(Array.from(batch.forecasts.subarray(draw * perDraw, (draw + 1) * perDraw))));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__golden__/models-sweep.json');
  }, 600_000);
});

/**
 * The work of the advice search, cut into tasks a worker thread can run alone: the forecasts
 * of a list of change sets (each applied to the scenario as a variant), either at the modes
 * or over Monte Carlo draws. A task's result depends on the task alone, so the search gives
 * the same list however its tasks land on workers.
 *
 * Draws use common random numbers: draw k of a change set takes, for every ranged input the
 * base scenario also has (by input name), the same uniform number as draw k of the base —
 * the numbers `monteCarlo` draws with that seed — so the base and the advice meet the same
 * world in each draw. Inputs only the changed scenario has (a seat brought in) take theirs
 * from a stream of their own.
 */
import type { ParamValues, PointScenario } from '../model.js';
import { getModel } from '../models/index.js';
import { applyVariant, pointScenario, type ValueSite } from '../resolve.js';
import { createRng, deriveSeed } from '../rng.js';
import { isNotApplicable, runModel } from '../run-model.js';
import { isRange, type Change, type Scenario, type Uncertain } from '../scenario.js';
import { inputName, pointWith } from './request.js';
import { triangularQuantile } from './triangular.js';

/** The model the forecasts come from, with its parameters resolved. */
export interface AdviceModel {
  id: string;
  params: ParamValues;
  /** Seed of stochastic models at the modes (draws derive their own). */
  seed: number;
}

export type AdviceTask =
  | { kind: 'point'; model: AdviceModel; changeSets: Change[][] }
  | { kind: 'draws'; model: AdviceModel; changeSets: Change[][]; seed: number; fromDraw: number; toDraw: number };

/** Runs advice tasks; results in task order. */
export interface AdviceExecutor {
  runAdviceTasks(scenario: Scenario, tasks: readonly AdviceTask[]): Promise<Float64Array[]>;
}

/** Runs every task in this thread. */
export const inProcessAdvice: AdviceExecutor = {
  runAdviceTasks: async (scenario, tasks) => tasks.map((task) => runAdviceTask(scenario, task)),
};

const adviceVariant = 'advice';

/** The scenario with `changes` applied exactly as a variant of the file would apply them. */
export function withChanges(scenario: Scenario, changes: readonly Change[]): Scenario {
  if (changes.length === 0) return scenario;
  return applyVariant({ ...scenario, variants: [{ id: adviceVariant, changes: [...changes] }] }, adviceVariant);
}

/**
 * One task's forecasts: for `point`, change set s's forecast on issue i at `s · issues + i`;
 * for `draws`, draw d's at `((d − fromDraw) · sets + s) · issues + i`. NaN where the model
 * cannot forecast.
 *
 * Cost: one model run per change set (and per draw).
 */
export function runAdviceTask(scenario: Scenario, task: AdviceTask): Float64Array {
  const issues = scenario.issues.length;
  const sets = task.changeSets.length;
  const changed = task.changeSets.map((changes) => withChanges(scenario, changes));
  if (task.kind === 'point') {
    const out = new Float64Array(sets * issues);
    changed.forEach((variant, s) => out.set(modelForecasts(pointScenario(variant), task.model), s * issues));
    return out;
  }
  const out = new Float64Array((task.toDraw - task.fromDraw) * sets * issues);
  for (let draw = task.fromDraw; draw < task.toDraw; draw++) {
    const rng = createRng(deriveSeed(task.seed, draw));
    const uniforms = new Map<string, number>();
    pointScenario(scenario, {
      value: (value: Uncertain, site: ValueSite) => {
        if (isRange(value)) uniforms.set(inputName(site), rng.next());
        return 0;
      },
    });
    const modelSeed = rng.int(4294967296);
    const model = { ...task.model, seed: modelSeed };
    changed.forEach((variant, s) => {
      const extra = createRng(deriveSeed(deriveSeed(task.seed, draw), 1));
      const drawn = pointScenario(variant, {
        value: (value: Uncertain, site: ValueSite) => (isRange(value) ? triangularQuantile(value, uniforms.get(inputName(site)) ?? extra.next()) : value),
      });
      out.set(modelForecasts(drawn, model), ((draw - task.fromDraw) * sets + s) * issues);
    });
  }
  return out;
}

/**
 * The model's forecast of every issue, in scenario order, NaN where it cannot forecast.
 * For `ensemble` these are the one-answer summary's forecasts (`headline`).
 */
export function modelForecasts(point: PointScenario, model: AdviceModel): Float64Array {
  const out = new Float64Array(point.issues.length).fill(Number.NaN);
  const index = new Map(point.issues.map((issue, i) => [issue.id, i]));
  for (const outcome of runModel(getModel(model.id), point, model.params, { seed: model.seed, detail: 'forecast' })) {
    if (!isNotApplicable(outcome)) out[index.get(outcome.issue)!] = outcome.forecast;
  }
  return out;
}

/** The base draws as `monteCarlo` makes them (for a check that the common random numbers are its numbers). */
export function baseDraw(scenario: Scenario, seed: number, draw: number): PointScenario {
  const rng = createRng(deriveSeed(seed, draw));
  return pointWith(scenario, undefined, (range) => triangularQuantile(range, rng.next()));
}

/**
 * Monte Carlo draws: every ranged input drawn from its triangular distribution, the chosen
 * models run on the result. Draw k uses `createRng(deriveSeed(seed, k))` and nothing else,
 * so a draw's numbers do not depend on which worker ran it or what ran before it.
 *
 * A batch holds long-format rows — one per draw × model × issue, with every drawn input as
 * a column — stored as columns of numbers (typed arrays that cross a worker boundary
 * without copying); `drawRows` reads them back as row objects.
 */
import { createRng, deriveSeed } from '../rng.js';
import { ParleyError } from '../errors.js';
import { isNotApplicable, runModel } from '../run-model.js';
import type { Scenario } from '../scenario.js';
import { checkSeed, pointWith, prepareModels, rangedInputs, withVariant, type AnalysisRequest, type PreparedModels, type RangedInput } from './request.js';
import { triangularQuantile } from './triangular.js';

export interface MonteCarloRequest extends AnalysisRequest {
  /** How many draws, a whole number above 0. */
  draws: number;
  /** Root seed: draw k uses `createRng(deriveSeed(seed, k))`. */
  seed: number;
  /** Equal-width histogram bins over each issue's scale; default 10. */
  bins?: number;
  /**
   * Keep each draw's input values in the batches (for long-format rows); default true. The
   * summary needs only the forecasts, so large runs leave them out: they cost 8 bytes per
   * ranged input a draw (a 60-actor scenario with 5 issues: 5 KB a draw, 0.5 GB for 100,000
   * draws), many times the forecasts. The draws are the same either way.
   */
  keepInputs?: boolean;
}

/** Draws `fromDraw` (inclusive) to `toDraw` (exclusive), as columns. */
export interface DrawBatch {
  fromDraw: number;
  toDraw: number;
  models: string[];
  issues: string[];
  /** Names of the drawn inputs, in column order (see `rangedInputs`). */
  inputs: string[];
  /** Forecast of draw d, model m, issue i at `((d − fromDraw)·models + m)·issues + i`; NaN where the model could not run. */
  forecasts: Float64Array;
  /** Input j of draw d at `(d − fromDraw)·inputs + j`. */
  inputValues: Float64Array;
}

/** One long-format row: a draw's forecast by one model on one issue, with every drawn input. */
export interface DrawRow {
  draw: number;
  model: string;
  issue: string;
  forecast: number;
  [input: string]: number | string;
}

/** A checked request with everything a draw needs worked out once. */
export interface DrawPlan {
  /** The scenario with the variant applied. */
  scenario: Scenario;
  request: MonteCarloRequest;
  prepared: PreparedModels;
  inputs: RangedInput[];
  issues: string[];
}

/**
 * Checks the request against the scenario: draws a whole number above 0, seed and bins
 * whole numbers, models and variant known, parameters valid. A ParleyError otherwise.
 */
export function planDraws(scenario: Scenario, request: MonteCarloRequest): DrawPlan {
  if (!Number.isSafeInteger(request.draws) || request.draws <= 0) {
    throw new ParleyError('bad-request', `draws must be a whole number above 0, got ${request.draws}`);
  }
  checkSeed(request.seed);
  if (request.bins !== undefined && (!Number.isSafeInteger(request.bins) || request.bins <= 0)) {
    throw new ParleyError('bad-request', `bins must be a whole number above 0, got ${request.bins}`);
  }
  const prepared = prepareModels(request);
  const resolved = withVariant(scenario, request.variant);
  return { scenario: resolved, request, prepared, inputs: rangedInputs(resolved), issues: resolved.issues.map((issue) => issue.id) };
}

/** Hooks for a caller that runs draws in slices or across threads. */
export interface DrawControl {
  /** Asked before each draw; `true` ends the batch early with the draws finished so far. */
  shouldStop?: () => boolean;
  /** Told the number of draws finished in this batch after each draw. */
  onDraw?: (finished: number) => void;
}

/**
 * Runs draws `fromDraw` to `toDraw − 1` of a Monte Carlo request and returns them as one
 * batch (shorter if `control.shouldStop` ends it early).
 *
 * Cost: O(draws × (inputs + cost of each model on the scenario)).
 *
 * @example runDraws(scenario, { draws: 100, seed: 1 }, 0, 100).forecasts.length // 100 × models × issues
 */
export function runDraws(scenario: Scenario, request: MonteCarloRequest, fromDraw: number, toDraw: number, control: DrawControl = {}): DrawBatch {
  return runPlannedDraws(planDraws(scenario, request), fromDraw, toDraw, control);
}

/** `runDraws` for a plan already checked. */
export function runPlannedDraws(plan: DrawPlan, fromDraw: number, toDraw: number, control: DrawControl = {}): DrawBatch {
  if (!Number.isSafeInteger(fromDraw) || !Number.isSafeInteger(toDraw) || fromDraw < 0 || toDraw < fromDraw) {
    throw new ParleyError('bad-request', `draws ${fromDraw} to ${toDraw}: expected whole numbers with 0 ≤ from ≤ to`);
  }
  const { prepared, inputs, issues } = plan;
  const modelCount = prepared.models.length;
  const cellsPerDraw = modelCount * issues.length;
  const issueIndex = new Map(issues.map((issue, index) => [issue, index]));
  const forecasts = new Float64Array((toDraw - fromDraw) * cellsPerDraw).fill(Number.NaN);
  const kept = plan.request.keepInputs === false ? [] : inputs;
  const inputValues = new Float64Array((toDraw - fromDraw) * kept.length);
  let draw = fromDraw;
  for (; draw < toDraw; draw++) {
    if (control.shouldStop?.()) break;
    const rng = createRng(deriveSeed(plan.request.seed, draw));
    const inputOffset = (draw - fromDraw) * kept.length;
    const point = pointWith(plan.scenario, plan.request.variant, (range, index) => {
      const value = triangularQuantile(range, rng.next());
      if (kept.length > 0) inputValues[inputOffset + index] = value;
      return value;
    });
    // Stochastic models get their seed from the same stream, after the inputs; only the
    // forecast is kept, so models may skip their explanation data.
    const modelSeed = rng.int(4294967296);
    for (let modelIndex = 0; modelIndex < modelCount; modelIndex++) {
      const model = prepared.models[modelIndex]!;
      // A model that cannot run on an issue in this draw leaves its NaN there; the others stand.
      for (const outcome of runModel(model, point, prepared.params[model.id]!, { seed: modelSeed, detail: 'forecast' })) {
        const issue = issueIndex.get(outcome.issue);
        if (issue !== undefined && !isNotApplicable(outcome)) {
          forecasts[(draw - fromDraw) * cellsPerDraw + modelIndex * issues.length + issue] = outcome.forecast;
        }
      }
    }
    control.onDraw?.(draw - fromDraw + 1);
  }
  const finished = draw - fromDraw;
  return {
    fromDraw,
    toDraw: draw,
    models: prepared.models.map((model) => model.id),
    issues: [...issues],
    inputs: kept.map((input) => input.name),
    forecasts: finished === toDraw - fromDraw ? forecasts : forecasts.slice(0, finished * cellsPerDraw),
    inputValues: finished === toDraw - fromDraw ? inputValues : inputValues.slice(0, finished * kept.length),
  };
}

/**
 * The batch as long-format rows, ordered by draw, then model, then issue: `draw, model,
 * issue, forecast`, then each drawn input by name.
 *
 * Cost: O(rows × inputs).
 */
export function* drawRows(batch: DrawBatch): Generator<DrawRow> {
  const cellsPerDraw = batch.models.length * batch.issues.length;
  for (let draw = batch.fromDraw; draw < batch.toDraw; draw++) {
    const offset = draw - batch.fromDraw;
    const inputs: Record<string, number> = {};
    batch.inputs.forEach((name, index) => (inputs[name] = batch.inputValues[offset * batch.inputs.length + index]!));
    for (let modelIndex = 0; modelIndex < batch.models.length; modelIndex++) {
      for (let issueIndex = 0; issueIndex < batch.issues.length; issueIndex++) {
        yield {
          draw,
          model: batch.models[modelIndex]!,
          issue: batch.issues[issueIndex]!,
          forecast: batch.forecasts[offset * cellsPerDraw + modelIndex * batch.issues.length + issueIndex]!,
          ...inputs,
        };
      }
    }
  }
}

/**
 * Sensitivity: which inputs drive the forecast, and how it moves with a model's parameters.
 *
 * - Tornado (one at a time): each ranged input at its low and at its high, every other
 *   input at its mode; per model and issue, the inputs ranked by the swing they cause.
 * - Parameter sweep: one model parameter set to each of a list of values, the rest as
 *   requested, every input at its mode.
 */
import { isNotApplicable, runModel } from '../run-model.js';
import { resolveParams, type ParamValues, type PointScenario } from '../model.js';
import { ParleyError } from '../errors.js';
import type { Scenario } from '../scenario.js';
import {
  checkSeed,
  pointWith,
  prepareModels,
  rangedInputs,
  scenarioLabel,
  withVariant,
  type AnalysisRequest,
  type PreparedModels,
  type RangedInput,
} from './request.js';

/** One model parameter and the values to try, e.g. `{ model: 'eum', param: 'rounds', values: [10, 20, 40] }`. */
export interface ParameterSweep {
  model: string;
  param: string;
  values: ReadonlyArray<string | number | boolean>;
}

export interface SensitivityRequest extends AnalysisRequest {
  /** Parameter sweeps to run besides the tornado. */
  sweeps?: readonly ParameterSweep[];
}

/** One input's bar in a tornado: the forecast with that input at its low and at its high. */
export interface TornadoBar extends RangedInput {
  atLow: number;
  atHigh: number;
  /**
   * The span of the forecast over the input's low, mode and high (max − min of the three).
   * For a forecast monotone in the input this is |atHigh − atLow|, the classic bar; the mode
   * is included so an input that moves the forecast the same way at both ends still shows.
   */
  swing: number;
}

/** The tornado of one model on one issue: bars ranked by swing, largest first (ties in input order). */
export interface Tornado {
  model: string;
  issue: string;
  /** The forecast with every input at its mode. */
  base: number;
  bars: TornadoBar[];
}

/** One long-format row of a parameter sweep. */
export interface SweepRow {
  model: string;
  param: string;
  value: string | number | boolean;
  issue: string;
  forecast: number;
}

export interface SensitivityResult {
  scenario: { id: string; title: string; variant: string | null };
  params: Record<string, ParamValues>;
  inputs: RangedInput[];
  tornado: Tornado[];
  sweeps: SweepRow[];
}

/**
 * The tornado for every chosen model and issue, and the requested parameter sweeps. A
 * ParleyError for an unknown model, variant or parameter, a sweep of a model not run, or a
 * sweep value the parameter does not accept.
 *
 * Cost: (2 × ranged inputs + 1) forecasts of every chosen model, plus one forecast of the
 * swept model per sweep value.
 *
 * @example sensitivity(scenario, { models: ['compromise'] }).tornado[0].bars[0].input // the input that matters most
 */
export function sensitivity(scenario: Scenario, request: SensitivityRequest = {}): SensitivityResult {
  checkSeed(request.seed);
  const prepared = prepareModels(request);
  const sweeps = (request.sweeps ?? []).map((sweep) => checkSweep(sweep, prepared, request));
  const resolved = withVariant(scenario, request.variant);
  const inputs = rangedInputs(resolved);
  const issues = resolved.issues.map((issue) => issue.id);
  const run = (pick: Parameters<typeof pointWith>[2]) => forecastGrid(pointWith(resolved, request.variant, pick), prepared, issues, request.seed);

  const base = run((range) => range.mode);
  const atLow = inputs.map((_, target) => run((range, index) => (index === target ? range.low : range.mode)));
  const atHigh = inputs.map((_, target) => run((range, index) => (index === target ? range.high : range.mode)));
  const tornado: Tornado[] = [];
  prepared.models.forEach((model, modelIndex) => {
    issues.forEach((issue, issueIndex) => {
      const cell = modelIndex * issues.length + issueIndex;
      const baseForecast = base[cell]!;
      // Where the model cannot run (NaN, see run-model.ts) there is no tornado, and no bar
      // for an input whose end stops it: a swing to nowhere is not a number.
      if (!Number.isFinite(baseForecast)) return;
      const bars = inputs.flatMap((input, inputIndex): TornadoBar[] => {
        const low = atLow[inputIndex]![cell]!;
        const high = atHigh[inputIndex]![cell]!;
        if (!Number.isFinite(low) || !Number.isFinite(high)) return [];
        return [{ ...input, atLow: low, atHigh: high, swing: Math.max(low, baseForecast, high) - Math.min(low, baseForecast, high) }];
      });
      bars.sort((a, b) => b.swing - a.swing);
      tornado.push({ model: model.id, issue, base: baseForecast, bars });
    });
  });

  const modePoint = pointWith(resolved, request.variant, (range) => range.mode);
  const sweepRows: SweepRow[] = [];
  for (const sweep of sweeps) {
    const model = prepared.models.find((candidate) => candidate.id === sweep.model)!;
    for (const { value, params } of sweep.settings) {
      const options = { detail: 'forecast' as const, ...(request.seed === undefined ? {} : { seed: request.seed }) };
      const forecasts = new Map(
        runModel(model, modePoint, params, options).flatMap((outcome) => (isNotApplicable(outcome) ? [] : [[outcome.issue, outcome.forecast] as const])),
      );
      for (const issue of issues) {
        const forecast = forecasts.get(issue);
        if (forecast !== undefined) sweepRows.push({ model: model.id, param: sweep.param, value, issue, forecast });
      }
    }
  }
  return { scenario: scenarioLabel(scenario, request.variant), params: prepared.params, inputs, tornado, sweeps: sweepRows };
}

/** Each sweep value checked against the parameter's description, with the full parameter set it gives. */
function checkSweep(sweep: ParameterSweep, prepared: PreparedModels, request: AnalysisRequest) {
  const model = prepared.models.find((candidate) => candidate.id === sweep.model);
  if (!model) {
    throw new ParleyError(
      'unknown-param',
      `sweep ${sweep.model}.${sweep.param}: "${sweep.model}" is not among the models run (${prepared.models.map((candidate) => candidate.id).join(', ')})`,
    );
  }
  if (sweep.values.length === 0) throw new ParleyError('bad-request', `sweep ${sweep.model}.${sweep.param}: no values given`);
  const settings = sweep.values.map((value) => {
    const { params, problems } = resolveParams(model, { ...request.params?.[model.id], [sweep.param]: value });
    if (problems.length > 0) throw new ParleyError('bad-param', `sweep ${sweep.model}.${sweep.param}=${String(value)}: ${problems.join('; ')}`);
    return { value: params[sweep.param]!, params };
  });
  return { model: model.id, param: sweep.param, settings };
}

/** Every chosen model's forecast on every issue, at `[model × issues + issue]` (NaN where a model could not run). */
function forecastGrid(point: PointScenario, prepared: PreparedModels, issues: readonly string[], seed: number | undefined): Float64Array {
  const grid = new Float64Array(prepared.models.length * issues.length).fill(Number.NaN);
  const options = { detail: 'forecast' as const, ...(seed === undefined ? {} : { seed }) };
  prepared.models.forEach((model, modelIndex) => {
    for (const outcome of runModel(model, point, prepared.params[model.id]!, options)) {
      const issueIndex = issues.indexOf(outcome.issue);
      if (issueIndex >= 0 && !isNotApplicable(outcome)) grid[modelIndex * issues.length + issueIndex] = outcome.forecast;
    }
  });
  return grid;
}

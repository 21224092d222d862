/**
 * A run requested through the API, computed with the library: the same functions the CLI
 * calls. Returns what storage keeps: the outputs, the models and seed, and the inputs hash
 * over the scenario and everything in the request that the result depends on.
 */
import { compare } from '../core/analyses/compare.js';
import { monteCarlo, type MonteCarloOptions } from '../core/analyses/monte-carlo.js';
import { sensitivity } from '../core/analyses/sensitivity.js';
import { forecast } from '../core/forecast.js';
import { modelIds } from '../core/models/index.js';
import type { Scenario } from '../core/scenario.js';
import { inputsHash } from '../storage/hash.js';
import type { MonteCarloOutputs, RunRequest } from './protocol.js';

export interface ComputedRun {
  models: string[];
  variant: string | null;
  seed: number | null;
  inputsHash: string;
  /** The request without who made it and which version it named: what the result depends on besides the scenario. */
  request: Omit<RunRequest, 'author' | 'version'>;
  outputs: unknown;
}

/**
 * Runs the request on the scenario; a ParleyError for an unknown model, variant or parameter.
 * A Monte Carlo run uses `monteCarloOptions` (executor, progress, stop) when given: the
 * same outputs wherever its draws run.
 */
export async function computeRun(scenario: Scenario, request: RunRequest, monteCarloOptions: MonteCarloOptions = {}): Promise<ComputedRun> {
  const { author: _author, version: _version, ...inputs } = request;
  const models = inputs.models ?? [...modelIds];
  const shared = { models, ...(inputs.params ? { params: inputs.params } : {}) };
  const variant = 'variant' in inputs ? inputs.variant : undefined;
  const common = {
    models,
    variant: variant ?? null,
    seed: inputs.seed ?? null,
    inputsHash: inputsHash({ scenario, request: { ...inputs, models } }),
    request: inputs,
  };
  switch (inputs.kind) {
    case 'forecast':
      return {
        ...common,
        outputs: forecast(scenario, { ...shared, ...(variant ? { variant } : {}), ...(inputs.seed === undefined ? {} : { seed: inputs.seed }) }),
      };
    case 'sensitivity':
      return {
        ...common,
        outputs: sensitivity(scenario, { ...shared, ...(variant ? { variant } : {}), ...(inputs.seed === undefined ? {} : { seed: inputs.seed }) }),
      };
    case 'compare':
      return {
        ...common,
        outputs: compare(scenario, {
          ...shared,
          ...(inputs.variants ? { variants: inputs.variants } : {}),
          ...(inputs.seed === undefined ? {} : { seed: inputs.seed }),
        }),
      };
    case 'monte-carlo': {
      const run = await monteCarlo(scenario, {
        ...shared,
        draws: inputs.draws,
        seed: inputs.seed,
        ...(variant ? { variant } : {}),
        ...(inputs.bins === undefined ? {} : { bins: inputs.bins }),
        keepInputs: false,
      }, monteCarloOptions);
      const outputs: MonteCarloOutputs & Record<string, unknown> = { ...run.summary };
      return { ...common, outputs };
    }
  }
}

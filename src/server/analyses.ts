/**
 * A run requested through the API, computed with the library: the same functions the CLI
 * calls. Returns what storage keeps: the outputs, the models and seed, and the inputs hash
 * over the scenario and everything in the request that the result depends on. A forecast,
 * sensitivity analysis or comparison answers its outputs as JSON text written where it ran
 * (`outputsJson`; megabytes the event loop then only stores and sends), a Monte Carlo run as
 * the summary object (`outputs`; small, and made here from the draws).
 */
import { type AnalysisExecutor, inProcessAnalyses } from '../core/analyses/analysis-tasks.js';
import { monteCarlo, type MonteCarloOptions } from '../core/analyses/monte-carlo.js';
import { modelIds } from '../core/models/index.js';
import type { Scenario } from '../core/scenario.js';
import { inputsHash } from '../storage/hash.js';
import type { MonteCarloOutputs, RunRequest } from './protocol.js';

interface ComputedInputs {
  models: string[];
  variant: string | null;
  seed: number | null;
  inputsHash: string;
  /** The request without who made it and which version it named: what the result depends on besides the scenario. */
  request: Omit<RunRequest, 'author' | 'version'>;
}

/** A run's outputs as an object, or as JSON text (`JSON.stringify` of that object, byte for byte). */
export type ComputedRun = ComputedInputs & ({ outputs: unknown; outputsJson?: undefined } | { outputsJson: string; outputs?: undefined });

/** Where a forecast, sensitivity analysis or comparison computes, and what stops it. */
export interface AnalysisOptions {
  /** Default: this thread (`inProcessAnalyses`). */
  executor?: AnalysisExecutor;
  signal?: AbortSignal;
}

/**
 * Runs the request on the scenario; a ParleyError for an unknown model, variant or parameter.
 * A Monte Carlo run uses `monteCarloOptions` (executor, progress, stop) when given, the
 * other kinds `analysisOptions`: the same outputs wherever they run.
 */
export async function computeRun(
  scenario: Scenario,
  request: Extract<RunRequest, { kind: 'monte-carlo' }>,
  monteCarloOptions?: MonteCarloOptions,
  analysisOptions?: AnalysisOptions,
): Promise<ComputedInputs & { outputs: MonteCarloOutputs }>;
export async function computeRun(
  scenario: Scenario,
  request: RunRequest,
  monteCarloOptions?: MonteCarloOptions,
  analysisOptions?: AnalysisOptions,
): Promise<ComputedRun>;
export async function computeRun(
  scenario: Scenario,
  request: RunRequest,
  monteCarloOptions: MonteCarloOptions = {},
  analysisOptions: AnalysisOptions = {},
): Promise<ComputedRun> {
  const { author: _author, version: _version, ...inputs } = request;
  const { executor: analyses = inProcessAnalyses, signal } = analysisOptions;
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
        outputsJson: await analyses.runAnalysisJson(
          scenario,
          {
            kind: 'forecast',
            request: { ...shared, ...(variant ? { variant } : {}), ...(inputs.seed === undefined ? {} : { seed: inputs.seed }) },
          },
          signal,
        ),
      };
    case 'sensitivity':
      return {
        ...common,
        outputsJson: await analyses.runAnalysisJson(
          scenario,
          {
            kind: 'sensitivity',
            request: { ...shared, ...(variant ? { variant } : {}), ...(inputs.seed === undefined ? {} : { seed: inputs.seed }) },
          },
          signal,
        ),
      };
    case 'compare':
      return {
        ...common,
        outputsJson: await analyses.runAnalysisJson(
          scenario,
          {
            kind: 'compare',
            request: { ...shared, ...(inputs.variants ? { variants: inputs.variants } : {}), ...(inputs.seed === undefined ? {} : { seed: inputs.seed }) },
          },
          signal,
        ),
      };
    case 'monte-carlo': {
      const run = await monteCarlo(
        scenario,
        {
          ...shared,
          draws: inputs.draws,
          seed: inputs.seed,
          ...(variant ? { variant } : {}),
          ...(inputs.bins === undefined ? {} : { bins: inputs.bins }),
          keepInputs: false,
        },
        monteCarloOptions,
      );
      const outputs: MonteCarloOutputs & Record<string, unknown> = { ...run.summary };
      return { ...common, outputs };
    }
  }
}

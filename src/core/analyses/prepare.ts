/**
 * The checks of a request that need no model's code: the models and parameters asked for
 * (`prepareModelsFrom`, given the model ids and a lookup) and the seed. `request.ts` applies
 * them with the registry; `parley forecast` with only the models it loaded (issue 22 §1).
 */
import { resolveParams, type Model, type ParamValues } from '../model.js';
import { ParleyError } from '../errors.js';

/** The part of a request every analysis shares. */
export interface AnalysisRequest {
  /** Model ids; default: every registered model. */
  models?: readonly string[];
  /** Analyse this variant of the scenario instead of the base. */
  variant?: string;
  /** Parameter values per model id, e.g. `{ eum: { rounds: 30 } }`. */
  params?: Record<string, Record<string, string | number | boolean>>;
  /** Seed for stochastic models (Monte Carlo derives one per draw from its root seed instead). */
  seed?: number;
}

/** The chosen models with their parameters resolved and checked. */
export interface PreparedModels {
  models: Model[];
  params: Record<string, ParamValues>;
}

/**
 * The requested models (default: all of `modelIds`) with their parameters, or a ParleyError:
 * `unknown-model`, `unknown-param` (parameters for a model not run) or `bad-param`; each
 * model found by `getModel` (the registry's, or the loaded models' of `loadModels`).
 */
export function prepareModelsFrom(
  request: Pick<AnalysisRequest, 'models' | 'params'>,
  modelIds: readonly string[],
  getModel: (id: string) => Model,
): PreparedModels {
  const requested = request.models ?? modelIds;
  if (requested.length === 0) throw new ParleyError('bad-request', 'no models to run');
  const unknown = requested.filter((id) => !modelIds.includes(id));
  if (unknown.length > 0) {
    throw new ParleyError('unknown-model', `unknown model ${unknown.map((id) => `"${id}"`).join(', ')}; the models are: ${modelIds.join(', ')}`);
  }
  const chosen = [...new Set(requested)].map(getModel);
  for (const modelId of Object.keys(request.params ?? {})) {
    if (!chosen.some((model) => model.id === modelId)) {
      throw new ParleyError('unknown-param', `parameters given for "${modelId}", which is not among the models run`);
    }
  }
  const params: Record<string, ParamValues> = {};
  for (const model of chosen) {
    const resolved = resolveParams(model, request.params?.[model.id] ?? {});
    if (resolved.problems.length > 0) throw new ParleyError('bad-param', resolved.problems.join('; '));
    params[model.id] = resolved.params;
  }
  return { models: chosen, params };
}

/** `seed` as a 32-bit-safe whole number, or a ParleyError. */
export function checkSeed(seed: number | undefined, what = 'seed'): void {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new ParleyError('bad-request', `${what} must be a whole number, got ${seed}`);
}

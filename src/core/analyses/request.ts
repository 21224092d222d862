/**
 * What every analysis asks for (models, a variant, parameters, a seed) and the checks that
 * turn a bad request into a ParleyError before any work starts. Also the scenario's ranged
 * inputs — the values Monte Carlo draws and the tornado moves — found in one fixed order.
 */
import { resolveParams, type Model, type ParamValues, type PointScenario } from '../model.js';
import { getModel, modelIds } from '../models/index.js';
import { ParleyError } from '../errors.js';
import { applyVariant, pointScenario, type ValueSite } from '../resolve.js';
import { isRange, type Range, type Scenario, type Uncertain } from '../scenario.js';

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
 * The requested models (default: all registered) with their parameters, or a ParleyError:
 * `unknown-model`, `unknown-param` (parameters for a model not run) or `bad-param`.
 */
export function prepareModels(request: Pick<AnalysisRequest, 'models' | 'params'>): PreparedModels {
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

/** The scenario with the variant applied (the scenario itself without one), or a ParleyError naming the variants there are. */
export function withVariant(scenario: Scenario, variant: string | undefined): Scenario {
  return variant === undefined ? scenario : applyVariant(scenario, variant);
}

/** `seed` as a 32-bit-safe whole number, or a ParleyError. */
export function checkSeed(seed: number | undefined, what = 'seed'): void {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new ParleyError('bad-request', `${what} must be a whole number, got ${seed}`);
}

/** One uncertain input of the scenario: what Monte Carlo draws and the tornado moves. */
export interface RangedInput {
  /** Column name in long-format rows: `russia.capability`, `china.FORCES.position`. */
  name: string;
  field: ValueSite['field'];
  actor: string;
  /** The issue of a position or salience; absent for a capability (one value on every issue). */
  issue?: string;
  low: number;
  mode: number;
  high: number;
}

/** The column name of an input at this site. */
export function inputName(site: ValueSite): string {
  if (site.field === 'capability') return site.issue === undefined ? `${site.actor}.capability` : `${site.actor}.${site.issue}.capability`;
  return `${site.actor}.${site.issue}.${site.field}`;
}

/**
 * The scenario resolved to numbers with `pick(range, index)` choosing the value of the
 * index-th ranged input (in the order of `rangedInputs`) and plain numbers kept. The scenario
 * must already have its variant applied; `variant` only labels the result.
 */
export function pointWith(scenario: Scenario, variant: string | undefined, pick: (range: Range, index: number) => number): PointScenario {
  let index = 0;
  const point = pointScenario(scenario, {
    value: (value: Uncertain) => (isRange(value) ? pick(value, index++) : value),
  });
  return variant === undefined ? point : { ...point, variant };
}

/**
 * Every ranged input that takes part (active actors' capabilities, then each issue's
 * participants' positions and saliences), in the order `pointWith` visits them: the column
 * order of long-format rows. The scenario must already have its variant applied.
 */
export function rangedInputs(scenario: Scenario): RangedInput[] {
  const inputs: RangedInput[] = [];
  pointScenario(scenario, {
    value: (value: Uncertain, site: ValueSite) => {
      if (!isRange(value)) return value;
      inputs.push({
        name: inputName(site),
        field: site.field,
        actor: site.actor,
        ...(site.issue === undefined ? {} : { issue: site.issue }),
        low: value.low,
        mode: value.mode,
        high: value.high,
      });
      return value.mode;
    },
  });
  return inputs;
}

/** The scenario's identity as every analysis result reports it. */
export function scenarioLabel(scenario: Scenario, variant: string | undefined): { id: string; title: string; variant: string | null } {
  return { id: scenario.id, title: scenario.title, variant: variant ?? null };
}

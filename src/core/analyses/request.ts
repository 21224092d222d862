/**
 * What every analysis asks for (models, a variant, parameters, a seed) and the checks that
 * turn a bad request into a ParleyError before any work starts. Also the scenario's ranged
 * inputs — the values Monte Carlo draws and the tornado moves — found in one fixed order.
 */
import type { PointScenario } from '../model.js';
import { getModel, modelIds } from '../models/index.js';
import { checkSeed, prepareModelsFrom, type AnalysisRequest, type PreparedModels } from './prepare.js';
import { applyVariant, pointScenario, type ValueSite } from '../resolve.js';
import { isRange, type Range, type Scenario, type Uncertain } from '../scenario.js';

export type { AnalysisRequest, PreparedModels } from './prepare.js';
export { checkSeed };

/**
 * The requested models (default: all registered) with their parameters, or a ParleyError:
 * `unknown-model`, `unknown-param` (parameters for a model not run) or `bad-param`.
 */
export function prepareModels(request: Pick<AnalysisRequest, 'models' | 'params'>): PreparedModels {
  return prepareModelsFrom(request, modelIds, getModel);
}

/** The scenario with the variant applied (the scenario itself without one), or a ParleyError naming the variants there are. */
export function withVariant(scenario: Scenario, variant: string | undefined): Scenario {
  return variant === undefined ? scenario : applyVariant(scenario, variant);
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

/**
 * What if: the base scenario and each variant forecast side by side, with each variant's
 * difference from the base per model and issue.
 */
import { forecast } from '../forecast.js';
import type { ParamValues } from '../model.js';
import { ParleyError } from '../errors.js';
import { variantIds } from '../resolve.js';
import type { Scenario } from '../scenario.js';
import { checkSeed, prepareModels, type AnalysisRequest } from './request.js';

export interface CompareRequest extends Omit<AnalysisRequest, 'variant'> {
  /** Variant ids to compare with the base; default: every variant of the scenario. */
  variants?: readonly string[];
}

export interface VariantForecast {
  variant: string;
  /** Null where the model cannot run on the issue in this variant; `reason` says why. */
  forecast: number | null;
  /** Variant minus base; null with the forecast. */
  difference: number | null;
  notes: string[];
  reason?: string;
}

export interface Comparison {
  model: string;
  issue: string;
  base: number;
  baseNotes: string[];
  variants: VariantForecast[];
}

export interface CompareResult {
  scenario: { id: string; title: string };
  variants: string[];
  params: Record<string, ParamValues>;
  /** Ordered by model, then issue. */
  results: Comparison[];
}

/**
 * Forecasts the base and each requested variant with the chosen models. A ParleyError
 * listing the scenario's variants for any unknown one, and for an unknown model or bad
 * parameter.
 *
 * Cost: (variants + 1) forecasts of every chosen model.
 *
 * @example compare(scenario, { variants: ['us-walks-away'] }).results[0].variants[0].difference
 */
export function compare(scenario: Scenario, request: CompareRequest = {}): CompareResult {
  checkSeed(request.seed);
  const prepared = prepareModels(request);
  const known = variantIds(scenario);
  const variants = [...new Set(request.variants ?? known)];
  const unknown = variants.filter((variant) => !known.includes(variant));
  if (unknown.length > 0) {
    throw new ParleyError(
      'unknown-variant',
      `unknown variant ${unknown.map((variant) => `"${variant}"`).join(', ')}; ${known.length ? `this scenario has: ${known.join(', ')}` : 'this scenario has no variants'}`,
    );
  }
  const shared = {
    models: prepared.models.map((model) => model.id),
    ...(request.params ? { params: request.params } : {}),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
  };
  const base = forecast(scenario, shared);
  const byVariant = variants.map((variant) => forecast(scenario, { ...shared, variant }));
  const results = base.results.map(
    (row): Comparison => ({
      model: row.model,
      issue: row.issue,
      base: row.forecast,
      baseNotes: row.notes,
      variants: byVariant.map((result, index) => {
        const match = result.results.find((candidate) => candidate.model === row.model && candidate.issue === row.issue);
        if (match === undefined) {
          const skipped = result.notApplicable.find((candidate) => candidate.model === row.model && candidate.issue === row.issue);
          return { variant: variants[index]!, forecast: null, difference: null, notes: [], reason: skipped?.reason ?? `${row.model}: no forecast` };
        }
        return { variant: variants[index]!, forecast: match.forecast, difference: match.forecast - row.forecast, notes: match.notes };
      }),
    }),
  );
  return { scenario: { id: scenario.id, title: scenario.title }, variants, params: prepared.params, results };
}

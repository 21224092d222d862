/**
 * Each model's forecast `details` type by model id, and `detailsOf`, which reads a row's
 * details as its model declares them. Types only come from the models, so importing this
 * (the web page does) loads no model.
 */
import type { calibratedModel } from './calibrated.js';
import type { compromiseModel } from './compromise.js';
import type { ensembleModel } from './ensemble.js';
import type { eumModel } from './eum/index.js';
import type { exchangeModel } from './exchange.js';
import type { medianModel } from './median.js';
import type { Model } from '../model.js';
import type { nashModel } from './nash.js';
import type { smpModel } from './smp/index.js';

/** The type of a model's forecast details, read from the model's declaration. */
type DetailsOf<M> = M extends Model<infer Details> ? Details : never;

/** Each registered model's forecast `details` type, by model id. */
export type ModelDetails = {
  compromise: DetailsOf<typeof compromiseModel>;
  median: DetailsOf<typeof medianModel>;
  nash: DetailsOf<typeof nashModel>;
  eum: DetailsOf<typeof eumModel>;
  smp: DetailsOf<typeof smpModel>;
  exchange: DetailsOf<typeof exchangeModel>;
  calibrated: DetailsOf<typeof calibratedModel>;
  ensemble: DetailsOf<typeof ensembleModel>;
};

/**
 * A forecast row's details typed as model `id` declares them, or undefined for a row of
 * another model. A row's details come from the model its `model` names (every row is made
 * by `runModel` from the registry's models), so the id decides their type; this is the one
 * place that says so, and readers (report, web app) need no cast of their own.
 *
 * @example detailsOf(row, 'eum')?.trajectory // the eum run's rounds, or undefined for another model's row
 */
export function detailsOf<Id extends keyof ModelDetails>(row: { readonly model: string; readonly details: object }, id: Id): ModelDetails[Id] | undefined {
  return row.model === id ? (row.details as ModelDetails[Id]) : undefined;
}

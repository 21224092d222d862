/**
 * The model registry: the one place that lists Parley's models. The CLI, the analyses and
 * the web app find models here only, so a new model is added by one line below.
 */
import { ParleyError } from '../errors.js';
import type { Model } from '../model.js';
import { calibratedModel } from './calibrated.js';
import { compromiseModel } from './compromise.js';
import { ensembleModel } from './ensemble.js';
import { eumModel } from './eum/index.js';
import { exchangeModel } from './exchange.js';
import { medianModel } from './median.js';
import { nashModel } from './nash.js';
import { smpModel } from './smp/index.js';

export const models: readonly Model[] = [compromiseModel, medianModel, nashModel, eumModel, smpModel, exchangeModel, calibratedModel, ensembleModel];

export const modelIds: readonly string[] = models.map((model) => model.id);

/** The model with this id, or a ParleyError listing the models there are. */
export function getModel(id: string): Model {
  const model = models.find((candidate) => candidate.id === id);
  if (!model) throw new ParleyError('unknown-model', `unknown model "${id}"; the models are: ${modelIds.join(', ')}`);
  return model;
}

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

export { calibratedModel, compromiseModel, ensembleModel, eumModel, exchangeModel, medianModel, nashModel, smpModel };

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

export { detailsOf, type ModelDetails } from './details.js';

export { calibratedModel, compromiseModel, ensembleModel, eumModel, exchangeModel, medianModel, nashModel, smpModel };

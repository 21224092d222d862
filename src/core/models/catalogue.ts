/**
 * The models' catalogue: each model's id and parameters, in the registry's order, and how to
 * load its code. What a command needs before a model runs (the ids a `--model` flag may name,
 * the parameters a `--param Name=Value` flag may set) is here without any model's code, so
 * that `parley forecast --model compromise` loads the compromise model alone (issue 22 §1).
 *
 * The registry (`index.ts`) still loads every model at once and is what the library, the
 * analyses, the server and the web page use; `catalogue.test.ts` checks that both list the
 * same models in the same order with the same parameters, and that each loader gives the
 * registry's own model.
 */
import { ParleyError } from '../errors.js';
import type { Model, ParamSpec } from '../model.js';
import { calibratedParams } from './calibrated-params.js';
import { eumParams } from './eum/params.js';
import { exchangeParams } from './exchange-params.js';
import { smpParams } from './smp/params.js';

/** One model as the catalogue lists it: its id, its parameters, and its code on demand. */
export interface CatalogueEntry {
  id: string;
  params: readonly ParamSpec[];
  load: () => Promise<Model>;
}

export const catalogue: readonly CatalogueEntry[] = [
  { id: 'compromise', params: [], load: async () => (await import('./compromise.js')).compromiseModel },
  { id: 'median', params: [], load: async () => (await import('./median.js')).medianModel },
  { id: 'nash', params: [], load: async () => (await import('./nash.js')).nashModel },
  { id: 'eum', params: eumParams, load: async () => (await import('./eum/index.js')).eumModel },
  { id: 'smp', params: smpParams, load: async () => (await import('./smp/index.js')).smpModel },
  { id: 'exchange', params: exchangeParams, load: async () => (await import('./exchange.js')).exchangeModel },
  { id: 'calibrated', params: calibratedParams, load: async () => (await import('./calibrated.js')).calibratedModel },
  { id: 'ensemble', params: [], load: async () => (await import('./ensemble.js')).ensembleModel },
];

/** Every model's id, in the registry's order. */
export const catalogueIds: readonly string[] = catalogue.map((entry) => entry.id);

/**
 * The code of these models (ids of the catalogue), loaded, as a lookup by id like the
 * registry's `getModel`; an id not among them is an `unknown-model` ParleyError.
 */
export async function loadModels(ids: readonly string[]): Promise<(id: string) => Model> {
  const loaded = new Map<string, Model>();
  for (const id of new Set(ids)) {
    const entry = catalogue.find((candidate) => candidate.id === id);
    if (entry === undefined) throw new ParleyError('unknown-model', `unknown model "${id}"; the models are: ${catalogueIds.join(', ')}`);
    loaded.set(id, await entry.load());
  }
  return (id) => {
    const model = loaded.get(id);
    if (model === undefined) throw new ParleyError('unknown-model', `model "${id}" was not loaded; the models loaded are: ${[...loaded.keys()].join(', ')}`);
    return model;
  };
}

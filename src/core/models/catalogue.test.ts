import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import { catalogue, catalogueIds, loadModels } from './catalogue.js';
import { getModel, modelIds, models } from './index.js';

describe('the models catalogue lists the registry without its code', () => {
  it('lists the registered models in the registry order', () => {
    expect(catalogueIds).toEqual(modelIds);
  });

  it.each(models.map((model) => [model.id, model] as const))('%s: the same parameters, and its loader gives the registered model', async (id, model) => {
    const entry = catalogue.find((candidate) => candidate.id === id)!;
    expect(entry.params).toEqual(model.params);
    if (model.params.length > 0) expect(entry.params).toBe(model.params);
    expect(await entry.load()).toBe(model);
  });

  it('loadModels gives a lookup of the models asked for, and refuses the others', async () => {
    const lookup = await loadModels(['compromise', 'eum', 'compromise']);
    expect(lookup('compromise')).toBe(getModel('compromise'));
    expect(lookup('eum')).toBe(getModel('eum'));
    expect(() => lookup('smp')).toThrow(ParleyError);
    await expect(loadModels(['nope'])).rejects.toThrow(
      'unknown model "nope"; the models are: compromise, median, nash, eum, smp, exchange, calibrated, ensemble',
    );
  });
});

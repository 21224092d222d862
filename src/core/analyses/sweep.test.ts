/**
 * The parameter sweep with a model registered for this test only: the analyses find models
 * through the registry alone, so a model added later is swept without changes to them.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Model } from '../model.js';
import { sensitivity } from './sensitivity.js';
import { actor, issue, scenarioOf } from './testing.js';

vi.mock('../models/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../models/index.js')>();
  /** Forecast: the first participant's position times `factor`, or the status quo when `anchor` is `status-quo`. */
  const scaled: Model = {
    id: 'scaled',
    name: 'Scaled first position (test model)',
    summary: 'test only',
    references: [],
    params: [
      { name: 'factor', description: 'multiplier', type: 'number', default: 1, min: 0, max: 2 },
      { name: 'anchor', description: 'what to scale', type: 'enum', default: 'first', values: ['first', 'status-quo'] },
    ],
    run: (scenario, params) =>
      scenario.issues.map((issueInput) => ({
        issue: issueInput.id,
        forecast: (params.anchor === 'status-quo' ? (issueInput.statusQuo ?? 0) : issueInput.actors[0]!.position) * Number(params.factor),
        notes: [],
        details: {},
      })),
  };
  const models = [...original.models, scaled];
  return {
    ...original,
    models,
    modelIds: models.map((model) => model.id),
    getModel: (id: string) => models.find((model) => model.id === id) ?? original.getModel(id),
  };
});

const scenario = scenarioOf(
  [issue('X', { statusQuo: 30 }), issue('Y')],
  [actor('a', 1, { X: [{ low: 10, mode: 20, high: 40 }, 1], Y: [60, 1] }), actor('b', 1, { X: [80, 1], Y: [0, 1] })],
);

describe('parameter sweep', () => {
  it('one long-format row per value and issue, with the other parameters as requested', () => {
    const result = sensitivity(scenario, {
      models: ['scaled'],
      params: { scaled: { anchor: 'status-quo' } },
      sweeps: [{ model: 'scaled', param: 'factor', values: ['0.5', 2] }],
    });
    // X: status quo 30 × 0.5 and × 2; Y has no status quo, so 0.
    expect(result.sweeps).toEqual([
      { model: 'scaled', param: 'factor', value: 0.5, issue: 'X', forecast: 15 },
      { model: 'scaled', param: 'factor', value: 0.5, issue: 'Y', forecast: 0 },
      { model: 'scaled', param: 'factor', value: 2, issue: 'X', forecast: 60 },
      { model: 'scaled', param: 'factor', value: 2, issue: 'Y', forecast: 0 },
    ]);
  });

  it('an enum parameter over its values; the tornado of the same model alongside', () => {
    const result = sensitivity(scenario, { models: ['scaled'], sweeps: [{ model: 'scaled', param: 'anchor', values: ['first', 'status-quo'] }] });
    expect(result.sweeps.filter((row) => row.issue === 'X').map((row) => row.forecast)).toEqual([20, 30]);
    // Tornado: a's X position 10 | 40 around the mode 20.
    expect(result.tornado[0]!.bars[0]).toMatchObject({ name: 'a.X.position', atLow: 10, atHigh: 40, swing: 30 });
  });

  it('values the parameter does not accept are named', () => {
    expect(() => sensitivity(scenario, { models: ['scaled'], sweeps: [{ model: 'scaled', param: 'factor', values: [1, 3] }] })).toThrow(
      /sweep scaled\.factor=3: scaled factor: must be at most 2, got 3/,
    );
    expect(() => sensitivity(scenario, { models: ['scaled'], sweeps: [{ model: 'scaled', param: 'anchor', values: ['middle'] }] })).toThrow(
      /sweep scaled\.anchor=middle: scaled anchor: expected one of first, status-quo/,
    );
  });
});

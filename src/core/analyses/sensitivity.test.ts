import { describe, expect, it } from 'vitest';
import { modelIds, models } from '../models/index.js';
import { sensitivity } from './sensitivity.js';
import { actor, issue, scenarioOf } from './testing.js';

/**
 * Compromise on one issue: the capability × salience weighted mean of positions. With every
 * input at its mode, a = (0, w 1), b = (100, w 1), c = (50, w 1): (0 + 100 + 50)/3 = 50.
 * Hand-derived, one input at a time:
 * - c.X.position 35 | 65:     (0 + 100 + 35)/3 = 45    | (0 + 100 + 65)/3 = 55     → swing 10
 * - b.capability 0.9 | 1.1:   (90 + 50)/2.9 = 48.2759  | (110 + 50)/3.1 = 51.6129  → swing 3.337
 * - a.X.position 0 | 6:       50                       | (6 + 150)/3 = 52          → swing 2
 * - c.X.salience 0.2 | 1:     (100 + 10)/2.2 = 50      | 50                        → swing 0 (c sits at the mean)
 * File order is b.capability, a.X.position, c.X.position, c.X.salience; the ranking differs.
 */
const handBuilt = scenarioOf(
  [issue('X')],
  [
    actor('a', 1, { X: [{ low: 0, mode: 0, high: 6 }, 1] }),
    actor('b', { low: 0.9, mode: 1, high: 1.1 }, { X: [100, 1] }),
    actor('c', 1, {
      X: [
        { low: 35, mode: 50, high: 65 },
        { low: 0.2, mode: 1, high: 1 },
      ],
    }),
  ],
);

describe('sensitivity: tornado', () => {
  it('ranks the inputs of a hand-built case in the hand-derived order, with the hand-derived forecasts', () => {
    const result = sensitivity(handBuilt, { models: ['compromise'] });
    expect(result.inputs.map((input) => input.name)).toEqual(['b.capability', 'a.X.position', 'c.X.position', 'c.X.salience']);
    const [tornado] = result.tornado;
    expect(tornado!.base).toBeCloseTo(50, 12);
    expect(tornado!.bars.map((bar) => bar.name)).toEqual(['c.X.position', 'b.capability', 'a.X.position', 'c.X.salience']);
    const expected = [
      [45, 55, 10],
      [140 / 2.9, 160 / 3.1, 160 / 3.1 - 140 / 2.9],
      [50, 52, 2],
      [50, 50, 0],
    ];
    tornado!.bars.forEach((bar, index) => {
      const [atLow, atHigh, swing] = expected[index]!;
      expect(bar.atLow).toBeCloseTo(atLow!, 10);
      expect(bar.atHigh).toBeCloseTo(atHigh!, 10);
      expect(bar.swing).toBeCloseTo(swing!, 10);
    });
  });

  it('covers every chosen model and issue, each with a bar per ranged input', () => {
    const result = sensitivity(handBuilt);
    expect(result.tornado.map((tornado) => tornado.model)).toEqual([...modelIds]);
    for (const tornado of result.tornado) expect(tornado.bars).toHaveLength(4);
  });
});

describe('sensitivity: parameter sweep', () => {
  // Whatever model is registered with a parameter: its default and, for an enum, every value.
  const swept = models.find((model) => model.params.some((param) => param.type !== 'boolean'));
  it.skipIf(!swept)('one row per value and issue; at the default, the forecast with every input at its mode', () => {
    const spec = swept!.params.find((param) => param.type !== 'boolean')!;
    const values = spec.type === 'enum' ? [...spec.values] : [spec.default];
    const result = sensitivity(handBuilt, { models: [swept!.id], sweeps: [{ model: swept!.id, param: spec.name, values }] });
    expect(result.sweeps).toHaveLength(values.length);
    expect(result.sweeps.map((row) => row.value)).toEqual(values);
    const atDefault = result.sweeps.find((row) => row.value === spec.default)!;
    expect(atDefault).toMatchObject({ model: swept!.id, param: spec.name, issue: 'X' });
    expect(atDefault.forecast).toBe(result.tornado[0]!.base);
  });

  it('rejects a sweep of a model not run, an unknown parameter and a value out of range', () => {
    expect(() => sensitivity(handBuilt, { models: ['compromise'], sweeps: [{ model: 'median', param: 'x', values: [1] }] })).toThrow(
      /sweep median\.x: "median" is not among the models run \(compromise\)/,
    );
    expect(() => sensitivity(handBuilt, { models: ['compromise'], sweeps: [{ model: 'compromise', param: 'rounds', values: [1, 2] }] })).toThrow(
      /sweep compromise\.rounds=1: compromise has no parameter "rounds"/,
    );
    expect(() => sensitivity(handBuilt, { models: ['compromise'], sweeps: [{ model: 'compromise', param: 'rounds', values: [] }] })).toThrow(/no values given/);
  });
});

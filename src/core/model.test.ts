import { describe, expect, it } from 'vitest';
import { ParleyError } from './errors.js';
import { paramDefaults, paramSettings, type ParamSpec } from './model.js';
import { eumDefaults } from './models/eum/index.js';
import { exchangeDefaults } from './models/exchange.js';
import { smpDefaults } from './models/smp/index.js';

const specs = [
  { name: 'kind', description: 'a choice', type: 'enum', default: 'a', values: ['a', 'b'] },
  { name: 'count', description: 'a whole number', type: 'integer', default: 3, min: 1 },
  { name: 'share', description: 'a number', type: 'number', default: 0.25 },
  { name: 'on', description: 'a switch', type: 'boolean', default: true },
] as const satisfies readonly ParamSpec[];

describe('parameters described once', () => {
  it('paramDefaults reads each default from its description', () => {
    expect(paramDefaults(specs)).toEqual({ kind: 'a', count: 3, share: 0.25, on: true });
  });

  it('paramSettings keeps given values, fills in defaults, and refuses an enum value that is not one of its values', () => {
    expect(paramSettings('m', specs, { kind: 'b', share: 0.5, on: false })).toEqual({ kind: 'b', count: 3, share: 0.5, on: false });
    // A value of the wrong type is the default, as each model read its parameters before.
    expect(paramSettings('m', specs, { count: 'many', on: 'yes' })).toEqual({ kind: 'a', count: 3, share: 0.25, on: true });
    expect(() => paramSettings('m', specs, { kind: 'c' })).toThrow(new ParleyError('bad-param', 'm: kind must be one of a, b, got "c"'));
  });

  it("the models' defaults, now read from their descriptions, are the ones each model wrote out before (EUM-SPEC §8, KTAB, Decide)", () => {
    expect(eumDefaults).toEqual({
      variant: 'parley',
      rounds: 0,
      fixedRounds: false,
      stabilityTolerance: 1e-6,
      cycleTolerance: 0.02,
      q: 1,
      t: 1,
      relations: true,
    });
    expect(smpDefaults).toEqual({
      VictoryProbModel: 'Linear',
      PCEModel: 'Conditional',
      StateTransitions: 'Deterministic',
      VotingRule: 'Prop',
      BigRAdjust: 'OneThird',
      BigRRange: 'Mid',
      ThirdPartyCommit: 'SemiCommit',
      InterVecBrgn: 'S2P2',
      BargnModel: 'InitOnlyInterp',
      DegenerateRisk: 'NaN',
      UtilityCheck: 'Fail',
      MaxTurns: 100,
      StopRatio: 0.02,
      seed: 0xe69c185c,
    });
    expect(exchangeDefaults).toEqual({
      arithmetic: 'double',
      rounds: 10,
      moveHistory: 'candidate',
      tieBreak: 'order',
      tieTolerance: 1e-12,
      salienceWeight: 0.4,
      fixedWeight: 0.1,
    });
  });
});

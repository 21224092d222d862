import { describe, expect, it } from 'vitest';
import { asOfWarnings } from './as-of.js';
import { formatPath } from './problems.js';
import type { Scenario } from './scenario.js';

/** Two actors, one citing a source from before asOf on its stance, one citing a later one on its capability. */
function dated(): Scenario {
  return {
    parley: 1,
    id: 'dated',
    title: 'Dated',
    asOf: '2024-11-21',
    sources: [{ id: 'before', date: '2024-11-21' }, { id: 'after', date: '2024-12-08' }, { id: 'undated' }, { id: 'uncited' }],
    issues: [{ id: 'TAX', name: 'Tax', scale: { min: 0, max: 100 } }],
    actors: [
      { id: 'A', name: 'A', capability: 1, stances: { TAX: { position: 20, salience: 0.5, evidence: [{ source: 'before' }, { source: 'after' }] } } },
      { id: 'B', name: 'B', capability: 1, evidence: [{ source: 'after' }, { source: 'undated' }], stances: { TAX: { position: 80, salience: 0.5 } } },
    ],
  };
}

describe('asOfWarnings', () => {
  it('warns on every citation of a source dated after asOf, and once per cited undated source', () => {
    const warnings = asOfWarnings(dated());
    expect(warnings.map((warning) => [warning.code, formatPath(warning.path)])).toEqual([
      ['source-after-as-of', 'actors[0].stances.TAX.evidence[1].source'],
      ['source-after-as-of', 'actors[1].evidence[0].source'],
      ['source-undated', 'sources[2]'],
    ]);
    expect(warnings[0]!.message).toBe('cites source "after" dated 2024-12-08, after the scenario\'s asOf 2024-11-21');
  });

  it('a source dated on asOf itself is allowed', () => {
    const scenario = dated();
    scenario.sources = [
      { id: 'after', date: '2024-11-21' },
      { id: 'before', date: '2024-11-20' },
      { id: 'undated', date: '2024-01-01' },
    ];
    expect(asOfWarnings(scenario)).toEqual([]);
  });

  it('says nothing without asOf', () => {
    const { asOf: _asOf, ...scenario } = dated();
    expect(asOfWarnings(scenario)).toEqual([]);
  });
});

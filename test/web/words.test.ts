/** Words the inspector and the track record page show (web/src/decision-words.ts, web/src/ledger-words.ts). */
import { describe, expect, it } from 'vitest';
import type { ForecastBody, ResolutionBody } from '../../src/core/ledger/entry.js';
import { defaultRuleText } from '../../web/src/decision-words.js';
import { entryWords } from '../../web/src/ledger-words.js';

describe('who decides an issue without a rule of its own', () => {
  it("names the scenario's default rule and its deciders", () => {
    expect(defaultRuleText({ decision: { rule: 'unanimity', by: ['eu', 'us'] } })).toBe("the scenario's default (unanimity of eu, us)");
    expect(defaultRuleText({ decision: { rule: 'majority' } })).toBe("the scenario's default (majority)");
  });

  it('says that, without a default, a majority of all actors taking part decides', () => {
    expect(defaultRuleText({})).toBe('not given: a majority of all actors taking part (the default)');
  });
});

describe('a ledger entry in words', () => {
  const forecast: ForecastBody = {
    kind: 'forecast',
    scenario: { id: 'budget', title: 'City budget', inputsHash: 'a'.repeat(64), yaml: '' },
    variant: null,
    issues: [],
    request: { models: ['median'], params: {}, seed: 1, draws: 0 },
    models: [],
    notApplicable: [],
    summary: [],
    note: null,
    resolveBy: null,
  };

  it('names the scenario of a forecast, and its variant and note when it has them', () => {
    expect(entryWords({ body: forecast })).toBe('forecast of City budget');
    expect(entryWords({ body: { ...forecast, variant: 'austerity', note: 'before the vote' } })).toBe(
      'forecast of City budget (variant austerity) — before the vote',
    );
  });

  it('names the entry and issue a resolution resolves, what happened, when and where that is written', () => {
    const resolution: ResolutionBody = {
      kind: 'resolution',
      entry: { seq: 3, hash: 'b'.repeat(64) },
      issue: 'CUT',
      outcome: { agreement: true, observed: 12 },
      date: '2025-03-01',
      source: 'council minutes',
      quote: null,
    };
    expect(entryWords({ body: resolution })).toBe('resolves entry 3 / CUT: agreed at 12 on 2025-03-01 (council minutes)');
    expect(entryWords({ body: { ...resolution, outcome: { agreement: false, observed: 0 } } })).toBe(
      'resolves entry 3 / CUT: no agreement, the status quo stands on 2025-03-01 (council minutes)',
    );
  });
});

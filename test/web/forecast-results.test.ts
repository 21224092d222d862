/** A forecast's rows as the page lays them out (web/src/forecast-results.ts). */
import { describe, expect, it } from 'vitest';
import type { Forecast, ForecastResult } from '../../src/core/forecast.js';
import type { Issue } from '../../src/core/scenario.js';
import { modelsOf, nearestAnchorText, notApplicableFor, notApplicableText, resultsFor } from '../../web/src/forecast-results.js';

const row = (model: string, issue: string, forecast: number): ForecastResult => ({ model, issue, forecast, notes: [], details: {} });

const forecast: Forecast = {
  scenario: { id: 'budget', title: 'City budget', variant: null },
  params: {},
  results: [row('eum', 'CUT', 8), row('eum', 'PARKS', 50), row('median', 'CUT', 10), row('median', 'PARKS', 40), row('eum', 'CUT', 9)],
  notApplicable: [],
};

describe('forecast rows on the page', () => {
  it('lists each model once, in the order the results give', () => {
    expect(modelsOf(forecast)).toEqual(['eum', 'median']);
  });

  it('lists a model that ran on no issue too, last, and names each model that could not run on an issue with its reason', () => {
    const degenerate: Forecast = {
      ...forecast,
      results: [row('median', 'CUT', 10), row('eum', 'PARKS', 50)],
      notApplicable: [
        { model: 'eum', issue: 'CUT', forecast: null, status: 'not-applicable', reason: 'eum: every actor has zero capability or zero salience (issue "CUT")' },
        { model: 'smp', issue: 'CUT', forecast: null, status: 'not-applicable', reason: 'smp: needs at least two actors that care about some issue, got 1' },
        { model: 'smp', issue: 'PARKS', forecast: null, status: 'not-applicable', reason: 'smp: needs at least two actors that care about some issue, got 1' },
      ],
    };
    expect(modelsOf(degenerate)).toEqual(['median', 'eum', 'smp']);
    expect(notApplicableFor(degenerate, 'CUT').map(notApplicableText)).toEqual([
      'not applicable: eum: every actor has zero capability or zero salience (issue "CUT")',
      'not applicable: smp: needs at least two actors that care about some issue, got 1',
    ]);
    expect(notApplicableFor(degenerate, 'PARKS').map((skipped) => skipped.model)).toEqual(['smp']);
    expect(notApplicableFor(forecast, 'CUT')).toEqual([]);
  });

  it("takes one issue's rows, in the results' order", () => {
    expect(resultsFor(forecast, 'CUT').map((result) => [result.model, result.forecast])).toEqual([
      ['eum', 8],
      ['median', 10],
      ['eum', 9],
    ]);
    expect(resultsFor(forecast, 'NONE')).toEqual([]);
  });

  it('names the anchor nearest a forecast, the lower one on a tie, and none without anchors', () => {
    const issue: Issue = { id: 'CUT', name: 'Budget cut', scale: { min: 0, max: 20 }, anchors: { 0: 'no cut', 10: 'a tenth', 20: 'a fifth' } };
    expect(nearestAnchorText(issue, 8)).toBe('nearest anchor 10: a tenth');
    expect(nearestAnchorText(issue, 15)).toBe('nearest anchor 10: a tenth');
    expect(nearestAnchorText(issue, 16)).toBe('nearest anchor 20: a fifth');
    const { anchors: _, ...bare } = issue;
    expect(nearestAnchorText(bare, 8)).toBeUndefined();
  });
});

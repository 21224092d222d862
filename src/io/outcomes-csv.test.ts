import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/problems.js';
import { anchorPoints, type Scenario } from '../core/scenario.js';
import { parseOutcomesCsv } from './outcomes-csv.js';
import { loadScenarioFile } from './scenario-file.js';

const scenario: Scenario = {
  parley: 1,
  id: 's',
  title: 'S',
  issues: [
    { id: 'TAX', name: 'Tax', scale: { min: 0, max: 20 } },
    { id: 'CUT', name: 'Cut', scale: { min: 0, max: 100 } },
    { id: 'VAT', name: 'VAT', scale: { min: 0, max: 30 } },
  ],
  actors: [],
};

describe('parseOutcomesCsv', () => {
  it('reads issue, outcome, source, quote and note', () => {
    const text = 'issue,outcome,source,quote,note\nTAX,10,"Budget act, s. 2",ten percent,\n';
    expect(parseOutcomesCsv(text, 'o.csv', scenario)).toEqual({
      outcomes: [{ issue: 'TAX', outcome: 10, source: 'Budget act, s. 2', quote: 'ten percent', line: 2 }],
      problems: [],
    });
  });

  it('lists every problem at once with its line: unknown issue, repeat, off-scale, no source, long quote', () => {
    const long = Array.from({ length: 21 }, () => 'word').join(' ');
    const text = ['issue,outcome,source,quote', 'TXA,10,act,', 'TAX,30,act,', 'CUT,50,,', 'CUT,40,act,', `VAT,5,act,${long}`, ''].join('\n');
    const lines = parseOutcomesCsv(text, 'o.csv', scenario).problems.map(formatProblem);
    expect(lines).toEqual([
      'o.csv:2 issue: issue "TXA" is not in the scenario (hint: did you mean "TAX"?)',
      'o.csv:3 outcome: outcome "30" is not a number on TAX\'s scale 0..20 (hint: give the scale point that describes what was decided)',
      'o.csv:4 source: the outcome names no source (hint: name the text that shows it, e.g. "Paris Agreement Art. 9.2")',
      'o.csv:5 issue: issue "CUT" is listed twice (first on line 4) (hint: keep one row per issue)',
      'o.csv:6 quote: quote has 21 words; at most 20 are allowed (hint: keep the key words and cite the article or paragraph)',
    ]);
  });

  it('a header without the required columns is one problem', () => {
    expect(parseOutcomesCsv('issue,value\nTAX,1\n', 'o.csv', scenario).problems.map(formatProblem)).toEqual([
      'o.csv:1: the header lacks outcome, source (hint: the header is issue,outcome,source,quote,note (quote and note optional))',
      'o.csv:1 value: unknown column "value" (hint: the columns are issue, outcome, source, quote, note)',
    ]);
  });

  it('non-finite outcomes are bad input', () => {
    expect(parseOutcomesCsv('issue,outcome,source\nTAX,Infinity,a\nCUT,NaN,a\n', 'o.csv', scenario).problems.map((p) => p.line)).toEqual([2, 3]);
  });
});

describe('scenarios/cop21.outcomes.csv', () => {
  const cop21 = loadScenarioFile(fileURLToPath(new URL('../../scenarios/cop21.yaml', import.meta.url))).scenario!;
  const text = readFileSync(fileURLToPath(new URL('../../scenarios/cop21.outcomes.csv', import.meta.url)), 'utf8');
  const { outcomes, problems } = parseOutcomesCsv(text, 'cop21.outcomes.csv', cop21);

  it('codes every one of the 13 issues once, each with a source and a quote', () => {
    expect(problems).toEqual([]);
    expect(outcomes.map((row) => row.issue).sort()).toEqual(cop21.issues.map((issue) => issue.id).sort());
    for (const row of outcomes) {
      expect(row.source).toMatch(/Paris Agreement|Decision 1\/CP\.21/);
      expect(row.quote?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it("every outcome is one of the issue's own scale points, as the October 2015 coding defined them", () => {
    for (const row of outcomes) {
      const issue = cop21.issues.find((candidate) => candidate.id === row.issue)!;
      expect(
        anchorPoints(issue.anchors, issue.scale).map((anchor) => anchor.point),
        row.issue,
      ).toContain(row.outcome);
    }
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smpActorsOf } from '../core/models/smp/index.js';
import { formatProblem } from '../core/problems.js';
import { pointScenario } from '../core/resolve.js';
import type { Scenario } from '../core/scenario.js';
import { validateScenario } from '../core/validate.js';
import { exportKtabCsv, importKtabCsv } from './ktab.js';

const referenceDir = fileURLToPath(new URL('../../reference/ktab/', import.meta.url));
const shippedInputs = ['dummyData_3Dim', 'SOE-Pol-Comp', 'SOE-Policy', 'SOE-Competitive', 'dummyData_6Dim', 'dummyData-a040'];

/** A small valid file: 3 actors, 2 dimensions. Line numbers in the bad-file cases refer to it. */
const valid = [
  'Budget talks,"Two issues, one test",3,2,',
  'Actor,Description,Power,Tax,Tax Sal,Spending,Spending Sal',
  'North,Northern bloc,100,20,40,70,30',
  'South,Southern bloc,60,80,50,30,50',
  'Centre, ,40,50,20,50,20',
].join('\n');

/** `valid` with line `line` (1-based) replaced. */
function withLine(line: number, text: string): string {
  const lines = valid.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

describe('importKtabCsv', () => {
  it('reads a small file: one issue per dimension on 0–100, salience divided by 100, evidence by line', () => {
    const { scenario, problems, notes } = importKtabCsv(valid, 'data/budget.csv');
    expect(problems).toEqual([]);
    expect(notes[0]).toContain('0–100');
    expect(scenario).toMatchObject({
      parley: 1,
      id: 'budget-talks',
      title: 'Budget talks',
      description: 'Two issues, one test',
      sources: [{ id: 'data', title: 'budget.csv', kind: 'dataset' }],
      issues: [
        { id: 'tax', name: 'Tax', scale: { min: 0, max: 100 } },
        { id: 'spending', name: 'Spending', scale: { min: 0, max: 100 } },
      ],
    });
    expect(scenario!.actors.map((actor) => actor.id)).toEqual(['north', 'south', 'centre']);
    expect(scenario!.actors[2]).toEqual({
      id: 'centre',
      name: 'Centre',
      capability: 40,
      stances: {
        tax: { position: 50, salience: 0.2, evidence: [{ source: 'data', note: 'line 5' }] },
        spending: { position: 50, salience: 0.2, evidence: [{ source: 'data', note: 'line 5' }] },
      },
    });
    expect(validateScenario(scenario).problems).toEqual([]);
  });

  it('reads every shipped KTAB input into a valid scenario', () => {
    for (const name of shippedInputs) {
      const { scenario, problems } = importKtabCsv(readFileSync(`${referenceDir}${name}.csv`, 'utf8'), `${name}.csv`);
      expect(problems, name).toEqual([]);
      expect(validateScenario(scenario).problems, name).toEqual([]);
    }
    const { scenario } = importKtabCsv(readFileSync(`${referenceDir}SOE-Pol-Comp.csv`, 'utf8'), 'SOE-Pol-Comp.csv');
    expect(scenario!.title).toBe('China Policy/Competitive; scen 2');
    expect(scenario!.issues.map((issue) => issue.name)).toEqual(['Policy Position', 'Competitive Position']);
    expect(scenario!.actors[0]).toMatchObject({ id: 'xj', name: 'XJ', description: 'Xi Jinping', capability: 100 });
    expect(scenario!.actors).toHaveLength(13);
  });
});

describe('importKtabCsv: a bad file names the line', () => {
  const problemsOf = (text: string) => importKtabCsv(text, 'bad.csv').problems;
  const cases: Array<[string, string, number, string, RegExp]> = [
    ['wrong column count in a row', withLine(4, 'South,Southern bloc,60,80,50,30'), 4, 'ktab-columns', /expected 7 values, found 6/],
    ['wrong column count in the header', withLine(2, 'Actor,Description,Power,Tax,Tax Sal'), 2, 'ktab-columns', /expected 7 columns for 2 dimensions, found 5/],
    ['salience sum over 100', withLine(4, 'South,Southern bloc,60,80,70,30,50'), 4, 'salience', /the saliences sum to 120, over 100/],
    ['zero capability', withLine(3, 'North,Northern bloc,0,20,40,70,30'), 3, 'capability', /capability must be greater than 0, got 0/],
    ['too few actors declared', withLine(1, 'Budget talks,x,2,2'), 1, 'too-few-actors', /declares 2 actors; KTAB needs at least 3/],
    ['a position that is not a number', withLine(5, 'Centre, ,40,fifty,20,50,20'), 5, 'ktab-number', /the position on Tax must be a number, got "fifty"/],
    ['a capability that is not a number', withLine(3, 'North,Northern bloc,,20,40,70,30'), 3, 'ktab-number', /capability must be a number, got nothing/],
    ['a count that is not a number', withLine(1, 'Budget talks,x,three,2'), 1, 'ktab-number', /number of actors must be a whole number, got "three"/],
    ['a position off the 0–100 scale', withLine(3, 'North,Northern bloc,100,120,40,70,30'), 3, 'out-of-scale', /between 0 and 100, got 120/],
    ['every salience 0', withLine(5, 'Centre, ,40,50,0,50,0'), 5, 'salience', /every salience is 0/],
    ['more rows than declared', `${valid}\nEast,,10,10,10,10,10`, 6, 'ktab-actors', /declares 3 actors, the file has 4/],
    ['an unclosed quote', withLine(4, 'South,"Southern bloc,60,80,50,30,50'), 4, 'ktab-format', /quoted field is never closed/],
  ];
  for (const [what, text, line, code, message] of cases) {
    it(`${what}: line ${line}`, () => {
      const problems = problemsOf(text);
      expect(problems.map((problem) => [problem.line, problem.code])).toContainEqual([line, code]);
      const found = problems.find((problem) => problem.line === line && problem.code === code)!;
      expect(found.message).toMatch(message);
      expect(formatProblem(found)).toMatch(new RegExp(`^bad\\.csv:${line}`));
      expect(importKtabCsv(text, 'bad.csv').scenario).toBeUndefined();
    });
  }

  it('too few actor rows: reported against line 1, which declares the count', () => {
    const text = valid.split('\n').slice(0, 4).join('\n');
    expect(problemsOf(text).map((problem) => [problem.line, problem.code, problem.message])).toEqual([
      [1, 'too-few-actors', 'line 1 declares 3 actors, the file has 2 actor rows'],
    ]);
  });

  it('an empty file', () => {
    expect(problemsOf('')[0]).toMatchObject({ code: 'empty', line: 1 });
  });

  it('reports every problem at once', () => {
    const text = [valid.split('\n')[0], valid.split('\n')[1], 'North,,0,20,40,70,30', 'South,,60,x,50,30,50', 'Centre,,40,50,90,50,20'].join('\n');
    expect(problemsOf(text).map((problem) => problem.line)).toEqual([3, 4, 5]);
  });
});

describe('exportKtabCsv', () => {
  it('round trip: import, export, import gives the same scenario (commas, which KTAB cannot read, become ";")', () => {
    const first = importKtabCsv(valid, 'budget.csv').scenario!;
    const text = exportKtabCsv(first);
    expect(text.split('\n')[0]).toBe('Budget talks,Two issues; one test,3,2');
    expect(text.split('\n')[2]).toBe('North,Northern bloc,100,20,40,70,30');
    expect(importKtabCsv(text, 'budget.csv').scenario).toEqual({ ...first, description: 'Two issues; one test' });
  });

  it('round trip of every shipped KTAB input', () => {
    for (const name of shippedInputs) {
      const first = importKtabCsv(readFileSync(`${referenceDir}${name}.csv`, 'utf8'), `${name}.csv`).scenario!;
      const again = importKtabCsv(exportKtabCsv(first), `${name}.csv`);
      expect(again.problems, name).toEqual([]);
      expect(again.scenario, name).toEqual(first);
    }
  });

  it('a Parley scenario: scales mapped to 0–100, absent stances at salience 0, the model’s salience mapping', () => {
    const scenario: Scenario = {
      parley: 1,
      id: 'mixed',
      title: 'Mixed scales',
      issues: [
        { id: 'tax', name: 'Tax, in percent', scale: { min: 0, max: 10 }, statusQuo: 4 },
        { id: 'trade', name: 'Trade', scale: { min: -1, max: 1 } },
      ],
      actors: [
        { id: 'a', name: 'A', capability: 2, stances: { tax: { position: 2, salience: 0.9 } } },
        {
          id: 'b',
          name: 'B "the big"',
          capability: { low: 1, mode: 1.5, high: 3 },
          stances: { tax: { position: 8, salience: 0.5 }, trade: { position: 1, salience: 0.7 } },
        },
        { id: 'c', name: 'C', capability: 3, stances: { trade: { position: -1, salience: 0.6 } } },
        { id: 'gone', name: 'Gone', capability: 3, active: false, stances: { trade: { position: 0, salience: 0.6 } } },
      ],
    };
    const text = exportKtabCsv(scenario);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('Mixed scales,,3,2');
    expect(lines[1]).toBe('Actor,Description,Capability,Tax; in percent,Tax; in percent Salience,Trade,Trade Salience');
    // b: capability at its mode; saliences 0.5 + 0.7 over 1, divided by 1.2 → 41.67, 58.33.
    expect(lines[3]).toBe("B 'the big',,1.5,80,41.6666666667,100,58.3333333333");
    // c holds no stance on tax: salience 0 at the status quo, 4 of 10 → 40.
    expect(lines[4]).toBe('C,,3,40,0,0,60');
    const imported = importKtabCsv(text, 'mixed.csv');
    expect(imported.problems).toEqual([]);
    const original = smpActorsOf(pointScenario(scenario)).actors;
    const roundTripped = smpActorsOf(pointScenario(imported.scenario!)).actors;
    roundTripped.forEach((actor, i) => {
      actor.position.forEach((x, k) => expect(x).toBeCloseTo(original[i]!.position[k]!, 10));
      actor.salience.forEach((s, k) => expect(s).toBeCloseTo(original[i]!.salience[k]!, 10));
    });
  });
});

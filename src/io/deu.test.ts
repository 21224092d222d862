import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/problems.js';
import { deuCases, loadDeuDir, parseDeu } from './deu.js';

const deu3 = fileURLToPath(new URL('../../reference/deu3/', import.meta.url));

const issuesHeader = 'issue,proposal,name,type,council,procedure,voting,intro,rp,outcome,n_actors';
const positionsHeader = 'issue,actor,position,salience';

function parse(issues: string, positions: string, capability: 'equal' | 'nice' = 'equal') {
  return parseDeu({ text: issues, file: 'issues.csv' }, { text: positions, file: 'positions.csv' }, { capability });
}

const goodIssues = [issuesHeader, 'p1i1,p1,docs,Reg,General,COD,QMV,26-01-00,0.0,100.0,3', 'p1i2,p1,docs,Reg,General,COD,QMV,26-01-00,,0.0,2'].join('\n');
const goodPositions = [positionsHeader, 'p1i1,com,100,50', 'p1i1,de,0,80', 'p1i1,fr,40,', 'p1i2,com,50,20', 'p1i2,ep,0,80'].join('\r\n');

describe('parseDeu', () => {
  it('builds one scenario per issue with the status quo from rp and blank salience read as 50', () => {
    const { dataset, problems } = parse(goodIssues, goodPositions);
    expect(problems).toEqual([]);
    expect(dataset!.issues.map((issue) => issue.id)).toEqual(['p1i1', 'p1i2']);
    const [first, second] = dataset!.issues;
    expect(first!.statusQuo).toBe(0);
    expect(first!.scenario.issues[0]!.statusQuo).toBe(0);
    expect(second!.statusQuo).toBeUndefined();
    expect(second!.scenario.issues[0]).not.toHaveProperty('statusQuo');
    expect(first!.scenario.actors.map((actor) => [actor.id, actor.name, actor.capability, actor.stances.p1i1!.salience])).toEqual([
      ['com', 'European Commission', 1, 0.5],
      ['de', 'Germany', 1, 0.8],
      ['fr', 'France', 1, 0.5],
    ]);
    expect(dataset!.notes).toEqual(['1 blank salience read as 50']);
    expect(first!.procedure).toBe('COD');
    expect(first!.voting).toBe('QMV');
  });

  it('gives Nice-treaty votes as capability, 29 for the Commission and the Parliament', () => {
    const { dataset } = parse(goodIssues, goodPositions, 'nice');
    expect(dataset!.issues[0]!.scenario.actors.map((actor) => actor.capability)).toEqual([29, 29, 29]);
    expect(dataset!.issues[1]!.scenario.actors.map((actor) => actor.capability)).toEqual([29, 29]);
  });

  it('a missing column is named, with the file and its header line', () => {
    const { dataset, problems } = parse(goodIssues, ['issue,actor,salience', 'p1i1,com,50'].join('\n'));
    expect(dataset).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'positions.csv:1: missing column "position" (found: issue, actor, salience) (hint: the first line names the columns: issue,actor,position,salience)',
    ]);
    const issues = parse(['issue,proposal,name', 'p1i1,p1,docs'].join('\n'), goodPositions);
    expect(issues.problems.map(formatProblem)[0]).toMatch(/^issues\.csv:1: missing columns "rp", "outcome"/);
  });

  it('a position outside 0–100 names the file, the line, the issue and the actor', () => {
    const positions = goodPositions.replace('p1i1,de,0,80', 'p1i1,de,140,80');
    const { dataset, problems } = parse(goodIssues, positions);
    expect(dataset).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual(['positions.csv:3 position: issue "p1i1", actor "de": position must lie between 0 and 100, got 140']);
  });

  it("an issue with no actors names issues.csv and the issue's line", () => {
    const issues = `${goodIssues}\np2i1,p2,other,Dir,IM,CNS,Unan,01-01-01,,50,0`;
    const { dataset, problems } = parse(issues, goodPositions);
    expect(dataset).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'issues.csv:4 issue: issue "p2i1" has no actors in positions.csv (hint: add its positions, or remove the issue)',
    ]);
  });

  it('lists every other problem at once, each with its file and line', () => {
    const issues = [
      issuesHeader,
      'p1i1,p1,docs,Reg,General,COD,QMV,26-01-00,zero,100.0,3',
      'p1i1,p1,docs,Reg,General,COD,QMV,26-01-00,,0,2',
      'p1i2,p1,docs,Reg,General,COD,QMV,26-01-00,,101,2',
    ].join('\n');
    const positions = [
      positionsHeader,
      'p1i1,com,100,50',
      'p1i1,com,0,50',
      'p1i1,de,,80',
      'p1i1,fr,10,150',
      'p9i9,de,0,50',
      'p1i2,com,50',
      'p1i2,ep,0,80',
      'p1i2,de,0,80',
    ].join('\n');
    const lines = parse(issues, positions).problems.map(formatProblem);
    expect(lines).toEqual([
      'issues.csv:2 rp: issue "p1i1": rp must be a number from 0 to 100, got "zero"',
      'issues.csv:3 issue: issue "p1i1" is listed twice (first on line 2)',
      'issues.csv:4 outcome: issue "p1i2": outcome must lie between 0 and 100, got 101',
      'positions.csv:3 actor: issue "p1i1": actor "com" is listed twice (first on line 2)',
      'positions.csv:4 position: issue "p1i1", actor "de": the position is blank (hint: a number from 0 to 100; leave the row out if the actor took no position)',
      'positions.csv:5 salience: issue "p1i1", actor "fr": salience must lie between 0 and 100, got 150',
      'positions.csv:6 issue: issue "p9i9" is not in issues.csv (hint: every position belongs to an issue listed in issues.csv)',
      'positions.csv:7: expected 4 values, found 3 (hint: one value per column, separated by commas)',
      'issues.csv:2 n_actors: issue "p1i1": n_actors says 3, positions.csv has 4',
    ]);
  });

  it('Nice votes name an actor they do not know', () => {
    const positions = goodPositions.replace('p1i1,fr,40,', 'p1i1,xx,40,');
    expect(parse(goodIssues, positions, 'nice').problems.map(formatProblem)[0]).toMatch(/^positions\.csv:4 actor: no Nice vote count for actor "xx"/);
    expect(parse(goodIssues, positions, 'equal').problems).toEqual([]);
  });

  it('an empty file and an unreadable folder are problems, not exceptions', () => {
    expect(parse('', goodPositions).problems.map(formatProblem)[0]).toMatch(/^issues\.csv:1: the file is empty/);
    const missing = loadDeuDir('/nonexistent-deu-folder', { capability: 'equal' }, 'data');
    expect(missing.problems.map(formatProblem)).toEqual([
      'data/issues.csv: cannot read the file (ENOENT) (hint: a DEU folder holds issues.csv and positions.csv)',
      'data/positions.csv: cannot read the file (ENOENT) (hint: a DEU folder holds issues.csv and positions.csv)',
    ]);
  });

  it('cases are the issues with an outcome and at least two actors, grouped by proposal', () => {
    const issues = `${goodIssues}\np2i1,p2,other,Dir,IM,CNS,Unan,01-01-01,,,2\np3i1,p3,solo,Dir,IM,CNS,Unan,01-01-01,,40,1`;
    const positions = `${goodPositions}\np2i1,de,0,50\np2i1,fr,100,50\np3i1,de,10,50`;
    const { dataset, problems } = parse(issues, positions);
    expect(problems).toEqual([]);
    const cases = deuCases(dataset!);
    expect(cases.map((testCase) => [testCase.id, testCase.group, testCase.outcome])).toEqual([
      ['p1i1', 'p1', 100],
      ['p1i2', 'p1', 0],
    ]);
    expect(cases[0]!.context).toEqual({ procedure: 'COD', voting: 'QMV' });
    expect(cases[0]!.scenario.issues[0]!.actors.map((actor) => actor.salience)).toEqual([0.5, 0.8, 0.5]);
  });
});

describe('the DEU III development half (reference/deu3)', () => {
  it('reads 191 issues of 72 proposals, 188 with an outcome (README)', () => {
    const { dataset, problems } = loadDeuDir(deu3, { capability: 'equal' });
    expect(problems).toEqual([]);
    expect(dataset!.issues).toHaveLength(191);
    expect(new Set(dataset!.issues.map((issue) => issue.proposal)).size).toBe(72);
    expect(deuCases(dataset!)).toHaveLength(188);
    expect(dataset!.notes).toEqual(['40 blank saliences read as 50']);
  });
});

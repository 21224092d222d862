import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/problems.js';
import { pointScenario } from '../core/resolve.js';
import { importDecideCsv } from './decide.js';
import { loadScenarioFile } from './scenario-file.js';

const referenceDir = fileURLToPath(new URL('../../reference/decide/', import.meta.url));
const shippedCop21 = fileURLToPath(new URL('../../scenarios/cop21.yaml', import.meta.url));

/** A small valid Decide file (semicolon separated), lines numbered from 1. */
const valid = [
  '#O;A small test',
  '#A;a;Actor A;',
  '#A;b;Actor B;',
  '#P;x;Issue X',
  '#M;x;0;none',
  '#M;x;10;all',
  '#P;y;Issue Y',
  '#D;a;x;0;0.5;2',
  '#D;b;x;10;1;1',
  '#D;a;y;20;1;2',
  '#D;b;y;80;0.5;1',
].join('\n');

/** The problems of a file as printed lines. */
function problemsOf(text: string): string[] {
  const imported = importDecideCsv(text, 'in.csv');
  expect(imported.scenario).toBeUndefined();
  return imported.problems.map(formatProblem);
}

/** `valid` with line `line` (1-based) replaced, or removed when `text` is undefined. */
function withLine(line: number, text: string | undefined): string {
  const lines = valid.split('\n');
  if (text === undefined) lines.splice(line - 1, 1);
  else lines[line - 1] = text;
  return lines.join('\n');
}

describe('importDecideCsv: a valid file', () => {
  it('reads actors, issues, the scale from the #M points and their meanings as anchors', () => {
    const { scenario, problems, notes } = importDecideCsv(valid, 'dir/small.csv');
    expect(problems).toEqual([]);
    expect(notes).toEqual([]);
    expect(scenario!.title).toBe('A small test');
    expect(scenario!.id).toBe('small');
    expect(scenario!.issues).toEqual([
      { id: 'x', name: 'Issue X', scale: { min: 0, max: 10 }, anchors: { 0: 'none', 10: 'all' } },
      { id: 'y', name: 'Issue Y', scale: { min: 0, max: 100 } },
    ]);
    expect(scenario!.actors.map((actor) => [actor.id, actor.name, actor.capability])).toEqual([
      ['a', 'Actor A', 2],
      ['b', 'Actor B', 1],
    ]);
    expect(scenario!.actors[1]!.stances.x).toEqual({ position: 10, salience: 1, evidence: [{ source: 'data', note: 'line 9' }] });
  });

  it('tab separated with single-quoted cells, a byte-order mark, CRLF and blank lines', () => {
    const tabbed = `\uFEFF${valid
      .replace(/;/g, '\t')
      .split('\n')
      .map((line) =>
        line
          .split('\t')
          .map((cell) => (/^-?[\d.]+$/.test(cell) ? cell : `'${cell}'`))
          .join('\t'),
      )
      .join('\r\n\r\n')}`;
    const { scenario, problems } = importDecideCsv(tabbed, 'small.csv');
    expect(problems).toEqual([]);
    expect(scenario!.issues[0]!.anchors).toEqual({ 0: 'none', 10: 'all' });
    expect(scenario!.actors[0]!.stances.y!.evidence).toEqual([{ source: 'data', note: 'line 19' }]);
  });

  it('a quoted cell may hold the separator; surplus cells belong to the free text', () => {
    const text = withLine(5, '#M;x;0;"none; not even a little";;').replace('#M;x;10;all', '#M;x;10;all;of it');
    const { scenario, problems } = importDecideCsv(text, 'small.csv');
    expect(problems).toEqual([]);
    expect(scenario!.issues[0]!.anchors).toEqual({ 0: 'none; not even a little', 10: 'all; of it' });
  });

  it('comma separated when the first line has no semicolon or tab', () => {
    const { problems, scenario } = importDecideCsv(valid.replace(/;/g, ','), 'small.csv');
    expect(problems).toEqual([]);
    expect(scenario!.actors).toHaveLength(2);
  });

  it('says what it decided: salience on 0–100, a repeated actor row, an actor without data, lost characters', () => {
    const text = `${valid.replace('#D;a;x;0;0.5;2', '#D;a;x;0;50;2').replace(/;1;1$/m, ';100;1').replace('#D;a;y;20;1;2', '#D;a;y;20;100;2').replace('#D;b;y;80;0.5;1', '#D;b;y;80;50;1')}\n#A;a;Actor A again\n#A;c;Actor C (no data)\n#/;caf\uFFFD`;
    const { scenario, problems, notes } = importDecideCsv(text, 'small.csv');
    expect(problems).toEqual([]);
    expect(notes).toEqual([
      'actor a is defined on lines 2 and 12: the later row is used',
      'line 14: the text contains � (a character lost in an earlier encoding conversion); fix it by hand',
      'salience read as 0–100 and divided by 100',
      'actor c (line 13) has no #D rows and is left out',
    ]);
    expect(scenario!.actors.map((actor) => actor.name)).toEqual(['Actor A again', 'Actor B']);
    expect(scenario!.actors[0]!.stances.x!.salience).toBe(0.5);
  });
});

describe('importDecideCsv: broken files get clear problems naming the line', () => {
  it('an unknown record type', () => {
    expect(problemsOf(`${valid}\n#Q;x;Issue X`)).toEqual([
      'in.csv:12: unknown record type "#Q" (hint: each line starts with #A (actor), #P (issue), #M (scale point), #D (actor-issue data), #/ (comment) or #O (description))',
    ]);
  });

  it('a #D row naming an actor or issue that is not defined', () => {
    expect(problemsOf(withLine(9, '#D;c;x;10;1;1'))).toEqual(['in.csv:9 actor: unknown actor "c" (hint: define it with an #A row: #A;c;full name)']);
    expect(problemsOf(withLine(9, '#D;b;z;10;1;1'))).toEqual(['in.csv:9 issue: unknown issue "z" (hint: define it with a #P row: #P;z;description)']);
  });

  it('a position outside the issue’s scale (with and without #M points)', () => {
    expect(problemsOf(withLine(9, '#D;b;x;12;1;1'))).toEqual([
      'in.csv:9 position: position 12 lies outside the scale of issue "x", 0 to 10 (hint: correct the position, or add an #M point that covers it)',
    ]);
    // as in Decide's copenhagen_with_errors.csv: 160 on an issue without #M rows
    expect(problemsOf(withLine(11, '#D;b;y;160;0.5;1'))).toEqual([
      'in.csv:11 position: position 160 lies outside the scale of issue "y", 0 to 100 (hint: without #M rows the scale is 0 to 100; add #M rows for another scale)',
    ]);
  });

  it('a negative or zero power, a salience above 100, a number that is not one', () => {
    // as in Decide's copenhagen_with_errors.csv: a power of -0.247
    expect(problemsOf(withLine(9, '#D;b;x;10;1;-0.247'))).toEqual(['in.csv:9 power: power must be between 0 and 1 (or 0 and 100), got -0.247']);
    expect(problemsOf(withLine(9, '#D;b;x;10;1;0')).join('\n')).toMatch(/^in\.csv:9 power: power must be greater than 0, got 0/);
    expect(problemsOf(withLine(9, '#D;b;x;10;120;1'))).toEqual(['in.csv:9 salience: salience must be between 0 and 1 (or 0 and 100), got 120']);
    expect(problemsOf(withLine(9, '#D;b;x;10;high;1'))).toEqual(['in.csv:9 salience: salience must be a number, got "high"']);
    expect(problemsOf(withLine(9, '#D;b;x;1,5;1;1'))).toEqual([
      'in.csv:9 position: position must be a number, got "1,5" (hint: write decimals with a point: 0.5, not 0,5)',
    ]);
  });

  it('a #D row with cells missing', () => {
    expect(problemsOf(withLine(9, '#D;b;x;10;1'))).toEqual([
      'in.csv:9: #D row has no power (hint: a #D row reads #D, actor id, issue id, position, salience, power, comment (the last optional))',
    ]);
    expect(problemsOf(withLine(9, '#D;b;;10;1;1'))[0]).toMatch(/^in\.csv:9: #D row has no issue id/);
  });

  it('a second #D row for the same actor and issue names both lines', () => {
    expect(problemsOf(`${valid}\n#D;b;x;5;1;1`)).toEqual([
      'in.csv:12: a second row for actor "b" on issue "x" (the first is on line 9) (hint: keep one #D row per actor and issue)',
    ]);
  });

  it('scale points out of order, for an unknown issue, or only one', () => {
    expect(problemsOf(withLine(6, '#M;x;-5;less'))).toEqual([
      'in.csv:6 position: scale point -5 of issue "x" comes after 0; Decide reads the first #M point as the lowest (hint: list the #M rows of each issue in ascending order)',
    ]);
    expect(problemsOf(`${valid}\n#M;w;10;all`)).toEqual([
      'in.csv:12 issue: scale point for unknown issue "w" (hint: define it first with a #P row: #P;w;description)',
    ]);
    expect(problemsOf(withLine(6, undefined).replace('#D;b;x;10;1;1', '#D;b;x;0;1;1'))).toEqual([
      'in.csv:5 position: issue "x" has a single scale point, 0 (hint: give at least the lowest and the highest point as #M rows)',
    ]);
  });

  it('an actor whose power differs between issues (a Parley actor has one capability)', () => {
    expect(problemsOf(withLine(10, '#D;a;y;20;1;3'))).toEqual([
      'in.csv:10 power: the power of actor "a" is 3 on issue "y" but 2 on "x" (line 8); a Parley actor has one capability (hint: give the actor the same power on every issue, or split the issues into separate files)',
    ]);
  });

  it('an issue with fewer than two actors', () => {
    expect(problemsOf(withLine(11, undefined))).toEqual([
      'in.csv:7: issue "y" has only one actor with a #D row; a negotiation needs at least two (hint: add #D rows for the issue, or remove its #P row)',
    ]);
  });

  it('an unclosed quote, an empty file', () => {
    expect(problemsOf(withLine(3, "#A;b;'Actor B"))).toEqual(['in.csv:3: a quoted cell is never closed (hint: close the quote, or remove it)']);
    expect(problemsOf('\n\n')).toEqual([
      'in.csv:1: the file is empty (hint: each line starts with #A (actor), #P (issue), #M (scale point), #D (actor-issue data), #/ (comment) or #O (description))',
    ]);
  });

  it('lists every problem at once, top to bottom', () => {
    const broken = withLine(9, '#D;b;x;12;1;1').replace('#P;y;Issue Y', '#X;y').replace('#D;a;y;20;1;2', '#D;a;y;20;1;2;').concat('\n#D;a;x;1;1;2');
    const lines = problemsOf(broken);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['in.csv:7:', 'in.csv:9', 'in.csv:10', 'in.csv:11', 'in.csv:12:']);
  });
});

describe('importDecideCsv: the Decide data sets (reference/decide)', () => {
  it('CoP21: 15 actors, 13 issues, scale meanings as anchors, lost characters reported with their lines', () => {
    const { scenario, problems, notes } = importDecideCsv(readFileSync(`${referenceDir}cop21.csv`, 'utf8'), 'cop21.csv');
    expect(problems).toEqual([]);
    expect(scenario!.actors).toHaveLength(15);
    expect(scenario!.issues.map((issue) => issue.id)).toEqual([
      'differentiation',
      'mrv',
      'legal',
      'adaptlegal',
      'adaptinst',
      'financevol',
      'financewho',
      'adaptfinance',
      'ld',
      'progress',
      'amb2050',
      'amb2100',
      'eaa',
    ]);
    expect(scenario!.issues[2]!.anchors).toEqual({
      0: 'No binding agreement or binding country-specific targets',
      30: 'Binding agreement without country-specific targets.',
      50: 'Binding agreement plus obligation to have a (nonbinding) country-specific target (NDC)',
      70: 'The above plus obligation on measuring. reporting and verification.',
      100: 'Binding agreement plus binding. country-specific targets.',
    });
    expect(notes.map((note) => note.split(':')[0])).toEqual(['line 38', 'line 66']);
    // amb2050 and amb2100: eight actors each
    expect(pointScenario(scenario!).issues.map((issue) => issue.actors.length)).toEqual([15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 8, 8, 15]);
  });

  it('Copenhagen (tab separated, single quotes, no scale meanings)', () => {
    const { scenario, problems } = importDecideCsv(readFileSync(`${referenceDir}copenhagen.csv`, 'utf8'), 'copenhagen.csv');
    expect(problems).toEqual([]);
    expect(scenario!.actors.map((actor) => actor.id)).toContain('EU (incl Norway)');
    expect(scenario!.issues.every((issue) => issue.anchors === undefined && issue.scale.min === 0 && issue.scale.max === 100)).toBe(true);
  });

  it('the shipped scenarios/cop21.yaml holds exactly the numbers of the reference file', () => {
    const imported = importDecideCsv(readFileSync(`${referenceDir}cop21.csv`, 'utf8'), 'cop21.csv');
    const shipped = loadScenarioFile(shippedCop21);
    expect(shipped.problems).toEqual([]);
    const numbers = (scenario: NonNullable<typeof shipped.scenario>) =>
      pointScenario(scenario).issues.map((issue) => ({ id: issue.id, scale: issue.scale, actors: issue.actors }));
    expect(numbers(shipped.scenario!)).toEqual(numbers(imported.scenario!));
    expect(Object.keys(shipped.scenario!.issues[0]!.anchors!)).toEqual(Object.keys(imported.scenario!.issues[0]!.anchors!));
  });
});

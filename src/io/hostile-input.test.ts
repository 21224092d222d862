/**
 * Input written to break Parley (issue 24): long strings, deep nesting, alias bombs, ids that
 * are JavaScript names, absurd numbers. Each gets a problem naming the file and the line, in
 * time linear in its size; none throws, none hangs.
 */
import { describe, expect, it } from 'vitest';
import { closestMatch, formatProblem } from '../core/problems.js';
import { forecast } from '../core/forecast.js';
import { LIMITS } from '../core/limits.js';
import { importBdmCsv } from './bdm.js';
import { importDecideCsv } from './decide.js';
import { parseDeu } from './deu.js';
import { importKtabCsv } from './ktab.js';
import { parseScenarioText } from './scenario-file.js';

function scenarioText({
  sourceId = 'speech',
  citedId = 'speech',
  issueId = 'I',
  actorIds = ['A', 'B'],
  scale = '{ min: 0, max: 10 }',
  capability = '1',
} = {}): string {
  return `parley: 1
id: x
title: X
sources:
  - { id: ${sourceId}, title: t }
issues:
  - { id: ${issueId}, name: I, scale: ${scale} }
actors:
  - id: ${actorIds[0]}
    name: A
    capability: ${capability}
    stances:
      ${issueId}: { position: 1, salience: 1, evidence: [{ source: ${citedId} }] }
  - id: ${actorIds[1]}
    name: B
    capability: 1
    stances:
      ${issueId}: { position: 5, salience: 0.5 }
`;
}

const codes = (text: string) => parseScenarioText(text, 'x.yaml').problems.map((problem) => problem.code);

describe('limits on what a scenario file may hold', () => {
  it('a 40,000-character source id and evidence citing another one: problems with lines, the ids cut short', () => {
    // The issue's report: an 83 KB body of two 40,000-character ids crashed the server.
    const { problems } = parseScenarioText(scenarioText({ sourceId: 'a'.repeat(40_000), citedId: 'b'.repeat(40_000) }), 'x.yaml');
    expect(problems.map((problem) => [problem.code, problem.line])).toEqual([
      ['too-long', 5],
      ['too-long', 13],
      ['unknown-source', 13],
    ]);
    for (const problem of problems) expect(formatProblem(problem).length).toBeLessThan(400);
  });

  it('suggests a likely typo only between short words', () => {
    expect(closestMatch('speeh', ['speech'])).toBe('speech');
    expect(closestMatch(`${'a'.repeat(40_000)}b`, ['a'.repeat(40_000)])).toBeUndefined();
    expect(closestMatch('abcdefgh', ['abcdefghijk'])).toBeUndefined(); // three edits apart
  });

  it('names, notes and the numbers of actors and issues have limits', () => {
    expect(codes(scenarioText().replace('name: A\n', `name: ${'n'.repeat(LIMITS.nameLength + 1)}\n`))).toEqual(['too-long']);
    const actors = Array.from({ length: LIMITS.actors + 1 }, (_, a) => `  - { id: X${a}, name: X, capability: 1, stances: {} }`).join('\n');
    expect(codes(scenarioText().replace('actors:\n', `actors:\n${actors}\n`))).toContain('too-many');
  });

  it('a file over the size limit is refused before it is parsed, at line 1', () => {
    const { problems } = parseScenarioText(`${scenarioText()}# ${'z'.repeat(LIMITS.fileBytes)}\n`, 'x.yaml');
    expect(problems).toMatchObject([{ code: 'too-large', file: 'x.yaml', line: 1 }]);
  });

  it('deep nesting is refused with its line, before the parser recurses', () => {
    for (const value of [`${'['.repeat(20_000)}1${']'.repeat(20_000)}`, `${'{a: '.repeat(30)}1${'}'.repeat(30)}`]) {
      const { problems } = parseScenarioText(scenarioText().replace('title: X', `title: ${value}`), 'x.yaml');
      expect(problems).toMatchObject([{ code: 'too-deep', line: 3 }]);
    }
    // Block nesting, which the text scan does not see, is caught after parsing.
    const block = Array.from({ length: 30 }, (_, depth) => `${'  '.repeat(depth)}k:`).join('\n');
    expect(parseScenarioText(`parley: 1\n${block} 1\n`, 'x.yaml').problems).toMatchObject([{ code: 'too-deep', line: 18 }]);
    // Brackets inside text are not nesting.
    expect(codes(scenarioText().replace('title: X', `title: "${'['.repeat(100)}"`))).toEqual([]);
  });

  it('an alias bomb and an empty file get a line too', () => {
    const levels = ['b', 'c', 'd', 'e', 'f'].map((name, k) => `  ${name}: &${name} [${Array(9).fill(`*${'abcde'[k]}`).join(', ')}]`);
    const bomb = `${scenarioText()}x:\n  a: &a [x, x, x, x, x, x, x, x, x]\n${levels.join('\n')}\n`;
    expect(parseScenarioText(bomb, 'x.yaml').problems).toMatchObject([{ code: 'yaml', line: 21 }]);
    // One actor with a stance on each of 1,000 issues, aliased 998 times: 100 KB that stood for
    // 3 million values, and took 12 s to validate.
    const issues = Array.from({ length: 1000 }, (_, k) => `  - {id: I${k}, name: Issue ${k}, scale: {min: 0, max: 100}}`).join('\n');
    const stances = Array.from({ length: 1000 }, (_, k) => `I${k}: {position: ${k % 100}, salience: 0.5}`).join(', ');
    const amplified = `parley: 1\nid: amp\ntitle: Amp\nissues:\n${issues}\nactors:\n  - &A {id: A0, name: x, capability: 1, stances: {${stances}}}\n${'  - *A\n'.repeat(998)}`;
    expect(parseScenarioText(amplified, 'x.yaml').problems).toMatchObject([
      { code: 'yaml', line: 1007, column: 5, message: expect.stringContaining('2,997,992 values') },
    ]);
    expect(parseScenarioText('# nothing here\n', 'x.yaml').problems).toMatchObject([{ code: 'type', message: 'the file holds no scenario', line: 1 }]);
  });

  it('absurd numbers: infinite, 1e308 scales and capabilities, a scale too narrow', () => {
    expect(codes(scenarioText({ scale: '{ min: -1e308, max: 1e308 }' }))).toEqual(['type', 'type']);
    expect(codes(scenarioText({ scale: '{ min: 0, max: .inf }' }))).toEqual(['type']);
    expect(codes(scenarioText({ capability: '1e308' }))).toEqual(['capability']);
    expect(codes(scenarioText({ capability: '1e-300' }))).toEqual(['capability']);
    expect(codes(scenarioText({ scale: '{ min: 0, max: 1e-9 }' }))).toContain('scale');
  });
});

describe('ids that are JavaScript names', () => {
  it('`__proto__` is refused as an id and as a stance key, with its line', () => {
    const { problems } = parseScenarioText(scenarioText({ issueId: '__proto__', actorIds: ['__proto__', 'B'] }), 'x.yaml');
    expect(problems.filter((problem) => problem.code === 'reserved-id').map((problem) => problem.line)).toEqual([7, 9, 13, 18]);
  });

  it('`constructor`, `toString` and `hasOwnProperty` are ordinary ids, forecast like any other', () => {
    const named = parseScenarioText(
      scenarioText({ issueId: 'constructor', actorIds: ['toString', 'hasOwnProperty'], sourceId: 'valueOf', citedId: 'valueOf' }),
      'x.yaml',
    );
    const plain = parseScenarioText(scenarioText(), 'x.yaml');
    expect(named.problems).toEqual([]);
    const forecasts = (result: typeof named) => forecast(result.scenario!).results.map((row) => [row.model, row.forecast]);
    expect(forecasts(named)).toEqual(forecasts(plain));
    // An issue the actor holds no stance on is not found on Object.prototype.
    const other = parseScenarioText(
      scenarioText({ issueId: 'toString' }).replace('issues:\n', 'issues:\n  - { id: constructor, name: C, scale: { min: 0, max: 1 } }\n'),
      'x.yaml',
    );
    expect(other.problems.map((problem) => problem.code)).toEqual(['too-few-actors']);
  });

  it('every importer: `constructor` works, `__proto__` is a problem with its line', () => {
    expect(importDecideCsv("constructor\t'USA'\n", 'x.csv').problems).toMatchObject([{ line: 1, message: 'unknown record type "constructor"' }]);
    const decide = (actor: string) =>
      importDecideCsv(`#A;${actor};P\n#A;b;B\n#P;x;X\n#M;x;0;none\n#M;x;10;all\n#D;${actor};x;0;1;1\n#D;b;x;10;0.5;1\n`, 'x.csv');
    expect(decide('constructor').scenario?.actors.map((actor) => actor.id)).toEqual(['constructor', 'b']);
    expect(decide('__proto__').problems).toMatchObject([{ line: 1, message: 'the id `__proto__` is reserved' }, { line: 6 }]);

    const bdm = importBdmCsv('actor,capability,position,salience\nconstructor,1,10,1\n__proto__,2,50,0.5\n', 'x.csv');
    expect(bdm.problems).toEqual([]);
    expect(bdm.scenario!.actors.map((actor) => [actor.id, actor.name])).toEqual([
      ['constructor', 'constructor'],
      ['proto', '__proto__'],
    ]);

    const ktab = importKtabCsv(
      'Scenario,desc,3,2,\nName,Description,Power,constructor,Sal,__proto__,Sal\nconstructor,c,100,10,50,20,50\n__proto__,p,50,90,50,80,50\ntoString,t,50,40,50,60,50\n',
      'x.csv',
    );
    expect(ktab.problems).toEqual([]);
    expect(ktab.scenario!.issues.map((issue) => issue.id)).not.toContain('__proto__');
    expect(ktab.scenario!.actors.map((actor) => actor.id)).not.toContain('__proto__');

    const header = 'issue,proposal,name,type,council,procedure,voting,intro,rp,outcome,n_actors';
    const issues = [header, 'p1i1,p1,docs,Reg,General,COD,QMV,26-01-00,0.0,100.0,2'].join('\n');
    const deu = (actor: string) =>
      parseDeu(
        { text: issues, file: 'issues.csv' },
        { text: `issue,actor,position,salience\np1i1,com,100,50\np1i1,${actor},0,80\n`, file: 'positions.csv' },
        { capability: 'nice' },
      );
    expect(deu('__proto__').problems).toMatchObject([{ file: 'positions.csv', line: 3 }]);
    expect(deu('constructor').problems).toMatchObject([{ file: 'positions.csv', line: 3, message: 'no Nice vote count for actor "constructor"' }]);
  });
});

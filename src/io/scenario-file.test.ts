/**
 * Scenario files end to end: one test per validation rule, each checking the problem's code,
 * path and where in the file it points. The cases edit single lines of one valid base file,
 * so every line number below can be read off the base.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatPath, formatProblem, type Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import { loadScenarioFile, parseScenarioText, scenarioToYaml } from './index.js';
import { fuzzCase } from './testing/fuzz.js';
import { JS_YAML_ERRORS_FROM } from './scenario-file.js';
import { readPlainYaml } from './yaml-fast.js';

// Line numbers are the trailing comments.
const base = `parley: 1                                              # 1
id: demo                                               # 2
title: Demo                                            # 3
sources:                                               # 4
  - id: speech                                         # 5
    title: A speech                                    # 6
issues:                                                # 7
  - id: FORCES                                         # 8
    name: Foreign forces                               # 9
    scale: { min: 0, max: 100 }                        # 10
    statusQuo: 20                                      # 11
actors:                                                # 12
  - id: RUS                                            # 13
    name: Russia                                       # 14
    capability: 40                                     # 15
    stances:                                           # 16
      FORCES:                                          # 17
        position: 0                                    # 18
        salience: 0.9                                  # 19
        evidence:                                      # 20
          - { source: speech, paragraph: 2, quote: no troops }
  - id: UKR                                            # 22
    name: Ukraine                                      # 23
    capability: 10                                     # 24
    stances:                                           # 25
      FORCES:                                          # 26
        position: 100                                  # 27
        salience: { low: 0.8, mode: 0.9, high: 1 }     # 28
  - id: USA                                            # 29
    name: United States                                # 30
    capability: 100                                    # 31
    active: false                                      # 32
    stances: {}                                        # 33
variants:                                              # 34
  - id: us-joins                                       # 35
    changes:                                           # 36
      - { actor: USA, active: true }                   # 37
      - { actor: USA, issue: FORCES, position: 50, salience: 0.5 }
`;

/** The base file with whole lines replaced: `{ 19: '        salience: 1.4' }`. */
function edit(lines: Record<number, string>): string {
  return base
    .split('\n')
    .map((text, index) => lines[index + 1] ?? text)
    .join('\n');
}

interface RuleCase {
  rule: string;
  lines: Record<number, string>;
  code: string;
  path: string;
  line: number;
  column: number;
}

const longQuote =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one';

const rules: RuleCase[] = [
  {
    rule: 'wrong type (a quoted number)',
    lines: { 27: '        position: "40"' },
    code: 'type',
    path: 'actors[1].stances.FORCES.position',
    line: 27,
    column: 19,
  },
  {
    rule: 'missing required field (points at the parent key)',
    lines: { 19: '' },
    code: 'required',
    path: 'actors[0].stances.FORCES.salience',
    line: 17,
    column: 7,
  },
  {
    rule: 'unknown field (points at the key)',
    lines: { 19: '        salinece: 0.9' },
    code: 'unknown-field',
    path: 'actors[0].stances.FORCES.salinece',
    line: 19,
    column: 9,
  },
  {
    rule: 'empty list',
    lines: { 33: '    stances: {}', 36: '    changes: []', 37: '', 38: '' },
    code: 'empty',
    path: 'variants[0].changes',
    line: 36,
    column: 5,
  },
  { rule: 'parley version not 1', lines: { 1: 'parley: 2' }, code: 'version', path: 'parley', line: 1, column: 9 },
  { rule: 'date not YYYY-MM-DD', lines: { 6: '    date: 21 Nov 2024' }, code: 'date', path: 'sources[0].date', line: 6, column: 11 },
  { rule: 'salience above 1', lines: { 19: '        salience: 1.4' }, code: 'salience', path: 'actors[0].stances.FORCES.salience', line: 19, column: 19 },
  {
    rule: 'salience range end above 1',
    lines: { 28: '        salience: { low: 0.8, mode: 0.9, high: 1.2 }' },
    code: 'salience',
    path: 'actors[1].stances.FORCES.salience.high',
    line: 28,
    column: 48,
  },
  { rule: 'capability not a number', lines: { 15: '    capability: high' }, code: 'capability', path: 'actors[0].capability', line: 15, column: 17 },
  { rule: 'capability not positive', lines: { 15: '    capability: 0' }, code: 'capability', path: 'actors[0].capability', line: 15, column: 17 },
  {
    rule: 'evidence paragraph not a positive whole number',
    lines: { 21: '          - { source: speech, paragraph: 0 }' },
    code: 'paragraph',
    path: 'actors[0].stances.FORCES.evidence[0].paragraph',
    line: 21,
    column: 42,
  },
  {
    rule: 'quote longer than 20 words',
    lines: { 21: `          - { source: speech, quote: ${longQuote} }` },
    code: 'quote-too-long',
    path: 'actors[0].stances.FORCES.evidence[0].quote',
    line: 21,
    column: 38,
  },
  { rule: 'duplicate id', lines: { 22: '  - id: RUS' }, code: 'duplicate-id', path: 'actors[1].id', line: 22, column: 9 },
  {
    rule: 'stance on an unknown issue (points at the key)',
    lines: { 26: '      FORSES:' },
    code: 'unknown-issue',
    path: 'actors[1].stances.FORSES',
    line: 26,
    column: 7,
  },
  {
    rule: 'evidence from an unknown source',
    lines: { 21: '          - { source: spech }' },
    code: 'unknown-source',
    path: 'actors[0].stances.FORCES.evidence[0].source',
    line: 21,
    column: 23,
  },
  {
    rule: 'capability evidence from an unknown source',
    lines: { 15: '    capability: 40\n    evidence: [{ source: spech }]' },
    code: 'unknown-source',
    path: 'actors[0].evidence[0].source',
    line: 16,
    column: 26,
  },
  {
    rule: 'decision naming an unknown actor',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: unanimity, by: [RUS, UKK] }' },
    code: 'unknown-actor',
    path: 'issues[0].decision.by[1]',
    line: 12,
    column: 44,
  },
  {
    rule: 'qualified threshold outside (0.5, 1]',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: qualified, threshold: 0.5 }' },
    code: 'decision-threshold',
    path: 'issues[0].decision.threshold',
    line: 12,
    column: 45,
  },
  {
    rule: 'qualified without a threshold',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: qualified }' },
    code: 'decision-threshold',
    path: 'issues[0].decision.threshold',
    line: 12,
    column: 5,
  },
  {
    rule: 'threshold on a rule other than qualified',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: majority, threshold: 0.6 }' },
    code: 'decision-threshold',
    path: 'issues[0].decision.threshold',
    line: 12,
    column: 44,
  },
  {
    rule: 'unanimity without a status quo',
    lines: { 11: '    decision: { rule: unanimity }' },
    code: 'decision-status-quo',
    path: 'issues[0]',
    line: 8,
    column: 5,
  },
  {
    rule: 'unilateral without deciders',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: unilateral }' },
    code: 'decision-by',
    path: 'issues[0].decision',
    line: 12,
    column: 5,
  },
  {
    rule: 'a decider without a stance on the issue',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: unilateral, by: [USA] }' },
    code: 'decider-no-stance',
    path: 'issues[0].decision.by[0]',
    line: 12,
    column: 40,
  },
  {
    rule: 'an unknown rule',
    lines: { 11: '    statusQuo: 20\n    decision: { rule: consensus }' },
    code: 'type',
    path: 'issues[0].decision.rule',
    line: 12,
    column: 23,
  },
  {
    rule: 'a stance capability not positive',
    lines: { 19: '        salience: 0.9\n        capability: -1' },
    code: 'capability',
    path: 'actors[0].stances.FORCES.capability',
    line: 20,
    column: 21,
  },
  { rule: 'scale min not below max', lines: { 10: '    scale: { min: 100, max: 100 }' }, code: 'scale', path: 'issues[0].scale', line: 10, column: 5 },
  {
    rule: 'position outside the scale',
    lines: { 27: '        position: 140' },
    code: 'out-of-scale',
    path: 'actors[1].stances.FORCES.position',
    line: 27,
    column: 19,
  },
  {
    rule: 'position range end outside the scale',
    lines: { 27: '        position: { low: 90, mode: 95, high: 120 }' },
    code: 'out-of-scale',
    path: 'actors[1].stances.FORCES.position.high',
    line: 27,
    column: 46,
  },
  { rule: 'status quo outside the scale', lines: { 11: '    statusQuo: -5' }, code: 'out-of-scale', path: 'issues[0].statusQuo', line: 11, column: 16 },
  {
    rule: 'anchor outside the scale (points at the key)',
    lines: { 11: '    anchors: { 0: none, 150: all }' },
    code: 'anchor',
    path: 'issues[0].anchors.150',
    line: 11,
    column: 25,
  },
  {
    rule: 'range with low > mode',
    lines: { 28: '        salience: { low: 0.95, mode: 0.9, high: 1 }' },
    code: 'range-order',
    path: 'actors[1].stances.FORCES.salience',
    line: 28,
    column: 9,
  },
  {
    rule: 'issue with fewer than two active actors',
    lines: { 23: '    name: Ukraine\n    active: false' },
    code: 'too-few-actors',
    path: 'issues[0]',
    line: 8,
    column: 5,
  },
  {
    rule: 'change to an unknown actor',
    lines: { 37: '      - { actor: USB, active: true }' },
    code: 'unknown-actor',
    path: 'variants[0].changes[0].actor',
    line: 37,
    column: 18,
  },
  {
    rule: 'change to an unknown issue',
    lines: { 38: '      - { actor: USA, issue: FORSES, position: 50, salience: 0.5 }' },
    code: 'unknown-issue',
    path: 'variants[0].changes[1].issue',
    line: 38,
    column: 30,
  },
  {
    rule: 'change naming no actor or issue',
    lines: { 37: '      - { active: true }' },
    code: 'change-target',
    path: 'variants[0].changes[0]',
    line: 37,
    column: 9,
  },
  {
    rule: 'change naming nothing to change',
    lines: { 37: '      - { actor: USA, note: joins }' },
    code: 'change-empty',
    path: 'variants[0].changes[0]',
    line: 37,
    column: 9,
  },
  {
    rule: 'change mixing an actor with statusQuo',
    lines: { 37: '      - { actor: USA, statusQuo: 30 }' },
    code: 'change-mixed',
    path: 'variants[0].changes[0].statusQuo',
    line: 37,
    column: 34,
  },
  {
    rule: 'change to a stance the actor does not hold',
    lines: { 38: '      - { actor: USA, issue: FORCES, position: 50 }' },
    code: 'change-no-stance',
    path: 'variants[0].changes[1]',
    line: 38,
    column: 9,
  },
  {
    rule: 'change of a stance capability out of bounds',
    lines: { 38: '      - { actor: RUS, issue: FORCES, capability: -3 }' },
    code: 'capability',
    path: 'variants[0].changes[1].capability',
    line: 38,
    column: 50,
  },
  {
    rule: 'change of a stance capability with its range out of order',
    lines: { 38: '      - { actor: RUS, issue: FORCES, capability: { low: 5, mode: 2, high: 9 } }' },
    code: 'range-order',
    path: 'variants[0].changes[1].capability',
    line: 38,
    column: 38,
  },
  {
    rule: 'change of who decides naming an unknown decider',
    lines: { 38: '      - { issue: FORCES, decision: { rule: unilateral, by: [RUZ] } }' },
    code: 'unknown-actor',
    path: 'variants[0].changes[1].decision.by[0]',
    line: 38,
    column: 61,
  },
  {
    rule: 'change of who decides to unilateral without deciders',
    lines: { 38: '      - { issue: FORCES, decision: { rule: unilateral } }' },
    code: 'decision-by',
    path: 'variants[0].changes[1].decision',
    line: 38,
    column: 26,
  },
  {
    rule: 'change of who decides with a threshold out of (0.5, 1]',
    lines: { 38: '      - { issue: FORCES, decision: { rule: qualified, threshold: 0.4 } }' },
    code: 'decision-threshold',
    path: 'variants[0].changes[1].decision.threshold',
    line: 38,
    column: 66,
  },
  {
    rule: 'change of who decides with an unknown rule',
    lines: { 38: '      - { issue: FORCES, decision: { rule: plurality } }' },
    code: 'type',
    path: 'variants[0].changes[1].decision.rule',
    line: 38,
    column: 44,
  },
  {
    rule: 'change of who decides on an actor',
    lines: { 38: '      - { actor: RUS, decision: { rule: majority } }' },
    code: 'change-mixed',
    path: 'variants[0].changes[1].decision',
    line: 38,
    column: 23,
  },
];

describe('one test per validation rule', () => {
  it.each(rules)('$rule', ({ lines, code, path, line, column }) => {
    const { scenario, problems } = parseScenarioText(edit(lines), 'demo.yaml');
    const found = problems.find((p) => p.code === code);
    expect(found, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(scenario).toBeUndefined();
    expect({ path: formatPath(found!.path), line: found!.line, column: found!.column, file: found!.file }).toEqual({
      path,
      line,
      column,
      file: 'demo.yaml',
    });
    expect(found!.message).not.toBe('');
    expect(found!.hint).toBeTruthy();
  });
});

describe('parseScenarioText', () => {
  it('accepts the valid base file and returns the scenario as written', () => {
    const { scenario, problems } = parseScenarioText(base, 'demo.yaml');
    expect(problems).toEqual([]);
    expect(scenario).toEqual(parse(base));
  });

  it('reports a YAML syntax error with line and column and no stack trace', () => {
    const { scenario, problems } = parseScenarioText(edit({ 15: '    capability: 40\n    name: Again' }), 'demo.yaml');
    expect(scenario).toBeUndefined();
    expect(problems).toEqual([
      {
        code: 'yaml',
        path: [],
        message: 'map keys must be unique',
        hint: 'each key may appear once in a map; remove or rename the repeat',
        file: 'demo.yaml',
        line: 16,
        column: 5,
      },
    ]);
    expect(formatProblem(problems[0]!)).not.toMatch(/\n| {4}at /);
  });

  it('reports a syntax error in a large plain file from js-yaml, with the file, the line, a hint and no stack trace', () => {
    const actors = Array.from({ length: 4000 }, (_, a) => `  - id: A${a}\n    name: Actor ${a}\n    capability: 5\n    stances: {}\n`).join('');
    const text = `parley: 1\nid: big\ntitle: Big\nissues: []\nactors:\n${actors}  - id: broken\n   name: x\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(JS_YAML_ERRORS_FROM);
    const line = text.split('\n').length - 1;
    const { scenario, problems } = parseScenarioText(text, 'big.yaml');
    expect(scenario).toBeUndefined();
    expect(problems).toEqual([
      {
        code: 'yaml',
        path: [],
        message: 'bad indentation of a sequence entry',
        hint: 'align entries of the same list at the same column, each with its "- ", with spaces',
        file: 'big.yaml',
        line,
        column: 4,
      },
    ]);
    expect(formatProblem(problems[0]!)).not.toMatch(/\n| {4}at /);
  });

  it('reports a tab used as indentation', () => {
    const { problems } = parseScenarioText(edit({ 14: '\tname: Russia' }), 'demo.yaml');
    expect(problems[0]).toMatchObject({ code: 'yaml', line: 14, column: 1 });
  });

  it('reports several problems in one file at once, top to bottom', () => {
    const text = edit({
      1: 'parley: 2',
      15: '    capability: high',
      19: '        salinece: 0.9',
      27: '        position: 140',
      37: '      - { actor: USB, active: true }',
    });
    const { problems } = parseScenarioText(text, 'demo.yaml');
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['version', 1],
      ['capability', 15],
      ['unknown-field', 19],
      ['out-of-scale', 27],
      ['unknown-actor', 37],
    ]);
  });

  it('formats a located problem as file:line:column path: message (hint)', () => {
    const { problems } = parseScenarioText(edit({ 19: '        salience: 1.4' }), 'scenarios/x.yaml');
    expect(problems.map(formatProblem)).toEqual([
      'scenarios/x.yaml:19:19 actors[0].stances.FORCES.salience: salience must be between 0 and 1, got 1.4 ' + '(hint: use 0..1; 0–100 values divide by 100)',
    ]);
  });

  it('says which field was meant when one is misspelt', () => {
    const { problems } = parseScenarioText(edit({ 19: '        salinece: 0.9' }), 'demo.yaml');
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      // Not also "missing `salience`": the typo says it.
      ['unknown-field', 'unknown field `salinece`; did you mean `salience`?'],
    ]);
  });

  it('reports an empty file and a file that is not a map', () => {
    expect(parseScenarioText('', 'empty.yaml').problems).toMatchObject([{ code: 'type', path: [], message: 'the file holds no scenario', file: 'empty.yaml' }]);
    expect(parseScenarioText('- just\n- a list\n', 'list.yaml').problems).toMatchObject([
      { code: 'type', path: [], message: 'the scenario must be a map of fields, got a list', line: 1, column: 1 },
    ]);
  });

  it('finds stance keys that YAML reads as numbers', () => {
    const text = edit({ 8: '  - id: "2024"', 17: '      2024:', 26: '      2025:' });
    const { problems } = parseScenarioText(text, 'demo.yaml');
    expect(problems.find((p) => p.code === 'unknown-issue')).toMatchObject({ path: ['actors', 1, 'stances', '2025'], line: 26 });
  });
});

describe('problems in a file written in flow maps (read by js-yaml, placed without the yaml package)', () => {
  const flow = `parley: 1
id: demo
title: Demo
issues:
  - { id: FORCES, name: Foreign forces, scale: { min: 0, max: 100 }, statusQuo: 20 }
actors:
  - { id: RUS, name: Russia, capability: 40, stances: { FORCES: { position: 0, salience: 0.9 } } }
  - { id: UKR, name: Ukraine, capability: 10, stances: { FORCES: { position: 100, salience: 1.4 } } }
  - { id: USA, name: United States, capability: 100, stances: { FORECS: { position: 50, salience: 0.5 } } }
  - { id: EU, name: European Union, capability: -3, stances: {} }
`;

  /** The result through the yaml package: a `%YAML 1.2` directive (its default) sends the file there; lines back by two. */
  const viaYamlPackage = (text: string, file: string) => {
    const result = parseScenarioText(`%YAML 1.2\n---\n${text}`, file);
    const back = (problems: Problem[]) => problems.map((problem) => ({ ...problem, line: problem.line! - 2 }));
    return { ...result, problems: back(result.problems), warnings: back(result.warnings) };
  };

  it('points each problem at its line and column, with the messages of before', () => {
    const { problems } = parseScenarioText(flow, 'flow.yaml');
    // Columns read off the lines above: `1.4`, the key `FORECS:`, `-3`.
    expect(problems.map((p) => [p.code, p.line, p.column, p.message])).toEqual([
      ['salience', 8, 93, 'salience must be between 0 and 1, got 1.4'],
      ['unknown-issue', 9, 65, 'unknown issue `FORECS`; did you mean `FORCES`?'],
      ['capability', 10, 49, 'capability must be between 1e-9 and 1000000000, got -3'],
    ]);
    expect(problems).toEqual(viaYamlPackage(flow, 'flow.yaml').problems);
    // `&`, `*` and `!` in comments and quotes keep the file on js-yaml, with the same places.
    const marked = `# &anchor *alias !tag\n${flow.replace('name: Ukraine', 'name: "U&*!e"')}`;
    const markedProblems = parseScenarioText(marked, 'flow.yaml').problems;
    expect(markedProblems).toEqual(viaYamlPackage(marked, 'flow.yaml').problems);
    expect(markedProblems.map((p) => [p.code, p.line! - 1, p.column])).toEqual(problems.map((p) => [p.code, p.line, p.column]));
  });

  it('gives what the yaml package gives on fuzzed files with problems, block and flow style', { timeout: 240_000 }, () => {
    let compared = 0;
    for (let index = 0; index < 600; index++) {
      const { text } = fuzzCase(2424, index);
      // Other files go to the yaml package either way; a file of one scalar (`~`) is placed
      // after the directive by the yaml package (yaml-places.test.ts compares those exactly).
      const data = readPlainYaml(text);
      if (text.length > 300_000 || typeof data !== 'object' || data === null) continue;
      const result = parseScenarioText(text, 'fuzz.yaml');
      if (result.problems.length === 0 && result.warnings.length === 0) continue;
      expect(result, `case ${index}`).toEqual(viaYamlPackage(text, 'fuzz.yaml'));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('loadScenarioFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'parley-scenario-file-'));

  it('reads and validates a file', () => {
    const path = join(folder, 'demo.yaml');
    writeFileSync(path, base);
    expect(loadScenarioFile(path).problems).toEqual([]);
  });

  it('reports a missing file as a problem, not an exception', () => {
    const path = join(folder, 'missing.yaml');
    expect(loadScenarioFile(path)).toEqual({
      problems: [{ code: 'file', path: [], message: 'file not found', hint: 'check the path and the current directory', file: path }],
      warnings: [],
    });
  });

  it('reports a folder as a problem', () => {
    expect(loadScenarioFile(folder).problems).toMatchObject([{ code: 'file', file: folder }]);
  });
});

describe('scenarioToYaml', () => {
  const scenario = parseScenarioText(base, 'demo.yaml').scenario!;

  it('round-trips: the YAML it writes reads back as the same scenario', () => {
    const { scenario: again, problems } = parseScenarioText(scenarioToYaml(scenario), 'out.yaml');
    expect(problems).toEqual([]);
    expect(again).toEqual(scenario);
  });

  it('writes block style, fields in file order, scales, ranges, short evidence and changes on one line', () => {
    const shuffled: Scenario = { actors: scenario.actors, issues: scenario.issues, title: 'Demo', id: 'demo', parley: 1 };
    const yaml = scenarioToYaml(shuffled);
    expect(yaml.startsWith('parley: 1\nid: demo\ntitle: Demo\nissues:\n')).toBe(true);
    expect(yaml).toContain('scale: { min: 0, max: 100 }');
    expect(yaml).toContain('salience: { low: 0.8, mode: 0.9, high: 1 }');
    expect(scenarioToYaml(scenario)).toContain('- { actor: USA, active: true }');
    expect(yaml).toContain('- { source: speech, paragraph: 2, quote: no troops }');
  });

  it('writes anchors keyed by number', () => {
    const withAnchors: Scenario = {
      ...scenario,
      issues: [{ ...scenario.issues[0]!, anchors: { '0': 'none', '100': 'all' } }],
    };
    const yaml = scenarioToYaml(withAnchors);
    expect(yaml).toContain('anchors:\n      0: none\n      100: all\n');
    expect(parseScenarioText(yaml, 'out.yaml').scenario).toEqual(withAnchors);
  });
});

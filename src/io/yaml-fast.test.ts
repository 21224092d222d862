/**
 * The fast reader must give exactly the data the `yaml` package gives, or step aside
 * (undefined). Checked on every shipped scenario and on seeded mutations of them that put
 * the scalars where YAML readers disagree (`1_000`, `0b1`, `.inf`, `-0`, `~`, `yes`, dates,
 * octal, sexagesimal) and the constructs it leaves to `yaml` (anchors, tags, complex and
 * null keys, directives) into the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../core/limits.js';
import { createRng } from '../core/rng.js';
import { validateScenario } from '../core/validate.js';
import { aliasGrowth } from './alias-growth.js';
import { parseScenarioText } from './scenario-file.js';
import { plainSyntaxError, readPlainYaml, readPlainYamlOrError } from './yaml-fast.js';

const scenarioDir = join(import.meta.dirname, '..', '..', 'scenarios');
const shipped = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(join(scenarioDir, name), 'utf8') }));

/** What the `yaml` package reads, as `parseScenarioText` calls it, or undefined when it reports an error. */
function readByYamlPackage(text: string): { data: unknown } | undefined {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return undefined;
  try {
    const data = doc.toJS({ maxAliasCount: -1 });
    return aliasGrowth(data) > LIMITS.aliasGrowth ? undefined : { data };
  } catch {
    return undefined;
  }
}

/** Same data, same key order, numbers compared with Object.is (so -0 and NaN count). */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

const tokens = [
  '1_000',
  '0b11',
  '0o17',
  '0x1F',
  '0xg',
  '017',
  '0777',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  '-0',
  '-0.0',
  '+5',
  '1e3',
  '1E+3',
  '-1.5e-3',
  '1.',
  '.5',
  '+.5',
  '1.50',
  '~',
  'null',
  'Null',
  'NULL',
  '',
  'TRUE',
  'True',
  'yes',
  'no',
  'on',
  'off',
  'y',
  '2024-01-01',
  '2001-12-14t21:59:43.10-05:00',
  '12:30',
  '1:20:30',
  '"x"',
  "'y'",
  '"\\u00e9\\t"',
  "'it''s'",
  'a: b',
  '[a, b]',
  '[]',
  '{}',
  '{a: 1}',
  '{low: 1, mode: 2, high: 3}',
  '|\n    block\n    text',
  '>-\n    folded\n    text',
  '"multi\n    line"',
  'plain\n    continued',
  '&a 5',
  '*a',
  '!!str 5',
  '!x 5',
  '! 5',
  '=',
  '<<',
  '"__proto__"',
  '1 # a comment',
  '1 # &a comment with *stars* and a ! mark',
  '"&a *b !c"',
  "'&a *b !c'",
  'x &a *b !c',
  'a*b',
  'plain\n    &continued *line',
  '[x, "&a", \'*b\', "!c"] # [&d, *e]',
  '{a: "*b"} # !c',
  '"multi\n    &line !quote"',
  '|\n    &block *text !here',
  '"#not"',
  'a#b',
  '0.1e1_0',
  '1__0',
  '+0x1',
  '-0x1',
  '0o8',
  '1e',
  'e1',
  '.',
  '-',
  '- x',
  '? x',
  '9007199254740993',
  '1e400',
  '-1e400',
];
const keyLines = ['[a]: 1', '{a: 1}: 2', '? x', '? [a, b]\n: 1', '~: 1', 'null: 1', '"": 1', '1.0: x', '0x10: y', '__proto__: {}', 'constructor: 1'];

/** A mutation of `text`: one line's value replaced by a token, or a key line inserted. */
function mutate(text: string, rng: { next(): number }): string {
  const lines = text.split('\n');
  const count = 1 + Math.floor(rng.next() * 3);
  for (let m = 0; m < count; m++) {
    const at = Math.floor(rng.next() * lines.length);
    const line = lines[at]!;
    if (rng.next() < 0.2) {
      const indent = /^\s*/.exec(line)![0];
      lines.splice(at, 0, indent + keyLines[Math.floor(rng.next() * keyLines.length)]!);
      continue;
    }
    const colon = line.indexOf(': ');
    const token = tokens[Math.floor(rng.next() * tokens.length)]!;
    if (colon >= 0) lines[at] = `${line.slice(0, colon + 2)}${token}`;
    else if (/^\s*- /.test(line)) lines[at] = `${line.slice(0, line.indexOf('- ') + 2)}${token}`;
  }
  if (rng.next() < 0.05) lines.unshift(rng.next() < 0.5 ? '%YAML 1.1\n---' : '--- !!map');
  return lines.join('\n');
}

describe('readPlainYaml', () => {
  it.each(shipped)('reads $name as the yaml package does, and takes the fast path', ({ text }) => {
    const fast = readPlainYaml(text);
    expect(fast).toBeDefined();
    expect(sameData(fast, readByYamlPackage(text)?.data)).toBe(true);
  });

  it('gives the yaml package’s data or steps aside, on seeded mutations of each shipped scenario (most on the small one)', { timeout: 120_000 }, () => {
    let fastCount = 0;
    let disagreements: string[] = [];
    for (const [index, { name, text }] of shipped.entries()) {
      const rng = createRng(2200 + index);
      // The yaml package takes about 0.1 s on the larger files; the small one takes most mutations.
      const mutations = text.length < 10_000 ? 500 : text.length < 50_000 ? 40 : 15;
      for (let k = 0; k < mutations; k++) {
        const mutated = mutate(text, rng);
        const fast = readPlainYaml(mutated);
        if (fast === undefined) continue;
        fastCount++;
        const slow = readByYamlPackage(mutated);
        // Where the yaml package reports an error, the fast data must not make a scenario, so
        // that parseScenarioText goes on to the yaml package and reports it.
        const agrees = slow === undefined ? validateScenario(fast).scenario === undefined : sameData(fast, slow.data);
        if (!agrees) disagreements.push(`${name} #${k}`);
      }
    }
    disagreements = disagreements.slice(0, 5);
    expect(disagreements).toEqual([]);
    // The mutations exercise the fast path, not only the way around it.
    expect(fastCount).toBeGreaterThan(200);
  });

  it('reads anchors and aliases, of scalars and of maps and lists, and the tag `!!str` on scalars as the yaml package does', () => {
    const aliases = (count: number) => `a: &a 1\nb: [${Array(count).fill('*a').join(', ')}]\n`;
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 5\n',
      'a:\n  # a comment\n  &x 1\n',
      '[&a x, *a]\n',
      '- &a\n- 1\n- *a\n',
      'a: &a 1\nb: &a "two"\nc: *a\n',
      'a: !!str 1.50\nb: !!str ~\nc: !!str true\nd: !!str &e 0x10\ne: *e\n',
      aliases(999),
      // More than a thousand aliases of a scalar, which `maxAliasCount: 1000` used to refuse: each adds nothing.
      aliases(5000),
      'a: &x [1]\nb: *x\n',
      'a: &m\n  x: 1\n',
      'a: &m # c\n  x: [1, 2]\nb: *m\nc: [*m, *m]\n',
      'a: &s\n  - 1\n  - {y: 2}\nb:\n  - *s\n  - *s\n',
      'a: &f {x: 1, y: &g [2, 3]}\nb: *f\nc: *g\n',
      '- &a {x: 1}\n- *a\n- - *a\n',
      'a: &a [1]\nb: &a {c: 2}\nd: *a\n',
      `a: &a [${Array(100).fill(1).join(', ')}]\nb: [${Array(999).fill('*a').join(', ')}]\n`,
    ]) {
      const fast = readPlainYaml(text);
      expect(fast, text).toBeDefined();
      const slow = readByYamlPackage(text)?.data;
      expect(sameData(fast, slow), text).toBe(true);
      // Aliases give the anchor's own object in both readers.
      expect(aliasGrowth(fast), text).toBe(aliasGrowth(slow));
    }
  });

  it('refuses an alias bomb from js-yaml’s data, where the yaml package’s reading refuses it too', () => {
    const bomb = `a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n${'bcdefgh'
      .split('')
      .map((name, k) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[k]}`).join(', ')}]`)
      .join('\n')}\n`;
    // Lists of 11, 111, …, 111,111,111 values under one map: 123,456,789 values, of which the text writes 89.
    expect(readPlainYamlOrError(bomb)).toEqual({ aliasGrowth: 123_456_789 - 89, at: bomb.indexOf('*') });
    expect(readPlainYaml(bomb)).toBeUndefined();
    expect(readByYamlPackage(bomb)).toBeUndefined();
    // A cycle counts as a leaf; the data nests deeper than the limit, so it is the yaml package's.
    expect(readPlainYaml('a: &a [*a]\n')).toBeUndefined();
    // Just at the limit, and one value over it.
    const at = (extra: number) =>
      `a: &a [${Array(99).fill(1).join(', ')}]\nb: [${Array(1000 + extra)
        .fill('*a')
        .join(', ')}]\n`;
    expect(aliasGrowth(readPlainYaml(at(0)))).toBe(LIMITS.aliasGrowth - 1000);
    // Each alias of the 100-value list adds 99: 1,010 aliases add 99,990, 1,011 add 100,089.
    expect(readPlainYaml(at(11))).toBeUndefined();
    expect(readByYamlPackage(at(11))).toBeUndefined();
    expect(readPlainYaml(at(10))).toBeDefined();
    expect(readByYamlPackage(at(10))).toBeDefined();
  });

  it('leaves an anchor on a block map’s first line, other tags, directives, merge keys and complex or null keys to the yaml package', () => {
    for (const text of [
      '&k key: 1\n',
      'a:\n  - &k x: 1\n  - *k\n',
      'a: &a [&a 1, *a]\nb: *a\n',
      'a: &a\n  b: &a 1\nc: *a\n',
      'a: !!str\n  b: 1\n',
      'a: !!int 5\n',
      '%YAML 1.1\n---\na: yes\n',
      'a: {b: 1}\nc:\n  <<: {d: 2}\n',
      '? [a, b]\n: 1\n',
      '[a]: 1\n',
      '{[a]: 1}\n',
      '~: 1\n',
      'x:\n  __proto__: {polluted: 1}\n',
      'a: 1\na: 2\n',
      'a: [1\n',
      '--- 1\n--- 2\n',
      '--- !!map\na: 1\n',
      'a: ! 5\n',
      '{a: !!int 1}\n',
      'a: *undefined\n',
    ]) {
      expect(readPlainYaml(text), text).toBeUndefined();
    }
  });

  it('reads `&`, `*` and `!` in comments, quotes and plain text itself, as the yaml package does', () => {
    for (const text of [
      '# &anchor\na: 1\n',
      'a: 1 # *alias !tag\n',
      'a: "&x *y !z"\nb: \'!x\'\n',
      'a: x *y* z & w!\n',
      'a: foo\n  &bar *baz\n',
      'a: [x, "&y"] # {&z: *w}\n',
      'a: |\n  &block *text !here\n',
    ]) {
      const fast = readPlainYaml(text);
      expect(fast, text).toBeDefined();
      expect(sameData(fast, readByYamlPackage(text)?.data), text).toBe(true);
    }
  });

  it('parseScenarioText gives the same result through either reader on the shipped scenarios', () => {
    for (const { name, text } of shipped) {
      const result = parseScenarioText(text, name);
      // A `%YAML 1.2` directive (the yaml package's default) sends the same text to the yaml package.
      const viaYaml = parseScenarioText(`%YAML 1.2\n---\n${text}`, name);
      const commented = parseScenarioText(`# &anchor\n${text}`, name);
      expect(result.problems).toEqual([]);
      expect(sameData(result.scenario, viaYaml.scenario)).toBe(true);
      expect(result.warnings).toEqual(viaYaml.warnings.map((warning) => ({ ...warning, line: warning.line! - 2 })));
      expect(sameData(commented.scenario, result.scenario)).toBe(true);
      expect(commented.warnings).toEqual(viaYaml.warnings.map((warning) => ({ ...warning, line: warning.line! - 1 })));
    }
  });
});

/**
 * Anchors and aliases put into `text`: an anchor on a seeded choice of values (scalars, flow
 * collections, and block maps and lists, whose anchor goes after their key), and aliases of
 * earlier anchors in place of later values.
 */
function addAliases(text: string, rng: { next(): number }): string {
  const lines = text.split('\n');
  const names: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!;
    const match = /^(\s*(?:- )?[\w-]+:)( (.*))?$/.exec(line) ?? /^(\s*-)( (.*))$/.exec(line);
    if (match === null) continue;
    const roll = rng.next();
    if (roll < 0.08) {
      const name = `n${names.length}`;
      names.push(name);
      lines[at] = match[2] === undefined ? `${match[1]} &${name}` : `${match[1]} &${name} ${match[3]}`;
    } else if (roll < 0.16 && names.length > 0 && match[2] !== undefined) {
      lines[at] = `${match[1]} *${names[Math.floor(rng.next() * names.length)]!}`;
    }
  }
  return lines.join('\n');
}

describe('anchors and aliases of maps and lists', () => {
  it('give the same result, problems and lines included, through either reader, on seeded anchors and aliases in each shipped scenario', {
    timeout: 120_000,
  }, () => {
    let plain = 0;
    let withProblems = 0;
    for (const [index, { name, text }] of shipped.entries()) {
      const rng = createRng(2500 + index);
      const mutations = text.length < 10_000 ? 300 : 12;
      for (let k = 0; k < mutations; k++) {
        const mutated = addAliases(text, rng);
        const fast = parseScenarioText(mutated, name);
        // `%YAML 1.2` (the yaml package's default version) sends the same text to the yaml package.
        const viaYaml = parseScenarioText(`%YAML 1.2\n---\n${mutated}`, name);
        const back = (found: { line?: number }[]) => found.map((item) => ({ ...item, line: item.line! - 2 }));
        expect(fast.problems, `${name} #${k}`).toEqual(back(viaYaml.problems));
        expect(fast.warnings, `${name} #${k}`).toEqual(back(viaYaml.warnings));
        expect(sameData(fast.scenario, viaYaml.scenario), `${name} #${k}`).toBe(true);
        if (readPlainYaml(mutated) !== undefined && /&n\d+\n/.test(mutated)) plain++;
        if (fast.problems.length > 0) withProblems++;
      }
    }
    // js-yaml reads most of them (block collections anchored), and many have problems to place.
    expect(plain).toBeGreaterThan(150);
    expect(withProblems).toBeGreaterThan(100);
  });
});

/** A syntax mutation of `text`: a line's indentation changed, a quote or bracket opened, a tab, a comma dropped. */
function breakSyntax(text: string, rng: { next(): number }): string {
  const lines = text.split('\n');
  const at = Math.floor(rng.next() * lines.length);
  const line = lines[at]!;
  const kind = Math.floor(rng.next() * 6);
  if (kind === 0) lines[at] = ` ${line}`;
  else if (kind === 1) lines[at] = line.replace(/^ /, '');
  else if (kind === 2) lines[at] = line.replace(/: /, ': "');
  else if (kind === 3) lines[at] = line.replace(/: /, ': { a: [');
  else if (kind === 4) lines[at] = line.replace(/^ {2}/, '\t');
  else lines[at] = line.replace(/: (\S)/, ': x: $1');
  return lines.join('\n');
}

describe('plainSyntaxError', () => {
  it('names only errors the yaml package reports too, on the same line or the next, on seeded syntax mutations of each shipped scenario', {
    timeout: 120_000,
  }, () => {
    let reported = 0;
    const disagreements: string[] = [];
    for (const [index, { name, text }] of shipped.entries()) {
      const rng = createRng(2400 + index);
      const mutations = text.length < 10_000 ? 400 : text.length < 50_000 ? 40 : 15;
      for (let k = 0; k < mutations; k++) {
        const mutated = breakSyntax(text, rng);
        const read = readPlainYamlOrError(mutated);
        const error = read !== undefined && 'error' in read ? plainSyntaxError(read.error) : undefined;
        if (error === undefined) continue;
        reported++;
        const lineCounter = new LineCounter();
        const doc = parseDocument(mutated, { lineCounter });
        const lines = doc.errors.map((found) => lineCounter.linePos(found.pos[0]).line);
        if (!lines.some((line) => line === error.line || line === error.line - 1))
          disagreements.push(`${name} #${k}: ${error.message} at ${error.line}; yaml at ${lines.join(',') || 'none'}`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(reported).toBeGreaterThan(100);
  });

  it('leaves a duplicated key to the yaml package (js-yaml compares keys as text)', () => {
    const read = readPlainYamlOrError('a:\n  1: x\n  "1": y\n');
    expect(read !== undefined && 'error' in read ? plainSyntaxError(read.error) : 'no error').toBeUndefined();
  });
});

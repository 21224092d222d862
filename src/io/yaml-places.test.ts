/**
 * The places js-yaml's events give a plain file must be the `yaml` package's, on every path a
 * problem can have, and js-yaml must step aside (undefined) wherever the `yaml` package would
 * report an error: otherwise a file with a problem would get other lines, or validation
 * problems instead of the syntax error it got before. Checked on the shipped scenarios, on
 * fuzzed files (flow and block style, mutated text), on seeded character edits of them and on
 * hand-written edge cases (empty values, empty list entries, comments, quotes, block scalars,
 * a byte order mark, CRLF).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { fuzzCase } from './testing/fuzz.js';
import { readPlainYaml } from './yaml-fast.js';
import { documentTree, type NodeTree, type Place, placeOfPath, plainYamlPlaces } from './yaml-places.js';

const scenarioDir = join(import.meta.dirname, '..', '..', 'scenarios');
const shipped = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => readFileSync(join(scenarioDir, name), 'utf8'));

type Path = (string | number)[];

/** Every path into the data (each value, and a missing child of each collection). */
function pathsOf(data: unknown): Path[] {
  const paths: Path[] = [[]];
  const pending: [unknown, Path][] = [[data, []]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    paths.push([...path, Array.isArray(value) ? entries.length : 'missing-field']);
    for (const [segment, child] of entries) {
      paths.push([...path, segment]);
      pending.push([child, [...path, segment]]);
    }
  }
  return paths;
}

/** The places of every path in both trees, pointing at values and at keys. */
function placesOf<N>(tree: NodeTree<N>, paths: Path[]): (Place | undefined)[] {
  return paths.flatMap((path) => [placeOfPath(tree, path, false), placeOfPath(tree, path, true)]);
}

type Outcome = 'not plain' | 'yaml package' | 'same places';

/**
 * What happens to a text: not plain (readPlainYaml refuses it), left to the yaml package
 * (plainYamlPlaces refuses it), or placed by both trees alike; throws on a disagreement.
 */
function compare(text: string): Outcome {
  const data = readPlainYaml(text);
  if (data === undefined) return 'not plain';
  const plain = plainYamlPlaces(text);
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: true });
  if (plain === undefined) return 'yaml package';
  if (doc.errors.length > 0) throw new Error(`placed by js-yaml, but the yaml package reports ${doc.errors[0]!.code}: ${JSON.stringify(text.slice(0, 300))}`);
  const paths = pathsOf(data);
  const expected = placesOf(documentTree(yaml, doc, lineCounter), paths);
  const actual = placesOf(plain, paths);
  for (let index = 0; index < expected.length; index++) {
    const path = paths[Math.floor(index / 2)]!;
    if (JSON.stringify(expected[index]) !== JSON.stringify(actual[index])) {
      throw new Error(
        `${JSON.stringify(path)} (${index % 2 === 0 ? 'value' : 'key'}): yaml ${JSON.stringify(expected[index])}, js-yaml ${JSON.stringify(actual[index])} in ${JSON.stringify(text.slice(0, 300))}`,
      );
    }
  }
  return 'same places';
}

const EDGE_CASES = [
  'a:\nb: 1\n',
  'a:   # c\nb: 1\n',
  'a: # c\n  # d\n  x\n',
  'l:\n  -\n  -   \n  - x\n  -\n',
  'l:\n- a\n-\n- - b\n  -\n  - c\n',
  'l:\n  - # c\n    x\n  -\n    y: 1\n',
  'a: {b, c: 1, d: }\n',
  'a: {b: , c: [1, 2], d: {}}\n',
  'a:\n  - {x: 1}\n  - {y: [2, 3], z: []}\n',
  'd: |\n  text\n  more\ne: >-\n  folded\n\n  text\nf: 1\n',
  'm:\n  k: v\n  n:\n    - {a: 1}\n    - [b]\n    -   c\n',
  '- - a\n  - b\n- c\n',
  '"q": 1\n\'r\': "two\n  lines"\ns: plain\n  continued\nt: 2\n',
  '\ufeffa: 1\nb: [x]\n',
  'a: 1\r\nb:\r\n  - x\r\n  -\r\n',
  '---\na: 1\nb: {c: 2}\n...\n',
  '# a comment\n\n\na: 1\n',
  '2024: x\n1.0: y\n0x10: z\ntrue: w\n.inf: v\n',
  'a: {"b":1, "c": [1,2]}\n',
  'a: x#y\nb: "not #"\nc: https://x.org/page#part\n',
  '~\n',
  '42\n',
  '- a\n- b\n',
  '[a, b]\n',
  '{a: 1}\n',
  '"text"\n',
  'a: 1',
  'a:\n  b:\n    c:\n      d: [1, 2]\n      e: {f: 3}\n',
  `a: {${'k'.repeat(2000)}: 1}\n`,
  'a:\tb\nc:\t\nd: "x\ty"\ne: x\ty\t# c\n',
  '-\ta\n-\t\n- [b,\tc]\n- {d:\t1, e:\t}\n',
  'l:\n  - a\t\n  -\tb\n  -\t# c\n  - |\n    x\ty\n',
  // Node properties readPlainYaml reads: anchors and aliases of scalars, `!!str` on scalars.
  'a: &c 1\nb: *c\nc: !!str 5\nd: !!str &e  x\ne: *e\n',
  'l:\n  - &a x\n  - *a\n  -   !!str\n  - !!str # c\n    y\n  - &b\n  - *b\n',
  'a: [&s 1, *s, !!str 2, *s]\nb: {x: &t 1, y: *t, z: !!str 3}\n',
  'a: &a 1\nb: &a 2\nc: *a\nd:\n  e: *a\n  f: &g "q"\n  h: *g\n',
  '- &a x\n- - *a\n  - &b |\n    text\n- *b\n',
  // Anchors and aliases of maps and lists: a path through an alias goes on in what it names.
  'a: &m\n  x: 1\n  y: [2, 3]\nb: *m\nc:\n  - *m\n  -   *m\n',
  'a: &s\n  - {p: 1}\n  -\n  - q\nb: *s\nc: {d: *s, e: [*s]}\n',
  'a: &f {x: &g [1, 2], z: }\nb: *f\nc: *g\nd: &f [0]\ne: *f\n',
  '- &a\n  k: v\n- *a\n- - *a\n  - &b [1]\n- *b\n',
  'a: &m # c\n  # d\n  x: 1\nb: # e\n  *m\n',
];

describe('plainYamlPlaces', () => {
  it.each(EDGE_CASES.map((text) => ({ text })))('places every path of $text as the yaml package does', ({ text }) => {
    expect(compare(text)).toBe('same places');
  });

  it('places every path of the shipped scenarios as the yaml package does', () => {
    for (const text of shipped) expect(compare(text)).toBe('same places');
  });

  it('leaves tabs as indentation, a lone carriage return, comments glued to a token and implicit keys over 1024 characters to the yaml package', () => {
    for (const text of ['a: 1\n\t\nb: 2\n', '\t~\n', 'a: "b"#c\n', 'a: [b]#c\n', 'a: {b: 1}#c\n', 'a: 1\rb: 2\n', `${'k'.repeat(1025)}: 1\n`]) {
      expect(compare(text), JSON.stringify(text)).toBe('yaml package');
    }
    expect(compare(`${'k'.repeat(1024)}: 1\n`)).toBe('same places');
  });

  it('places every path of fuzzed files, and of seeded character edits of them, as the yaml package does, or steps aside', { timeout: 240_000 }, () => {
    const counts: Record<Outcome, number> = { 'not plain': 0, 'yaml package': 0, 'same places': 0 };
    const rng = createRng(2424);
    const pieces = [
      ' ',
      '  ',
      '\n',
      '\n  ',
      '\n\t',
      ':\t',
      '-\t',
      ':',
      ': ',
      '- ',
      '-',
      '#',
      ' # c',
      '"',
      "'",
      '{',
      '}',
      '[',
      ']',
      ',',
      '|',
      '>',
      'x',
      '\r\n',
      '\t',
      '...',
    ];
    for (let index = 0; index < 400; index++) {
      const { text } = fuzzCase(24, index);
      if (text.length > 200_000) continue;
      counts[compare(text)]++;
      let edited = text;
      for (let edit = 1 + rng.int(3); edit > 0; edit--) {
        const at = rng.int(edited.length + 1);
        edited =
          rng.next() < 0.6 ? edited.slice(0, at) + pieces[rng.int(pieces.length)]! + edited.slice(at) : edited.slice(0, at) + edited.slice(at + 1 + rng.int(3));
      }
      counts[compare(edited)]++;
    }
    // Both halves are exercised: files placed by js-yaml, and files left to the yaml package.
    expect(counts['same places']).toBeGreaterThan(200);
    expect(counts['not plain'] + counts['yaml package']).toBeGreaterThan(50);
  });
});

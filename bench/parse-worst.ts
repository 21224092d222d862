/**
 * Parse + validate of the worst scenario files we could write, up to 10 MB (issue 24: every
 * file answered in under 1 s of CPU, in time linear in its size): many actors in block and in
 * flow style, valid and with a problem on the last line or in every actor, too many actors,
 * long strings at and over their limits, nesting at and over the limit, a syntax error at the
 * end, anchors and aliases (of a scalar, of a map and a list, an alias bomb, an actor aliased
 * 998 times), files the `yaml` package must read (a tag) and one it
 * need not (`&`, `*`, `!` in a comment and a quote), a tab, and files over the size limit. The figures are in docs/reliability.md.
 *
 * Each case runs in a fresh process (`--case NAME`): the first call's CPU (what the CLI pays)
 * and the median of three more (a server's warm process). `--against DIST` times another
 * build's `dist/src/io/scenario-file.js` beside this one, alternately, `runs` rounds
 * (bench/settings.ts), e.g. the code before a change built in a copy of the repository.
 *
 * `node dist/bench/parse-worst.js [--against /path/to/dist]`
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LIMITS } from '../src/core/limits.js';
import { cpuMs, median, runs } from './settings.js';

const ISSUES = 4;

function header(): string {
  const issues = Array.from({ length: ISSUES }, (_, k) => `  - id: I${k}\n    name: Issue ${k}\n    scale: { min: 0, max: 100 }`).join('\n');
  return `parley: 1\nid: worst\ntitle: The worst files\nissues:\n${issues}\nactors:\n`;
}

/** One actor holding a stance on every issue; `salience` is what its last stance says. */
function blockActor(a: number, salience = '0.5'): string {
  const stances = Array.from(
    { length: ISSUES },
    (_, k) => `      I${k}:\n        position: ${(a * 7 + k) % 101}\n        salience: ${k === ISSUES - 1 ? salience : '0.5'}`,
  ).join('\n');
  return `  - id: A${a}\n    name: Actor ${a}\n    capability: ${1 + (a % 50)}\n    stances:\n${stances}\n`;
}

function flowActor(a: number, salience = '0.5', issue = 'I', count = ISSUES): string {
  const stances = Array.from(
    { length: count },
    (_, k) => `${issue}${k}: { position: ${(a * 7 + k) % 101}, salience: ${k === count - 1 ? salience : '0.5'} }`,
  ).join(', ');
  return `  - { id: A${a}, name: Actor ${a}, capability: ${1 + (a % 50)}, stances: { ${stances} } }\n`;
}

/** Actors up to about `bytes` (and at most `count`), the last one written by `last`. */
function actors(write: (a: number) => string, bytes: number, count: number = LIMITS.actors, last: (a: number) => string = write): string {
  const parts: string[] = [];
  let size = 0;
  for (let a = 0; a < count - 1 && size < bytes; a++) {
    const actor = write(a);
    parts.push(actor);
    size += actor.length;
  }
  parts.push(last(parts.length));
  return parts.join('');
}

const MB = 1_000_000;
const nested = (depth: number) => `${Array.from({ length: depth }, (_, d) => `${'  '.repeat(d)}a${d}:`).join('\n')} 1\n`;

/** The cases, each a text made the same on every run. */
const CASES: Record<string, () => string> = {
  'block, 5,000 actors, valid': () => header() + actors((a) => blockActor(a), MB),
  'block, 5,000 actors, a problem on the last line': () =>
    header() +
    actors(
      (a) => blockActor(a),
      MB,
      LIMITS.actors,
      (a) => blockActor(a, '1.4'),
    ),
  'block, a problem in every actor': () => header() + actors((a) => blockActor(a, '1.4'), MB),
  'flow, 5,000 actors, valid': () => header() + actors((a) => flowActor(a), MB),
  'flow, 5,000 actors, a problem on the last line': () =>
    header() +
    actors(
      (a) => flowActor(a),
      MB,
      LIMITS.actors,
      (a) => flowActor(a, '1.4'),
    ),
  'flow, an unknown issue in every actor (did you mean)': () => header() + actors((a) => flowActor(a, '0.5', 'J'), MB),
  'flow, 5,001 actors (too many)': () => header() + actors((a) => flowActor(a, '0.5', 'I', 3), MB, LIMITS.actors + 1),
  'long texts: 48 descriptions of 20,000 characters': () =>
    `${header()}${actors((a) => blockActor(a), 10_000)}description: ${'d'.repeat(LIMITS.textLength)}\n`.replace(
      /^(\s+)name: (Actor \d+)$/gm,
      (line, indent: string, name: string) => (Number(name.slice(6)) < 48 ? `${line}\n${indent}description: ${'x'.repeat(LIMITS.textLength)}` : line),
    ),
  'a name of 1,000,000 characters (over its limit)': () =>
    `${header()}${actors((a) => blockActor(a), 1000)}`.replace('name: Actor 0', `name: ${'n'.repeat(MB)}`),
  'nesting at the limit (16), block': () => `${header()}${actors((a) => blockActor(a), MB - 1000)}x:\n${nested(15).replace(/^/gm, '  ')}`,
  'nesting over the limit, block, 1,000 levels': () => `${header()}${actors((a) => blockActor(a), 10_000)}x:\n${nested(1000).replace(/^/gm, '  ')}`,
  'nesting over the limit, flow, 500,000 brackets': () => `${header()}x: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`,
  'a syntax error on the last line': () => `${header() + actors((a) => blockActor(a), MB)}  - id: broken\n   name: x\n`,
  'an anchor in a comment, `&`, `*` and `!` in quotes, a problem on the last line': () =>
    `# &anchor *alias !tag\n${header()}${actors(
      (a) => blockActor(a),
      MB,
      LIMITS.actors,
      (a) => blockActor(a, '1.4'),
    )}`.replace('name: Actor 0', 'name: "Actor & *0!"'),
  'an anchor and an alias of a scalar, a problem on the last line': () =>
    `${header()}${actors(
      (a) => blockActor(a),
      MB,
      LIMITS.actors,
      (a) => blockActor(a, '1.4'),
    )}`
      .replace('capability: 1\n', 'capability: &c 1\n')
      .replace('capability: 2\n', 'capability: *c\n'),
  'an alias bomb (9 anchors of 10 aliases each)': () =>
    `${header()}${actors((a) => blockActor(a), MB - 2000)}x:\n  a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n${Array.from(
      { length: 8 },
      (_, k) =>
        `  ${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + k)}`)
          .join(', ')}]`,
    ).join('\n')}\n`,
  'anchors and aliases of a map and a list, a problem on the last line': () =>
    `${header()}${actors((a) => blockActor(a), MB - 2000)}x:\n  a: &m\n    p: 1\n    q: &l [1, 2, 3]\n  b: *m\n  c: [*m, *l, *m]\n  d:\n    - *l\n`,
  'an anchored actor aliased 998 times (3 million values)': () =>
    `parley: 1\nid: amp\ntitle: Amp\nissues:\n${Array.from({ length: 1000 }, (_, k) => `  - {id: I${k}, name: Issue ${k}, scale: {min: 0, max: 100}}`).join('\n')}\nactors:\n  - &A {id: A0, name: x, capability: 1, stances: {${Array.from({ length: 1000 }, (_, k) => `I${k}: {position: ${k % 100}, salience: 0.5}`).join(', ')}}}\n${'  - *A\n'.repeat(998)}`,
  'a tag (`!!str`), a problem on the last line': () =>
    `${header()}${actors(
      (a) => blockActor(a),
      MB,
      LIMITS.actors,
      (a) => blockActor(a, '1.4'),
    )}`.replace('name: Actor 0', 'name: !!str Actor 0'),
  'a tab in a quote, a problem on the last line': () =>
    `${header()}${actors(
      (a) => blockActor(a),
      MB,
      LIMITS.actors,
      (a) => blockActor(a, '1.4'),
    )}`.replace('name: Actor 0', 'name: "Actor\t0"'),
  '10 MB (over the size limit)': () => `${header()}description: ${'z'.repeat(10 * MB)}\n`,
};

interface Timing {
  bytes: number;
  first: number;
  warm: number;
  problems: number;
  /** A hash of the whole result (scenario, problems with their lines, warnings). */
  answer: string;
}

/** In a fresh process: one case through one build, timed. */
async function timeCase(name: string, modulePath: string): Promise<void> {
  const { parseScenarioText } = (await import(pathToFileURL(modulePath).href)) as typeof import('../src/io/scenario-file.js');
  const text = CASES[name]!();
  const times: number[] = [];
  let result: ReturnType<typeof parseScenarioText> | undefined;
  for (let round = 0; round < 4; round++) {
    const started = cpuMs();
    result = parseScenarioText(text, 'worst.yaml');
    times.push(cpuMs() - started);
  }
  const answer = createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 12);
  const timing: Timing = { bytes: Buffer.byteLength(text), first: times[0]!, warm: median(times.slice(1)), problems: result!.problems.length, answer };
  process.stdout.write(JSON.stringify(timing));
}

function measure(name: string, modulePath: string): Timing {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, '--module', modulePath], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
  return JSON.parse(child.stdout) as Timing;
}

export function run(against?: string): void {
  const here = resolve(fileURLToPath(import.meta.url), '../../src/io/scenario-file.js');
  const contestants = [
    { name: 'now', module: here },
    ...(against === undefined ? [] : [{ name: 'other', module: resolve(against, 'src/io/scenario-file.js') }]),
  ];
  console.log(
    `parse + validate, CPU ms (first call in a fresh process / median of 3 more), ${runs} rounds, medians; load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  for (const name of Object.keys(CASES)) {
    const timings = new Map<string, Timing[]>(contestants.map((contestant) => [contestant.name, []]));
    for (let round = 0; round < runs; round++) {
      for (const contestant of round % 2 === 0 ? contestants : [...contestants].reverse()) timings.get(contestant.name)!.push(measure(name, contestant.module));
    }
    const cells = contestants.map((contestant) => {
      const list = timings.get(contestant.name)!;
      const first = median(list.map((timing) => timing.first));
      const warm = median(list.map((timing) => timing.warm));
      return { name: contestant.name, first, warm, bytes: list[0]!.bytes, problems: list[0]!.problems, answer: list[0]!.answer };
    });
    const [now, other] = cells;
    const versus =
      other === undefined
        ? ''
        : `; other ${other.first.toFixed(0)} / ${other.warm.toFixed(0)} ms (${other.problems} problems), other ÷ now ${(other.first / now!.first).toFixed(1)}× / ${(other.warm / now!.warm).toFixed(1)}×, ${other.answer === now!.answer ? 'the same answer' : 'A DIFFERENT ANSWER'}`;
    console.log(`  ${name}: ${(now!.bytes / 1000).toFixed(0)} KB, ${now!.problems} problems: ${now!.first.toFixed(0)} / ${now!.warm.toFixed(0)} ms${versus}`);
  }
  console.log(
    `  load at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

const argv = process.argv.slice(2);
if (argv[0] === '--case') await timeCase(argv[1]!, argv[3]!);
else if (process.argv[1]?.endsWith('parse-worst.js')) run(argv[0] === '--against' ? argv[1] : undefined);

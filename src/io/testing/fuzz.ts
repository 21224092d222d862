/**
 * A seeded fuzzer for scenario files, as an attacker and a careless user would write them:
 * random valid scenarios (degenerate ones on purpose: every salience 0 on an issue, two
 * groups of actors on disjoint issues, all actors at one point, a position of −0, a variant
 * that leaves one active actor, the extreme scales and capabilities the limits allow), then
 * text mutations (very long strings, deep nesting, unknown ids with long names, alias bombs,
 * absurd numbers, `__proto__` and `constructor` as ids, truncation, a file over the size
 * limit).
 *
 * Each case is parsed and validated, timed; a case that validates is forecast by every model
 * on the base and on every variant. What counts as a failure: an exception out of parse,
 * validate or forecast, a forecast that is not a finite number on the issue's scale, a
 * not-applicable result without a reason, an issue with no answer at all, and a problem
 * without a line when the text has lines.
 *
 * `npm run bench` runs 10,000 cases (bench/fuzz.ts); the tests run a few hundred.
 */
import { forecast } from '../../core/forecast.js';
import { LIMITS } from '../../core/limits.js';
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import type { Actor, Issue, Scenario, Variant } from '../../core/scenario.js';
import { parseScenarioText, scenarioToYaml } from '../scenario-file.js';

export interface FuzzFailure {
  case: number;
  kind: string;
  what: string;
}

export interface FuzzReport {
  cases: number;
  /** Cases that validated and were forecast. */
  valid: number;
  /** Forecasts checked (model × issue × base and variants). */
  forecasts: number;
  notApplicable: number;
  failures: FuzzFailure[];
  /** Parse + validate time per case, milliseconds: wall clock, and CPU (which other work on a shared machine does not inflate). */
  validateMs: { p50: number; p99: number; max: number };
  validateCpuMs: { p50: number; p99: number; max: number };
  /** Cases whose parse + validate took over a second. */
  slow: number;
  /** The slowest case to parse and validate. */
  slowest: { case: number; kind: string; ms: number };
  kinds: Record<string, number>;
}

/** One generated file: its text and what made it. */
export interface FuzzCase {
  kind: string;
  text: string;
}

/**
 * The `index`-th case of the run with this seed; the same on every machine.
 *
 * @example fuzzCase(1, 0).kind // e.g. 'valid:zero-salience'
 */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const rng = createRng(deriveSeed(seed, index));
  const { kind: scenarioKind, scenario } = randomScenario(rng);
  const text = scenarioToYaml(scenario);
  // Half the cases stay valid scenarios (degenerate or not); half are mutated text.
  if (rng.next() < 0.5) return { kind: `valid:${scenarioKind}`, text };
  const mutation = MUTATIONS[rng.int(MUTATIONS.length)]!;
  return { kind: `mutated:${mutation.name}`, text: mutation.apply(text, rng) };
}

/**
 * Runs `count` cases from `seed` and reports what failed and how long validation took.
 * `onCase` is told each case's index, for progress.
 */
export function runFuzz(seed: number, count: number, onCase?: (index: number) => void): FuzzReport {
  const failures: FuzzFailure[] = [];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const kinds: Record<string, number> = {};
  let valid = 0;
  let forecasts = 0;
  let notApplicable = 0;
  let slowest = { case: -1, kind: '', ms: 0 };
  for (let index = 0; index < count; index++) {
    onCase?.(index);
    const { kind, text } = fuzzCase(seed, index);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const fail = (what: string) => failures.push({ case: index, kind, what });
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    let result;
    try {
      result = parseScenarioText(text, 'fuzz.yaml');
    } catch (error) {
      fail(`parse or validate threw: ${String(error)}`);
      continue;
    } finally {
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      times.push(elapsed);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      if (elapsed > slowest.ms) slowest = { case: index, kind, ms: elapsed };
    }
    const hasLines = text.includes('\n');
    for (const problem of result.problems) {
      if (problem.file === undefined) fail(`a problem names no file: ${problem.message.slice(0, 100)}`);
      if (hasLines && problem.line === undefined) fail(`a problem has no line: ${problem.message.slice(0, 100)}`);
    }
    if (result.scenario === undefined) continue;
    valid++;
    const scenario = result.scenario;
    for (const variant of [undefined, ...(scenario.variants ?? []).map((v) => v.id)]) {
      let answer;
      try {
        answer = forecast(scenario, { seed: index, ...(variant === undefined ? {} : { variant }) });
      } catch (error) {
        fail(`forecast${variant === undefined ? '' : ` of variant ${variant}`} threw: ${String(error)}`);
        continue;
      }
      const scales = new Map(scenario.issues.map((issue) => [issue.id, issue.scale]));
      const answered = new Set<string>();
      for (const row of answer.results) {
        forecasts++;
        const scale = scales.get(row.issue)!;
        const slack = 1e-6 * (scale.max - scale.min);
        if (!Number.isFinite(row.forecast) || row.forecast < scale.min - slack || row.forecast > scale.max + slack) {
          fail(`${row.model} on ${row.issue} gave ${row.forecast}, not on the scale ${scale.min}..${scale.max}`);
        }
        answered.add(row.issue);
      }
      for (const row of answer.notApplicable) {
        notApplicable++;
        if (row.reason.trim() === '') fail(`${row.model} on ${row.issue}: not applicable without a reason`);
      }
      const total = answer.results.length + answer.notApplicable.length;
      const expected = answer.params === undefined ? 0 : Object.keys(answer.params).length * scenario.issues.length;
      if (total !== expected) fail(`${total} answers for ${expected} model × issue cells`);
      // A valid scenario's base always has two participants per issue; the compromise model
      // runs on any such issue, so an issue without an answer is a failure.
      if (variant === undefined) {
        for (const issue of scenario.issues) if (!answered.has(issue.id)) fail(`no model answered on ${issue.id}`);
      }
    }
  }
  const percentiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
  };
  return {
    cases: count,
    valid,
    forecasts,
    notApplicable,
    failures,
    validateMs: percentiles(times),
    validateCpuMs: percentiles(cpuTimes),
    slow: times.filter((time) => time > 1000).length,
    slowest,
    kinds,
  };
}

// ---------------------------------------------------------------------------------------
// Random valid scenarios

const KINDS = [
  'plain',
  'zero-salience',
  'disjoint-groups',
  'one-point',
  'negative-zero',
  'one-left',
  'extreme-scale',
  'tiny-scale',
  'extreme-capability',
  'scale-ends',
  'ranges',
] as const;
type Kind = (typeof KINDS)[number];

function randomScenario(rng: Rng): { kind: Kind; scenario: Scenario } {
  const kind = KINDS[rng.int(KINDS.length)]!;
  const issueCount = 1 + rng.int(4);
  const actorCount = 2 + rng.int(kind === 'disjoint-groups' ? 10 : 8);
  const { min, max } = scaleFor(kind, rng);
  const between = (low: number, high: number) => low + rng.next() * (high - low);
  const point = () => (kind === 'scale-ends' ? (rng.next() < 0.5 ? min : max) : between(min, max));
  const issues: Issue[] = Array.from({ length: issueCount }, (_, k) => ({
    id: `I${k}`,
    name: `Issue ${k}`,
    scale: { min, max },
    ...(rng.next() < 0.5 ? { statusQuo: point() } : {}),
  }));
  const onePoint = point();
  const actors: Actor[] = Array.from({ length: actorCount }, (_, a) => {
    const stances: Actor['stances'] = {};
    issues.forEach((issue, k) => {
      // Disjoint groups: even actors hold the even issues, odd actors the odd ones (and both
      // groups hold issue 0 when there is one issue only, so each issue has two actors).
      if (kind === 'disjoint-groups' && issueCount > 1 && a % 2 !== k % 2) return;
      let position = kind === 'one-point' ? onePoint : point();
      if (kind === 'negative-zero' && rng.next() < 0.5) position = min <= 0 && max >= 0 ? -0 : position;
      const salience = kind === 'zero-salience' && k === 0 ? 0 : rng.int(4) === 0 ? 0 : Math.round(rng.next() * 100) / 100;
      stances[issue.id] =
        kind === 'ranges'
          ? { position: degenerateOrRange(position, min, max, rng), salience: { low: salience, mode: salience, high: salience } }
          : { position, salience };
    });
    const capability = kind === 'extreme-capability' ? (a % 2 === 0 ? LIMITS.capabilityMin : LIMITS.capabilityMax) : 1 + rng.int(100);
    return { id: `A${a}`, name: `Actor ${a}`, capability, stances };
  });
  // Every issue needs two participants to be valid; give the first two actors a stance.
  for (const issue of issues) {
    let holders = actors.filter((actor) => Object.hasOwn(actor.stances, issue.id)).length;
    for (const actor of actors) {
      if (holders >= 2) break;
      if (Object.hasOwn(actor.stances, issue.id)) continue;
      actor.stances[issue.id] = { position: point(), salience: kind === 'zero-salience' ? 0 : 0.5 };
      holders++;
    }
  }
  const variants: Variant[] =
    kind === 'one-left'
      ? [{ id: 'one-left', changes: actors.slice(1).map((actor) => ({ actor: actor.id, active: false })) }]
      : rng.next() < 0.3
        ? [{ id: 'moved', changes: [{ actor: 'A0', issue: 'I0', position: point(), salience: 1 }] }]
        : [];
  return {
    kind,
    scenario: { parley: 1, id: 'fuzz', title: `Fuzz ${kind}`, issues, actors, ...(variants.length > 0 ? { variants } : {}) },
  };
}

function scaleFor(kind: Kind, rng: Rng): { min: number; max: number } {
  switch (kind) {
    case 'extreme-scale':
      return rng.next() < 0.5 ? { min: -LIMITS.scaleMagnitude, max: LIMITS.scaleMagnitude } : { min: LIMITS.scaleMagnitude - 1, max: LIMITS.scaleMagnitude };
    case 'tiny-scale': {
      const min = rng.next() < 0.5 ? 0 : 1000;
      return { min, max: min + LIMITS.scaleWidth };
    }
    default:
      return rng.next() < 0.5 ? { min: 0, max: 100 } : { min: -1, max: 1 };
  }
}

function degenerateOrRange(position: number, min: number, max: number, rng: Rng) {
  if (rng.next() < 0.5) return { low: position, mode: position, high: position };
  const low = min + (position - min) * rng.next();
  const high = position + (max - position) * rng.next();
  return { low, mode: position, high };
}

// ---------------------------------------------------------------------------------------
// Text mutations

interface Mutation {
  name: string;
  apply(text: string, rng: Rng): string;
}

const ABSURD_NUMBERS = ['1e308', '-1e308', '1e-320', '.nan', '.inf', '-.inf', '-0', '1e9', '-1e9', '1e-9', '9007199254740993', '0x7fffffff', '1e400'];

function replaceNthValue(text: string, rng: Rng, replacement: (old: string) => string): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, index) => (/:\s*\S/.test(line) ? [index] : []));
  if (candidates.length === 0) return text;
  const index = candidates[rng.int(candidates.length)]!;
  const line = lines[index]!;
  const colon = line.indexOf(':');
  lines[index] = `${line.slice(0, colon + 1)} ${replacement(line.slice(colon + 1).trim())}`;
  return lines.join('\n');
}

const longText = (rng: Rng) => 'x'.repeat(1 + rng.int(rng.next() < 0.2 ? 200_000 : 5_000));

const MUTATIONS: Mutation[] = [
  { name: 'long-string', apply: (text, rng) => replaceNthValue(text, rng, () => longText(rng)) },
  {
    name: 'long-unknown-id',
    apply: (text, rng) => {
      const id = `${'q'.repeat(1 + rng.int(40_000))}`;
      const other = `${'r'.repeat(1 + rng.int(40_000))}`;
      return text
        .replace(/^sources:.*$/m, '')
        .replace(/^issues:/m, `sources:\n  - { id: ${id}, title: long }\nissues:`)
        .replace(/evidence:/, `evidence:\n          - { source: ${other} }`)
        .replace(/(stances:\n\s+)(\w+):/, `$1${other.slice(0, 20_000)}:`);
    },
  },
  {
    name: 'deep-nesting',
    apply: (text, rng) => {
      const depth = 1 + rng.int(rng.next() < 0.5 ? 40 : 20_000);
      return replaceNthValue(text, rng, () =>
        rng.next() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`,
      );
    },
  },
  {
    name: 'alias-bomb',
    apply: (text) =>
      `${text}\nbomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
  },
  { name: 'absurd-number', apply: (text, rng) => replaceNthValue(text, rng, () => ABSURD_NUMBERS[rng.int(ABSURD_NUMBERS.length)]!) },
  {
    name: 'reserved-id',
    apply: (text, rng) => {
      const name = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'][rng.int(5)]!;
      return text.replace(rng.next() < 0.5 ? /\bI0\b/g : /\bA0\b/g, name);
    },
  },
  {
    name: 'line-edit',
    apply: (text, rng) => {
      const lines = text.split('\n');
      for (let edits = 1 + rng.int(5); edits > 0; edits--) {
        const index = rng.int(lines.length);
        const choice = rng.int(3);
        if (choice === 0) lines.splice(index, 1);
        else if (choice === 1) lines.splice(index, 0, lines[rng.int(lines.length)] ?? '');
        else lines[index] = ` ${lines[index] ?? ''}`;
      }
      return lines.join('\n');
    },
  },
  { name: 'truncated', apply: (text, rng) => text.slice(0, rng.int(text.length)) },
  { name: 'not-a-scenario', apply: (_, rng) => ['', '# nothing\n', '42\n', '- a\n- b\n', 'null\n', '"text"\n', '~\n'][rng.int(7)]! },
  {
    name: 'many-actors',
    apply: (text, rng) => {
      // Over the limit now and then (refused); otherwise a size every model runs in well under
      // a second, so that the run checks numbers, not patience (bench/scale.ts measures size).
      const count = rng.next() < 0.05 ? LIMITS.actors + 1 : 1 + rng.int(60);
      const actors = Array.from({ length: count }, (_, a) => `  - { id: X${a}, name: X, capability: 1, stances: { I0: { position: 0, salience: 0.5 } } }`).join(
        '\n',
      );
      return text.replace(/^actors:\n/m, `actors:\n${actors}\n`);
    },
  },
  {
    name: 'too-large',
    apply: (text, rng) => (rng.next() < 0.1 ? `${text}\ndescription: ${'y'.repeat(LIMITS.fileBytes)}\n` : `${text}\n# ${'z'.repeat(1 + rng.int(100_000))}\n`),
  },
];

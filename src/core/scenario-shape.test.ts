/**
 * The zod-free shape check must be the zod schema's twin: the same description (read here
 * out of the zod schema's definition) and the same verdict and result on every case tried:
 * the shipped scenarios, seeded fuzz files (src/io/testing/fuzz.ts) read by both YAML
 * readers, and every kind of field of the default scenario replaced by values either side
 * of its rules, removed, or joined by a field the schema does not know.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { takeSourceTexts } from '../io/source-texts.js';
import { fuzzCase } from '../io/testing/fuzz.js';
import { readPlainYaml } from '../io/yaml-fast.js';
import { LIMITS } from './limits.js';
import { ISO_DATE, SCENARIO_SHAPE, scenarioOfShape, type Shape, validScenario } from './scenario-shape.js';
import { scenarioSchema } from './schema.js';
import { validateScenario } from './validate.js';

type Def = { type: string; checks?: { _zod: { def: Record<string, unknown> } }[]; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The length or bound checks of a zod schema as `min`/`max`; a check of any other kind fails the test. */
function bounds(def: Def, kinds: { min: string; max: string }): { min?: number; max?: number } {
  const found: { min?: number; max?: number } = {};
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === kinds.min && c.inclusive !== false) found.min = (c.minimum ?? c.value) as number;
    else if (c.check === kinds.max && c.inclusive !== false) found.max = (c.maximum ?? c.value) as number;
    else throw new Error(`a ${def.type} check this test does not know: ${JSON.stringify(c)}`);
  }
  return found;
}

/** The shape a zod schema describes, read from its definition; a kind or check outside the shape's vocabulary fails the test. */
function shapeOfZod(schema: unknown): Shape {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      if (def.format === 'date') {
        expect(String((def.pattern as RegExp).source)).toBe(ISO_DATE.source);
        expect(def.checks ?? []).toHaveLength(0);
        return { kind: 'date' };
      }
      expect(def.format).toBeUndefined();
      return { kind: 'string', ...bounds(def, { min: 'min_length', max: 'max_length' }) };
    case 'number': {
      expect([undefined, 'safeint']).toContain(def.format);
      return { kind: 'number', ...(def.format === 'safeint' ? { int: true as const } : {}), ...bounds(def, { min: 'greater_than', max: 'less_than' }) };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'literal':
      return { kind: 'literal', values: def.values as unknown[] };
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries as Record<string, string>) };
    case 'array':
      return { kind: 'array', element: shapeOfZod(def.element), ...bounds(def, { min: 'min_length', max: 'max_length' }) };
    case 'record':
      return { kind: 'record', key: shapeOfZod(def.keyType), value: shapeOfZod(def.valueType) };
    case 'object': {
      expect(defOf(def.catchall).type, 'every object is strict').toBe('never');
      const shape = (schema as z.ZodObject).shape as Record<string, unknown>;
      return { kind: 'object', fields: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, shapeOfZod(field)])) };
    }
    case 'union':
      return { kind: 'union', options: (def.options as unknown[]).map(shapeOfZod) };
    case 'optional':
      return { kind: 'optional', inner: shapeOfZod(def.innerType) };
    default:
      throw new Error(`a zod schema of type ${def.type}, which scenario-shape.ts does not check`);
  }
}

/** Same data, same key order, numbers compared with Object.is (so -0 and NaN count). */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

/** Both checkers' verdicts and results on `data`, shape alone and with the rules; the failing case named. */
function expectTwins(data: unknown, what: string): boolean {
  const zodShape = scenarioSchema.safeParse(data);
  const ours = scenarioOfShape(data);
  expect(ours !== undefined, `${what}: shape accepted by zod ${zodShape.success}, here ${ours !== undefined}`).toBe(zodShape.success);
  if (zodShape.success) expect(sameData(ours, zodShape.data), `${what}: the same result`).toBe(true);
  const validated = validateScenario(data);
  const valid = validScenario(data);
  expect(valid !== undefined, `${what}: valid for validateScenario ${validated.scenario !== undefined}, here ${valid !== undefined}`).toBe(
    validated.scenario !== undefined,
  );
  if (validated.scenario !== undefined) expect(sameData(valid, validated.scenario), `${what}: the same scenario`).toBe(true);
  return zodShape.success;
}

const scenarioDir = join(import.meta.dirname, '..', '..', 'scenarios');
const shipped = readdirSync(scenarioDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, data: takeSourceTexts(readPlainYaml(readFileSync(join(scenarioDir, name), 'utf8'))).data }));

/** Values either side of the shape's rules: types, bounds, lengths, dates, ranges, objects of odd make. */
function oddValues(): [string, unknown][] {
  const withOwn = (key: string, value: unknown) => Object.defineProperty({}, key, { value, enumerable: true, configurable: true, writable: true });
  const lengths = [0, 1, LIMITS.idLength, LIMITS.idLength + 1, LIMITS.nameLength, LIMITS.nameLength + 1, LIMITS.textLength, LIMITS.textLength + 1];
  return [
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['false', false],
    ...[0, -0, 1, -1, 0.5, 1.5, 2, 1e-9, 1e-10, 1e9, 1e9 + 1, -1e9, -1e9 - 1, 2 ** 53, 2 ** 53 - 1, Number.NaN, Infinity, -Infinity].map(
      (n) => [`number ${Object.is(n, -0) ? '-0' : n}`, n] as [string, unknown],
    ),
    ...lengths.map((length) => [`text of ${length}`, 'x'.repeat(length)] as [string, unknown]),
    ['text 1', '1'],
    ...['2024-11-21', '2024-02-29', '2023-02-29', '2024-02-30', '2024-13-01', '2024-1-01', '2000-02-29', '1900-02-29', ' 2024-11-21'].map(
      (date) => [`date ${date}`, date] as [string, unknown],
    ),
    ...['unilateral', 'unanimity', 'majority', 'qualified', 'Majority'].map((rule) => [`rule ${rule}`, rule] as [string, unknown]),
    ['empty list', []],
    ['list of 1', [1]],
    ['list of text', ['A0']],
    ['empty map', {}],
    ['range', { low: 0, mode: 0.5, high: 1 }],
    ['range out of order', { low: 1, mode: 0.5, high: 0 }],
    ['range without high', { low: 0, mode: 0.5 }],
    ['range and more', { low: 0, mode: 0.5, high: 1, x: 1 }],
    ['range of text', { low: '0', mode: 0.5, high: 1 }],
    ['map with a constructor field', { constructor: 1 }],
    ['map with an own __proto__', withOwn('__proto__', 1)],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
  ];
}

/** Every path of `data` to a value, each kind of place once (list entries and map keys of one list or map count as one). */
function placesOf(data: unknown): (string | number)[][] {
  const seen = new Set<string>();
  const places: (string | number)[][] = [];
  const visit = (value: unknown, path: (string | number)[], kind: string): void => {
    if (path.length > 0) {
      if (seen.has(kind)) return;
      seen.add(kind);
      places.push(path);
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index], `${kind}/#`));
    else if (typeof value === 'object' && value !== null) {
      const isKeyed = path.at(-1) === 'stances' || path.at(-1) === 'anchors';
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key], `${kind}/${isKeyed ? '*' : key}`);
    }
  };
  visit(data, [], '');
  return places;
}

/**
 * The default scenario with the optional fields it leaves out: decisions with every field
 * (a threshold is the one number without bounds), evidence with paragraph and quote, a
 * change of an issue's status quo and decision.
 */
function withEveryField(data: unknown): unknown {
  const scenario = structuredClone(data) as {
    decision?: unknown;
    actors: { id: string; stances: Record<string, { evidence?: unknown[] }> }[];
    sources: { id: string }[];
    issues: { id: string; scale: { min: number }; decision?: unknown }[];
    variants: { changes: unknown[] }[];
  };
  const [first, second] = scenario.actors;
  const evidence = { source: scenario.sources[0]!.id, paragraph: 2, quote: 'a short quote', note: 'est: a note' };
  const issue = scenario.issues[0]!;
  scenario.decision = { rule: 'qualified', by: [first!.id, second!.id], threshold: 0.65, consent: [first!.id], evidence: [evidence] };
  issue.decision = { rule: 'qualified', by: [first!.id, second!.id], threshold: 0.7, consent: [second!.id], evidence: [evidence] };
  const stance = Object.values(first!.stances)[0]!;
  stance.evidence = [...(stance.evidence ?? []), evidence];
  scenario.variants[0]!.changes.push({
    issue: issue.id,
    statusQuo: issue.scale.min,
    decision: { rule: 'majority', by: [first!.id, second!.id], evidence: [evidence] },
    note: 'a note',
  });
  return scenario;
}

function replaced(data: unknown, path: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  change(parent, path.at(-1)!);
  return copy;
}

describe('the scenario shape without zod', () => {
  it('describes what the zod schema describes, field for field and bound for bound', () => {
    expect(shapeOfZod(scenarioSchema)).toEqual(SCENARIO_SHAPE);
  });

  it('reads a change to the zod schema as a difference (the comparison can fail)', () => {
    const looser = scenarioSchema.extend({ title: z.string().max(LIMITS.nameLength + 1) });
    expect(shapeOfZod(looser)).not.toEqual(SCENARIO_SHAPE);
    expect(() => shapeOfZod(z.string().regex(/x/))).toThrow(/does not know/);
  });

  it.each(shipped)('gives zod’s result on $name', ({ name, data }) => {
    expect(expectTwins(data, name)).toBe(true);
    expect(validScenario(data)).toBeDefined();
  });

  it('gives zod’s verdict and result on 300 seeded fuzz files, read by both YAML readers', () => {
    let accepted = 0;
    let refused = 0;
    for (let index = 0; index < 300; index++) {
      const { kind, text } = fuzzCase(22, index);
      const readings: unknown[] = [readPlainYaml(text)];
      try {
        readings.push(parseYaml(text, { maxAliasCount: 1000 }));
      } catch {
        // The `yaml` package refuses it; parseScenarioText reports that before any check.
      }
      for (const data of readings) {
        if (data === undefined) continue;
        if (expectTwins(takeSourceTexts(data).data, `fuzz case ${index} (${kind})`)) accepted++;
        else refused++;
      }
    }
    // Both verdicts must be exercised, or this compares nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
  }, 120_000);

  it('gives zod’s verdict and result with each kind of field of the default scenario replaced, removed or joined by an unknown one', () => {
    const base = withEveryField(shipped.find((entry) => entry.name === 'ukraine-2024-11.yaml')!.data);
    expect(validScenario(base), 'the default scenario with every field is valid').toBeDefined();
    const places = placesOf(base);
    expect(places.length).toBeGreaterThan(60);
    const values = oddValues();
    let accepted = 0;
    let refused = 0;
    const tally = (ok: boolean) => (ok ? accepted++ : refused++);
    for (const path of places) {
      const where = path.join('.');
      for (const [name, value] of values) {
        tally(
          expectTwins(
            replaced(base, path, (parent, key) => {
              parent[key] = value;
            }),
            `${where} = ${name}`,
          ),
        );
      }
      tally(
        expectTwins(
          replaced(base, path, (parent, key) => {
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key];
          }),
          `${where} removed`,
        ),
      );
      tally(
        expectTwins(
          replaced(base, path, (parent) => {
            if (!Array.isArray(parent)) parent.unknownField = 1;
          }),
          `${where}: beside it an unknown field`,
        ),
      );
      tally(
        expectTwins(
          replaced(base, path, (parent, key) => {
            const value = parent[key];
            if (typeof value === 'object' && value !== null && !Array.isArray(value)) parent[key] = Object.assign(Object.create(null), value);
          }),
          `${where} as a null-prototype map`,
        ),
      );
    }
    // Lists at their length limit and one over it.
    for (const length of [LIMITS.evidence, LIMITS.evidence + 1]) {
      const path = places.find((place) => place.at(-1) === 'evidence' && place.includes('stances'))!;
      tally(
        expectTwins(
          replaced(base, path, (parent, key) => {
            parent[key] = Array.from({ length }, () => structuredClone((parent[key] as unknown[])[0]));
          }),
          `${path.join('.')} with ${length} entries`,
        ),
      );
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  }, 300_000);
});

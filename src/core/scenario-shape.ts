/**
 * The shape of a scenario file (`schema.ts`) as plain data, and a checker for it that needs
 * no zod. Importing zod and building the schema costs a fresh process about 110 ms of CPU
 * and its first parse of the default scenario about 45 ms (more than a bare `node -e 0`
 * costs in all), so a command that reads a valid file checks it here; only a file with a
 * problem goes to zod, whose issues `validate.ts` turns into messages.
 *
 * The two must accept the same data and give the same result, so the rules here are zod's
 * own for each kind (zod 4.6, v4/core/schemas.js and checks.js): a number is finite, bounds
 * are inclusive, an integer is a safe one, lengths count UTF-16 code units, an object is
 * strict and its result lists the fields in schema order, a record wants a plain object and
 * skips `__proto__`, a union takes its first option that fits. `scenario-shape.test.ts`
 * reads this description out of the zod schema itself and compares it with `SCENARIO_SHAPE`,
 * and compares both checkers on the shipped scenarios, on seeded fuzz files and on every
 * field of the default scenario replaced by wrong values.
 *
 * Pure: no I/O, runs in a browser.
 */
import { LIMITS } from './limits.js';
import type { Scenario } from './scenario.js';
import { ruleProblems } from './validate-rules.js';

/** One node of the shape: what zod's schema of the same field checks, and nothing else. */
export type Shape =
  | { kind: 'string'; min?: number; max?: number }
  | { kind: 'date' }
  | { kind: 'number'; int?: true; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'literal'; values: readonly unknown[] }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'array'; element: Shape; min?: number; max?: number }
  | { kind: 'record'; key: Shape; value: Shape }
  | { kind: 'object'; fields: Readonly<Record<string, Shape>> }
  | { kind: 'union'; options: readonly Shape[] }
  | { kind: 'optional'; inner: Shape };

/** `z.iso.date()`'s pattern (zod's regexes.js `date`): YYYY-MM-DD, a day the month has, 29 February in leap years. */
export const ISO_DATE =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/;

// In the order and with the names of schema.ts.
const optional = (inner: Shape): Shape => ({ kind: 'optional', inner });
const strictObject = (fields: Record<string, Shape>): Shape => ({ kind: 'object', fields });
const array = (element: Shape, min?: number, max?: number): Shape => ({
  kind: 'array',
  element,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const numberIn = (min: number, max: number): Shape => ({ kind: 'number', min, max });
const boolean: Shape = { kind: 'boolean' };

const id: Shape = { kind: 'string', min: 1, max: LIMITS.idLength };
const isoDate: Shape = { kind: 'date' };
const name: Shape = { kind: 'string', max: LIMITS.nameLength };
const text: Shape = { kind: 'string', max: LIMITS.textLength };
const point = numberIn(-LIMITS.scaleMagnitude, LIMITS.scaleMagnitude);
const capability = numberIn(LIMITS.capabilityMin, LIMITS.capabilityMax);
const salience = numberIn(0, 1);
const recordKey: Shape = { kind: 'string', max: LIMITS.idLength };

function uncertain(value: Shape): Shape {
  return { kind: 'union', options: [value, strictObject({ low: value, mode: value, high: value })] };
}

const source = strictObject({
  id,
  title: optional(name),
  author: optional(name),
  date: optional(isoDate),
  url: optional(name),
  kind: optional(name),
  publisher: optional(name),
  note: optional(text),
});

const evidence = strictObject({
  source: id,
  paragraph: optional({ kind: 'number', int: true, min: 1 }),
  quote: optional(text),
  note: optional(text),
});

const decision = strictObject({
  rule: { kind: 'enum', values: ['unilateral', 'unanimity', 'majority', 'qualified'] },
  by: optional(array(id, 1, LIMITS.actors)),
  threshold: optional({ kind: 'number' }),
  consent: optional(array(id, 1, LIMITS.actors)),
  evidence: optional(array(evidence)),
});

const issue = strictObject({
  id,
  name,
  description: optional(text),
  scale: strictObject({ min: point, max: point }),
  anchors: optional({ kind: 'record', key: recordKey, value: name }),
  statusQuo: optional(point),
  decision: optional(decision),
});

const stance = strictObject({
  position: uncertain(point),
  salience: uncertain(salience),
  capability: optional(uncertain(capability)),
  evidence: optional(array(evidence, undefined, LIMITS.evidence)),
});

const actor = strictObject({
  id,
  name,
  description: optional(text),
  capability: uncertain(capability),
  evidence: optional(array(evidence, undefined, LIMITS.evidence)),
  active: optional(boolean),
  stances: { kind: 'record', key: recordKey, value: stance },
});

const change = strictObject({
  actor: optional(id),
  issue: optional(id),
  capability: optional(uncertain(capability)),
  active: optional(boolean),
  position: optional(uncertain(point)),
  salience: optional(uncertain(salience)),
  statusQuo: optional(point),
  decision: optional(decision),
  note: optional(text),
});

const variant = strictObject({
  id,
  description: optional(text),
  changes: array(change, 1, LIMITS.changes),
});

/** A whole scenario file: `scenarioSchema` of schema.ts. */
export const SCENARIO_SHAPE: Shape = strictObject({
  parley: { kind: 'literal', values: [1] },
  id,
  title: name,
  description: optional(text),
  asOf: optional(isoDate),
  sources: optional(array(source, undefined, LIMITS.sources)),
  decision: optional(decision),
  issues: array(issue, 1, LIMITS.issues),
  actors: array(actor, 1, LIMITS.actors),
  variants: optional(array(variant, undefined, LIMITS.variants)),
});

/** Returned by `parseShape` for data that does not fit. */
const MISFIT: unique symbol = Symbol('misfit');

/**
 * The scenario as `scenarioSchema.parse(data)` returns it (a copy, fields in schema order),
 * when `data` has the scenario's shape; `undefined` when zod would find any issue. Says
 * nothing about the rules between values (`validate-rules.ts`).
 */
export function scenarioOfShape(data: unknown): Scenario | undefined {
  const parsed = parseShape(SCENARIO_SHAPE, data);
  return parsed === MISFIT ? undefined : (parsed as Scenario);
}

/**
 * The scenario `validateScenario(data)` gives when it finds no problem, and `undefined` when
 * it would find any: the same shape and the same rules between values, without zod.
 */
export function validScenario(data: unknown): Scenario | undefined {
  const scenario = scenarioOfShape(data);
  return scenario !== undefined && ruleProblems(data).length === 0 ? scenario : undefined;
}

/** `value` checked against `shape` and copied as zod copies it, or MISFIT. */
export function parseShape(shape: Shape, value: unknown): unknown {
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string' && (shape.min === undefined || value.length >= shape.min) && (shape.max === undefined || value.length <= shape.max)
        ? value
        : MISFIT;
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) ? value : MISFIT;
    case 'number':
      return typeof value === 'number' &&
        Number.isFinite(value) &&
        (shape.int !== true || Number.isSafeInteger(value)) &&
        (shape.min === undefined || value >= shape.min) &&
        (shape.max === undefined || value <= shape.max)
        ? value
        : MISFIT;
    case 'boolean':
      return typeof value === 'boolean' ? value : MISFIT;
    case 'literal':
      // A Set's `has`: SameValueZero.
      return shape.values.some((allowed) => allowed === value || (Number.isNaN(allowed) && Number.isNaN(value))) ? value : MISFIT;
    case 'enum':
      return shape.values.includes(value as string) ? value : MISFIT;
    case 'array':
      return parseArray(shape, value);
    case 'record':
      return parseRecord(shape, value);
    case 'object':
      return parseObject(shape, value);
    case 'union':
      for (const option of shape.options) {
        const parsed = parseShape(option, value);
        if (parsed !== MISFIT) return parsed;
      }
      return MISFIT;
    case 'optional':
      return value === undefined ? undefined : parseShape(shape.inner, value);
  }
}

function parseArray(shape: Extract<Shape, { kind: 'array' }>, value: unknown): unknown {
  if (!Array.isArray(value)) return MISFIT;
  if ((shape.min !== undefined && value.length < shape.min) || (shape.max !== undefined && value.length > shape.max)) return MISFIT;
  const copy = new Array(value.length);
  for (let index = 0; index < value.length; index++) {
    const parsed = parseShape(shape.element, value[index]);
    if (parsed === MISFIT) return MISFIT;
    copy[index] = parsed;
  }
  return copy;
}

/** zod's `$ZodRecord` with a string key schema: a plain object; `__proto__` and non-enumerable keys skipped. */
function parseRecord(shape: Extract<Shape, { kind: 'record' }>, value: unknown): unknown {
  if (!isPlainObject(value)) return MISFIT;
  const copy: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
    if (parseShape(shape.key, key) === MISFIT) return MISFIT;
    const parsed = parseShape(shape.value, (value as Record<string, unknown>)[key as string]);
    if (parsed === MISFIT) return MISFIT;
    copy[key as string] = parsed;
  }
  return copy;
}

/** zod's strict `$ZodObject`: no field outside the shape; an absent optional field stays absent, a present one is kept even when undefined. */
function parseObject(shape: Extract<Shape, { kind: 'object' }>, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return MISFIT;
  const fields = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(shape.fields)) {
    const field = shape.fields[key]!;
    const present = key in fields;
    if (!present && field.kind === 'optional') continue;
    if (!present) return MISFIT;
    const parsed = parseShape(field, fields[key]);
    if (parsed === MISFIT) return MISFIT;
    copy[key] = parsed;
  }
  for (const key in fields) if (!Object.hasOwn(shape.fields, key)) return MISFIT;
  return copy;
}

/** zod's `util.isPlainObject`, line for line. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const maker = (value as { constructor?: unknown }).constructor;
  if (maker === undefined) return true;
  if (typeof maker !== 'function') return true;
  const prototype: unknown = maker.prototype;
  if (typeof prototype !== 'object' || prototype === null || Array.isArray(prototype)) return false;
  return Object.hasOwn(prototype, 'isPrototypeOf');
}

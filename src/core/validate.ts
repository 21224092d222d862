/**
 * Checks a scenario read from a file or a form and says, in plain words, everything that is
 * wrong with it at once. Two passes: the shape (`schema.ts`: types, required and unknown
 * fields, simple bounds), then the rules that compare values with each other (ids that
 * must exist or be unique, positions inside their issue's scale, ranges in order, variant
 * changes that make sense). The second pass reads the raw data defensively, so it runs
 * even where the shape is broken elsewhere.
 *
 * Pure: no I/O, runs in a browser. Locating problems in a file is `src/io`'s job.
 */
import { z } from 'zod';
import { LIMITS, shortText } from './limits.js';
import { closestMatch, describeValue, formatPath, type Problem } from './problems.js';
import type { Scenario } from './scenario.js';
import { fieldsAt, scenarioSchema, schemaAt } from './schema.js';
import { isFields, type Path, problem, RANGE_KEYS, ruleProblems, valueAt } from './validate-rules.js';

export interface ValidationResult {
  /** Present only when there are no problems. */
  scenario?: Scenario;
  problems: Problem[];
}

/**
 * Validate parsed data (e.g. YAML converted to JS) as a scenario. Never throws; every
 * problem found is reported, with a path into the data, a message and a hint.
 *
 * @example validateScenario({ parley: 1, id: 'x' }).problems[0]
 * // { code: 'required', path: ['title'], message: 'missing required field `title`', hint: 'add `title:` with text' }
 */
export function validateScenario(data: unknown): ValidationResult {
  const parsed = scenarioSchema.safeParse(data);
  const shape = parsed.success ? [] : parsed.error.issues.flatMap((issue) => shapeProblems(issue, [], data));
  const problems = [...withoutMisspeltFields(shape), ...ruleProblems(data)];
  return parsed.success && problems.length === 0 ? { scenario: parsed.data, problems } : { problems };
}

// ---------------------------------------------------------------------------------------
// The shape: zod issues in plain words

/** Problem codes for a wrong value in these fields, whatever is wrong with it. */
const FIELD_CODES: Record<string, string> = {
  parley: 'version',
  salience: 'salience',
  capability: 'capability',
  paragraph: 'paragraph',
  asOf: 'date',
  date: 'date',
};

const FIELD_HINTS: Record<string, string> = {
  version: 'write `parley: 1`; this is the only file version so far',
  salience: 'use 0..1; 0–100 values divide by 100',
  capability: `use a positive number from ${LIMITS.capabilityMin} to ${LIMITS.capabilityMax} (models normalise, so only ratios matter), or a range { low, mode, high }`,
  paragraph: 'count paragraphs from 1; a blank line starts a new one',
  date: 'write dates as YYYY-MM-DD, e.g. 2024-05-01',
};

function shapeProblems(issue: z.core.$ZodIssue, prefix: Path, data: unknown): Problem[] {
  const path: Path = [...prefix, ...issue.path.map((s) => (typeof s === 'number' ? s : String(s)))];
  const found = valueAt(data, path);
  const field = fieldName(path);
  const isMissing = found === undefined && ['invalid_type', 'invalid_union', 'invalid_value'].includes(issue.code);
  if (isMissing) return [missingField(path)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField([...path, key], fieldsAt(path) ?? []));
    case 'invalid_union':
      return unionProblems(issue, path, data);
    case 'invalid_type':
      return [wrongType(path, found)];
    case 'too_big':
      if (issue.origin === 'array') {
        const message = `${field} has ${Array.isArray(found) ? found.length : 'too many'} entries; at most ${issue.maximum} are allowed`;
        return [problem('too-many', path, message, 'split the study into several scenarios')];
      }
      if (issue.origin === 'string') {
        const length = typeof found === 'string' ? found.length : 'too many';
        return [problem('too-long', path, `${field} has ${length} characters; at most ${issue.maximum} are allowed`, 'shorten it')];
      }
      return [outOfBounds(issue, path, found)];
    case 'too_small':
      if (issue.origin === 'array') {
        return [problem('empty', path, `${field} is empty`, `add at least one entry under \`${field}:\``)];
      }
      if (issue.origin === 'string') {
        return [problem('empty', path, `${field} must not be empty`, 'write a short id such as `USA`')];
      }
      return [outOfBounds(issue, path, found)];
    case 'invalid_key': {
      const key = String(issue.path.at(-1) ?? '');
      return [
        problem('too-long', path, `the key ${describeValue(key)} has ${key.length} characters; at most ${LIMITS.idLength} are allowed`, 'use a short id'),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => describeValue(value)).join(' or ');
      return [valueProblem(path, `${field} must be ${allowed}, got ${describeValue(found)}`, `write ${allowed}`)];
    }
    case 'invalid_format': {
      const format = issue.format === 'date' ? 'a date written YYYY-MM-DD' : `in ${issue.format} format`;
      return [valueProblem(path, `${field} must be ${format}, got ${describeValue(found)}`, `write ${format}`)];
    }
    default:
      return [valueProblem(path, `${field}: ${issue.message.toLowerCase()}`, 'see the scenario format')];
  }
}

/**
 * A misspelt field (`salinece`) also leaves the field it was meant to be missing; one
 * problem says both, so the second is dropped.
 */
function withoutMisspeltFields(problems: Problem[]): Problem[] {
  const meant = new Set(
    problems
      .filter((p) => p.code === 'unknown-field')
      .flatMap((p) => {
        const parent = p.path.slice(0, -1);
        const suggestion = closestMatch(String(p.path.at(-1)), fieldsAt(parent) ?? []);
        return suggestion === undefined ? [] : [formatPath([...parent, suggestion])];
      }),
  );
  return problems.filter((p) => p.code !== 'required' || !meant.has(formatPath(p.path)));
}

/** A problem with a field's value; the field's own code and hint when it has them. */
function valueProblem(path: Path, message: string, fallbackHint: string): Problem {
  const code = fieldCode(path);
  return problem(code, path, message, FIELD_HINTS[code] ?? fallbackHint);
}

/**
 * A value that is neither a number nor a range: say so, unless it is a map, which was meant
 * as a range; then say what is wrong inside it.
 */
function unionProblems(issue: z.core.$ZodIssueInvalidUnion, path: Path, data: unknown): Problem[] {
  const found = valueAt(data, path);
  if (isFields(found)) {
    const isTypeMismatch = (inner: z.core.$ZodIssue) => inner.code === 'invalid_type' && inner.path.length === 0;
    const rangeBranch = issue.errors.find((branch) => !branch.some(isTypeMismatch));
    if (rangeBranch !== undefined) return rangeBranch.flatMap((inner) => shapeProblems(inner, path, data));
  }
  return [wrongType(path, found)];
}

function missingField(path: Path): Problem {
  const key = String(path.at(-1));
  const hint = schemaAt(path) instanceof z.ZodLiteral ? `add \`${key}: ${expectedAt(path)}\`` : `add \`${key}:\` with ${expectedAt(path)}`;
  return problem('required', path, `missing required field \`${key}\``, hint);
}

function wrongType(path: Path, found: unknown): Problem {
  if (path.length === 0) {
    const message = found === null ? 'the file holds no scenario' : `the scenario must be a map of fields, got ${describeValue(found)}`;
    return problem('type', path, message, 'start with `parley: 1`, then `id`, `title`, `issues` and `actors`');
  }
  const expected = expectedAt(path);
  const message = `${fieldName(path)} must be ${expected}, got ${describeValue(found)}`;
  const fields = fieldsAt(path);
  let hint = `write ${expected}`;
  if (typeof found === 'string' && found.trim() !== '' && Number.isFinite(Number(found))) {
    hint = `remove the quotes: ${found.trim()}`;
  } else if (found === null) {
    hint = typeof path.at(-1) === 'number' ? 'fill in the entry, or remove the empty `-`' : `fill in ${expected} after the colon`;
  } else if (fields !== undefined && !expected.includes('range')) {
    hint = `write it as fields: ${fields.join(', ')}`;
  }
  return valueProblem(path, message, hint);
}

function outOfBounds(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, path: Path, found: unknown): Problem {
  // A number that may also be a range sits in a union; its bounds are on the number option.
  const atPath = schemaAt(path);
  const options = atPath instanceof z.ZodUnion ? (atPath.options as readonly z.ZodType[]) : [atPath];
  const schema = options.find((option) => option instanceof z.ZodNumber);
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  let rule: string;
  if (schema instanceof z.ZodNumber && isFiniteBound(schema.minValue) && isFiniteBound(schema.maxValue)) {
    rule = `between ${schema.minValue} and ${schema.maxValue}`;
  } else if (issue.code === 'too_small') {
    rule = issue.inclusive ? `at least ${limit}` : `greater than ${limit}`;
  } else {
    rule = issue.inclusive ? `at most ${limit}` : `less than ${limit}`;
  }
  return valueProblem(path, `${fieldName(path)} must be ${rule}, got ${describeValue(found)}`, `use a value ${rule}`);
}

function isFiniteBound(bound: number | null): bound is number {
  return bound !== null && Number.isFinite(bound) && Math.abs(bound) < Number.MAX_SAFE_INTEGER;
}

function unknownField(path: Path, allowed: string[]): Problem {
  const key = String(path.at(-1));
  const suggestion = closestMatch(key, allowed);
  return suggestion === undefined
    ? problem('unknown-field', path, `unknown field \`${shortText(key)}\``, `fields allowed here: ${allowed.join(', ')}`)
    : problem('unknown-field', path, `unknown field \`${shortText(key)}\`; did you mean \`${suggestion}\`?`, `rename it to \`${suggestion}\``);
}

/** What belongs at `path`, in words: `a number`, `a range { low, mode, high }`, `text`. */
function expectedAt(path: Path): string {
  return describeSchema(schemaAt(path));
}

function describeSchema(schema: z.ZodType | undefined): string {
  if (schema instanceof z.ZodISODate) return 'a date written YYYY-MM-DD';
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'a whole number' : 'a number';
  if (schema instanceof z.ZodString) return 'text';
  if (schema instanceof z.ZodBoolean) return 'true or false';
  if (schema instanceof z.ZodArray) return 'a list';
  if (schema instanceof z.ZodLiteral) return schema.values.size === 1 ? describeValue(schema.value) : 'a fixed value';
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[];
    return options.map((option) => describeSchema(option)).join(' or ');
  }
  if (schema instanceof z.ZodObject && Object.keys(schema.shape).join() === 'low,mode,high') {
    return 'a range { low, mode, high }';
  }
  return 'a map';
}

/** The field a path names, for messages: `salience`, `salience.high`, `evidence[0]`, `anchor 50`. */
function fieldName(path: Path): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  if (last === undefined) return 'the scenario';
  if (parent === 'anchors') return `anchor ${last}`;
  if (parent === 'stances') return `the stance on ${last}`;
  return typeof last === 'number' || RANGE_KEYS.has(last) ? formatPath(path.slice(-2)) : last;
}

/** The code of the field a path is in (`salience` also for `salience.high`), else `type`. */
function fieldCode(path: Path): string {
  const field = [...path].reverse().find((s): s is string => typeof s === 'string' && !RANGE_KEYS.has(s));
  return (field !== undefined && FIELD_CODES[field]) || 'type';
}

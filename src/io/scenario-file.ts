/**
 * Scenario files: YAML in, a validated scenario or problems out, each problem pointing at
 * its line and column; and a scenario back out as readable YAML (for imports).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { Document, LineCounter, YAMLError } from 'yaml';
import { asOfWarnings } from '../core/as-of.js';
import { LIMITS } from '../core/limits.js';
import type { Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import { fieldsAt } from '../core/schema.js';
import { validateScenario, type ValidationResult } from '../core/validate.js';
import { takeSourceTexts, withSourceTexts, type SourceTexts } from './source-texts.js';
import { plainSyntaxError, readPlainYamlOrError } from './yaml-fast.js';
import { documentTree, linePlace, lineStarts, type NodeTree, placeOfPath, plainYamlPlaces } from './yaml-places.js';
import { aliasGrowth } from './alias-growth.js';
import { deepFlowAt, validPlainData } from './scenario-file-plain.js';

// The `yaml` package is loaded on first use (about 55 ms of CPU): a plain file is read by
// js-yaml alone (`readPlainYaml`, and `plainYamlPlaces` to place its problems), and `yaml` is
// needed only for other files and to write files.
/** The size from which a plain file's syntax error is js-yaml's to report (see `parseScenarioText`). */
export const JS_YAML_ERRORS_FROM = 256 * 1024;

const requireHere = createRequire(import.meta.url);
let yamlPackage: typeof YamlPackage | undefined;
function yaml(): typeof YamlPackage {
  yamlPackage ??= requireHere('yaml') as typeof YamlPackage;
  return yamlPackage;
}

/**
 * A scenario file read: the validation result, and the warnings about a valid scenario that
 * do not stop it being used (`asOfWarnings`: sources dated after `asOf`), located like
 * problems. `warnings` is empty when there are problems.
 */
export interface ScenarioFileResult extends ValidationResult {
  warnings: Problem[];
  /** The sources' texts (`sources[].text`, see source-texts.ts) by source id, beside a valid scenario. */
  texts?: SourceTexts;
}

/**
 * Parse and validate the YAML text of a scenario file. Never throws: YAML syntax errors and
 * validation problems come back as problems carrying `file`, `line` and `column`, sorted
 * top to bottom. `scenario` is present only when there is no problem.
 *
 * @example parseScenarioText('parley: 2\n...', 'x.yaml').problems[0]
 * // { code: 'version', path: ['parley'], line: 1, column: 9, file: 'x.yaml', ... }
 */
export function parseScenarioText(text: string, file: string): ScenarioFileResult {
  const bytes = Buffer.byteLength(text);
  if (bytes > LIMITS.fileBytes) return { problems: [tooLarge(bytes, file)], warnings: [] };
  const deepAt = deepFlowAt(text);
  if (deepAt !== undefined) return { problems: [tooDeepProblem(file, deepAt)], warnings: [] };
  const read = readPlainYamlOrError(text);
  if (read !== undefined && 'aliasGrowth' in read) {
    return { problems: [aliasBombProblem(file, read.aliasGrowth, linePlace(lineStarts(text), read.at))], warnings: [] };
  }
  const plain = read !== undefined && 'data' in read ? read.data : undefined;
  // A syntax error in a large plain file is js-yaml's to report: the `yaml` package takes
  // about 1 s of CPU to find it in 1 MB (docs/reliability.md). A small file keeps its messages.
  const jsYamlError = read !== undefined && 'error' in read && bytes >= JS_YAML_ERRORS_FROM ? plainSyntaxError(read.error) : undefined;
  if (jsYamlError !== undefined) {
    const { message, hint, line, column } = jsYamlError;
    return { problems: [{ code: 'yaml', path: [], message, hint, file, line, column }], warnings: [] };
  }
  // A valid plain file is checked without zod (`scenario-file-plain.ts`); one with problems is
  // validated again by zod's schema, whose messages say what is wrong.
  const valid = plain === undefined ? undefined : validPlainData(plain);
  if (valid !== undefined) return { scenario: valid.scenario, problems: [], warnings: [], texts: valid.texts };
  const fast = plain === undefined ? undefined : readPlain(plain, text, file);
  if (fast !== undefined) return fast;
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) return { problems: doc.errors.map((error) => syntaxProblem(error, file)), warnings: [] };
  const tooDeep = deepestNode(doc.contents);
  if (tooDeep !== undefined) return { problems: [tooDeepProblem(file, position(lineCounter, tooDeep) ?? { line: 1, column: 1 })], warnings: [] };

  let data: unknown;
  // No `maxAliasCount`: an alias gives the object its anchor made, so reading is linear, and
  // what aliases add is bounded below, by the same rule as for js-yaml's data.
  try {
    data = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    const message = `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`;
    const where = position(lineCounter, firstAlias(doc)) ?? { line: 1, column: 1 };
    return { problems: [{ code: 'yaml', path: [], message, hint: 'simplify anchors and aliases (&, *)', file, ...where }], warnings: [] };
  }
  const growth = aliasGrowth(data);
  if (growth > LIMITS.aliasGrowth) {
    return { problems: [aliasBombProblem(file, growth, position(lineCounter, firstAlias(doc)) ?? { line: 1, column: 1 })], warnings: [] };
  }
  return checked(data, file, () => documentTree(yaml(), doc, lineCounter))!;
}

/**
 * The fast path: a plain file (see `yaml-fast.ts`), validated from js-yaml's data. A file with
 * problems or warnings is read once more by js-yaml to place them (`yaml-places.ts`); undefined
 * when they are the `yaml` package's to place (then the caller reads the file with it).
 */
function readPlain(data: unknown, text: string, file: string): ScenarioFileResult | undefined {
  return checked(data, file, () => plainYamlPlaces(text));
}

/**
 * The validation of a file's data, its problems and warnings placed on their lines by the
 * tree `places` gives, sorted top to bottom; the tree is asked for only when there is something
 * to place, and undefined when `places` gives none.
 */
function checked<N>(data: unknown, file: string, places: () => NodeTree<N> | undefined): ScenarioFileResult | undefined {
  const taken = takeSourceTexts(data);
  const validated = validateScenario(taken.data);
  const result = taken.problems.length === 0 ? validated : { problems: [...taken.problems, ...validated.problems] };
  const warnings = result.scenario === undefined ? [] : asOfWarnings(result.scenario);
  if (result.scenario !== undefined && result.problems.length === 0 && warnings.length === 0) {
    return { scenario: result.scenario, problems: [], warnings: [], texts: taken.texts };
  }
  const tree = places();
  if (tree === undefined) return undefined;
  const located = (found: Problem[]) =>
    found
      // A problem about the whole file (e.g. an empty one) points at its start.
      .map((problem) => ({ ...problem, file, ...(placeOfPath(tree, problem.path, isAboutKey(problem)) ?? { line: 1, column: 1 }) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const problems = located(result.problems);
  if (result.scenario === undefined) return { problems, warnings: [] };
  return { scenario: result.scenario, problems, warnings: located(warnings), texts: taken.texts };
}

/**
 * Read and validate a scenario file. A missing or unreadable file is a problem with code
 * `file`, not an exception. `displayName` is how problems name the file (default: the path),
 * e.g. the path as the user typed it.
 */
export function loadScenarioFile(path: string, displayName: string = path): ScenarioFileResult {
  let text: string;
  try {
    // Refused before reading, so that a huge file costs nothing.
    const { size } = statSync(path);
    if (size > LIMITS.fileBytes) return { problems: [tooLarge(size, displayName)], warnings: [] };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problems: [fileProblem(displayName, error)], warnings: [] };
  }
  return parseScenarioText(text, displayName);
}

/**
 * A scenario as a readable YAML file: block style, fields in the order of the file format,
 * scales, ranges and short evidence entries and variant changes on one line each, anchors
 * keyed by number; with `texts`, each source's text as its `text` (source-texts.ts).
 */
export function scenarioToYaml(scenario: Scenario, texts: Readonly<Record<string, string>> = {}): string {
  const doc = new (yaml().Document)(inFileOrder(withSourceTexts(scenario, texts), []));
  yaml().visit(doc, {
    Map(_key, map, ancestors) {
      const keys = map.items.map((pair) => (yaml().isScalar(pair.key) ? pair.key.value : undefined)).join();
      const parentPair = ancestors.at(-2);
      const list = yaml().isPair(parentPair) && yaml().isScalar(parentPair.key) ? parentPair.key.value : undefined;
      const isShortEntry = (list === 'evidence' || list === 'changes') && JSON.stringify(map.toJSON()).length <= 80;
      if (keys === 'low,mode,high' || keys === 'min,max' || isShortEntry) map.flow = true;
    },
  });
  return doc.toString({ lineWidth: 100 });
}

// ---------------------------------------------------------------------------------------

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a map; remove or rename the repeat',
  BAD_INDENT: 'align entries of the same map or list at the same column, with spaces',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the quote or bracket opened before this point',
  BLOCK_AS_IMPLICIT_KEY: 'quote text that contains ": ", or put the nested map on its own lines',
  MULTIPLE_DOCS: 'keep one scenario per file; remove the extra `---`',
};

function syntaxProblem(error: YAMLError, file: string): Problem {
  // prettyErrors appends " at line L, column C:" and a source excerpt; the excerpt is the
  // editor's job, the position goes into line and column.
  const text = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
  const start = error.linePos?.[0];
  const where = start === undefined ? { line: 1, column: 1 } : { line: start.line, column: start.col };
  // The parser recurses once per level of nesting; a file this deep is not a scenario.
  if (/call stack/i.test(text)) return tooDeepProblem(file, where);
  return {
    code: 'yaml',
    path: [],
    message: `${text.charAt(0).toLowerCase()}${text.slice(1)}`,
    hint: YAML_HINTS[error.code] ?? 'check the YAML syntax on this line and the one before',
    file,
    ...where,
  };
}

function tooLarge(bytes: number, file: string): Problem {
  const kilobytes = (size: number) => `${Math.ceil(size / 1024).toLocaleString('en')} KB`;
  const message = `the file is ${kilobytes(bytes)}; a scenario may be at most ${kilobytes(LIMITS.fileBytes)}`;
  return { code: 'too-large', path: [], message, hint: 'split the study into several scenarios', file, line: 1, column: 1 };
}

/** Aliases that add more than `LIMITS.aliasGrowth` values to the data (`alias-growth.ts`), placed at the first alias. */
function aliasBombProblem(file: string, growth: number, where: { line: number; column: number }): Problem {
  const count = growth < 1e15 ? growth.toLocaleString('en-US') : 'more than 10^15';
  const message = `the aliases (*) in this file add ${count} values to its data, more than the ${LIMITS.aliasGrowth.toLocaleString('en-US')} allowed: an alias of a map or list counts everything it names, each time it is used`;
  return {
    code: 'yaml',
    path: [],
    message,
    hint: 'write the repeated maps and lists out, or alias fewer of them',
    file,
    ...where,
  };
}

function tooDeepProblem(file: string, where: { line: number; column: number }): Problem {
  const message = `the file nests maps and lists more than ${LIMITS.depth} deep; a scenario needs at most 7`;
  return { code: 'too-deep', path: [], message, hint: 'check the brackets and indentation here', file, ...where };
}

/**
 * The first node nested deeper than the limit, found without recursion so that a deep
 * file cannot exhaust the stack; each node is visited once.
 */
function deepestNode(root: unknown): unknown {
  const pending: [unknown, number][] = [[root, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (!yaml().isCollection(node)) continue;
    if (depth > LIMITS.depth) return node;
    for (const item of node.items) {
      if (yaml().isPair(item)) {
        pending.push([item.key, depth + 1], [item.value, depth + 1]);
      } else pending.push([item, depth + 1]);
    }
  }
  return undefined;
}

function firstAlias(doc: Document): unknown {
  let found: unknown;
  yaml().visit(doc, {
    Alias(_key, node) {
      found = node;
      return yaml().visit.BREAK;
    },
  });
  return found;
}

function position(lineCounter: LineCounter, node: unknown): { line: number; column: number } | undefined {
  if (!hasRange(node)) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

function fileProblem(path: string, error: unknown): Problem {
  const reason = (error as { code?: unknown }).code;
  const [message, hint] =
    reason === 'ENOENT'
      ? ['file not found', 'check the path and the current directory']
      : reason === 'EISDIR'
        ? ['this is a folder, not a file', 'name a .yaml file inside it']
        : reason === 'EACCES' || reason === 'EPERM'
          ? ['no permission to read the file', 'check the file permissions']
          : [`cannot read the file: ${error instanceof Error ? error.message : String(error)}`, 'check the path'];
  return { code: 'file', path: [], message, hint, file: path };
}

function isAboutKey(problem: Problem): boolean {
  const isStanceKey = problem.code === 'unknown-issue' && problem.path.at(-2) === 'stances';
  return problem.code === 'unknown-field' || problem.code === 'anchor' || isStanceKey;
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** The value with object fields in the file format's order and anchors keyed by number. */
function inFileOrder(value: unknown, path: (string | number)[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => inFileOrder(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (path.at(-1) === 'anchors') {
    return new Map(entries.map(([key, label]) => [key.trim() !== '' && Number.isFinite(Number(key)) ? Number(key) : key, label]));
  }
  const order = fieldsAt(path) ?? [];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)).map(([key, field]) => [key, inFileOrder(field, [...path, key])]));
}

/**
 * The fast path of reading a scenario file, without zod and without the `yaml` package: a
 * plain file (see `yaml-fast.ts`) that validates with neither a problem nor a warning. Its
 * shape is checked by `scenario-shape.ts`, which accepts exactly what zod's schema accepts,
 * so a command that reads a valid file never loads zod (about 150 ms of CPU in a fresh
 * process, twice a bare `node -e 0`). Anything else is read again by `scenario-file.ts`,
 * which places each problem and warning on its line.
 */
import { readFileSync, statSync } from 'node:fs';
import { asOfWarnings } from '../core/as-of.js';
import { LIMITS } from '../core/limits.js';
import type { Scenario } from '../core/scenario.js';
import { validScenario } from '../core/scenario-shape.js';
import { takeSourceTexts, type SourceTexts } from './source-texts.js';
import { readPlainYaml } from './yaml-fast.js';

/** A scenario file that is valid and plain: its scenario and its sources' texts. */
export interface ValidPlainFile {
  scenario: Scenario;
  texts: SourceTexts;
}

/**
 * The scenario in a plain YAML text that validates with neither a problem nor a warning, or
 * undefined: `parseScenarioText` gives the same scenario for it, and reads every other text
 * itself. The caller has checked the text's size and depth (`deepFlowAt`).
 */
export function readValidPlain(text: string): ValidPlainFile | undefined {
  const data = readPlainYaml(text);
  return data === undefined ? undefined : validPlainData(data);
}

/** `readValidPlain` of a text js-yaml has already read (`readPlainYaml`): its data is not changed. */
export function validPlainData(data: unknown): ValidPlainFile | undefined {
  const taken = takeSourceTexts(data);
  if (taken.problems.length > 0) return undefined;
  const scenario = validScenario(taken.data);
  if (scenario === undefined || asOfWarnings(scenario).length > 0) return undefined;
  return { scenario, texts: taken.texts };
}

/**
 * The file at `path` when it is a valid plain scenario file (within the size and depth
 * limits), else undefined, also when it cannot be read: `loadScenarioFile` then says why.
 */
export function loadValidPlainFile(path: string): ValidPlainFile | undefined {
  let text: string;
  try {
    if (statSync(path).size > LIMITS.fileBytes) return undefined;
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  if (Buffer.byteLength(text) > LIMITS.fileBytes || deepFlowAt(text) !== undefined) return undefined;
  return readValidPlain(text);
}

/** Characters after which a YAML value, and so a flow collection or a quoted scalar, may start. */
const VALUE_STARTS = new Set([':', '-', '?', '[', '{', ',']);

/**
 * Where flow collections (`[…]`, `{…}`) first nest deeper than the limit, found in one pass
 * over the text before the parser, which recurses once per level and takes seconds on
 * 20,000 brackets. Quoted scalars and comments are skipped; a bracket inside a plain scalar
 * (`a[1]`) does not open a collection. Undefined when the nesting stays within the limit.
 */
export function deepFlowAt(text: string): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      previous = '\n';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    const atValueStart = previous === '\n' || VALUE_STARTS.has(previous);
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && atValueStart) {
      const start = i;
      i = quoteEnd(text, i);
      // A quoted scalar may span lines; count them over the quote only, so the pass stays linear.
      for (let j = text.indexOf('\n', start); j >= 0 && j < i; j = text.indexOf('\n', j + 1)) {
        line++;
        lineStart = j + 1;
      }
      previous = c;
      continue;
    }
    if ((c === '[' || c === '{') && (depth > 0 || atValueStart)) {
      depth++;
      if (depth > LIMITS.depth) return { line, column: i - lineStart + 1 };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    previous = c;
  }
  return undefined;
}

/** The index of the quote that closes the one at `start` (`''` and `\"` escape), or the end. */
function quoteEnd(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length - 1;
}

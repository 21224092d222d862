/**
 * Problems are data: what went wrong (`code`), where in the scenario (`path`), in plain
 * words (`message`), how to fix it (`hint`) and, when the scenario came from a file, where
 * in the file. Nothing that reads a scenario throws on bad input; it returns problems.
 * The printed form and the shared phrasing of values are made here only.
 *
 * Codes used by validation: `type`, `required`, `unknown-field`, `empty`, `version`, `date`,
 * `salience`, `capability`, `paragraph`, `quote-too-long`, `duplicate-id`, `unknown-issue`,
 * `unknown-actor`, `unknown-source`, `scale`, `out-of-scale`, `anchor`, `range-order`,
 * `too-few-actors`, `change-target`, `change-mixed`, `change-empty`, `change-no-stance`.
 * Codes used by file loading: `file`, `yaml`, `too-large`, `too-deep`. Warnings (`as-of.ts`):
 * `source-after-as-of`, `source-undated`.
 */
import { shortText } from './limits.js';

export interface Problem {
  code: string;
  /** Where in the scenario: `['actors', 3, 'stances', 'FORCES', 'salience']`. */
  path: (string | number)[];
  /** A short fragment in plain words: what was expected, what was found. */
  message: string;
  /** How to fix it. */
  hint?: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/**
 * A path as people write it: `actors[3].stances.FORCES.salience`. Keys that are not plain
 * words are quoted: `stances["trade policy"]`; very long keys are cut short.
 *
 * @example formatPath(['actors', 3, 'salience']) // 'actors[3].salience'
 */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[\w-]{1,40}$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(shortText(segment))}]`;
  }
  return text;
}

/**
 * One line for a person: `file:line:column path: message (hint: ...)`; parts that are
 * unknown are left out.
 *
 * @example formatProblem({ code: 'salience', path: ['actors', 3, 'salience'],
 *   message: 'salience must be between 0 and 1, got 1.4', file: 'x.yaml', line: 12, column: 17 })
 * // 'x.yaml:12:17 actors[3].salience: salience must be between 0 and 1, got 1.4'
 */
export function formatProblem(problem: Problem): string {
  const location = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column].filter((part) => part !== undefined).join(':');
  const path = formatPath(problem.path);
  const subject = [location, path].filter((part) => part !== '').join(' ');
  const hint = problem.hint === undefined ? '' : ` (hint: ${problem.hint})`;
  return `${subject === '' ? '' : `${subject}: `}${problem.message}${hint}`;
}

/**
 * A value as a message shows what was found: `"high"`, `1.4`, `a list`, `an empty value`.
 * Long text is cut short.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    return JSON.stringify(shortText(value));
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

/** Words longer than this are not typos of a field or id worth guessing at. */
const MAX_SUGGESTED_LENGTH = 64;

/**
 * The candidate closest to a misspelt `word`, if one is close enough to be a likely typo
 * (at most two edits, case ignored, swapped neighbours count as one edit). Only short
 * words are compared, and only with candidates of nearly the same length, so the cost is
 * O(candidates) whatever the input: a 40,000-character id gets no suggestion rather than a
 * 40,000 × 40,000 table.
 *
 * @example closestMatch('salinece', ['position', 'salience', 'evidence']) // 'salience'
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  const allowedEdits = Math.min(2, Math.floor(word.length / 3));
  const lowerWord = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Each edit changes the length by at most one, so farther lengths cannot be close.
    if (Math.abs(candidate.length - word.length) > allowedEdits) continue;
    const distance = editDistance(lowerWord, candidate.toLowerCase(), Math.min(allowedEdits, bestDistance - 1));
    if (distance <= allowedEdits && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * neighbouring letters each cost one (Damerau 1964). O(a·b) time, three rows of memory; it
 * stops early, returning `bound + 1`, once every alignment costs more than `bound`.
 */
function editDistance(a: string, b: string, bound: number): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitutionCost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitutionCost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) distance = Math.min(distance, beforePrevious[j - 2]! + 1);
      current.push(distance);
      rowMinimum = Math.min(rowMinimum, distance);
    }
    // A swap reaches back two rows, so both this row and the one before must exceed it.
    const previousMinimum = Math.min(...previous);
    if (rowMinimum > bound && previousMinimum > bound) return bound + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

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
 * Codes used by file loading: `file`, `yaml`. Warnings (`as-of.ts`): `source-after-as-of`,
 * `source-undated`.
 */

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
 * words are quoted: `stances["trade policy"]`.
 *
 * @example formatPath(['actors', 3, 'salience']) // 'actors[3].salience'
 */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[\w-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
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
  const location = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column]
    .filter((part) => part !== undefined)
    .join(':');
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
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

/**
 * The candidate closest to a misspelt `word`, if one is close enough to be a likely typo
 * (at most two edits, case ignored, swapped neighbours count as one edit).
 *
 * @example closestMatch('salinece', ['position', 'salience', 'evidence']) // 'salience'
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const allowedEdits = Math.min(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= allowedEdits && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * neighbouring letters each cost one (Damerau 1964). O(a·b) time.
 */
function editDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => table[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitutionCost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitutionCost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      table[i]![j] = distance;
    }
  }
  return at(a.length, b.length);
}

/**
 * Observed outcomes of a scenario's issues, as a CSV file beside the scenario
 * (`scenarios/cop21.outcomes.csv`): one row per issue with what was decided, on the issue's
 * own scale, and the text that shows it.
 *
 *   issue,outcome,source,quote,note
 *   financewho,20,Paris Agreement Art. 9.2,"Other Parties are encouraged to provide … voluntarily",
 *
 * `issue`, `outcome` and `source` are required; `quote` (at most 20 words, verbatim) and
 * `note` (the coder's reasoning) are optional. Every problem is reported at once, naming
 * the file, line and column.
 */
import type { ObservedOutcome } from '../core/analyses/outcomes.js';
import { closestMatch, type Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import { parseCsv } from './csv.js';

/** An observed outcome with the evidence for it. */
export interface OutcomeRow extends ObservedOutcome {
  source: string;
  quote?: string;
  note?: string;
  line: number;
}

const required = ['issue', 'outcome', 'source'] as const;
const optional = ['quote', 'note'] as const;
const maxQuoteWords = 20;

/**
 * The outcomes in `text`, checked against the scenario's issues: each issue known and
 * listed once, each outcome a finite number on the issue's scale.
 *
 * @example parseOutcomesCsv('issue,outcome,source\nX,40,minutes\n', 'x.csv', scenario).outcomes[0] // { issue: 'X', outcome: 40, source: 'minutes', line: 2 }
 */
export function parseOutcomesCsv(text: string, file: string, scenario: Scenario): { outcomes: OutcomeRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const problemAt = (line: number, column: string | undefined, message: string, hint?: string) =>
    problems.push({ code: 'outcomes', path: column === undefined ? [] : [column], message, file, line, ...(hint === undefined ? {} : { hint }) });

  const { rows, unterminatedAt } = parseCsv(text);
  if (unterminatedAt !== undefined) {
    problemAt(unterminatedAt, undefined, 'a quoted field is never closed', 'close the quote, doubling any quote inside it ("")');
    return { outcomes: [], problems };
  }
  const [header, ...body] = rows;
  if (!header) {
    problemAt(1, undefined, 'the file is empty', `start with the header ${[...required, ...optional].join(',')}`);
    return { outcomes: [], problems };
  }
  const columns = header.cells.map((cell) => cell.trim());
  const missing = required.filter((name) => !columns.includes(name));
  const unknown = columns.filter((name) => !(required as readonly string[]).includes(name) && !(optional as readonly string[]).includes(name));
  if (missing.length > 0)
    problemAt(
      header.line,
      undefined,
      `the header lacks ${missing.join(', ')}`,
      `the header is ${[...required, ...optional].join(',')} (quote and note optional)`,
    );
  for (const name of unknown) problemAt(header.line, name, `unknown column "${name}"`, `the columns are ${[...required, ...optional].join(', ')}`);
  if (missing.length > 0) return { outcomes: [], problems };

  const issues = new Map(scenario.issues.map((issue) => [issue.id, issue]));
  const seen = new Map<string, number>();
  const outcomes: OutcomeRow[] = [];
  for (const row of body) {
    if (row.cells.length !== columns.length) {
      problemAt(row.line, undefined, `${row.cells.length} fields, the header has ${columns.length}`, 'quote fields that contain commas');
      continue;
    }
    const value = (name: string) => row.cells[columns.indexOf(name)]?.trim() ?? '';
    const id = value('issue');
    const issue = issues.get(id);
    if (!issue) {
      const near = closestMatch(id, [...issues.keys()]);
      problemAt(
        row.line,
        'issue',
        `issue "${id}" is not in the scenario`,
        near ? `did you mean "${near}"?` : `the scenario's issues are ${[...issues.keys()].join(', ')}`,
      );
      continue;
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      problemAt(row.line, 'issue', `issue "${id}" is listed twice (first on line ${earlier})`, 'keep one row per issue');
      continue;
    }
    seen.set(id, row.line);
    const outcomeText = value('outcome');
    const outcome = outcomeText === '' ? Number.NaN : Number(outcomeText);
    if (!Number.isFinite(outcome) || outcome < issue.scale.min || outcome > issue.scale.max) {
      problemAt(
        row.line,
        'outcome',
        `outcome "${outcomeText}" is not a number on ${id}'s scale ${issue.scale.min}..${issue.scale.max}`,
        'give the scale point that describes what was decided',
      );
      continue;
    }
    const source = value('source');
    if (source === '') problemAt(row.line, 'source', 'the outcome names no source', 'name the text that shows it, e.g. "Paris Agreement Art. 9.2"');
    const quote = columns.includes('quote') ? value('quote') : '';
    const words = quote === '' ? 0 : quote.split(/\s+/).length;
    if (words > maxQuoteWords)
      problemAt(row.line, 'quote', `quote has ${words} words; at most ${maxQuoteWords} are allowed`, 'keep the key words and cite the article or paragraph');
    const note = columns.includes('note') ? value('note') : '';
    outcomes.push({ issue: id, outcome, source, ...(quote === '' ? {} : { quote }), ...(note === '' ? {} : { note }), line: row.line });
  }
  if (outcomes.length === 0 && problems.length === 0) problemAt(header.line, undefined, 'no outcome rows', 'add one row per issue whose outcome is known');
  return { outcomes, problems };
}

/**
 * A new scenario from a title and a table: one row per actor (name, capability, then a
 * position and a salience per issue), typed into a blank grid or pasted from a spreadsheet
 * (tab-separated, as spreadsheets copy, or comma-separated). The table is turned into a
 * scenario and checked by the library's own validation; every problem is placed on the
 * table cell it concerns, so the preview shows what is wrong where.
 */
import type { Problem } from '@parley/core/problems.js';
import type { Actor, Issue, Scenario } from '@parley/core/scenario.js';
import { validateScenario } from '@parley/core/validate.js';
import { problemText } from './problems.js';
import { numberTextProblem } from './fields.js';
import { slug } from './edit.js';

/** An issue's column pair, as typed: every number still text so nothing typed is lost. */
export interface IssueDraft {
  id: string;
  name: string;
  min: string;
  max: string;
  statusQuo: string;
}

export interface ActorRow {
  name: string;
  capability: string;
  /** Per issue, in the issues' order. */
  positions: string[];
  saliences: string[];
}

export interface TableDraft {
  title: string;
  issues: IssueDraft[];
  rows: ActorRow[];
}

/** Where a problem shows: a table cell (`row:column`), an issue field or the title. */
export type ProblemsAt = Map<string, string[]>;

export const cellAt = {
  title: 'title',
  issue: (index: number, field: keyof IssueDraft) => `issue:${index}:${field}`,
  name: (row: number) => `row:${row}:name`,
  capability: (row: number) => `row:${row}:capability`,
  position: (row: number, issue: number) => `row:${row}:position:${issue}`,
  salience: (row: number, issue: number) => `row:${row}:salience:${issue}`,
  table: 'table',
};

export function blankIssue(index: number): IssueDraft {
  return { id: `ISSUE${index + 1}`, name: '', min: '0', max: '100', statusQuo: '' };
}

export function blankRow(issues: number): ActorRow {
  return { name: '', capability: '', positions: Array(issues).fill(''), saliences: Array(issues).fill('') };
}

/** A fresh draft: one issue and two actor rows, the least a forecast needs. */
export function blankDraft(title = ''): TableDraft {
  return { title, issues: [blankIssue(0)], rows: [blankRow(1), blankRow(1)] };
}

/** Rows of pasted text: tabs when it has any (a spreadsheet's copy), else CSV. */
function pastedRows(text: string): string[][] {
  if (text.includes('\t')) {
    return text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t').map((cell) => cell.trim()));
  }
  return csvRows(text);
}

/** Comma-separated rows (RFC 4180: a field in double quotes may hold commas, doubled quotes and line breaks); blank lines skipped. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endRow = () => {
    row.push(cell.trim());
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (char === '\n') endRow();
    else if (char !== '\r') cell += char;
  }
  endRow();
  return rows;
}

/** An issue id from a header cell such as `CUT position` or `CUT`. */
function issueIdFromHeader(header: string, index: number): string {
  const word = header.replace(/[\s_-]*(position|pos)\b.*$/i, '').trim();
  const id = word.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  return id === '' ? `ISSUE${index + 1}` : id;
}

/**
 * Reads a pasted table into the draft: a first row whose capability column is not a number
 * is a header naming the issues; every other row is an actor. Issues already in the draft
 * keep their names and scales; new columns add issues.
 */
export function fromPaste(draft: TableDraft, text: string): TableDraft {
  const rows = pastedRows(text);
  if (rows.length === 0) return draft;
  const header = rows[0]!.length > 1 && numberTextProblem(rows[0]![1] ?? '') !== undefined ? rows[0]! : undefined;
  const body = header ? rows.slice(1) : rows;
  const width = Math.max(...rows.map((row) => row.length));
  const issueCount = Math.max(1, Math.ceil((width - 2) / 2));
  const issues = Array.from({ length: issueCount }, (_, index) => {
    const kept = draft.issues[index];
    const named = header?.[2 + index * 2];
    if (kept && !named) return kept;
    const id = named ? issueIdFromHeader(named, index) : blankIssue(index).id;
    return { ...(kept ?? blankIssue(index)), id, ...(kept?.name ? {} : { name: named ? id : '' }) };
  });
  return {
    title: draft.title,
    issues,
    rows: body.map((row) => ({
      name: row[0] ?? '',
      capability: row[1] ?? '',
      positions: issues.map((_, index) => row[2 + index * 2] ?? ''),
      saliences: issues.map((_, index) => row[3 + index * 2] ?? ''),
    })),
  };
}

/** Actor ids from their names, each unique. */
function actorIds(rows: ActorRow[]): string[] {
  const used = new Set<string>();
  return rows.map((row, index) => {
    const base = slug(row.name) || `actor-${index + 1}`;
    let id = base;
    for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`;
    used.add(id);
    return id;
  });
}

function add(problems: ProblemsAt, at: string, message: string): void {
  problems.set(at, [...(problems.get(at) ?? []), message]);
}

/**
 * The scenario the draft describes, and every problem placed on its cell: text that is not
 * a number (said here, since the scenario cannot hold it), then the library's validation.
 * A blank position and salience pair means the actor takes no part in that issue.
 */
export function draftScenario(draft: TableDraft): { scenario: Scenario; problems: ProblemsAt } {
  const problems: ProblemsAt = new Map();
  const number = (text: string, at: string, what: string): number | undefined => {
    const problem = numberTextProblem(text);
    if (problem === undefined) return Number(text.trim());
    add(problems, at, `${what}: ${problem}`);
    return undefined;
  };
  if (draft.title.trim() === '') add(problems, cellAt.title, 'give the scenario a title');
  const issues: Issue[] = draft.issues.map((issue, index) => {
    const min = number(issue.min, cellAt.issue(index, 'min'), 'scale from');
    const max = number(issue.max, cellAt.issue(index, 'max'), 'scale to');
    const statusQuo = issue.statusQuo.trim() === '' ? undefined : number(issue.statusQuo, cellAt.issue(index, 'statusQuo'), 'status quo');
    return {
      id: issue.id.trim(),
      name: issue.name.trim() || issue.id.trim(),
      scale: { min: min ?? Number.NaN, max: max ?? Number.NaN },
      ...(statusQuo === undefined ? {} : { statusQuo }),
    };
  });
  const ids = actorIds(draft.rows);
  const actors: Actor[] = draft.rows.map((row, rowIndex) => {
    if (row.name.trim() === '') add(problems, cellAt.name(rowIndex), "give the actor's name");
    const capability = number(row.capability, cellAt.capability(rowIndex), 'capability');
    const stances: Actor['stances'] = {};
    issues.forEach((issue, issueIndex) => {
      const positionText = row.positions[issueIndex] ?? '';
      const salienceText = row.saliences[issueIndex] ?? '';
      if (positionText.trim() === '' && salienceText.trim() === '') return;
      const position = number(positionText, cellAt.position(rowIndex, issueIndex), 'position');
      const salience = number(salienceText, cellAt.salience(rowIndex, issueIndex), 'salience');
      if (position !== undefined && salience !== undefined) stances[issue.id] = { position, salience };
    });
    return { id: ids[rowIndex]!, name: row.name.trim() || ids[rowIndex]!, capability: capability ?? Number.NaN, stances };
  });
  const scenario: Scenario = { parley: 1, id: slug(draft.title) || 'scenario', title: draft.title.trim(), issues, actors };
  // Values the table could not read are already said on their cells; the validation would only repeat them.
  const unreadable = (problem: Problem) => problem.message.includes('NaN');
  for (const problem of validateScenario(scenario).problems) {
    if (unreadable(problem)) continue;
    add(problems, placeOfProblem(scenario, problem), problemText(problem));
  }
  return { scenario, problems };
}

/** The table cell a validation problem concerns, from its path into the scenario. */
function placeOfProblem(scenario: Scenario, problem: Problem): string {
  const [top, index, field, key, part] = problem.path;
  if (top === 'title') return cellAt.title;
  if (top === 'issues' && typeof index === 'number') {
    if (field === 'scale') return cellAt.issue(index, key === 'min' ? 'min' : 'max');
    if (field === 'statusQuo') return cellAt.issue(index, 'statusQuo');
    if (field === 'id') return cellAt.issue(index, 'id');
    return cellAt.issue(index, 'name');
  }
  if (top === 'actors' && typeof index === 'number') {
    if (field === 'capability') return cellAt.capability(index);
    if (field === 'stances' && typeof key === 'string') {
      const issue = scenario.issues.findIndex((candidate) => candidate.id === key);
      if (issue >= 0) return part === 'salience' ? cellAt.salience(index, issue) : cellAt.position(index, issue);
    }
    return cellAt.name(index);
  }
  return cellAt.table;
}

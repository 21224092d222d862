/**
 * Import of the DEU data layout ("Decision-making in the European Union"; Thomson et al.
 * 2006, Arregui & Perarnaud 2022): a folder with
 *
 * - `issues.csv`: `issue, proposal, name, type, council, procedure, voting, intro, rp,
 *   outcome, n_actors` — one row per controversial issue of a legislative proposal, with the
 *   reference point (`rp`, the status quo, often blank) and the decision taken (`outcome`);
 * - `positions.csv`: `issue, actor, position, salience` — one row per actor and issue, the
 *   Commission as `com`, the Parliament as `ep`, member states by their two-letter code.
 *
 * Positions, reference points and outcomes lie on 0–100; salience is 0–100 and becomes 0–1
 * in the scenario. A blank salience is read as 50, the middle of the scale, the convention
 * of the DEU literature for an actor whose salience the experts did not rate.
 *
 * DEU records no capabilities: `equal` gives every actor 1; `nice` gives Council votes under
 * the Treaty of Nice, with 29 each for the Commission and the Parliament.
 *
 * One scenario is built per issue (the issue's actors, its status quo when `rp` is given).
 * Every problem is reported at once, naming the file and line; nothing is returned as a data
 * set when any problem is found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../core/problems.js';

/** Cannot be a key of a JavaScript object, so not an id (see `validate.ts`). */
const RESERVED_NAME = '__proto__';
import { pointScenario } from '../core/resolve.js';
import type { Actor, Decision, Scenario } from '../core/scenario.js';
import type { BacktestCase } from '../core/analyses/backtest.js';
import { parseCsv, type CsvRow } from './csv.js';

export const deuCapabilities = ['equal', 'nice'] as const;
export type DeuCapability = (typeof deuCapabilities)[number];

/** Salience given to an actor whose salience is blank: the middle of the 0–100 scale. */
export const blankSalience = 50;

/**
 * Council votes under the Treaty of Nice (as listed in the DEU III README of the reference
 * data), keyed by the DEU actor code; the Commission and the Parliament are given 29, the
 * largest member states' count.
 */
export const niceVotes: Readonly<Record<string, number>> = {
  de: 29,
  fr: 29,
  it: 29,
  uk: 29,
  es: 27,
  pl: 27,
  ro: 14,
  nl: 13,
  be: 12,
  cz: 12,
  el: 12,
  hu: 12,
  pt: 12,
  at: 10,
  bu: 10,
  se: 10,
  dk: 7,
  ie: 7,
  lt: 7,
  sk: 7,
  fi: 7,
  cr: 7,
  cy: 4,
  ee: 4,
  lv: 4,
  lu: 4,
  si: 4,
  mt: 3,
  com: 29,
  ep: 29,
};

/** Display names of the DEU actor codes; an unknown code is shown as written. */
export const deuActorNames: Readonly<Record<string, string>> = {
  com: 'European Commission',
  ep: 'European Parliament',
  at: 'Austria',
  be: 'Belgium',
  bu: 'Bulgaria',
  cr: 'Croatia',
  cy: 'Cyprus',
  cz: 'Czech Republic',
  de: 'Germany',
  dk: 'Denmark',
  ee: 'Estonia',
  el: 'Greece',
  es: 'Spain',
  fi: 'Finland',
  fr: 'France',
  hu: 'Hungary',
  ie: 'Ireland',
  it: 'Italy',
  lt: 'Lithuania',
  lu: 'Luxembourg',
  lv: 'Latvia',
  mt: 'Malta',
  nl: 'Netherlands',
  pl: 'Poland',
  pt: 'Portugal',
  ro: 'Romania',
  se: 'Sweden',
  si: 'Slovenia',
  sk: 'Slovakia',
  uk: 'United Kingdom',
};

/** One DEU issue: what `issues.csv` says about it and the scenario built from it. */
export interface DeuIssue {
  id: string;
  proposal: string;
  /** Short name of the proposal (`documents`, `comnet`, ...). */
  name: string;
  /** `Reg`, `Dir` or `Dec`, as written. */
  type?: string;
  /** Council configuration, as written. */
  council?: string;
  /** `COD` (co-decision) or `CNS` (consultation), as written. */
  procedure?: string;
  /** `QMV`, `Unan`, ..., as written. */
  voting?: string;
  /** Date of introduction, as written (the files mix `dd-mm-yy` and `dd-mm-yyyy`). */
  introduced?: string;
  statusQuo?: number;
  /** The decision taken; absent when the data set has no valid outcome. */
  outcome?: number;
  /** Line of the issue in `issues.csv`. */
  line: number;
  /** A one-issue scenario: the issue's actors with their positions and salience. */
  scenario: Scenario;
}

export interface DeuDataset {
  capability: DeuCapability;
  issues: DeuIssue[];
  /** What the import decided on the user's behalf (blank saliences read as 50). */
  notes: string[];
}

export interface DeuFile {
  text: string;
  /** The name problems are reported under, as the user typed it. */
  file: string;
}

export interface DeuImport {
  dataset?: DeuDataset;
  problems: Problem[];
}

const issueColumns = ['issue', 'proposal', 'rp', 'outcome'] as const;
const optionalIssueColumns = ['name', 'type', 'council', 'procedure', 'voting', 'intro', 'n_actors'] as const;
const positionColumns = ['issue', 'actor', 'position', 'salience'] as const;

/**
 * Reads DEU `issues.csv` and `positions.csv` texts into one scenario per issue.
 *
 * Cost: O(rows).
 *
 * @example parseDeu({ text: 'issue,proposal,rp,outcome\nx1,x,0,60\n', file: 'issues.csv' },
 *   { text: 'issue,actor,position,salience\nx1,com,100,50\nx1,de,0,\n', file: 'positions.csv' },
 *   { capability: 'equal' }).dataset?.issues[0]?.scenario.actors.length // 2
 */
export function parseDeu(issuesFile: DeuFile, positionsFile: DeuFile, options: { capability: DeuCapability }): DeuImport {
  const problems: Problem[] = [];
  const issuesTable = readTable(issuesFile, issueColumns, optionalIssueColumns, problems);
  const positionsTable = readTable(positionsFile, positionColumns, [], problems);
  if (!issuesTable || !positionsTable) return { problems };

  const problemAt = (file: string, line: number, column: string | undefined, message: string, hint?: string) =>
    problems.push({ code: 'deu', path: column === undefined ? [] : [column], message, file, line, ...(hint === undefined ? {} : { hint }) });

  interface IssueRow {
    row: CsvRow;
    id: string;
    values: Record<string, string>;
    statusQuo?: number;
    outcome?: number;
    declaredActors?: number;
  }
  const issueRows = new Map<string, IssueRow>();
  for (const row of issuesTable.rows) {
    const values = issuesTable.valuesOf(row);
    if (!values) continue;
    const id = values.issue ?? '';
    if (id === '') {
      problemAt(issuesFile.file, row.line, 'issue', 'the issue has no id', 'give each row an id in the issue column');
      continue;
    }
    if (id === RESERVED_NAME) {
      problemAt(issuesFile.file, row.line, 'issue', `the issue id \`${RESERVED_NAME}\` is reserved`, 'give the issue another id');
      continue;
    }
    const earlier = issueRows.get(id);
    if (earlier) {
      problemAt(issuesFile.file, row.line, 'issue', `issue "${id}" is listed twice (first on line ${earlier.row.line})`);
      continue;
    }
    if ((values.proposal ?? '') === '')
      problemAt(issuesFile.file, row.line, 'proposal', `issue "${id}" has no proposal`, 'cross-validation and the bootstrap group issues by proposal');
    const statusQuo = optionalScore(values.rp ?? '', (message) => problemAt(issuesFile.file, row.line, 'rp', `issue "${id}": rp ${message}`));
    const outcome = optionalScore(values.outcome ?? '', (message) => problemAt(issuesFile.file, row.line, 'outcome', `issue "${id}": outcome ${message}`));
    const declared = values.n_actors ?? '';
    const declaredActors = declared === '' ? undefined : Number(declared);
    if (declaredActors !== undefined && !Number.isInteger(declaredActors)) {
      problemAt(issuesFile.file, row.line, 'n_actors', `issue "${id}": n_actors must be a whole number, got "${declared}"`);
    }
    issueRows.set(id, {
      row,
      id,
      values,
      ...(statusQuo === undefined ? {} : { statusQuo }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(declaredActors === undefined || !Number.isInteger(declaredActors) ? {} : { declaredActors }),
    });
  }

  interface PositionRow {
    line: number;
    actor: string;
    position: number;
    salience: number;
    blankSalience: boolean;
  }
  const positionsByIssue = new Map<string, PositionRow[]>();
  /** Rows per issue in positions.csv, valid or not: an issue without one has no actors. */
  const rowsPerIssue = new Map<string, number>();
  let blankSaliences = 0;
  for (const row of positionsTable.rows) {
    const values = positionsTable.valuesOf(row);
    if (!values) continue;
    const issueId = values.issue ?? '';
    const actor = (values.actor ?? '').toLowerCase();
    if (!issueRows.has(issueId)) {
      problemAt(
        positionsFile.file,
        row.line,
        'issue',
        `issue "${issueId}" is not in ${issuesFile.file}`,
        'every position belongs to an issue listed in issues.csv',
      );
      continue;
    }
    rowsPerIssue.set(issueId, (rowsPerIssue.get(issueId) ?? 0) + 1);
    if (actor === '') {
      problemAt(positionsFile.file, row.line, 'actor', `issue "${issueId}": the actor has no code`, 'com, ep, or a member state code such as de');
      continue;
    }
    if (actor === RESERVED_NAME) {
      problemAt(
        positionsFile.file,
        row.line,
        'actor',
        `issue "${issueId}": the actor code \`${RESERVED_NAME}\` is reserved`,
        'com, ep, or a member state code such as de',
      );
      continue;
    }
    const rows = positionsByIssue.get(issueId) ?? [];
    const earlier = rows.find((candidate) => candidate.actor === actor);
    if (earlier) {
      problemAt(positionsFile.file, row.line, 'actor', `issue "${issueId}": actor "${actor}" is listed twice (first on line ${earlier.line})`);
      continue;
    }
    if (options.capability === 'nice' && !Object.hasOwn(niceVotes, actor)) {
      problemAt(
        positionsFile.file,
        row.line,
        'actor',
        `no Nice vote count for actor "${actor}"`,
        `use --capability equal, or one of: ${Object.keys(niceVotes).join(', ')}`,
      );
    }
    const positionText = values.position ?? '';
    if (positionText === '')
      problemAt(
        positionsFile.file,
        row.line,
        'position',
        `issue "${issueId}", actor "${actor}": the position is blank`,
        'a number from 0 to 100; leave the row out if the actor took no position',
      );
    const position = optionalScore(positionText, (message) =>
      problemAt(positionsFile.file, row.line, 'position', `issue "${issueId}", actor "${actor}": position ${message}`),
    );
    const salienceText = values.salience ?? '';
    const salience =
      salienceText === ''
        ? blankSalience
        : optionalScore(salienceText, (message) =>
            problemAt(positionsFile.file, row.line, 'salience', `issue "${issueId}", actor "${actor}": salience ${message}`),
          );
    if (salienceText === '') blankSaliences++;
    if (position === undefined || salience === undefined) continue;
    rows.push({ line: row.line, actor, position, salience, blankSalience: salienceText === '' });
    positionsByIssue.set(issueId, rows);
  }

  for (const issue of issueRows.values()) {
    const count = rowsPerIssue.get(issue.id) ?? 0;
    if (count === 0) {
      problemAt(
        issuesFile.file,
        issue.row.line,
        'issue',
        `issue "${issue.id}" has no actors in ${positionsFile.file}`,
        'add its positions, or remove the issue',
      );
    } else if (issue.declaredActors !== undefined && count !== issue.declaredActors) {
      problemAt(issuesFile.file, issue.row.line, 'n_actors', `issue "${issue.id}": n_actors says ${issue.declaredActors}, ${positionsFile.file} has ${count}`);
    }
  }
  if (problems.length > 0) return { problems };

  const issues: DeuIssue[] = [...issueRows.values()].map((issue) =>
    deuIssue(issue.id, issue.row.line, issue.values, issue.statusQuo, issue.outcome, positionsByIssue.get(issue.id)!, options.capability, positionsFile.file),
  );
  const notes = blankSaliences > 0 ? [`${blankSaliences} blank salience${blankSaliences === 1 ? '' : 's'} read as ${blankSalience}`] : [];
  return { dataset: { capability: options.capability, issues, notes }, problems };
}

/** Reads `issues.csv` and `positions.csv` from a folder; `label` is the folder as the user typed it. */
export function loadDeuDir(dir: string, options: { capability: DeuCapability }, label = dir): DeuImport {
  const problems: Problem[] = [];
  const read = (name: string): DeuFile | undefined => {
    const file = join(label, name);
    try {
      return { text: readFileSync(join(dir, name), 'utf8'), file };
    } catch (error) {
      problems.push({
        code: 'file',
        path: [],
        file,
        message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        hint: 'a DEU folder holds issues.csv and positions.csv',
      });
      return undefined;
    }
  };
  const issues = read('issues.csv');
  const positions = read('positions.csv');
  if (!issues || !positions) return { problems };
  return parseDeu(issues, positions, options);
}

/**
 * The issues a backtest scores: those with an outcome and at least two actors (the rule of
 * the DEU README's table), each as a one-issue case grouped by its proposal.
 */
export function deuCases(dataset: DeuDataset): BacktestCase[] {
  return dataset.issues
    .filter((issue) => issue.outcome !== undefined && issue.scenario.actors.length >= 2)
    .map((issue) => ({
      id: issue.id,
      group: issue.proposal,
      scenario: pointScenario(issue.scenario),
      outcome: issue.outcome!,
      context: {
        ...(issue.procedure === undefined ? {} : { procedure: issue.procedure }),
        ...(issue.voting === undefined ? {} : { voting: issue.voting }),
      },
    }));
}

function deuIssue(
  id: string,
  line: number,
  values: Record<string, string>,
  statusQuo: number | undefined,
  outcome: number | undefined,
  positions: readonly { line: number; actor: string; position: number; salience: number; blankSalience: boolean }[],
  capability: DeuCapability,
  positionsFileName: string,
): DeuIssue {
  const text = (column: string): string | undefined => {
    const value = values[column];
    return value === undefined || value === '' ? undefined : value;
  };
  const proposal = text('proposal') ?? id;
  const name = text('name') ?? proposal;
  const actors: Actor[] = positions.map((row) => ({
    id: row.actor,
    name: Object.hasOwn(deuActorNames, row.actor) ? deuActorNames[row.actor]! : row.actor,
    capability: capability === 'nice' ? niceVotes[row.actor]! : 1,
    stances: {
      [id]: {
        position: row.position,
        salience: row.salience / 100,
        evidence: [{ source: 'deu', note: `${positionsFileName} line ${row.line}${row.blankSalience ? `; salience blank, read as ${blankSalience}` : ''}` }],
      },
    },
  }));
  const facts = [text('type'), text('council'), text('procedure'), text('voting')].filter((fact) => fact !== undefined);
  const decision =
    statusQuo === undefined
      ? undefined
      : deuDecision(
          text('voting'),
          text('procedure'),
          positions.map((row) => row.actor),
        );
  const scenario: Scenario = {
    parley: 1,
    id,
    title: `${name} (${proposal}), issue ${id}`,
    sources: [{ id: 'deu', title: 'Decision-making in the European Union (DEU)', kind: 'dataset' }],
    issues: [
      {
        id,
        name: `${name}: ${id}`,
        ...(facts.length > 0 ? { description: facts.join(', ') } : {}),
        scale: { min: 0, max: 100 },
        ...(statusQuo === undefined ? {} : { statusQuo }),
        ...(decision === undefined ? {} : { decision }),
      },
    ],
    actors,
  };
  return {
    id,
    proposal,
    name,
    ...optional('type', text('type')),
    ...optional('council', text('council')),
    ...optional('procedure', text('procedure')),
    ...optional('voting', text('voting')),
    ...optional('introduced', text('intro')),
    ...(statusQuo === undefined ? {} : { statusQuo }),
    ...(outcome === undefined ? {} : { outcome }),
    line,
    scenario,
  };
}

/**
 * The Council's qualified majority under the Treaty of Nice for the EU of 27: 255 of 345
 * weighted votes (Protocol on the enlargement of the EU, Art. 3, as amended by the 2005
 * Act of Accession), the rule of most of DEU III's period. With `--capability equal` it is
 * read as the same share of member states.
 */
export const councilQualifiedMajority = 255 / 345;

/**
 * The rule a DEU issue was decided by, from its `voting` and `procedure` columns: `QMV` is a
 * qualified majority of the member states (the Council; the Commission proposes but does not
 * vote), `Unan` their unanimity, and co-decision (`COD`) adds the Parliament's consent.
 * Other or blank voting: no rule (the default applies). Only issues with a reference point
 * get one, since both rules ask who prefers a move from it.
 */
export function deuDecision(voting: string | undefined, procedure: string | undefined, actorCodes: readonly string[]): Decision | undefined {
  const memberStates = actorCodes.filter((code) => code !== 'com' && code !== 'ep');
  if (memberStates.length === 0) return undefined;
  const consent = procedure?.toUpperCase() === 'COD' && actorCodes.includes('ep') ? { consent: ['ep'] } : {};
  if (voting !== undefined && /^qmv/i.test(voting)) return { rule: 'qualified', by: memberStates, threshold: councilQualifiedMajority, ...consent };
  if (voting !== undefined && /^unan/i.test(voting)) return { rule: 'unanimity', by: memberStates, ...consent };
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** A 0–100 value, or undefined when blank; a non-number or a value off the scale is reported. */
function optionalScore(raw: string, report: (message: string) => void): number | undefined {
  if (raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    report(`must be a number from 0 to 100, got "${raw}"`);
    return undefined;
  }
  if (value < 0 || value > 100) {
    report(`must lie between 0 and 100, got ${value}`);
    return undefined;
  }
  return value;
}

interface Table {
  rows: CsvRow[];
  /** The row's cells by column name (trimmed), or undefined after reporting a wrong cell count. */
  valuesOf(row: CsvRow): Record<string, string> | undefined;
}

/** The CSV's body rows and a reader by column name, or undefined after reporting missing columns. */
function readTable(input: DeuFile, required: readonly string[], optionalColumns: readonly string[], problems: Problem[]): Table | undefined {
  const { rows, unterminatedAt } = parseCsv(input.text);
  const expected = [...required, ...optionalColumns].join(',');
  if (unterminatedAt !== undefined) {
    problems.push({ code: 'deu', path: [], file: input.file, line: unterminatedAt, message: 'a quoted field is never closed', hint: 'close the quote with "' });
    return undefined;
  }
  const [header, ...body] = rows;
  if (!header) {
    problems.push({ code: 'deu', path: [], file: input.file, line: 1, message: 'the file is empty', hint: `the first line names the columns: ${expected}` });
    return undefined;
  }
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    problems.push({
      code: 'deu',
      path: [],
      file: input.file,
      line: header.line,
      message: `missing column${missing.length === 1 ? '' : 's'} ${missing.map((column) => `"${column}"`).join(', ')} (found: ${header.cells.join(', ')})`,
      hint: `the first line names the columns: ${expected}`,
    });
    return undefined;
  }
  return {
    rows: body,
    valuesOf(row) {
      if (row.cells.length !== header.cells.length) {
        problems.push({
          code: 'deu',
          path: [],
          file: input.file,
          line: row.line,
          message: `expected ${header.cells.length} values, found ${row.cells.length}`,
          hint: 'one value per column, separated by commas',
        });
        return undefined;
      }
      const values: Record<string, string> = {};
      names.forEach((name, index) => (values[name] = row.cells[index]!.trim()));
      return values;
    },
  };
}

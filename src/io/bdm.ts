/**
 * Import of the field's plain expected-utility table (the "BDM CSV"): one row per actor with
 * actor, capability, position and salience, on a single issue. This is the layout of the
 * classic data sets (Bueno de Mesquita & Stokman 1994; Scholz, Calbert & Smith 2011) and of
 * the public replications.
 */
import type { Problem } from '../core/problems.js';
import type { Actor, Scenario } from '../core/scenario.js';
import { parseCsv } from './csv.js';

export interface BdmImportOptions {
  /** The issue's scale; default: from the lowest to the highest position in the file. */
  scale?: { min: number; max: number };
  id?: string;
  title?: string;
  issueId?: string;
  issueName?: string;
}

export interface BdmImport {
  scenario?: Scenario;
  problems: Problem[];
  /** What the import decided on the user's behalf (salience rescaled, scale chosen). */
  notes: string[];
}

const columnNames = {
  actor: ['actor', 'name', 'player', 'stakeholder'],
  capability: ['capability', 'power', 'resources', 'clout', 'influence', 'capabilities'],
  position: ['position', 'pos'],
  salience: ['salience', 'importance', 'sal'],
} as const;

/** A kebab-case id from a display name (`"US - Biden admin"` → `us-biden-admin`). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'actor' : slug;
}

/**
 * Reads a BDM CSV into a one-issue scenario. Salience given as 0–100 (any value above 1) is
 * divided by 100; capability keeps its scale (models normalise). Every problem is reported
 * at once with its line; nothing is returned as a scenario when any problem is found.
 */
export function importBdmCsv(text: string, file: string, options: BdmImportOptions = {}): BdmImport {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const problem = (line: number, path: (string | number)[], message: string, hint?: string) =>
    problems.push({ code: 'bdm', path, message, file, line, ...(hint === undefined ? {} : { hint }) });

  const { rows, unterminatedAt } = parseCsv(text);
  if (unterminatedAt !== undefined) {
    problem(unterminatedAt, [], 'a quoted field is never closed', 'close the quote with "');
    return { problems, notes };
  }
  const [header, ...body] = rows;
  if (!header) {
    problem(1, [], 'the file is empty', 'the first line names the columns: actor,capability,position,salience');
    return { problems, notes };
  }
  const headerCells = header.cells.map((cell) => cell.trim().toLowerCase());
  const columnIndex: Partial<Record<keyof typeof columnNames, number>> = {};
  for (const [column, aliases] of Object.entries(columnNames) as Array<[keyof typeof columnNames, readonly string[]]>) {
    const index = headerCells.findIndex((cell) => aliases.includes(cell));
    if (index < 0) {
      problem(
        header.line,
        [column],
        `no "${column}" column (found: ${header.cells.join(', ')})`,
        'the first line names the columns: actor,capability,position,salience',
      );
    } else {
      columnIndex[column] = index;
    }
  }
  if (problems.length > 0) return { problems, notes };

  interface Row {
    line: number;
    name: string;
    capability: number;
    position: number;
    salience: number;
  }
  const parsed: Row[] = [];
  for (const row of body) {
    if (row.cells.length !== header.cells.length) {
      problem(
        row.line,
        [],
        `expected ${header.cells.length} values, found ${row.cells.length}`,
        'one value per column, separated by commas; quote names that contain commas',
      );
      continue;
    }
    const cellOf = (column: keyof typeof columnNames) => row.cells[columnIndex[column]!]!.trim();
    const name = cellOf('actor');
    if (name === '') problem(row.line, ['actor'], 'the actor has no name', 'give each row a name in the actor column');
    const numberOf = (column: 'capability' | 'position' | 'salience'): number => {
      const raw = cellOf(column);
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) problem(row.line, [column], `${column} must be a number, got "${raw}"`);
      return value;
    };
    const capability = numberOf('capability');
    const position = numberOf('position');
    const salience = numberOf('salience');
    if (Number.isFinite(capability) && capability <= 0) {
      problem(
        row.line,
        ['capability'],
        `capability must be greater than 0, got ${capability}`,
        'an actor without capability cannot influence the outcome: remove the row',
      );
    }
    if (Number.isFinite(salience) && (salience < 0 || salience > 100)) {
      problem(row.line, ['salience'], `salience must be between 0 and 1 (or 0 and 100), got ${salience}`);
    }
    parsed.push({ line: row.line, name, capability, position, salience });
  }
  if (body.length < 2) {
    problem(header.line, [], `found ${body.length} actor${body.length === 1 ? '' : 's'}; a negotiation needs at least two`, 'add a row per actor');
  }
  if (problems.length > 0) return { problems, notes };

  if (parsed.some((row) => row.salience > 1)) {
    for (const row of parsed) row.salience /= 100;
    notes.push('salience read as 0–100 and divided by 100');
  }
  const positions = parsed.map((row) => row.position);
  const scale = options.scale ?? { min: Math.min(...positions), max: Math.max(...positions) };
  if (!options.scale) notes.push(`scale set to the range of the positions, ${scale.min} to ${scale.max} (give --scale MIN,MAX for the study's own scale)`);
  if (!(scale.min < scale.max)) {
    problem(header.line, ['scale'], `the scale runs from ${scale.min} to ${scale.max}`, 'give --scale MIN,MAX with MIN below MAX');
    return { problems, notes };
  }
  for (const row of parsed) {
    if (row.position < scale.min || row.position > scale.max) {
      problem(row.line, ['position'], `position ${row.position} lies outside the scale ${scale.min} to ${scale.max}`, 'widen --scale');
    }
  }
  if (problems.length > 0) return { problems, notes };

  const issueId = options.issueId ?? 'ISSUE';
  const usedIds = new Set<string>();
  const actors: Actor[] = parsed.map((row) => {
    const base = slugify(row.name);
    let id = base;
    for (let suffix = 2; usedIds.has(id); suffix++) id = `${base}-${suffix}`;
    usedIds.add(id);
    return {
      id,
      name: row.name,
      capability: row.capability,
      stances: { [issueId]: { position: row.position, salience: row.salience, evidence: [{ source: 'data', note: `line ${row.line}` }] } },
    };
  });
  const fileName = file.split(/[\\/]/).pop() ?? file;
  const stem = fileName.replace(/\.[^.]*$/, '');
  const scenario: Scenario = {
    parley: 1,
    id: options.id ?? slugify(stem),
    title: options.title ?? `${stem} (imported from ${fileName})`,
    sources: [{ id: 'data', title: fileName, kind: 'dataset', note: 'imported with parley import bdm' }],
    issues: [{ id: issueId, name: options.issueName ?? stem, scale }],
    actors,
  };
  return { scenario, problems, notes };
}

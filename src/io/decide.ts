/**
 * Import of the Decide software's input format (Stokman's exchange model; repository
 * foarsitter/decide-exchange-model): one record a line, the first cell naming the record.
 *
 * | record | cells after the type                                   |
 * |--------|--------------------------------------------------------|
 * | `#A`   | actor id, full name, comment                           |
 * | `#P`   | issue id, description                                  |
 * | `#M`   | issue id, scale point (number), what the point means   |
 * | `#D`   | actor id, issue id, position, salience, power, comment |
 * | `#/`   | a comment (ignored)                                    |
 * | `#O`   | a description of the data set (used as the title)      |
 *
 * The rules follow EXCHANGE-SPEC.md §1 of the reference folder (reference/decide):
 * the separator is the first of `;`, tab and `,` found on the first line; one level of
 * surrounding quotes (`'` or `"`) is stripped from each cell; blank lines are skipped;
 * surplus cells belong to the last, free-text field. An issue's scale runs from its first
 * `#M` point to its largest (0..100 without `#M` rows), and the points' meanings become the
 * issue's anchors. Positions stay on the study's scale (models normalise).
 *
 * Where Parley's scenario format is narrower than Decide's, the import says so instead of
 * guessing: an actor's power must be the same on every issue (a Parley actor has one
 * capability) and greater than 0; `#M` points must be listed in ascending order (Decide
 * misreads them otherwise, §1.3).
 */
import type { Problem } from '../core/problems.js';
import type { Actor, Issue, Scenario } from '../core/scenario.js';
import { validateScenario } from '../core/validate.js';
import { slugify } from './bdm.js';

export interface DecideImportOptions {
  id?: string;
  title?: string;
}

export interface DecideImport {
  scenario?: Scenario;
  problems: Problem[];
  /** What the import decided on the user's behalf (salience rescaled, repeated ids, lost characters). */
  notes: string[];
}

/** One record of the file: its type, the cells after the type, and its 1-based line. */
interface DecideRecord {
  line: number;
  type: string;
  cells: string[];
}

const recordHint = 'each line starts with #A (actor), #P (issue), #M (scale point), #D (actor-issue data), #/ (comment) or #O (description)';

/** What each record type needs, in order; the last name is free text and takes any surplus cells. */
const recordFields: Record<string, { required: number; names: readonly string[] }> = {
  '#A': { required: 1, names: ['actor id', 'full name', 'comment'] },
  '#P': { required: 1, names: ['issue id', 'description'] },
  '#M': { required: 2, names: ['issue id', 'position', 'meaning'] },
  '#D': { required: 5, names: ['actor id', 'issue id', 'position', 'salience', 'power', 'comment'] },
};

/**
 * Reads a Decide input file into a scenario. Every problem is reported at once, each with its
 * line; no scenario is returned when any problem is found.
 *
 * Cost: O(lines + actors × issues).
 *
 * @example
 * importDecideCsv('#A;a;A\n#A;b;B\n#P;x;X\n#M;x;0;none\n#M;x;10;all\n#D;a;x;0;1;1\n#D;b;x;10;0.5;1\n', 'x.csv')
 *   .scenario?.issues[0] // { id: 'x', name: 'X', scale: { min: 0, max: 10 }, anchors: { 0: 'none', 10: 'all' } }
 */
export function importDecideCsv(text: string, file: string, options: DecideImportOptions = {}): DecideImport {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const problem = (line: number, path: (string | number)[], message: string, hint?: string) =>
    problems.push({ code: 'decide', path, message, file, line, ...(hint === undefined ? {} : { hint }) });

  const { records, unterminatedAt } = splitRecords(text);
  if (unterminatedAt !== undefined) {
    problem(unterminatedAt, [], 'a quoted cell is never closed', 'close the quote, or remove it');
    return { problems, notes };
  }
  if (records.length === 0) {
    problem(1, [], 'the file is empty', recordHint);
    return { problems, notes };
  }

  // Pass 1: every record's shape; definitions by id (a repeated #A/#P id replaces the earlier
  // row but keeps its place, as Decide does, §1.2).
  const actorRows = new Map<string, { line: number; name: string; comment: string }>();
  const issueRows = new Map<string, { line: number; name: string }>();
  const pointRows: Array<{ line: number; issue: string; position: number; meaning: string }> = [];
  const dataRows: Array<{ line: number; actor: string; issue: string; position: number; salience: number; power: number; comment: string }> = [];
  const descriptions: string[] = [];
  for (const record of records) {
    if (/\uFFFD/.test(record.cells.join(''))) {
      notes.push(`line ${record.line}: the text contains � (a character lost in an earlier encoding conversion); fix it by hand`);
    }
    if (record.type === '#/') continue;
    if (record.type === '#O' || record.type === '#0') {
      const description = record.cells.filter((cell) => cell !== '').join(' ');
      if (description !== '') descriptions.push(description);
      continue;
    }
    // Own keys only: a record type such as `constructor` is unknown, not Object's constructor.
    const fields = Object.hasOwn(recordFields, record.type) ? recordFields[record.type] : undefined;
    if (!fields) {
      problem(record.line, [], `unknown record type "${record.type}"`, recordHint);
      continue;
    }
    const cells = withFreeText(record.cells, fields.names.length);
    if (cells.length < fields.required || cells.slice(0, fields.required).some((cell) => cell === '')) {
      const missing = fields.names.slice(0, fields.required).find((_, index) => (cells[index] ?? '') === '')!;
      problem(
        record.line,
        [],
        `${record.type} row has no ${missing}`,
        `a ${record.type} row reads ${record.type}, ${fields.names.join(', ')}${fields.names.length > fields.required ? ' (the last optional)' : ''}`,
      );
      continue;
    }
    if (cells[0] === '__proto__' || (record.type === '#D' && cells[1] === '__proto__')) {
      // Cannot be a key of a JavaScript object, so not an id (see `validate.ts`).
      problem(record.line, [], 'the id `__proto__` is reserved', 'rename the actor or issue on every line that names it');
      continue;
    }
    const numberAt = (index: number): number => {
      const raw = cells[index]!;
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        const decimalComma = /^-?\d+,\d+$/.test(raw);
        problem(
          record.line,
          [fields.names[index]!],
          `${fields.names[index]} must be a number, got "${raw}"`,
          decimalComma ? 'write decimals with a point: 0.5, not 0,5' : undefined,
        );
      }
      return value;
    };
    if (record.type === '#A') {
      const [id, name = '', comment = ''] = cells as [string, string?, string?];
      const earlier = actorRows.get(id);
      if (earlier) notes.push(`actor ${id} is defined on lines ${earlier.line} and ${record.line}: the later row is used`);
      actorRows.set(id, { line: record.line, name: name === '' ? id : name, comment });
    } else if (record.type === '#P') {
      const [id, name = ''] = cells as [string, string?];
      const earlier = issueRows.get(id);
      if (earlier) notes.push(`issue ${id} is defined on lines ${earlier.line} and ${record.line}: the later row is used`);
      issueRows.set(id, { line: record.line, name: name === '' ? id : name });
    } else if (record.type === '#M') {
      const position = numberAt(1);
      pointRows.push({ line: record.line, issue: cells[0]!, position, meaning: cells[2] ?? '' });
    } else {
      const position = numberAt(2);
      const salience = numberAt(3);
      const power = numberAt(4);
      for (const [name, value] of [
        ['salience', salience],
        ['power', power],
      ] as const) {
        if (Number.isFinite(value) && (value < 0 || value > 100)) {
          problem(record.line, [name], `${name} must be between 0 and 1 (or 0 and 100), got ${value}`);
        }
      }
      if (Number.isFinite(power) && power === 0) {
        problem(record.line, ['power'], 'power must be greater than 0, got 0', 'an actor without power cannot influence the outcome: remove its rows');
      }
      dataRows.push({ line: record.line, actor: cells[0]!, issue: cells[1]!, position, salience, power, comment: cells[5] ?? '' });
    }
  }

  // Pass 2: references between records, scales, duplicates.
  const scales = new Map<string, { min: number; max: number; anchors: Record<string, string>; firstLine: number }>();
  /** Issues whose #M points are already reported: their scale is not checked further. */
  const brokenScales = new Set<string>();
  for (const point of pointRows) {
    if (!issueRows.has(point.issue)) {
      problem(point.line, ['issue'], `scale point for unknown issue "${point.issue}"`, `define it first with a #P row: #P;${point.issue};description`);
      continue;
    }
    if (!Number.isFinite(point.position)) continue;
    const scale = scales.get(point.issue);
    if (!scale) {
      scales.set(point.issue, {
        min: point.position,
        max: point.position,
        anchors: point.meaning === '' ? {} : { [String(point.position)]: point.meaning },
        firstLine: point.line,
      });
      continue;
    }
    if (point.position < scale.max) {
      brokenScales.add(point.issue);
      problem(
        point.line,
        ['position'],
        `scale point ${point.position} of issue "${point.issue}" comes after ${scale.max}; Decide reads the first #M point as the lowest`,
        'list the #M rows of each issue in ascending order',
      );
      continue;
    }
    scale.max = point.position;
    if (point.meaning !== '') {
      const key = String(point.position);
      if (scale.anchors[key] !== undefined)
        notes.push(`line ${point.line}: scale point ${key} of issue ${point.issue} is given twice; the later meaning is used`);
      scale.anchors[key] = point.meaning;
    }
  }
  for (const [issueId, scale] of scales) {
    if (!brokenScales.has(issueId) && !(scale.min < scale.max)) {
      brokenScales.add(issueId);
      problem(
        scale.firstLine,
        ['position'],
        `issue "${issueId}" has a single scale point, ${scale.min}`,
        'give at least the lowest and the highest point as #M rows',
      );
    }
  }

  const seen = new Map<string, number>();
  const powers = new Map<string, Array<{ line: number; issue: string; power: number }>>();
  for (const row of dataRows) {
    if (!actorRows.has(row.actor)) problem(row.line, ['actor'], `unknown actor "${row.actor}"`, `define it with an #A row: #A;${row.actor};full name`);
    if (!issueRows.has(row.issue)) problem(row.line, ['issue'], `unknown issue "${row.issue}"`, `define it with a #P row: #P;${row.issue};description`);
    const key = `${row.actor}\u0000${row.issue}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problem(
        row.line,
        [],
        `a second row for actor "${row.actor}" on issue "${row.issue}" (the first is on line ${earlier})`,
        'keep one #D row per actor and issue',
      );
    else seen.set(key, row.line);
    const scale = scales.get(row.issue) ?? { min: 0, max: 100 };
    const checkable = issueRows.has(row.issue) && !brokenScales.has(row.issue);
    if (Number.isFinite(row.position) && checkable && (row.position < scale.min || row.position > scale.max)) {
      problem(
        row.line,
        ['position'],
        `position ${row.position} lies outside the scale of issue "${row.issue}", ${scale.min} to ${scale.max}`,
        scales.has(row.issue)
          ? 'correct the position, or add an #M point that covers it'
          : 'without #M rows the scale is 0 to 100; add #M rows for another scale',
      );
    }
    if (Number.isFinite(row.power) && row.power > 0) {
      const list = powers.get(row.actor) ?? [];
      list.push({ line: row.line, issue: row.issue, power: row.power });
      powers.set(row.actor, list);
    }
  }
  for (const [actorId, list] of powers) {
    const first = list[0]!;
    const differing = list.find((entry) => entry.power !== first.power);
    if (differing) {
      problem(
        differing.line,
        ['power'],
        `the power of actor "${actorId}" is ${differing.power} on issue "${differing.issue}" but ${first.power} on "${first.issue}" (line ${first.line}); a Parley actor has one capability`,
        'give the actor the same power on every issue, or split the issues into separate files',
      );
    }
  }
  if (problems.length > 0) return { problems: sortByLine(problems), notes };

  // Participation: at least two actors per issue, and actors that hold no stance are left out.
  const participants = new Map<string, number>();
  for (const row of dataRows) participants.set(row.issue, (participants.get(row.issue) ?? 0) + 1);
  for (const [issueId, row] of issueRows) {
    const count = participants.get(issueId) ?? 0;
    if (count < 2)
      problem(
        row.line,
        [],
        `issue "${issueId}" has ${count === 0 ? 'no' : 'only one'} actor with a #D row; a negotiation needs at least two`,
        'add #D rows for the issue, or remove its #P row',
      );
  }
  if (actorRows.size < 2)
    problem(
      records[0]!.line,
      [],
      `found ${actorRows.size} actor${actorRows.size === 1 ? '' : 's'}; a negotiation needs at least two`,
      'add an #A row per actor',
    );
  if (problems.length > 0) return { problems: sortByLine(problems), notes };

  const rescaleSalience = dataRows.some((row) => row.salience > 1);
  if (rescaleSalience) notes.push('salience read as 0–100 and divided by 100');

  const issues: Issue[] = [...issueRows].map(([id, row]) => {
    const scale = scales.get(id);
    return {
      id,
      name: row.name,
      scale: scale ? { min: scale.min, max: scale.max } : { min: 0, max: 100 },
      ...(scale && Object.keys(scale.anchors).length > 0 ? { anchors: scale.anchors } : {}),
    };
  });
  const issueOrder = new Map(issues.map((issue, index) => [issue.id, index]));
  const actors: Actor[] = [];
  for (const [id, row] of actorRows) {
    const rows = dataRows.filter((data) => data.actor === id).sort((a, b) => issueOrder.get(a.issue)! - issueOrder.get(b.issue)!);
    if (rows.length === 0) {
      notes.push(`actor ${id} (line ${row.line}) has no #D rows and is left out`);
      continue;
    }
    actors.push({
      id,
      name: row.name,
      ...(row.comment === '' ? {} : { description: row.comment }),
      capability: rows[0]!.power,
      stances: Object.fromEntries(
        rows.map((data) => [
          data.issue,
          {
            position: data.position,
            salience: rescaleSalience ? data.salience / 100 : data.salience,
            evidence: [{ source: 'data', note: `line ${data.line}${data.comment === '' ? '' : `: ${data.comment}`}` }],
          },
        ]),
      ),
    });
  }

  const fileName = file.split(/[\\/]/).pop() ?? file;
  const stem = fileName.replace(/\.[^.]*$/, '');
  const scenario: Scenario = {
    parley: 1,
    id: options.id ?? slugify(stem),
    title: options.title ?? descriptions[0] ?? `${stem} (imported from ${fileName})`,
    ...(descriptions.length > 1 ? { description: descriptions.slice(1).join(' ') } : {}),
    sources: [{ id: 'data', title: fileName, kind: 'dataset', note: 'imported with parley import decide' }],
    issues,
    actors,
  };
  // A last guard: what the import builds must be a valid scenario (ids, anchors, quotes).
  const validation = validateScenario(scenario);
  if (validation.problems.length > 0) {
    return { problems: validation.problems.map((found) => ({ ...found, file })), notes };
  }
  return { scenario, problems, notes };
}

/**
 * The records of the file: blank lines skipped, a byte-order mark dropped, the separator
 * chosen from the first line (the first of `;`, tab, `,` that occurs in it), each cell
 * trimmed and stripped of one level of surrounding quotes. A quoted cell may hold the
 * separator; a doubled quote inside it stands for one.
 */
function splitRecords(text: string): { records: DecideRecord[]; unterminatedAt?: number } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  const firstLine = lines.find((line) => line.trim() !== '') ?? '';
  const separator = [';', '\t', ','].find((candidate) => firstLine.includes(candidate)) ?? ';';
  const records: DecideRecord[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const cells = splitCells(line, separator);
    if (cells === undefined) return { records, unterminatedAt: index + 1 };
    const [type = '', ...rest] = cells;
    records.push({ line: index + 1, type, cells: rest });
  }
  return { records };
}

/** The cells of one line, or undefined when a quoted cell is not closed. */
function splitCells(line: string, separator: string): string[] | undefined {
  const cells: string[] = [];
  let position = 0;
  while (position <= line.length) {
    while (line[position] === ' ' && separator !== ' ') position++;
    const quote = line[position];
    if (quote === "'" || quote === '"') {
      let cell = '';
      let cursor = position + 1;
      for (;;) {
        const close = line.indexOf(quote, cursor);
        if (close < 0) return undefined;
        cell += line.slice(cursor, close);
        if (line[close + 1] === quote) {
          cell += quote;
          cursor = close + 2;
          continue;
        }
        cursor = close + 1;
        break;
      }
      const next = line.indexOf(separator, cursor);
      const trailing = line.slice(cursor, next < 0 ? line.length : next).trim();
      cells.push((cell + trailing).trim());
      if (next < 0) break;
      position = next + separator.length;
    } else {
      const next = line.indexOf(separator, position);
      cells.push(line.slice(position, next < 0 ? line.length : next).trim());
      if (next < 0) break;
      position = next + separator.length;
    }
  }
  return cells;
}

/** The cells with trailing empty ones dropped and any surplus joined into the last (free-text) field. */
function withFreeText(cells: readonly string[], fieldCount: number): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  const kept = cells.slice(0, end);
  if (kept.length <= fieldCount) return kept;
  return [...kept.slice(0, fieldCount - 1), kept.slice(fieldCount - 1).join('; ')];
}

function sortByLine(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * KTAB's CSV scenario format (the spatial model of politics, `SMP-SPEC.md` §1.1 of the
 * reference folder reference/ktab):
 *
 * ```
 * name, description, actor count n, dimension count D      (further fields ignored)
 * Actor, Description, Power, dim₁ name, dim₁ salience name, …, dim_D name, dim_D salience name
 * name, description, capability, position₁, salience₁, …, position_D, salience_D   (n rows)
 * ```
 *
 * Positions and saliences are on a 0–100 scale; an actor's saliences sum to at most 100.
 * The import makes one issue per dimension on the scale 0 to 100 and gives every actor a
 * stance on every issue with salience divided by 100; capability is kept raw. Whitespace
 * around names is trimmed; quoted fields (RFC 4180) are accepted, which KTAB's own reader,
 * splitting on every comma, is not; trailing empty fields are ignored. KTAB's limit of 250
 * actors is not enforced. Zero capability and all-zero saliences, which KTAB's reader
 * accepts and its model then fails on (§13.9), are rejected here.
 */
import { pointScenario } from '../core/resolve.js';
import type { PointScenario } from '../core/model.js';
import { smpActorsOf } from '../core/models/smp/index.js';
import type { Problem } from '../core/problems.js';
import type { Actor, Issue, Scenario } from '../core/scenario.js';
import { slugify } from './bdm.js';
import { parseCsv, type CsvRow } from './csv.js';

export interface KtabImport {
  scenario?: Scenario;
  problems: Problem[];
  /** What the import decided on the user's behalf (scales, salience rescaled, ids). */
  notes: string[];
}

/** KTAB's reader accepts capabilities up to this (§1.1). */
const maximumCapability = 1e8;
/** A plain decimal number, as KTAB's files write them (no hex, no `Infinity`). */
const decimalNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const formatHint =
  'line 1: name, description, actors, dimensions; line 2: the header; then one row per actor: name, description, capability, then position and salience (0–100) per dimension';

/** The row's cells with trailing empty (or blank) fields removed, as KTAB ignores them. */
function meaningfulCells(row: CsvRow): string[] {
  const cells = row.cells.slice();
  while (cells.length > 0 && cells[cells.length - 1]!.trim() === '') cells.pop();
  return cells;
}

/** Ids from names, made unique with a numeric suffix in file order. */
function uniqueIds(names: readonly string[], fallback: string): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = name === '' ? fallback : slugify(name);
    let id = base;
    for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`;
    used.add(id);
    return id;
  });
}

/**
 * Reads a KTAB CSV scenario file into a scenario. Every problem is reported at once with
 * its line; no scenario is returned when there is any.
 *
 * Cost: O(size of the text).
 *
 * @example importKtabCsv('Demo,,3,1\nActor,Description,Power,Tax,Tax salience\nA,,10,20,50\nB,,20,60,40\nC,,30,90,30\n', 'demo.csv').scenario?.issues[0]
 * // { id: 'tax', name: 'Tax', scale: { min: 0, max: 100 } }
 */
export function importKtabCsv(text: string, file: string): KtabImport {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const problem = (code: string, line: number, path: (string | number)[], message: string, hint?: string) =>
    problems.push({ code, path, message, file, line, ...(hint === undefined ? {} : { hint }) });

  const { rows, unterminatedAt } = parseCsv(text);
  if (unterminatedAt !== undefined) {
    problem('ktab-format', unterminatedAt, [], 'a quoted field is never closed', 'close the quote with "');
    return { problems, notes };
  }
  const [title, header, ...body] = rows;
  if (!title || !header) {
    problem(
      'empty',
      title?.line ?? 1,
      [],
      `the file has ${rows.length} line${rows.length === 1 ? '' : 's'}; a KTAB scenario has two header lines and a row per actor`,
      formatHint,
    );
    return { problems, notes };
  }

  // Line 1: name, description, n, D.
  const titleCells = meaningfulCells(title);
  const count = (index: number, what: string): number | undefined => {
    const raw = titleCells[index]?.trim() ?? '';
    const value = Number(raw);
    if (raw === '' || !/^\d+$/.test(raw)) {
      problem('ktab-number', title.line, [what], `the ${what} must be a whole number, got ${raw === '' ? 'nothing' : `"${raw}"`}`, formatHint);
      return undefined;
    }
    return value;
  };
  const actorCount = count(2, 'number of actors');
  const dimensionCount = count(3, 'number of dimensions');
  if (actorCount === undefined || dimensionCount === undefined) return { problems, notes };
  if (dimensionCount < 1) problem('ktab-format', title.line, ['number of dimensions'], 'the number of dimensions must be at least 1, got 0');
  if (actorCount < 3) {
    problem(
      'too-few-actors',
      title.line,
      ['number of actors'],
      `the file declares ${actorCount} actor${actorCount === 1 ? '' : 's'}; KTAB needs at least 3`,
      'add rows and raise the count on line 1',
    );
  }
  if (problems.length > 0) return { problems, notes };
  const columnCount = 3 + 2 * dimensionCount;

  // Line 2: the header; only the dimension names are kept.
  const headerCells = meaningfulCells(header);
  if (headerCells.length !== columnCount) {
    problem(
      'ktab-columns',
      header.line,
      ['header'],
      `expected ${columnCount} columns for ${dimensionCount} dimension${dimensionCount === 1 ? '' : 's'}, found ${headerCells.length}`,
      'Actor, Description, Power, then a position and a salience column per dimension',
    );
  }
  const dimensionNames = Array.from({ length: dimensionCount }, (_, k) => headerCells[3 + 2 * k]?.trim() ?? '');

  // Actor rows.
  if (body.length !== actorCount) {
    const line = body.length > actorCount ? body[actorCount]!.line : title.line;
    problem(
      body.length < 3 ? 'too-few-actors' : 'ktab-actors',
      line,
      [],
      `line 1 declares ${actorCount} actors, the file has ${body.length} actor row${body.length === 1 ? '' : 's'}`,
      body.length < 3 ? 'KTAB needs at least 3 actors' : 'make the count on line 1 match the rows',
    );
  }
  interface Row {
    line: number;
    name: string;
    description: string;
    capability: number;
    positions: number[];
    saliences: number[];
  }
  const parsed: Row[] = [];
  body.forEach((row, index) => {
    const cells = meaningfulCells(row);
    const path = (...rest: (string | number)[]) => ['actors', index, ...rest];
    if (cells.length !== columnCount) {
      problem(
        'ktab-columns',
        row.line,
        path(),
        `expected ${columnCount} values, found ${cells.length}`,
        'name, description, capability, then position and salience per dimension',
      );
      return;
    }
    const name = cells[0]!.trim();
    if (name === '') problem('required', row.line, path('name'), 'the actor has no name', 'give each row a name in the first column');
    const numberAt = (column: number, what: string, where: (string | number)[]): number => {
      const raw = cells[column]!.trim();
      if (!decimalNumber.test(raw)) {
        problem('ktab-number', row.line, where, `${what} must be a number, got ${raw === '' ? 'nothing' : `"${raw}"`}`);
        return Number.NaN;
      }
      return Number(raw);
    };
    const capability = numberAt(2, 'capability', path('capability'));
    if (capability <= 0) {
      problem(
        'capability',
        row.line,
        path('capability'),
        `capability must be greater than 0, got ${capability}`,
        'an actor without capability cannot vote (KTAB aborts the run): remove the row',
      );
    } else if (capability > maximumCapability) {
      problem(
        'capability',
        row.line,
        path('capability'),
        `capability must be at most 1e8, got ${capability}`,
        'scale every capability down by the same factor',
      );
    }
    const positions: number[] = [];
    const saliences: number[] = [];
    let runningSum = 0;
    let overflowReported = false;
    for (let k = 0; k < dimensionCount; k++) {
      const dimension = dimensionNames[k] || `dimension ${k + 1}`;
      const position = numberAt(3 + 2 * k, `the position on ${dimension}`, path('stances', k, 'position'));
      const salience = numberAt(4 + 2 * k, `the salience of ${dimension}`, path('stances', k, 'salience'));
      if (position < 0 || position > 100)
        problem('out-of-scale', row.line, path('stances', k, 'position'), `the position on ${dimension} must be between 0 and 100, got ${position}`);
      if (salience < 0 || salience > 100)
        problem('salience', row.line, path('stances', k, 'salience'), `the salience of ${dimension} must be between 0 and 100, got ${salience}`);
      runningSum += salience;
      // A hair of tolerance: values written to a few decimals need not sum to exactly 100 in binary.
      if (runningSum > 100 + 1e-9 && !overflowReported) {
        overflowReported = true;
        const total = cells
          .slice(3)
          .filter((_, column) => column % 2 === 1)
          .reduce((sum, cell) => sum + Number(cell.trim()), 0);
        problem(
          'salience',
          row.line,
          path('stances'),
          `the saliences sum to ${Number(total.toPrecision(12))}, over 100`,
          'an actor’s saliences share at most 100 points across the dimensions',
        );
      }
      positions.push(position);
      saliences.push(salience);
    }
    if (saliences.every((salience) => salience === 0)) {
      problem(
        'salience',
        row.line,
        path('stances'),
        'every salience is 0',
        'an actor that cares about no dimension cannot take part (KTAB aborts the run): remove the row',
      );
    }
    parsed.push({ line: row.line, name, description: cells[1]!.trim(), capability, positions, saliences });
  });
  if (problems.length > 0) return { problems, notes };

  const fileName = file.split(/[\\/]/).pop() ?? file;
  const stem = fileName.replace(/\.[^.]*$/, '');
  const scenarioName = titleCells[0]?.trim() ?? '';
  const scenarioDescription = titleCells[1]?.trim() ?? '';
  const issueIds = uniqueIds(dimensionNames, 'dimension');
  const issues: Issue[] = dimensionNames.map((name, k) => ({ id: issueIds[k]!, name: name === '' ? `Dimension ${k + 1}` : name, scale: { min: 0, max: 100 } }));
  const actorIds = uniqueIds(
    parsed.map((row) => row.name),
    'actor',
  );
  const actors: Actor[] = parsed.map((row, index) => ({
    id: actorIds[index]!,
    name: row.name,
    ...(row.description === '' ? {} : { description: row.description }),
    capability: row.capability,
    stances: Object.fromEntries(
      issues.map((issue, k) => [
        issue.id,
        // Divided, not multiplied by 0.01, so the model sees exactly KTAB's internal values (§1.3).
        { position: row.positions[k]!, salience: row.saliences[k]! / 100, evidence: [{ source: 'data', note: `line ${row.line}` }] },
      ]),
    ),
  }));
  notes.push('positions kept on KTAB’s 0–100 scale (every issue runs from 0 to 100); saliences divided by 100');
  if (new Set(dimensionNames).size !== dimensionNames.length || dimensionNames.includes('')) notes.push(`issue ids made unique: ${issueIds.join(', ')}`);
  if (new Set(parsed.map((row) => row.name)).size !== parsed.length) notes.push('actors with the same name were given numbered ids');
  const scenario: Scenario = {
    parley: 1,
    id: scenarioName === '' ? slugify(stem) : slugify(scenarioName),
    title: scenarioName === '' ? stem : scenarioName,
    ...(scenarioDescription === '' ? {} : { description: scenarioDescription }),
    sources: [{ id: 'data', title: fileName, kind: 'dataset', note: 'imported from a KTAB CSV file' }],
    issues,
    actors,
  };
  return { scenario, problems, notes };
}

/** A text field as KTAB can read it back: it splits on every comma and strips quotes. */
function field(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/,/g, ';')
    .replace(/"/g, "'")
    .trim();
}

/** A number with 12 significant digits, so that 0.07·100 prints as 0.07, not 0.07000000000000001. */
function numberField(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Writes a scenario (every uncertain value at its mode, active actors only; or a point
 * scenario) as a KTAB CSV file, with exactly the values the `smp` model runs on: one
 * dimension per issue, positions mapped from the issue's scale to 0–100, each actor's
 * saliences on KTAB's 0–100 scale summing to at most 100 (divided by their sum when they
 * exceed it), an actor without a stance on an issue at salience 0 and a neutral position
 * (see `smp.ts`). Actors that care about no issue are left out, as the model leaves them
 * out. Commas and double quotes in names become `;` and `'`, since KTAB cannot read them.
 *
 * Cost: O(n·D).
 */
export function exportKtabCsv(scenario: Scenario | PointScenario): string {
  const point = 'parley' in scenario ? pointScenario(scenario) : scenario;
  const descriptions = new Map<string, string>();
  if ('parley' in scenario) for (const actor of scenario.actors) if (actor.description) descriptions.set(actor.id, actor.description);
  const { actors } = smpActorsOf(point);
  const description = 'parley' in scenario ? (scenario.description ?? '') : '';
  const lines = [
    [field(point.title), field(description), String(actors.length), String(point.issues.length)].join(','),
    ['Actor', 'Description', 'Capability', ...point.issues.flatMap((issue) => [field(issue.name), `${field(issue.name)} Salience`])].join(','),
    ...actors.map((actor) =>
      [
        field(actor.name),
        field(descriptions.get(actor.id) ?? ''),
        numberField(actor.capability),
        ...point.issues.flatMap((_, k) => [numberField(actor.position[k]! * 100), numberField(actor.salience[k]! * 100)]),
      ].join(','),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `parley replicate`: every replication that README.md and docs/ claim, run against the
 * reference data shipped in `reference/`, one row per claim (core/analyses/replicate.ts).
 * Exit 0 only when every row passes, 1 when one fails or the data cannot be read.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { replicationGroups, type ReplicationGroup, type ReplicationRow } from '../../core/analyses/replicate.js';
import { EXIT, Exit, list, packageRoot, type CliIo } from '../shared.js';

interface ReplicateOptions {
  json?: boolean;
  only?: string[];
  reference?: string;
}

/** A deviation for the table: 0, "∞" when it could not be measured, else three significant digits. */
function formatDeviation(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return '∞';
  return value.toPrecision(3).replace(/\.?0+(e|$)/, '$1');
}

/** The rows as an aligned table, and a last line with the count that pass. */
export function formatReplicationTable(rows: readonly ReplicationRow[]): string {
  const header = ['model', 'variant', 'reference', 'measure', 'deviation', 'tolerance', 'pass'];
  const cells = rows.map((row) => [
    row.model,
    row.variant,
    row.reference,
    row.measure,
    formatDeviation(row.deviation),
    formatDeviation(row.tolerance),
    row.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const passed = rows.filter((row) => row.pass).length;
  return [line(header), ...cells.map(line), '', `${passed} of ${rows.length} rows pass`, ''].join('\n');
}

export function registerReplicate(program: Command, io: CliIo): void {
  program
    .command('replicate')
    .description('run every replication the documentation claims against reference/ and print one row per claim; exit 1 unless every row passes')
    .option('--json', 'print { "rows": [ { "model", "variant", "reference", "measure", "deviation", "tolerance", "pass" } ] }')
    .option('--only <groups>', `only these groups, comma separated: ${replicationGroups.join(', ')}`, list)
    .option('--reference <dir>', 'the reference folder (default: reference/ of the package)')
    .action(async (options: ReplicateOptions) => {
      const only = (options.only ?? [...replicationGroups]) as ReplicationGroup[];
      const unknown = only.filter((group) => !(replicationGroups as readonly string[]).includes(group));
      if (unknown.length > 0)
        throw new Exit(EXIT.usage, `parley replicate: unknown group "${unknown[0]}" in --only; the groups are ${replicationGroups.join(', ')}`);
      const { loadReplicationData, ReferenceDataError } = await import('../../io/reference.js');
      const { replicate } = await import('../../core/analyses/replicate.js');
      const dir = options.reference === undefined ? resolve(packageRoot(), 'reference') : resolve(io.cwd, options.reference);
      let data;
      try {
        data = loadReplicationData(dir, only);
      } catch (error) {
        if (error instanceof ReferenceDataError) throw new Exit(EXIT.invalid, `parley replicate: ${error.message}`);
        throw error;
      }
      const rows = replicate(data, { only });
      io.stdout(options.json ? `${JSON.stringify({ rows }, null, 2)}\n` : formatReplicationTable(rows));
      if (rows.some((row) => !row.pass))
        throw new Exit(EXIT.invalid, `parley replicate: ${rows.filter((row) => !row.pass).length} of ${rows.length} rows fail`);
    });
}

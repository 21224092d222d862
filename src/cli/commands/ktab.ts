import type { Command } from 'commander';
import { pointScenario } from '../../core/resolve.js';
import { exportKtabCsv, importKtabCsv } from '../../io/ktab.js';
import { readScenario, type CliIo } from '../shared.js';
import { finishImport, readInput, writeOutput } from './import.js';

/** `parley import ktab FILE`: KTAB's CSV input format into a scenario file. */
export function registerImportKtab(importCommand: Command, io: CliIo): void {
  importCommand
    .command('ktab')
    .description(
      "KTAB's CSV input (line 1: name, description, actors, dimensions; line 2: header; then name, description, capability, position and salience per dimension, 0–100)",
    )
    .argument('<file>', 'KTAB CSV file')
    .option('-o, --output <file>', 'write the scenario here instead of printing it')
    .action(async (file: string, options: { output?: string }) => {
      await finishImport(io, file, 'ktab', importKtabCsv(readInput(io, file), file), options.output);
    });
}

/** `parley export ktab FILE`: a scenario as KTAB's CSV input, with exactly the values the `smp` model runs on. */
export function registerExport(program: Command, io: CliIo): Command {
  const exportCommand = program.command('export').description('write a scenario in another tool’s format');
  exportCommand
    .command('ktab')
    .description("KTAB's CSV input: positions mapped to 0–100, saliences on KTAB's per-actor 0–100 vector (as the smp model maps them)")
    .argument('<file>', 'scenario file (YAML)')
    .option('-o, --output <file>', 'write the CSV here instead of printing it')
    .option('-v, --variant <id>', 'export a variant of the scenario')
    .action(async (file: string, options: { output?: string; variant?: string }) => {
      const scenario = await readScenario(io, file);
      const point = pointScenario(scenario, options.variant === undefined ? {} : { variant: options.variant });
      writeOutput(io, exportKtabCsv(point), options.output, `${point.issues.length} dimensions`);
    });
  return exportCommand;
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Problem } from '../../core/problems.js';
import type { Scenario } from '../../core/scenario.js';
import { importBdmCsv } from '../../io/bdm.js';
import { EXIT, Exit, parseScale, problemsText, writeWhole, type CliIo } from '../shared.js';

/** The text of an input file, or an Exit naming it. */
export function readInput(io: CliIo, file: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new Exit(EXIT.invalid, `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Prints the output, or writes it whole to `output` (nothing is written when anything failed before, or half a file when the write fails). */
export function writeOutput(io: CliIo, text: string, output: string | undefined, summary: string): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  writeWhole('--output', resolve(io.cwd, output), text);
  io.stderr(`wrote ${output} (${summary})\n`);
}

/** What every importer returns. */
export interface Imported {
  scenario?: Scenario;
  problems: Problem[];
  notes: string[];
}

/**
 * The end of every `parley import FORMAT`: an Exit listing the problems, or the scenario as
 * YAML headed by what the import decided (printed, or written whole to `output`). The YAML
 * writer loads here, so the other commands start without it.
 */
export async function finishImport(io: CliIo, file: string, format: string, imported: Imported, output: string | undefined): Promise<void> {
  if (!imported.scenario || imported.problems.length > 0) throw new Exit(EXIT.invalid, problemsText(file, imported.problems));
  const { scenarioToYaml } = await import('../../io/scenario-file.js');
  const { validateScenario } = await import('../../core/validate.js');
  // A last guard for every format: what the import built must read back as a scenario.
  const validation = validateScenario(imported.scenario);
  if (validation.problems.length > 0)
    throw new Exit(
      EXIT.invalid,
      problemsText(
        file,
        validation.problems.map((found) => ({ ...found, file })),
      ),
    );
  const header = imported.notes.map((note) => `# ${note}\n`).join('');
  const yaml = `# Imported from ${file} by parley import ${format}\n${header}${scenarioToYaml(imported.scenario)}`;
  const { actors, issues } = imported.scenario;
  writeOutput(io, yaml, output, `${actors.length} actors, ${issues.length} issue${issues.length === 1 ? '' : 's'}`);
}

/** `parley import …`: the field's other formats into scenario files. Returns the command so formats can be added. */
export function registerImport(program: Command, io: CliIo): Command {
  const importCommand = program.command('import').description('convert a file of another format into a scenario file');
  importCommand
    .command('bdm')
    .description('the plain expected-utility table: actor,capability,position,salience (salience 0–1 or 0–100)')
    .argument('<file>', 'CSV file')
    .option('-o, --output <file>', 'write the scenario here instead of printing it')
    .option('--scale <min,max>', "the issue's scale; default: the range of the positions")
    .option('--id <id>', 'scenario id')
    .option('--title <title>', 'scenario title')
    .action(async (file: string, options: { output?: string; scale?: string; id?: string; title?: string }) => {
      const imported = importBdmCsv(readInput(io, file), file, {
        ...(options.scale === undefined ? {} : { scale: parseScale(options.scale) }),
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.title === undefined ? {} : { title: options.title }),
      });
      await finishImport(io, file, 'bdm', imported, options.output);
    });
  return importCommand;
}

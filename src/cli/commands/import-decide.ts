import type { Command } from 'commander';
import { importDecideCsv } from '../../io/decide.js';
import { scenarioToYaml } from '../../io/scenario-file.js';
import { EXIT, Exit, problemsText, type CliIo } from '../shared.js';
import { readInput, writeOutput } from './import.js';

/** `parley import decide FILE`: the Decide software's input format (`#A`, `#P`, `#M`, `#D` rows) into a scenario file. */
export function registerImportDecide(importCommand: Command, io: CliIo): void {
  importCommand
    .command('decide')
    .description("the Decide software's input file (#A actors, #P issues, #M scale points, #D actor-issue data; ; or tab separated)")
    .argument('<file>', 'Decide input file (.csv)')
    .option('-o, --output <file>', 'write the scenario here instead of printing it')
    .option('--id <id>', 'scenario id')
    .option('--title <title>', 'scenario title')
    .action((file: string, options: { output?: string; id?: string; title?: string }) => {
      const imported = importDecideCsv(readInput(io, file), file, {
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.title === undefined ? {} : { title: options.title }),
      });
      if (!imported.scenario || imported.problems.length > 0) throw new Exit(EXIT.invalid, problemsText(file, imported.problems));
      const header = imported.notes.map((note) => `# ${note}\n`).join('');
      const yaml = `# Imported from ${file} by parley import decide\n${header}${scenarioToYaml(imported.scenario)}`;
      const { actors, issues } = imported.scenario;
      writeOutput(io, yaml, options.output, `${actors.length} actors, ${issues.length} issue${issues.length === 1 ? '' : 's'}`);
    });
}

import type { Command } from 'commander';
import type { CliIo } from '../shared.js';
import { finishImport, readInput } from './import.js';

/** `parley import decide FILE`: the Decide software's input format (`#A`, `#P`, `#M`, `#D` rows) into a scenario file. */
export function registerImportDecide(importCommand: Command, io: CliIo): void {
  importCommand
    .command('decide')
    .description("the Decide software's input file (#A actors, #P issues, #M scale points, #D actor-issue data; ; or tab separated)")
    .argument('<file>', 'Decide input file (.csv)')
    .option('-o, --output <file>', 'write the scenario here instead of printing it')
    .option('--id <id>', 'scenario id')
    .option('--title <title>', 'scenario title')
    .action(async (file: string, options: { output?: string; id?: string; title?: string }) => {
      // The Decide reader validates with zod: loaded only for this command.
      const { importDecideCsv } = await import('../../io/decide.js');
      const imported = importDecideCsv(readInput(io, file), file, {
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.title === undefined ? {} : { title: options.title }),
      });
      await finishImport(io, file, 'decide', imported, options.output);
    });
}

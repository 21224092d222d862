import type { Command } from 'commander';
import { readScenario, type CliIo } from '../shared.js';

/** `parley validate` and `parley schema`: checking scenario files. */
export function registerScenarioFiles(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem with its line')
    .argument('<file>', 'scenario file (YAML)')
    .action(async (file: string) => {
      const scenario = await readScenario(io, file);
      io.stdout(`${file}: valid (${scenario.issues.length} issues, ${scenario.actors.length} actors, ${(scenario.variants ?? []).length} variants)\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files, for editors')
    .action(async () => {
      // zod (the schema) loads only for the command that prints it.
      const { scenarioJsonSchema } = await import('../../core/schema.js');
      io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}

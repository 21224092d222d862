import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../core/schema.js';
import { readScenario, type CliIo } from '../shared.js';

/** `parley validate` and `parley schema`: checking scenario files. */
export function registerScenarioFiles(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem with its line')
    .argument('<file>', 'scenario file (YAML)')
    .action((file: string) => {
      const scenario = readScenario(io, file);
      io.stdout(`${file}: valid (${scenario.issues.length} issues, ${scenario.actors.length} actors, ${(scenario.variants ?? []).length} variants)\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files, for editors')
    .action(() => io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`));
}

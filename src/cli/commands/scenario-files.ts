import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatProblem } from '../../core/problems.js';
import { EXIT, Exit, problemsText, type CliIo } from '../shared.js';

/** `parley validate` and `parley schema`: checking scenario files. */
export function registerScenarioFiles(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem with its line')
    .argument('<file>', 'scenario file (YAML)')
    .option('--strict', 'treat warnings (a cited source dated after asOf, or undated) as errors')
    .action(async (file: string, options: { strict?: boolean }) => {
      const { loadScenarioFile } = await import('../../io/scenario-file.js');
      const { scenario, problems, warnings } = loadScenarioFile(resolve(io.cwd, file), file);
      if (!scenario || problems.length > 0) throw new Exit(EXIT.invalid, problemsText(file, problems));
      if (options.strict && warnings.length > 0) throw new Exit(EXIT.invalid, `${problemsText(file, warnings)}\n(--strict: warnings count as problems)`);
      for (const warning of warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
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

/**
 * The `parley` command line: parses flags and calls the library. Exit codes: 0 ok,
 * 1 invalid input, 2 usage error. Results go to stdout, messages to stderr.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { forecast } from '../core/forecast.js';
import { models } from '../core/models/index.js';
import { formatProblem, type Problem } from '../core/problems.js';
import { ParleyError } from '../core/resolve.js';
import { scenarioJsonSchema } from '../core/schema.js';
import type { Scenario } from '../core/scenario.js';
import { importBdmCsv } from '../io/bdm.js';
import { loadScenarioFile, scenarioToYaml } from '../io/scenario-file.js';
import { formatForecastTable } from './format.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** Exit codes. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Raised inside a command to end it with an exit code and a message on stderr. */
class Exit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** The folder holding package.json, found from this file whether it runs from src/ or dist/. */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('parley: cannot find its package folder');
    folder = parent;
  }
  return folder;
}

export function defaultScenarioPath(): string {
  return join(packageRoot(), 'scenarios', 'ukraine-2024-11.yaml');
}

function readScenario(io: CliIo, file: string): Scenario {
  const { scenario, problems } = loadScenarioFile(resolve(io.cwd, file), file);
  if (!scenario || problems.length > 0) {
    throw new Exit(EXIT.invalid, problemsText(file, problems));
  }
  return scenario;
}

function problemsText(file: string, problems: Problem[]): string {
  const count = problems.length;
  return `${file}: ${count} problem${count === 1 ? '' : 's'}\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`;
}

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--param model.Name=Value` or `--param Name=Value` (for every chosen model that has a
 * parameter of that name) into values per model id.
 */
export function parseParamFlags(flags: readonly string[], modelIds: readonly string[]): Record<string, Record<string, string>> {
  const byModel: Record<string, Record<string, string>> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    if (equals <= 0) throw new Exit(EXIT.usage, `--param ${flag}: expected Name=Value or model.Name=Value`);
    const key = flag.slice(0, equals).trim();
    const value = flag.slice(equals + 1).trim();
    const dot = key.indexOf('.');
    if (dot > 0) {
      const modelId = key.slice(0, dot);
      if (!modelIds.includes(modelId)) throw new Exit(EXIT.usage, `--param ${flag}: model "${modelId}" is not among the models run (${modelIds.join(', ')})`);
      (byModel[modelId] ??= {})[key.slice(dot + 1)] = value;
      continue;
    }
    const owners = models.filter((model) => modelIds.includes(model.id) && model.params.some((param) => param.name === key));
    if (owners.length === 0) throw new Exit(EXIT.usage, `--param ${flag}: none of the models run (${modelIds.join(', ')}) has a parameter "${key}"`);
    for (const owner of owners) (byModel[owner.id] ??= {})[key] = value;
  }
  return byModel;
}

function parseScale(text: string): { min: number; max: number } {
  const [min, max, ...rest] = text.split(',').map(Number);
  if (rest.length > 0 || min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new Exit(EXIT.usage, `--scale ${text}: expected MIN,MAX with MIN below MAX, e.g. --scale 0,100`);
  }
  return { min, max };
}

function buildProgram(io: CliIo): Command {
  const program = new Command('parley')
    .description('Model a contested negotiation and forecast how it settles.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run parley --help for usage)');

  program
    .command('forecast')
    .description('forecast a scenario with the bargaining models')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-v, --variant <id>', 'forecast a variant of the scenario')
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('--seed <n>', 'root seed for stochastic models')
    .option('--json', 'print one JSON object instead of the table')
    .action((file: string | undefined, options: { model?: string[]; variant?: string; param?: string[]; seed?: string; json?: boolean }) => {
      const path = file ?? defaultScenarioPath();
      const scenario = readScenario(io, path);
      const modelIds = options.model ?? models.map((model) => model.id);
      const unknown = modelIds.filter((id) => !models.some((model) => model.id === id));
      if (unknown.length > 0) {
        throw new Exit(EXIT.usage, `unknown model ${unknown.map((id) => `"${id}"`).join(', ')}; the models are: ${models.map((model) => model.id).join(', ')}`);
      }
      const seed = options.seed === undefined ? undefined : Number(options.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new Exit(EXIT.usage, `--seed ${options.seed}: expected a whole number`);
      const result = forecast(scenario, {
        models: modelIds,
        params: parseParamFlags(options.param ?? [], modelIds),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
        ...(seed === undefined ? {} : { seed }),
      });
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatForecastTable(scenario, result));
    });

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

  program
    .command('models')
    .description('list the models, their parameters and references')
    .action(() => {
      const lines: string[] = [];
      for (const model of models) {
        lines.push(`${model.id} — ${model.name}`, `  ${model.summary}`);
        for (const param of model.params) {
          const range = param.type === 'enum' ? ` (${param.values.join(' | ')})` : '';
          lines.push(`  --param ${model.id}.${param.name}=…  ${param.description}${range}; default ${String(param.default)}`);
        }
        for (const reference of model.references) lines.push(`  · ${reference}`);
        lines.push('');
      }
      io.stdout(lines.join('\n'));
    });

  const importCommand = program.command('import').description('convert a file of another format into a scenario file');
  importCommand
    .command('bdm')
    .description('the plain expected-utility table: actor,capability,position,salience (salience 0–1 or 0–100)')
    .argument('<file>', 'CSV file')
    .option('-o, --output <file>', 'write the scenario here instead of printing it')
    .option('--scale <min,max>', "the issue's scale; default: the range of the positions")
    .option('--id <id>', 'scenario id')
    .option('--title <title>', 'scenario title')
    .action((file: string, options: { output?: string; scale?: string; id?: string; title?: string }) => {
      const path = resolve(io.cwd, file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new Exit(EXIT.invalid, `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      const imported = importBdmCsv(text, file, {
        ...(options.scale === undefined ? {} : { scale: parseScale(options.scale) }),
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.title === undefined ? {} : { title: options.title }),
      });
      if (!imported.scenario || imported.problems.length > 0) throw new Exit(EXIT.invalid, problemsText(file, imported.problems));
      const header = imported.notes.map((note) => `# ${note}\n`).join('');
      const yaml = `# Imported from ${file} by parley import bdm\n${header}${scenarioToYaml(imported.scenario)}`;
      if (options.output === undefined) {
        io.stdout(yaml);
      } else {
        writeFileSync(resolve(io.cwd, options.output), yaml);
        io.stderr(`wrote ${options.output} (${imported.scenario.actors.length} actors)\n`);
      }
    });

  return program;
}

/** Runs the command line with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      // Commander has already printed its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Exit) {
      io.stderr(`${error.message}\n`);
      return error.code;
    }
    if (error instanceof ParleyError) {
      io.stderr(`parley: ${error.message}\n`);
      return error.code === 'bad-param' || error.code.startsWith('unknown') ? EXIT.usage : EXIT.invalid;
    }
    throw error;
  }
}

import type { Command } from 'commander';
import { forecast } from '../../core/forecast.js';
import { models } from '../../core/models/index.js';
import { formatForecastTable } from '../format.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, type CliIo } from '../shared.js';

/** The model ids a `--model` flag names (default: all), or a usage Exit naming the models there are. */
export function chooseModels(requested: readonly string[] | undefined): string[] {
  const modelIds = requested ? [...requested] : models.map((model) => model.id);
  const unknown = modelIds.filter((id) => !models.some((model) => model.id === id));
  if (unknown.length > 0) {
    throw new Exit(
      EXIT.usage,
      `unknown model ${unknown.map((id) => `"${id}"`).join(', ')}; the models are: ${models.map((model) => model.id).join(', ')}`,
    );
  }
  return modelIds;
}

/** `--seed` as a whole number, or a usage Exit. */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Exit(EXIT.usage, `--seed ${text}: expected a whole number`);
  return seed;
}

export function registerForecast(program: Command, io: CliIo): void {
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
      const scenario = readScenario(io, file ?? defaultScenarioPath());
      const modelIds = chooseModels(options.model);
      const seed = parseSeed(options.seed);
      const result = forecast(scenario, {
        models: modelIds,
        params: parseParamFlags(options.param ?? [], modelIds),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
        ...(seed === undefined ? {} : { seed }),
      });
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatForecastTable(scenario, result));
    });
}

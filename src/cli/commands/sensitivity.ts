/** `parley sensitivity`: the tornado of every ranged input, and model-parameter sweeps. */
import type { Command } from 'commander';
import { sensitivity, type ParameterSweep } from '../../core/analyses/sensitivity.js';
import { models } from '../../core/models/index.js';
import { formatSensitivityTable } from '../analyses-format.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';
import { asUsage, parseWholeNumber } from './sweep.js';

/**
 * `--sweep model.Param=a,b,c` or `--sweep Param=a,b,c` (every chosen model with a parameter
 * of that name) into sweeps; a usage Exit for a malformed flag.
 */
export function parseSweepFlags(flags: readonly string[], modelIds: readonly string[]): ParameterSweep[] {
  return flags.flatMap((flag) => {
    const equals = flag.indexOf('=');
    const values = flag
      .slice(equals + 1)
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (equals <= 0 || values.length === 0) throw new Exit(EXIT.usage, `--sweep ${flag}: expected model.Param=v1,v2,... or Param=v1,v2,...`);
    const key = flag.slice(0, equals).trim();
    const dot = key.indexOf('.');
    if (dot > 0) {
      const model = key.slice(0, dot);
      if (!modelIds.includes(model)) throw new Exit(EXIT.usage, `--sweep ${flag}: model "${model}" is not among the models run (${modelIds.join(', ')})`);
      return [{ model, param: key.slice(dot + 1), values }];
    }
    const owners = models.filter((model) => modelIds.includes(model.id) && model.params.some((param) => param.name === key));
    if (owners.length === 0) throw new Exit(EXIT.usage, `--sweep ${flag}: none of the models run (${modelIds.join(', ')}) has a parameter "${key}"`);
    return owners.map((owner) => ({ model: owner.id, param: key, values }));
  });
}

export function registerSensitivity(program: Command, io: CliIo): void {
  program
    .command('sensitivity')
    .description('which inputs drive the forecast: each ranged input at its low and high (tornado), and model-parameter sweeps')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-v, --variant <id>', 'analyse a variant of the scenario')
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('-s, --sweep <model.param=v1,v2>', 'forecast with the parameter at each value; repeatable', collect)
    .option('--seed <n>', 'root seed for stochastic models')
    .option('--top <n>', 'inputs shown per model and issue in the table', '5')
    .option('--json', 'print one JSON object instead of the table')
    .action(
      async (
        file: string | undefined,
        options: { model?: string[]; variant?: string; param?: string[]; sweep?: string[]; seed?: string; top?: string; json?: boolean },
      ) => {
        const scenario = await readScenario(io, file ?? defaultScenarioPath());
        const modelIds = chooseModels(options.model);
        const seed = parseSeed(options.seed);
        const top = parseWholeNumber('--top', options.top, 5);
        const result = await asUsage(() =>
          sensitivity(scenario, {
            models: modelIds,
            params: parseParamFlags(options.param ?? [], modelIds),
            sweeps: parseSweepFlags(options.sweep ?? [], modelIds),
            ...(options.variant === undefined ? {} : { variant: options.variant }),
            ...(seed === undefined ? {} : { seed }),
          }),
        );
        io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatSensitivityTable(scenario, result, top));
      },
    );
}

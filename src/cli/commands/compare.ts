/** `parley compare`: the base scenario and its variants side by side, with the differences. */
import type { Command } from 'commander';
import { compare } from '../../core/analyses/compare.js';
import { headline } from '../../core/analyses/headline.js';
import { models } from '../../core/models/index.js';
import { formatCompareTable } from '../analyses-format.js';
import { collect, defaultScenarioPath, list, parseParamFlags, readScenario, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';
import { asUsage } from './sweep.js';

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('forecast the base scenario and each variant side by side, with the differences per issue and model')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-v, --variant <ids>', 'variants to compare with the base, comma-separated; default: all', list)
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('--seed <n>', 'root seed for stochastic models')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (file: string | undefined, options: { variant?: string[]; model?: string[]; param?: string[]; seed?: string; json?: boolean }) => {
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      const modelIds = chooseModels(options.model);
      const seed = parseSeed(options.seed);
      const result = await asUsage(() =>
        compare(scenario, {
          models: modelIds,
          params: parseParamFlags(options.param ?? [], modelIds),
          ...(options.variant === undefined ? {} : { variants: options.variant }),
          ...(seed === undefined ? {} : { seed }),
        }),
      );
      // The headline per variant: the ensemble's forecast with its 80% interval and the chance of a deal.
      const headlines = Object.fromEntries(
        [null, ...result.variants].map((variant) => [
          variant ?? 'base',
          headline(scenario, { ...(variant === null ? {} : { variant }), ...(seed === undefined ? {} : { seed }) }).summary,
        ]),
      );
      io.stdout(options.json ? `${JSON.stringify({ ...result, summary: headlines }, null, 2)}\n` : formatCompareTable(scenario, result, headlines));
    });
}

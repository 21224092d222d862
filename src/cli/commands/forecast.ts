import type { Command } from 'commander';
import type { Headline } from '../../core/analyses/headline.js';
import { modelsIfDeal } from '../../core/analyses/if-deal.js';
import { prepareModelsFrom } from '../../core/analyses/prepare.js';
import { forecastWith, issuesWithoutForecast, type Forecast, type ForecastRequest } from '../../core/forecast-run.js';
import { catalogueIds, loadModels } from '../../core/models/catalogue.js';
import { formatForecastTable } from '../format.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, type CliIo } from '../shared.js';

/** The model ids a `--model` flag names (default: all), or a usage Exit naming the models there are. */
export function chooseModels(requested: readonly string[] | undefined): string[] {
  const modelIds = requested ? [...requested] : [...catalogueIds];
  const unknown = modelIds.filter((id) => !catalogueIds.includes(id));
  if (unknown.length > 0) {
    throw new Exit(EXIT.usage, `unknown model ${unknown.map((id) => `"${id}"`).join(', ')}; the models are: ${catalogueIds.join(', ')}`);
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

interface ForecastFlags {
  model?: string[];
  variant?: string;
  param?: string[];
  eumVariant?: string;
  rounds?: string;
  seed?: string;
  json?: boolean;
}

/** `--param` values with the shorthand flags turned into the same form. */
function paramFlags(options: ForecastFlags, modelIds: readonly string[]): string[] {
  const flags = [...(options.param ?? [])];
  if (options.eumVariant !== undefined) {
    if (!modelIds.includes('eum')) throw new Exit(EXIT.usage, '--eum-variant is given but the expected utility model (eum) is not among the models run');
    flags.push(`eum.variant=${options.eumVariant}`);
  }
  if (options.rounds !== undefined) flags.push(`rounds=${options.rounds}`);
  return flags;
}

export function registerForecast(program: Command, io: CliIo): void {
  program
    .command('forecast')
    .description('forecast a scenario with the bargaining models')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-m, --model <ids>', `models to run, comma-separated (${catalogueIds.join(', ')}); default: all`, list)
    .option('-v, --variant <id>', 'forecast a variant of the scenario')
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('--eum-variant <variant>', 'expected utility model variant (parley, net-votes, scholz-code); same as --param eum.variant=…')
    .option('--rounds <n>', 'maximum rounds of every model run that has rounds; same as --param rounds=…')
    .option('--seed <n>', 'root seed for stochastic models')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (file: string | undefined, options: ForecastFlags) => {
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      const modelIds = chooseModels(options.model);
      const seed = parseSeed(options.seed);
      const request: ForecastRequest = {
        models: modelIds,
        params: parseParamFlags(paramFlags(options, modelIds), modelIds),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
        ...(seed === undefined ? {} : { seed }),
        // The table shows forecasts and notes only: models skip their explanation data.
        ...(options.json ? {} : { detail: 'forecast' as const }),
      };
      // The library's `forecast` with only the chosen models' code loaded (the catalogue's
      // loaders), not the registry's every model.
      const result = forecastWith(scenario, request, prepareModelsFrom(request, catalogueIds, await loadModels(modelIds)));
      // The headline is the ensemble's one answer: made when the ensemble is among the models
      // asked for (the default), not when a user asks for one other model by name.
      const summary = modelIds.includes('ensemble')
        ? (await import('../../core/analyses/headline.js')).headline(scenario, {
            ...(options.variant === undefined ? {} : { variant: options.variant }),
            ...(seed === undefined ? {} : { seed }),
          })
        : undefined;
      io.stdout(
        options.json
          ? `${JSON.stringify({ ...result, ...(summary ? { summary: summaryWithModels(summary, result), package: summary.package } : {}) }, null, 2)}\n`
          : formatForecastTable(scenario, result, summary),
      );
      // Exit 0 while every issue has at least one model's forecast; the table says which did not run.
      const unanswered = issuesWithoutForecast(scenario, result);
      if (unanswered.length > 0) throw new Exit(EXIT.invalid, `no model could forecast ${unanswered.map((id) => `"${id}"`).join(', ')}`);
    });
}

/** The JSON summary with each model's forecast conditional on agreement (`agreement.conditional`, keyed by model). */
function summaryWithModels(summary: Headline, result: Forecast) {
  return summary.summary.map((entry) => ({
    ...entry,
    agreement: {
      ...entry.agreement,
      conditional: modelsIfDeal(
        entry,
        result.results.filter((row) => row.issue === entry.issue),
      ),
    },
  }));
}

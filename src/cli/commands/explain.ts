import type { Command } from 'commander';
import { resolveParams } from '../../core/model.js';
import { getModel, models } from '../../core/models/index.js';
import { pointScenario } from '../../core/resolve.js';
import { chooseModels, parseSeed } from './forecast.js';
import { collect, defaultScenarioPath, EXIT, Exit, parseParamFlags, readScenario, type CliIo } from '../shared.js';

export function registerExplain(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description('say in words what drives a model’s run: who presses whom, who trades what')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .requiredOption(
      '-m, --model <id>',
      `the model (${models
        .filter((model) => model.explain)
        .map((model) => model.id)
        .join(', ')})`,
    )
    .option('-i, --issue <id>', 'the issue')
    .option('-r, --round <n>', 'the round to explain')
    .option('-v, --variant <id>', 'explain a variant of the scenario')
    .option('-p, --param <name=value>', 'set a model parameter (Name=Value); repeatable', collect)
    .option('--seed <n>', 'root seed for stochastic models')
    .action(async (file: string | undefined, options: { model: string; issue?: string; round?: string; variant?: string; param?: string[]; seed?: string }) => {
      const [modelId] = chooseModels([options.model]);
      const model = getModel(modelId!);
      if (!model.explain) {
        const explaining = models.filter((candidate) => candidate.explain).map((candidate) => candidate.id);
        throw new Exit(EXIT.usage, `${model.id} does not explain its run in words; models that do: ${explaining.join(', ') || 'none yet'}`);
      }
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      if (options.issue !== undefined && !scenario.issues.some((issue) => issue.id === options.issue)) {
        throw new Exit(EXIT.usage, `unknown issue "${options.issue}"; the issues are: ${scenario.issues.map((issue) => issue.id).join(', ')}`);
      }
      const round = options.round === undefined ? undefined : Number(options.round);
      if (round !== undefined && !(Number.isInteger(round) && round >= 0)) throw new Exit(EXIT.usage, `--round ${options.round}: expected a whole number ≥ 0`);
      const { params, problems } = resolveParams(model, parseParamFlags(options.param ?? [], [model.id])[model.id] ?? {});
      if (problems.length > 0) throw new Exit(EXIT.usage, problems.join('; '));
      const seed = parseSeed(options.seed);
      const point = pointScenario(scenario, options.variant === undefined ? {} : { variant: options.variant });
      const lines = model.explain(point, params, {
        ...(options.issue === undefined ? {} : { issue: options.issue }),
        ...(round === undefined ? {} : { round }),
        ...(seed === undefined ? {} : { seed }),
      });
      io.stdout(lines.length === 0 ? 'nothing to explain: no actor presses another\n' : `${lines.join('\n')}\n`);
    });
}

/**
 * `parley advise`: what one actor could do to move the forecast towards its goal, ranked
 * (`core/analyses/advise.ts`), in words (`report/advice-words.ts`) or as JSON; the top advice
 * can be saved as variants into a copy of the file.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { advise, adviceJson, adviceVariant, defaultAdviceTop, type Advice, type AdviceRequest } from '../../core/analyses/advise.js';
import { ParleyError } from '../../core/errors.js';
import type { Scenario } from '../../core/scenario.js';
import { adviceLines, searchWords } from '../../report/advice-words.js';
import { createWorkerPool } from '../../runtime/pool.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, problemsText, readScenario, writeWhole, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';
import { drawWorkers, outputPath } from './report.js';
import { parseWholeNumber } from './sweep.js';

interface AdviseFlags {
  actor?: string;
  issue?: string[];
  goal?: string[];
  model?: string;
  param?: string[];
  variant?: string;
  budget?: string;
  depth?: string;
  step?: string;
  draws?: string;
  seed?: string;
  top?: string;
  workers?: string;
  saveVariants?: string;
  output?: string;
  json?: boolean;
}

/** The flag each of the library's advice errors is about. */
const errorFlags: Record<string, string> = {
  'advise-actor': '--actor',
  'advise-issue': '--issue',
  'advise-goal': '--goal',
  'advise-budget': '--budget',
};

/** `--goal I=V,J=W` as targets per issue, or a usage Exit. */
export function parseGoal(items: readonly string[]): Record<string, number> {
  const goal: Record<string, number> = {};
  for (const item of items) {
    const equals = item.indexOf('=');
    const value = Number(item.slice(equals + 1));
    if (equals <= 0 || item.slice(equals + 1).trim() === '' || !Number.isFinite(value)) {
      throw new Exit(EXIT.usage, `--goal ${item}: expected ISSUE=VALUE with a number on the issue's scale, e.g. --goal CONTROL=40`);
    }
    goal[item.slice(0, equals).trim()] = value;
  }
  return goal;
}

function parseNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new Exit(EXIT.usage, `${flag} ${text}: expected a number of at least 0`);
  return value;
}

/** The scenario with the top `count` pieces of advice added as variants (`adviceVariant`). */
export function withAdviceVariants(scenario: Scenario, advice: Advice, count: number, variant: string | undefined): Scenario {
  let copy = scenario;
  for (let index = 0; index < Math.min(count, advice.advice.length); index++) {
    copy = { ...copy, variants: [...(copy.variants ?? []), adviceVariant(copy, advice, index, variant)] };
  }
  return copy;
}

export function registerAdvise(program: Command, io: CliIo): void {
  program
    .command('advise')
    .description(
      'strategy advice for one actor: the changes (own moves, persuasion, coalition, trades, who decides) that move the forecast towards its goal, ranked',
    )
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .requiredOption('-a, --actor <id>', 'the actor to advise')
    .option('-i, --issue <ids>', "the goal's issues, comma-separated (default: every issue the actor holds a stance on)", list)
    .option('-g, --goal <issue=value>', "a target other than the actor's own position, e.g. CONTROL=40; comma-separated or repeated", list)
    .option('-m, --model <id>', 'the model whose forecast is scored (default: ensemble, the one-answer summary)')
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('-v, --variant <id>', 'advise on a variant of the scenario')
    .option('-b, --budget <n>', 'leave out advice that costs more (persuasion, coalition, who decides; docs/advise.md)')
    .option('--depth <n>', '1: single changes; 2: pairs of the best singles too', '2')
    .option('--step <share>', 'longest persuasion step as a share of the scale', '0.1')
    .option('-n, --draws <n>', 'Monte Carlo draws: in what share of them each piece of advice helps, and under which models')
    .option('--seed <n>', 'root seed of the draws and stochastic models', '1')
    .option('--top <n>', 'pieces of advice shown', String(defaultAdviceTop))
    .option('-w, --workers <n>', 'worker threads; 0 runs in this thread (default: one per core, at most 4)')
    .option('--save-variants <n>', 'write the top n pieces of advice as variants into a copy of the file (-o)')
    .option('-o, --output <file.yaml>', 'the copy --save-variants writes')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (file: string | undefined, options: AdviseFlags) => {
      const scenarioFile = file ?? defaultScenarioPath();
      const scenario = await readScenario(io, scenarioFile);
      const modelId = options.model ?? 'ensemble';
      chooseModels([modelId]);
      const depth = parseWholeNumber('--depth', options.depth, 2);
      if (depth !== 1 && depth !== 2) throw new Exit(EXIT.usage, `--depth ${options.depth}: expected 1 or 2`);
      const step = parseNumber('--step', options.step);
      if (step !== undefined && !(step > 0 && step <= 1))
        throw new Exit(EXIT.usage, `--step ${options.step}: expected a share of the scale above 0 and at most 1`);
      const saveCount = options.saveVariants === undefined ? undefined : parseWholeNumber('--save-variants', options.saveVariants, 1);
      if (saveCount !== undefined && options.output === undefined) throw new Exit(EXIT.usage, '--save-variants needs -o FILE, the copy to write');
      if (saveCount === undefined && options.output !== undefined)
        throw new Exit(EXIT.usage, '-o is the copy --save-variants writes; give --save-variants N too');
      const output = options.output === undefined ? undefined : outputPath('--output', io, options.output);
      if (output !== undefined && output === resolve(io.cwd, scenarioFile))
        throw new Exit(EXIT.usage, `-o ${options.output}: that is the scenario file itself; write the copy elsewhere`);
      const draws = options.draws === undefined ? undefined : parseWholeNumber('--draws', options.draws, 1);
      const budget = parseNumber('--budget', options.budget);
      const request: AdviceRequest = {
        actor: options.actor!,
        ...(options.issue === undefined ? {} : { issues: options.issue }),
        ...(options.goal === undefined ? {} : { goal: parseGoal(options.goal) }),
        model: modelId,
        params: parseParamFlags(options.param ?? [], [modelId]),
        depth,
        ...(step === undefined ? {} : { step }),
        ...(budget === undefined ? {} : { budget }),
        ...(draws === undefined ? {} : { draws }),
        seed: parseSeed(options.seed) ?? 1,
        top: Math.max(parseWholeNumber('--top', options.top, defaultAdviceTop), saveCount ?? 0),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
      };
      const workers = drawWorkers(options.workers);
      const pool = workers > 0 ? createWorkerPool({ workers }) : undefined;
      let advice: Advice;
      try {
        advice = await advise(scenario, request, pool);
      } catch (error) {
        if (error instanceof ParleyError && errorFlags[error.code]) throw new Exit(EXIT.usage, `parley: ${errorFlags[error.code]} ${error.message}`);
        if (error instanceof ParleyError && error.code.startsWith('advise-')) throw new Exit(EXIT.invalid, `parley: ${error.message}`);
        throw error;
      } finally {
        await pool?.close();
      }
      if (saveCount !== undefined && output !== undefined) {
        if (advice.advice.length === 0) throw new Exit(EXIT.invalid, `parley: --save-variants: there is no advice to save; ${options.output} is not written`);
        const { parseScenarioText, scenarioToYaml } = await import('../../io/scenario-file.js');
        const copy = scenarioToYaml(withAdviceVariants(scenario, advice, saveCount, options.variant));
        // Read back before writing: the copy is a valid scenario file, or nothing is written.
        const check = parseScenarioText(copy, options.output!);
        if (check.problems.length > 0) throw new Exit(EXIT.invalid, problemsText(options.output!, check.problems));
        writeWhole('--output', output, copy);
        io.stderr(`wrote ${options.output} with ${Math.min(saveCount, advice.advice.length)} advice variant${saveCount === 1 ? '' : 's'}\n`);
      }
      const shownAdvice = { ...advice, advice: advice.advice.slice(0, parseWholeNumber('--top', options.top, defaultAdviceTop)) };
      if (options.json) {
        io.stdout(`${JSON.stringify(adviceJson(shownAdvice), null, 2)}\n`);
        return;
      }
      const name = scenario.actors.find((actor) => actor.id === advice.actor)?.name ?? advice.actor;
      io.stdout(`${[...adviceLines(shownAdvice, name), '', searchWords(advice)].join('\n')}\n`);
    });
}

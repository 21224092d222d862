/** `parley report`: the brief, one self-contained HTML file with every figure inline. */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { models } from '../../core/models/index.js';
import { ParleyError } from '../../core/errors.js';
import { createWorkerPool } from '../../runtime/pool.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, packageRoot, parseParamFlags, readScenario, writeWhole, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';
import { asUsage, parseWholeNumber } from './sweep.js';

/** Parley's version from package.json. */
export function parleyVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** The output path resolved, or a usage Exit when its folder does not exist (checked before any work). */
export function outputPath(flag: string, io: CliIo, output: string): string {
  const path = resolve(io.cwd, output);
  if (!existsSync(dirname(path))) throw new Exit(EXIT.usage, `${flag} ${output}: the folder ${dirname(path)} does not exist`);
  return path;
}

/** Worker threads for Monte Carlo draws: the flag, or one per core up to four. */
export function drawWorkers(text: string | undefined): number {
  return parseWholeNumber('--workers', text, Math.min(availableParallelism(), 4), 0);
}

interface ReportOptions {
  output?: string;
  variant?: string;
  model?: string[];
  param?: string[];
  draws?: string;
  seed?: string;
  workers?: string;
  advise?: string[];
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'write a brief: one self-contained HTML file with the forecasts, their uncertainty, what drives them, the expected utility dynamics, the variants, sources and methods',
    )
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-o, --output <file.html>', 'where to write the brief ("-" for stdout)', 'brief.html')
    .option('-v, --variant <id>', 'report on a variant of the scenario (the variants section always compares every variant with the base)')
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('-n, --draws <n>', 'Monte Carlo draws (raise it for a final brief)', '100')
    .option('--seed <n>', 'root seed of the Monte Carlo draws and stochastic models', '1')
    .option('-w, --workers <n>', 'worker threads for the draws; 0 runs them in this thread (default: one per core, at most 4)')
    .option('--advise <ids>', 'add "What would move it": strategy advice for these actors, comma-separated (parley advise)', list)
    .action(async (file: string | undefined, options: ReportOptions) => {
      const scenarioFile = file ?? defaultScenarioPath();
      const scenario = await readScenario(io, scenarioFile);
      const modelIds = chooseModels(options.model);
      const draws = parseWholeNumber('--draws', options.draws, 100);
      const seed = parseSeed(options.seed) ?? 1;
      const workers = drawWorkers(options.workers);
      const output = options.output ?? 'brief.html';
      const path = output === '-' ? undefined : outputPath('--output', io, output);
      // Loaded here, not at the top: Vega and resvg would slow every other command's start.
      const { makeBrief } = await import('../../report/brief.js');
      const pool = workers > 0 ? createWorkerPool({ workers }) : undefined;
      let page: string;
      try {
        page = await asUsage(() =>
          makeBrief(scenario, {
            ...(options.model ? { models: modelIds } : {}),
            params: parseParamFlags(options.param ?? [], modelIds),
            ...(options.variant === undefined ? {} : { variant: options.variant }),
            draws,
            seed,
            ...(pool ? { executor: pool, adviceExecutor: pool } : {}),
            ...(options.advise === undefined ? {} : { advise: options.advise }),
            version: parleyVersion(),
            generated: new Date().toISOString().slice(0, 10),
            file: file === undefined ? basename(scenarioFile) : file,
          }),
        );
      } catch (error) {
        if (error instanceof ParleyError && error.code.startsWith('advise-'))
          throw new Exit(error.code === 'advise-actor' ? EXIT.usage : EXIT.invalid, `parley: --advise ${error.message}`);
        throw error;
      } finally {
        await pool?.close();
      }
      if (!path) {
        io.stdout(page);
        return;
      }
      writeWhole('--output', path, page);
      io.stderr(`wrote ${output} (${Math.round(Buffer.byteLength(page) / 1024)} KB)\n`);
    });
}

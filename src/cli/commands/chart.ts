/** `parley chart`: one figure as SVG, PNG, or its Vega-Lite spec (JSON). */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { models } from '../../core/models/index.js';
import { chartKinds, type ChartKind } from '../../report/charts.js';
import { createWorkerPool } from '../../runtime/pool.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, writeWhole, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';
import { drawWorkers, outputPath } from './report.js';
import { asUsage, parseWholeNumber } from './sweep.js';

interface ChartOptions {
  kind?: string;
  issue?: string;
  variant?: string;
  model?: string[];
  param?: string[];
  draws?: string;
  seed?: string;
  round?: string;
  top?: string;
  scale?: string;
  workers?: string;
  output?: string;
}

const formats = ['.svg', '.png', '.json'] as const;

export function registerChart(program: Command, io: CliIo): void {
  program
    .command('chart')
    .description('draw one figure as SVG or PNG (or write its Vega-Lite spec as .json)')
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .requiredOption('-k, --kind <kind>', `what to draw: ${chartKinds.join(', ')}`)
    .requiredOption('-o, --output <file>', 'where to write it; the extension chooses the format: .svg, .png, or .json (the Vega-Lite spec)')
    .option('-i, --issue <id>', "the issue to draw; default: the scenario's first")
    .option('-v, --variant <id>', 'draw a variant of the scenario')
    .option('-m, --model <ids>', `models to run, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('-n, --draws <n>', 'Monte Carlo draws (distribution)', '1000')
    .option('--seed <n>', 'root seed of the Monte Carlo draws and stochastic models', '1')
    .option('--round <n>', 'the round of contests to map (relations)', '1')
    .option('--top <n>', 'inputs shown (tornado)', '8')
    .option('--scale <n>', 'PNG pixels per SVG unit', '2')
    .option('-w, --workers <n>', 'worker threads for the draws; 0 runs them in this thread (default: one per core, at most 4)')
    .action(async (file: string | undefined, options: ChartOptions) => {
      const kind = options.kind ?? '';
      if (!(chartKinds as readonly string[]).includes(kind)) throw new Exit(EXIT.usage, `--kind ${kind}: expected one of ${chartKinds.join(', ')}`);
      const output = options.output ?? '';
      const format = extname(output).toLowerCase();
      if (!(formats as readonly string[]).includes(format)) throw new Exit(EXIT.usage, `--output ${output}: the name must end in ${formats.join(', ')}`);
      const path = outputPath('--output', io, output);
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      const modelIds = chooseModels(options.model);
      const draws = parseWholeNumber('--draws', options.draws, 1000);
      const round = parseWholeNumber('--round', options.round, 1);
      const top = parseWholeNumber('--top', options.top, 8);
      const scale = parseWholeNumber('--scale', options.scale, 2);
      const seed = parseSeed(options.seed) ?? 1;
      const workers = kind === 'distribution' ? drawWorkers(options.workers) : 0;
      // Loaded here, not at the top: Vega and resvg would slow every other command's start.
      const [{ figure }, { renderSvg, svgToPng }] = await Promise.all([import('../../report/figures.js'), import('../../report/render.js')]);
      const pool = workers > 0 ? createWorkerPool({ workers }) : undefined;
      let spec;
      try {
        spec = await asUsage(() =>
          figure(scenario, {
            kind: kind as ChartKind,
            ...(options.model ? { models: modelIds } : {}),
            params: parseParamFlags(options.param ?? [], modelIds),
            ...(options.issue === undefined ? {} : { issue: options.issue }),
            ...(options.variant === undefined ? {} : { variant: options.variant }),
            ...(pool ? { executor: pool } : {}),
            draws,
            seed,
            round,
            top,
          }),
        );
      } finally {
        await pool?.close();
      }
      if (format === '.json') {
        writeWhole('--output', path, `${JSON.stringify(spec, null, 2)}\n`);
      } else {
        const svg = await renderSvg(spec);
        writeWhole('--output', path, format === '.png' ? svgToPng(svg, { scale }) : svg);
      }
      io.stderr(`wrote ${output}\n`);
    });
}

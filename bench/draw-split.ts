/**
 * Where a Monte Carlo draw of the default scenario goes, model by model, and the same for
 * another build side by side: `node dist/bench/draw-split.js [OTHER_ROOT] [DRAWS]`.
 *
 * Each model runs on the same seeded drawn scenarios with `detail: 'forecast'` (what a draw
 * asks for), 50 warm-up draws first; CPU ms a draw. With OTHER_ROOT (a package folder with
 * its own `dist`, e.g. a build of main) the two builds run alternately as separate
 * processes, 3 times each (`PARLEY_BENCH_RUNS`), and the medians and ratios are printed:
 * before against after, measured in one run on the same machine.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/shared.js';
import { median, runs } from './settings.js';

type Split = Record<string, number>;

/** One build's split, in this process: the modules are loaded from `root`. */
async function split(root: string, draws: number): Promise<Split> {
  const load = (path: string) => import(pathToFileURL(join(root, 'dist', 'src', path)).href);
  const { pointWith, prepareModels } = await load('core/analyses/request.js');
  const { triangularQuantile } = await load('core/analyses/triangular.js');
  const { models } = await load('core/models/index.js');
  const { createRng, deriveSeed } = await load('core/rng.js');
  const { loadScenarioFile } = await load('io/scenario-file.js');
  const { scenario } = loadScenarioFile(join(root, 'scenarios', 'ukraine-2024-11.yaml'));
  const points = Array.from({ length: draws }, (_, draw) => {
    const rng = createRng(deriveSeed(1, draw));
    return pointWith(scenario, undefined, (range: unknown) => triangularQuantile(range, rng.next()));
  });
  const cpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const result: Split = {};
  for (const model of models as Array<{ id: string; run: (point: unknown, params: unknown, options: unknown) => unknown }>) {
    const params = prepareModels({ models: [model.id] }).params[model.id];
    for (const point of points.slice(0, 50)) model.run(point, params, { seed: 1, detail: 'forecast' });
    const started = cpu();
    for (const point of points) model.run(point, params, { seed: 1, detail: 'forecast' });
    result[model.id] = (cpu() - started) / points.length;
  }
  return result;
}

/** This script as a child process measuring one build; its split as JSON. */
function measureIn(root: string, draws: number): Split {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', root, String(draws)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`draw-split of ${root} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Split;
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  console.log(JSON.stringify(await split(args[1]!, Number(args[2]))));
} else {
  const other = args[0];
  const draws = Number(args[1] ?? 200);
  const builds = other === undefined ? [packageRoot()] : [other, packageRoot()];
  const names = other === undefined ? ['this build'] : ['other', 'this build'];
  const samples = builds.map(() => [] as Split[]);
  for (let round = 0; round < runs; round++) builds.forEach((root, index) => samples[index]!.push(measureIn(root, draws)));
  const medians = samples.map((list) =>
    Object.fromEntries(Object.keys(list[0]!).map((model) => [model, median(list.map((entry) => entry[model] ?? Number.NaN))])),
  );
  console.log(`CPU ms a draw, model by model (${draws} draws, ${runs} runs each${other === undefined ? '' : ', alternately'}; medians)`);
  console.log(`${'model'.padEnd(12)} ${names.map((name) => name.padStart(11)).join(' ')}${other === undefined ? '' : '      ratio'}`);
  const models = Object.keys(medians[medians.length - 1]!);
  const row = (label: string, values: number[]) =>
    console.log(
      `${label.padEnd(12)} ${values.map((value) => value.toFixed(3).padStart(11)).join(' ')}${values.length === 2 ? `${(values[0]! / values[1]!).toFixed(2).padStart(10)}×` : ''}`,
    );
  for (const model of models)
    row(
      model,
      medians.map((entry) => entry[model] ?? Number.NaN),
    );
  row(
    'total',
    medians.map((entry) => Object.values(entry).reduce((sum, value) => sum + value, 0)),
  );
}

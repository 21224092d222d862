/**
 * Whole processes timed side by side on this machine, in this run: nothing here is quoted.
 * These machines are shared and noisy, so each contestant runs alternately with the others
 * (`runs` rounds, every contestant once a round) and the medians and their ratio are what
 * count. CPU is user + system seconds of the process and its children (bash's `times`),
 * wall is the elapsed time.
 *
 * - Start-up: `parley --help` and `parley forecast` (one model, every model) of the default
 *   scenario against a bare `node -e 0`. `parley` is package.json's `bin`, the bundle
 *   `dist/cli/main.js`; the one-model forecast also runs unbundled (`dist/src/cli/main.js`).
 * - The spatial model against KTAB itself: KTAB's SMP core is built from its source
 *   (`shared/anchors/ktab/build.sh`, needs g++) and run beside `parley forecast --model smp`
 *   on the same random 80-actor case (as `bench/smp.ts` makes them; KTAB's own 80-actor file
 *   is not shipped), KTAB's default options on both sides. When KTAB cannot be built, the
 *   suite says so and times Parley alone.
 * - Monte Carlo per draw: `parley sweep` of the default scenario, every model, as a process,
 *   with many draws and with few: the difference of their CPU over the difference of draws
 *   is the CPU of a draw, start-up and worker start left out.
 *
 * Quick mode (`PARLEY_BENCH_QUICK=1`, bench/settings.ts): KTAB and Parley on a 40-actor
 * case instead of 80 (KTAB takes minutes a run on 80), and 300 draws instead of 1,000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/cli/shared.js';
import { median, quick, runs } from './settings.js';
import { randomActors } from './smp.js';

export interface Contestant {
  name: string;
  command: string;
  args: string[];
}

export interface Measured {
  cpu: number;
  wall: number;
}

/** CPU (user + system of the children) and wall seconds of one run of `command`; throws when it fails. */
function measure(contestant: Contestant): Measured {
  const script = '"$@" >/dev/null 2>"$PARLEY_BENCH_ERR" || exit 97; times';
  const errorFile = join(tmpdir(), `parley-bench-${process.pid}.err`);
  const start = performance.now();
  const result = spawnSync('bash', ['-c', script, 'bench', contestant.command, ...contestant.args], {
    encoding: 'utf8',
    env: { ...process.env, PARLEY_BENCH_ERR: errorFile },
  });
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${contestant.name} failed (exit ${result.status}): see ${errorFile}`);
  // `times`: the shell's own user and system time, then its children's.
  const children = result.stdout.trim().split('\n')[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  if (seconds.length !== 2) throw new Error(`cannot read the CPU time of ${contestant.name} from "${children}"`);
  return { cpu: seconds[0]! + seconds[1]!, wall };
}

/** A ratio to the reference: two decimals, or three significant digits below 0.1 (Parley beside KTAB is about 0.004). */
function ratio(value: number): string {
  return value >= 0.1 ? value.toFixed(2) : value.toPrecision(3);
}

/** Runs the contestants alternately and prints medians and ratios to the first (the reference). */
export function sideBySide(title: string, contestants: Contestant[], warmUp = true): Map<string, Measured> {
  const samples = contestants.map(() => [] as Measured[]);
  // One untimed run, so that the file cache, not the first contestant, pays for a cold disk.
  if (warmUp) measure(contestants[0]!);
  for (let round = 0; round < runs; round++) contestants.forEach((contestant, index) => samples[index]!.push(measure(contestant)));
  const medians = new Map<string, Measured>();
  contestants.forEach((contestant, index) => {
    medians.set(contestant.name, { cpu: median(samples[index]!.map((sample) => sample.cpu)), wall: median(samples[index]!.map((sample) => sample.wall)) });
  });
  const reference = medians.get(contestants[0]!.name)!;
  console.log(`\n${title} (${runs} runs each, alternately; medians)`);
  console.log(`${'process'.padEnd(44)} ${'CPU s'.padStart(8)} ${'wall s'.padStart(8)} ${'CPU ×ref'.padStart(9)} ${'wall ×ref'.padStart(10)}`);
  for (const contestant of contestants) {
    const { cpu, wall } = medians.get(contestant.name)!;
    console.log(
      `${contestant.name.padEnd(44)} ${cpu.toFixed(3).padStart(8)} ${wall.toFixed(3).padStart(8)} ${ratio(cpu / reference.cpu).padStart(9)} ${ratio(wall / reference.wall).padStart(10)}`,
    );
  }
  return medians;
}

/** KTAB's anchor sources beside the repository (`../shared/anchors/ktab`, or one folder further out for a worktree). */
function ktabSources(root: string): string | undefined {
  const candidates = [process.env.PARLEY_KTAB_SOURCE, join(root, '..', 'shared', 'anchors', 'ktab'), join(root, '..', '..', 'shared', 'anchors', 'ktab')];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(join(dir, 'build.sh')));
}

/** KTAB's driver, built once into dist/bench/ktab; or why it cannot be. */
function buildKtab(root: string): { driver: string } | { reason: string } {
  const sources = ktabSources(root);
  if (sources === undefined) return { reason: 'KTAB sources not found (../shared/anchors/ktab or $PARLEY_KTAB_SOURCE)' };
  if (spawnSync('g++', ['--version']).status !== 0) return { reason: 'g++ is not installed, so KTAB cannot be built' };
  const out = join(root, 'dist', 'bench', 'ktab');
  const driver = join(out, 'driver');
  if (existsSync(driver) && statSync(driver).mtimeMs >= statSync(join(sources, 'build.sh')).mtimeMs) return { driver };
  console.log(`building KTAB from ${sources} (1-3 minutes) …`);
  mkdirSync(out, { recursive: true });
  const built = spawnSync('bash', [join(sources, 'build.sh'), out], { encoding: 'utf8' });
  if (built.status !== 0 || !existsSync(driver))
    return { reason: `KTAB's build failed: ${(built.stderr || built.stdout).trim().split('\n').slice(-3).join(' / ')}` };
  return { driver };
}

/** A random case as KTAB's CSV input: name, description, actors, dimensions; a header; one row per actor (0–100). */
function ktabCsv(actorCount: number, dimensions: number, seed: number): string {
  const actors = randomActors(actorCount, dimensions, seed);
  const header = ['Actor', 'Description', 'Power', ...Array.from({ length: dimensions }, (_, d) => [`Pstn${d + 1}`, `Sal${d + 1}`]).flat()];
  const rows = actors.map((actor) =>
    [
      actor.id,
      'random actor',
      actor.capability.toFixed(3),
      ...actor.position.flatMap((position, d) => [(position * 100).toFixed(2), (actor.salience[d]! * 100).toFixed(2)]),
    ].join(','),
  );
  return [`random-${actorCount}x${dimensions},random case of bench/smp.ts (seed ${seed}),${actorCount},${dimensions}`, header.join(','), ...rows, ''].join(
    '\n',
  );
}

/** The machine, the Node version, the time and the load average: what docs/performance.md records beside each figure. */
function machine(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  return `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; node ${process.version}; ${new Date().toISOString()}; load average ${load}`;
}

function paths(): { root: string; cli: string; node: string } {
  const root = packageRoot();
  return { root, cli: join(root, 'dist', 'cli', 'main.js'), node: process.execPath };
}

/** Start-up: `parley --help` and `parley forecast` (one model, every model) against a bare `node -e 0`. */
export function startUp(): void {
  const { root, cli, node } = paths();
  const unbundled = join(root, 'dist', 'src', 'cli', 'main.js');
  console.log(machine());
  const measured = sideBySide('start-up: the default scenario', [
    { name: 'node -e 0', command: node, args: ['-e', '0'] },
    { name: 'parley --help', command: node, args: [cli, '--help'] },
    { name: 'parley forecast --model compromise', command: node, args: [cli, 'forecast', '--model', 'compromise'] },
    // The same command unbundled (tsc's output, what dist/cli/main.js is bundled from).
    { name: 'the same, unbundled (dist/src/cli/main.js)', command: node, args: [unbundled, 'forecast', '--model', 'compromise'] },
    { name: 'parley forecast (every model)', command: node, args: [cli, 'forecast'] },
  ]);
  const bare = measured.get('node -e 0')!.cpu;
  const compromise = measured.get('parley forecast --model compromise')!.cpu;
  const every = measured.get('parley forecast (every model)')!.cpu;
  console.log(
    `parley forecast --model compromise costs ${(compromise / bare).toFixed(2)}× the CPU of a bare node (target ≤ 3× — ${compromise <= 3 * bare ? 'met' : 'missed'})`,
  );
  console.log(`every model costs ${(every - compromise).toFixed(3)} s of CPU more than one: the models' own compute on a cold start`);
}

/**
 * The spatial model against KTAB, both built and run here on the same random case (80 actors,
 * 40 in quick mode), alternately; when KTAB cannot be built, says why and times Parley alone.
 */
export function againstKtab(): void {
  const { root, cli, node } = paths();
  console.log(machine());
  const folder = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    const actorCount = quick ? 40 : 80;
    const caseName = `random-${actorCount}x1`;
    const csv = join(folder, `${caseName}.csv`);
    const yaml = join(folder, `${caseName}.yaml`);
    writeFileSync(csv, ktabCsv(actorCount, 1, 801));
    const imported = spawnSync(node, [cli, 'import', 'ktab', csv, '-o', yaml], { encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`parley import ktab failed: ${imported.stderr}`);
    const parley: Contestant = { name: 'parley forecast --model smp', command: node, args: [cli, 'forecast', yaml, '--model', 'smp'] };
    const ktab = buildKtab(root);
    if ('reason' in ktab) {
      console.log(`\nKTAB not measured: ${ktab.reason}. Parley alone on the ${actorCount}-actor case (no KTAB time is quoted in its place):`);
      sideBySide(`spatial model, random ${actorCount} actors × 1 dimension`, [parley]);
      return;
    }
    // KTAB's defaults, in build.sh's option order: Linear Conditional Deterministic PropCbc OneThird Mid SemiCommit S2P2 InitOnlyInterp.
    const ktabName = 'KTAB driver (built here, g++ -O2)';
    const measured = sideBySide(
      `spatial model against KTAB, random ${actorCount} actors × 1 dimension${quick ? ' (quick mode; 80 without PARLEY_BENCH_QUICK)' : ''}, KTAB defaults`,
      [{ name: ktabName, command: ktab.driver, args: [csv, '0', '0', '0', '2', '1', '1', '1', '1', '0'] }, parley],
      false,
    );
    const k = measured.get(ktabName)!;
    const p = measured.get(parley.name)!;
    const verdict = quick ? 'not judged on the 40-actor case' : k.cpu >= 300 * p.cpu ? 'met' : 'missed';
    console.log(
      `Parley is ${(k.cpu / p.cpu).toFixed(0)}× faster than KTAB in CPU, ${(k.wall / p.wall).toFixed(0)}× in wall time (whole processes; target ≥ 300× — ${verdict})`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Monte Carlo per draw: `parley sweep` with many draws against few; their difference over the difference of draws. */
export function sweepPerDraw(): void {
  const { cli, node } = paths();
  console.log(machine());
  const draws = quick ? 300 : 1000;
  const fewDraws = 10;
  const many = `parley sweep --draws ${draws} (all cores)`;
  const few = `parley sweep --draws ${fewDraws} (all cores)`;
  const sweep = sideBySide(`Monte Carlo: parley sweep of the default scenario, every model${quick ? ' (quick mode)' : ''}`, [
    { name: 'node -e 0', command: node, args: ['-e', '0'] },
    { name: few, command: node, args: [cli, 'sweep', '--draws', String(fewDraws), '-q'] },
    { name: many, command: node, args: [cli, 'sweep', '--draws', String(draws), '-q'] },
  ]);
  const perDraw = (sweep.get(many)!.cpu - sweep.get(few)!.cpu) / (draws - fewDraws);
  const perDrawWall = (sweep.get(many)!.wall - sweep.get(few)!.wall) / (draws - fewDraws);
  console.log(
    `a draw costs ${(perDraw * 1000).toFixed(2)} ms of CPU (${draws} against ${fewDraws} draws, start-up and workers left out; target ≤ 2 ms — ${perDraw <= 0.002 ? 'met' : 'missed'}), ` +
      `${(perDrawWall * 1000).toFixed(2)} ms of wall time on ${availableParallelism()} cores`,
  );
}

export function run(): void {
  startUp();
  againstKtab();
  sweepPerDraw();
}

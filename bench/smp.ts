/**
 * KTAB's spatial model of politics in process: the shipped KTAB inputs (shared/reference/ktab)
 * and random cases of 40 to 320 actors on 1 and 3 issues. KTAB itself is timed beside Parley
 * as a whole process in `side-by-side.ts` (built from its source here); no KTAB time is
 * quoted.
 *
 * Times are wall-clock milliseconds of `runSmp` (default options, deterministic): the first
 * run of each case (for the first case, V8's compilation included: the fair comparison with
 * a fresh KTAB process) and the median of the runs after it. Reading the files is not timed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runSmp, smpActorsOf, type SmpActor } from '../src/core/models/smp/index.js';
import { pointScenario } from '../src/core/resolve.js';
import { createRng } from '../src/core/rng.js';
import { importKtabCsv } from '../src/io/ktab.js';

const shippedInputs = ['dummyData_3Dim', 'SOE-Pol-Comp', 'SOE-Policy', 'dummyData_6Dim', 'SOE-Competitive', 'dummyData-a040'];

/** The reference folder, from bench/ (sources) or dist/bench/ (built). */
function referenceDir(): string | undefined {
  for (const relative of ['../reference/ktab/', '../../reference/ktab/', '../../shared/reference/ktab/', '../../../shared/reference/ktab/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}dummyData_3Dim.csv`)) return dir;
  }
  return undefined;
}

function shippedActors(dir: string, name: string): SmpActor[] {
  const imported = importKtabCsv(readFileSync(`${dir}${name}.csv`, 'utf8'), `${name}.csv`);
  if (!imported.scenario) throw new Error(`${name}.csv does not import: ${imported.problems.map((p) => p.message).join('; ')}`);
  return smpActorsOf(pointScenario(imported.scenario)).actors;
}

/** n actors on D dimensions: capability 1–100, positions uniform (4 decimals, as KTAB files), saliences summing to ≈ 0.95. */
export function randomActors(actorCount: number, dimensions: number, seed: number): SmpActor[] {
  const rng = createRng(seed);
  return Array.from({ length: actorCount }, (_, index) => {
    const raw = Array.from({ length: dimensions }, () => 0.1 + rng.next());
    const total = raw.reduce((sum, value) => sum + value, 0) * 1.05;
    return {
      id: `a${index}`,
      capability: 1 + rng.next() * 99,
      position: Array.from({ length: dimensions }, () => Math.round(rng.next() * 10000) / 10000),
      salience: raw.map((value) => value / total),
    };
  });
}

interface Timing {
  turns: number;
  firstMs: number;
  medianMs: number;
}

function time(actors: SmpActor[], repeats: number): Timing {
  const samples: number[] = [];
  let turns = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    turns = runSmp({ actors }).turns.length;
    samples.push(performance.now() - start);
  }
  const warm = samples.length > 1 ? samples.slice(1).sort((a, b) => a - b) : samples;
  return { turns, firstMs: samples[0]!, medianMs: warm[Math.floor(warm.length / 2)]! };
}

const columns = 'case                      actors  dims  turns   first ms  median ms  ms/turn';

function line(name: string, actors: number, dimensions: number, timing: Timing): string {
  return [
    name.padEnd(24),
    String(actors).padStart(7),
    String(dimensions).padStart(5),
    String(timing.turns).padStart(6),
    timing.firstMs.toFixed(1).padStart(10),
    timing.medianMs.toFixed(1).padStart(10),
    (timing.medianMs / timing.turns).toFixed(2).padStart(8),
  ].join(' ');
}

export function run(): void {
  console.log(columns);
  const dir = referenceDir();
  if (dir === undefined) {
    console.log('(shared/reference/ktab is absent: the shipped KTAB inputs are skipped)');
  } else {
    for (const name of shippedInputs) {
      const actors = shippedActors(dir, name);
      console.log(line(name, actors.length, actors[0]!.position.length, time(actors, 7)));
    }
  }
  console.log('random cases (same seed every run):');
  for (const actorCount of [40, 80, 160, 320]) {
    for (const dimensions of [1, 3]) {
      const actors = randomActors(actorCount, dimensions, actorCount * 10 + dimensions);
      const repeats = actorCount <= 80 ? 5 : 1;
      console.log(line(`random ${actorCount}×${dimensions}`, actorCount, dimensions, time(actors, repeats)));
    }
  }
}

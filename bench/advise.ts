/**
 * `parley advise` as a whole process on the default scenario: one actor, every issue, the
 * ensemble, single-change and two-change search, on 1 and 2 workers (and in one thread),
 * then with 200 draws of robustness, timed alternately (`side-by-side.ts`); the medians and the ratio of 1 to 2 workers are
 * printed. The target is under 10 s of wall time on 2 cores without draws (issue 19).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/shared.js';
import { sideBySide, type Contestant } from './side-by-side.js';

const actor = process.env.PARLEY_BENCH_ADVISE_ACTOR ?? 'ukraine';

export function run(): void {
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const node = process.execPath;
  const advise = (depth: number, workers: number, draws?: number): Contestant => ({
    name: `advise --depth ${depth} --workers ${workers}${draws === undefined ? '' : ` --draws ${draws}`}`,
    command: node,
    args: [cli, 'advise', '--actor', actor, '--depth', String(depth), '--workers', String(workers), ...(draws === undefined ? [] : ['--draws', String(draws)])],
  });
  const contestants = [advise(1, 1), advise(1, 2), advise(2, 1), advise(2, 2), advise(2, 0), advise(2, 1, 200), advise(2, 2, 200)];
  console.log(
    `load average before: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(', ')} (a loaded machine hides what a second worker gains)`,
  );
  const measured = sideBySide(`parley advise --actor ${actor}, default scenario, ensemble`, contestants);
  const ratio = (one: Contestant, two: Contestant, label: string) => {
    const a = measured.get(one.name)!;
    const b = measured.get(two.name)!;
    console.log(`${label}: 2 workers take ${(b.wall / a.wall).toFixed(2)}× the wall time of 1 (${a.wall.toFixed(2)} s → ${b.wall.toFixed(2)} s)`);
  };
  ratio(advise(1, 1), advise(1, 2), 'single changes');
  ratio(advise(2, 1), advise(2, 2), 'single and two changes');
  ratio(advise(2, 1, 200), advise(2, 2, 200), 'with 200 draws and the model comparison');
}

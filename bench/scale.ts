/**
 * Scale (issue 24): large random scenarios, every model as a whole process under
 * `/usr/bin/time -v` (CPU, wall and maximum resident memory). `randomScenarioYaml` writes a
 * seeded scenario of any size (the same seed gives the same file); `run` forecasts 1,000 and
 * 5,000 actors on 5 issues with each model in its own process, so one model's memory is its
 * own, and prints what each took and whether it ran or said why not.
 *
 * Targets (issue 24): 1,000 actors, every model, under 30 s and 1 GB; 5,000 actors never
 * out of memory, a model that cannot run at that size saying so (not-applicable, with the
 * reason). Quick mode (PARLEY_BENCH_QUICK=1) measures 1,000 actors only.
 *
 * `node dist/bench/scale.js ACTORS ISSUES SEED FILE` writes one scenario and exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/cli/shared.js';
import { createRng } from '../src/core/rng.js';
import { quick } from './settings.js';

/**
 * A random valid scenario as YAML: `actorCount` actors, `issueCount` issues on 0–100 scales
 * with a status quo, each actor holding a stance on each issue with probability 0.6 (on at
 * least one), capability 1–100, positions and saliences uniform (2 decimals). Seeded.
 */
export function randomScenarioYaml(actorCount: number, issueCount: number, seed: number): string {
  const rng = createRng(seed);
  const round2 = (value: number) => Math.round(value * 100) / 100;
  const lines = [
    'parley: 1',
    `id: random-${actorCount}x${issueCount}`,
    `title: Random scenario, ${actorCount} actors on ${issueCount} issues (seed ${seed})`,
    'issues:',
  ];
  for (let k = 0; k < issueCount; k++) {
    lines.push(`  - id: I${k + 1}`, `    name: Issue ${k + 1}`, '    scale: { min: 0, max: 100 }', `    statusQuo: ${round2(rng.next() * 100)}`);
  }
  lines.push('actors:');
  // One line an actor, so that 5,000 actors fit the file limit (LIMITS.fileBytes).
  for (let a = 0; a < actorCount; a++) {
    const capability = round2(1 + rng.next() * 99);
    const first = Math.floor(rng.next() * issueCount);
    const stances: string[] = [];
    for (let k = 0; k < issueCount; k++) {
      if (k !== first && rng.next() >= 0.6) continue;
      stances.push(`I${k + 1}: { position: ${round2(rng.next() * 100)}, salience: ${round2(0.05 + rng.next() * 0.95)} }`);
    }
    lines.push(`  - { id: a${a}, name: A${a}, capability: ${capability}, stances: { ${stances.join(', ')} } }`);
  }
  return `${lines.join('\n')}\n`;
}

interface Measured {
  exit: number | null;
  cpu: number;
  wall: number;
  maxRssMb: number;
  /** The process's last line on stderr, or what the table says a model could not do. */
  said: string;
}

/** One process under /usr/bin/time -v, stopped after `timeoutSeconds`. */
function timed(args: string[], timeoutSeconds: number): Measured {
  const result = spawnSync('/usr/bin/time', ['-v', ...args], { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 30 });
  const field = (name: string) => result.stderr.match(new RegExp(`${name}: ([^\\n]+)`))?.[1]?.trim() ?? '';
  const clock = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').map(Number);
  const wall = clock.reduce((total, part) => total * 60 + part, 0);
  const notRun = result.stdout.split('\n').find((line) => /not applicable|could not|cannot/i.test(line));
  const stderrLines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('\t'));
  return {
    exit: result.signal ? null : result.status,
    cpu: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    wall,
    maxRssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    said: result.signal ? `stopped after ${timeoutSeconds} s (${result.signal})` : (notRun ?? stderrLines.at(-1) ?? '').trim().slice(0, 160),
  };
}

const modelIds = ['compromise', 'median', 'nash', 'eum', 'smp', 'exchange', 'calibrated', 'ensemble'];

export function run(): void {
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  if (!existsSync('/usr/bin/time')) {
    console.log('\nscale: /usr/bin/time is not installed, so memory cannot be measured; skipped');
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'parley-scale-'));
  try {
    for (const actorCount of quick ? [1000] : [1000, 5000]) {
      const file = join(folder, `random-${actorCount}x5.yaml`);
      writeFileSync(file, randomScenarioYaml(actorCount, 5, 2400 + actorCount));
      console.log(`\nscale: ${actorCount} actors × 5 issues, each model in its own process (\`parley forecast FILE --model M\`), /usr/bin/time -v`);
      console.log(`${'model'.padEnd(12)} ${'exit'.padStart(4)} ${'CPU s'.padStart(8)} ${'wall s'.padStart(8)} ${'max RSS MB'.padStart(11)}  said`);
      for (const model of modelIds) {
        const measured = timed([process.execPath, cli, 'forecast', file, '--model', model], 300);
        console.log(
          `${model.padEnd(12)} ${String(measured.exit ?? '-').padStart(4)} ${measured.cpu.toFixed(2).padStart(8)} ${measured.wall.toFixed(2).padStart(8)} ${measured.maxRssMb.toFixed(0).padStart(11)}  ${measured.said}`,
        );
      }
      const every = timed([process.execPath, cli, 'forecast', file], 600);
      console.log(
        `${'(all)'.padEnd(12)} ${String(every.exit ?? '-').padStart(4)} ${every.cpu.toFixed(2).padStart(8)} ${every.wall.toFixed(2).padStart(8)} ${every.maxRssMb.toFixed(0).padStart(11)}  ${every.said}`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.length >= 6) {
  const [actors, issues, seed, file] = process.argv.slice(2);
  writeFileSync(file!, randomScenarioYaml(Number(actors), Number(issues), Number(seed)));
}

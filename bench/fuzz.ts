/**
 * The fuzz run behind the figures in docs/reliability.md: 10,000 seeded scenario files
 * (half valid, many degenerate; half mutated text), each parsed, validated and, when valid,
 * forecast by every model. `node dist/bench/fuzz.js [cases] [seed]` runs another size.
 */
import { runFuzz } from '../src/io/testing/fuzz.js';

export function run(cases = 10_000, seed = 24): void {
  const started = performance.now();
  const report = runFuzz(seed, cases, (index) => {
    if (index > 0 && index % 1000 === 0) process.stderr.write(`  ${index} cases…\n`);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${report.cases} cases (seed ${seed}) in ${seconds.toFixed(1)} s; ${report.valid} validated and were forecast`);
  console.log(`  forecasts checked: ${report.forecasts}; not applicable (with a reason): ${report.notApplicable}`);
  console.log(
    `  parse + validate: p50 ${report.validateMs.p50.toFixed(2)} ms, p99 ${report.validateMs.p99.toFixed(1)} ms, max ${report.validateMs.max.toFixed(1)} ms; over 1 s: ${report.slow}`,
  );
  console.log(
    `  parse + validate, CPU time: p50 ${report.validateCpuMs.p50.toFixed(2)} ms, p99 ${report.validateCpuMs.p99.toFixed(1)} ms, max ${report.validateCpuMs.max.toFixed(1)} ms`,
  );
  console.log(`  slowest: case ${report.slowest.case} (${report.slowest.kind}), ${report.slowest.ms.toFixed(1)} ms`);
  console.log(`  failures: ${report.failures.length}`);
  for (const failure of report.failures.slice(0, 20)) console.log(`    case ${failure.case} (${failure.kind}): ${failure.what.slice(0, 300)}`);
  const kinds = Object.entries(report.kinds).sort(([a], [b]) => a.localeCompare(b));
  console.log(`  kinds: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
}

if (process.argv[1]?.endsWith('fuzz.js')) run(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 24));

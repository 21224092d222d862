/**
 * How much `npm run bench` measures. `PARLEY_BENCH_QUICK=1`: a few minutes in all (fewer
 * draws, smaller cases, which every suite names in what it prints); `PARLEY_BENCH_RUNS`: how
 * many alternating runs of each contestant the side-by-side timings take (default and least 3:
 * a median of fewer is one run's noise).
 */
export const quick = process.env.PARLEY_BENCH_QUICK === '1';
export const runs = Math.max(3, Number(process.env.PARLEY_BENCH_RUNS ?? 3) || 3);

/** The median of some measurements (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** CPU milliseconds (user + system) this process has used so far. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

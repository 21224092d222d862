/**
 * A forecast conditional on agreement, apart from the headline's analysis (`headline.ts`
 * re-exports both), so that the forecast table loads it without the ensemble's code.
 */
/**
 * A forecast conditional on agreement: the point of the win-set nearest to it (a deal lies
 * in the win-set by definition; for single-peaked preferences the nearest point is where a
 * model's bargaining would stop once the rule binds). Null when there is no win-set.
 *
 * @example forecastIfDeal({ low: 30, high: 60 }, 75) // 60
 */
export function forecastIfDeal(winSet: { low: number; high: number } | null, forecast: number): number | null {
  if (winSet === null) return null;
  return Math.min(Math.max(forecast, winSet.low), winSet.high);
}

/** Every model's forecast conditional on agreement (`forecastIfDeal`), keyed by model id; `entry` is a `HeadlineIssue`. */
export function modelsIfDeal(
  entry: { agreement: { winSet: { low: number; high: number } | null } },
  forecasts: ReadonlyArray<{ model: string; forecast: number }>,
): Record<string, number | null> {
  return Object.fromEntries(forecasts.map((row) => [row.model, forecastIfDeal(entry.agreement.winSet, row.forecast)]));
}

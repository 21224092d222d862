/**
 * The forecast as a table for people: per issue the scale, anchors and status quo, then each
 * model's forecast with the nearest anchor in words.
 */
import type { Headline, HeadlineIssue } from '../core/analyses/headline.js';
import { modelsIfDeal } from '../core/analyses/if-deal.js';
import type { Forecast } from '../core/forecast.js';
import { nearestAnchor, type Scenario } from '../core/scenario.js';
import { formatValue } from '../report/charts/theme.js';
import { headlineLine, packageLine, truncate } from '../report/headline-words.js';

/** The models' forecasts conditional on a deal, where the rule moves any of them (a deal must lie in the win-set). */
function ifDealLine(entry: HeadlineIssue, rows: ReadonlyArray<{ model: string; forecast: number }>): string | undefined {
  const winSet = entry.agreement.winSet;
  if (winSet === null) return undefined;
  const conditional = modelsIfDeal(entry, rows);
  const moved = rows.filter((row) => conditional[row.model] !== row.forecast);
  if (moved.length === 0) return undefined;
  return `  if a deal is struck it lies in the win-set ${formatValue(winSet.low)}–${formatValue(winSet.high)}: ${moved.map((row) => `${row.model} ${formatValue(conditional[row.model]!)}`).join(', ')}; the others stand`;
}

export function formatForecastTable(scenario: Scenario, result: Forecast, summary?: Headline): string {
  const lines: string[] = [];
  lines.push(`${scenario.title}`);
  lines.push(`scenario ${scenario.id}${scenario.asOf ? `, as of ${scenario.asOf}` : ''}; variant: ${result.scenario.variant ?? 'base'}`);
  const modelIds = [...new Set([...result.results, ...result.notApplicable].map((row) => row.model))];
  const modelWidth = Math.max(8, ...modelIds.map((id) => id.length));
  const cell = (modelId: string, issueId: string) => `${modelId}\u0000${issueId}`;
  const ran = new Map(result.results.map((row) => [cell(row.model, row.issue), row]));
  const notRun = new Map(result.notApplicable.map((row) => [cell(row.model, row.issue), row]));
  for (const issue of scenario.issues) {
    lines.push('');
    const statusQuo = issue.statusQuo === undefined ? 'no status quo' : `status quo ${formatValue(issue.statusQuo)}`;
    lines.push(`${issue.id} — ${issue.name}  [scale ${formatValue(issue.scale.min)}–${formatValue(issue.scale.max)}, ${statusQuo}]`);
    const anchors = Object.entries(issue.anchors ?? {}).sort(([a], [b]) => Number(a) - Number(b));
    const entry = summary?.summary.find((candidate) => candidate.issue === issue.id);
    if (entry) lines.push(...headlineLine(scenario, entry));
    for (const [point, label] of anchors) lines.push(`    ${point.padStart(4)}  ${truncate(label, 100)}`);
    lines.push(`  ${'model'.padEnd(modelWidth)}  forecast  nearest anchor`);
    for (const modelId of modelIds) {
      const row = ran.get(cell(modelId, issue.id));
      const skipped = notRun.get(cell(modelId, issue.id));
      if (skipped) lines.push(`  ${modelId.padEnd(modelWidth)}         —  not applicable: ${skipped.reason}`);
      if (!row) continue;
      const anchor = nearestAnchor(issue.anchors, row.forecast, issue.scale);
      const anchorText = anchor ? `${formatValue(anchor.point)}: ${truncate(anchor.label, 80)}` : '';
      lines.push(`  ${modelId.padEnd(modelWidth)}  ${formatValue(row.forecast).padStart(8)}  ${anchorText}`);
      for (const note of row.notes) lines.push(`  ${' '.repeat(modelWidth)}            note: ${note}`);
    }
    const ifDeal = entry
      ? ifDealLine(
          entry,
          result.results.filter((row) => row.issue === issue.id),
        )
      : undefined;
    if (ifDeal) lines.push(ifDeal);
  }
  const deal = summary === undefined ? undefined : packageLine(scenario, summary);
  if (deal) lines.push('', deal);
  if (summary)
    lines.push(
      '',
      `▶ lines: the ensemble forecast (docs/accuracy.md) with its 80% interval; the chance of a deal is 1 − P(status quo stands), fitted on EU legislation (DEU III), beside what the rule allows under the coded positions (the win-set); draws: ${summary.draws}, seed ${summary.seed}.`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * The forecast as a table for people: per issue the scale, anchors and status quo, then each
 * model's forecast with the nearest anchor in words.
 */
import type { Headline, HeadlineIssue } from '../core/analyses/headline.js';
import type { Forecast } from '../core/forecast.js';
import { nearestAnchor, type Scenario } from '../core/scenario.js';
import { formatValue } from '../report/charts.js';

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Percent without decimals: 0.553 → "55%". */
function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * The headline of one issue in words: the ensemble's forecast and 80% interval, the chance of
 * a deal under the rule and who blocks, the modes when the draws pile up in more than one
 * place, and the nearest anchor.
 */
export function headlineLine(scenario: Scenario, entry: HeadlineIssue): string[] {
  const nameOf = (id: string) => scenario.actors.find((actor) => actor.id === id)?.name ?? id;
  const { agreement } = entry;
  const rule = agreement.implicit ? 'majority of all (no rule given)' : agreement.rule;
  let deal: string;
  if (agreement.probability === null) deal = `no status quo, so no "no deal" to weigh (${rule})`;
  else {
    const blockers = agreement.blockers.length > 0 ? `; blocked by ${agreement.blockers.map(nameOf).join(', ')}` : '';
    const literal = agreement.drawShare === null ? '' : `; the win-set is non-empty in ${percent(agreement.drawShare)} of draws`;
    deal = `chance of a deal ${percent(agreement.probability)} (${rule}${literal}${blockers})`;
  }
  const interval = `${Math.round(entry.interval.level * 100)}% interval ${formatValue(entry.interval.low)}–${formatValue(entry.interval.high)}`;
  const lines = [`  ▶ forecast ${formatValue(entry.forecast)} (${interval}); ${deal}`];
  if (entry.nearestAnchor) lines.push(`    nearest anchor ${formatValue(entry.nearestAnchor.point)}: ${truncate(entry.nearestAnchor.label, 90)}`);
  if (entry.modes.length > 1) {
    lines.push(`    the draws pile up in ${entry.modes.length} places: ${entry.modes.map((mode) => `${formatValue(mode.value)} (${percent(mode.share)})`).join(', ')}`);
  }
  return lines;
}

/** The package line: whether linking issues opens a deal the issues alone do not. */
export function packageLine(scenario: Scenario, summary: Headline): string | undefined {
  const deal = summary.package;
  if (!deal) return undefined;
  const names = deal.vetoPlayers.map((id) => scenario.actors.find((actor) => actor.id === id)?.name ?? id).join(', ');
  if (!deal.possible) return `Package: no combination of the issues leaves every veto player (${names}) better off than the status quo.`;
  const moved = deal.moves.map((id) => `${id} → ${formatValue(deal.point![id]!)}`).join(', ');
  const opens = deal.opens.length > 0 ? `; linking opens a deal on ${deal.opens.join(', ')}, deadlocked alone` : '';
  return `Package: every veto player (${names}) prefers moving ${moved} together to the status quo${opens}.`;
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
  }
  const deal = summary === undefined ? undefined : packageLine(scenario, summary);
  if (deal) lines.push('', deal);
  if (summary) lines.push('', `▶ lines: the ensemble forecast (docs/accuracy.md) with its 80% interval; the chance of a deal is 1 − P(status quo stands), fitted on EU legislation; draws: ${summary.draws}, seed ${summary.seed}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * The headline in words, one wording for every place that shows it (`parley forecast`, the
 * web page): the ensemble's forecast and 80% interval, the chance of a deal under the rule
 * and who blocks, where the draws pile up, the nearest anchor, and the package across issues.
 */
import type { Headline, HeadlineIssue } from '../core/analyses/headline.js';
import type { Scenario } from '../core/scenario.js';
import { formatValue } from './charts.js';

export function truncate(text: string, width: number): string {
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


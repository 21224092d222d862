/**
 * The headline in words, one wording for every place that shows it (`parley forecast`, the
 * web page): the ensemble's forecast and 80% interval, the chance of a deal under the rule
 * and who blocks, where the draws pile up, the nearest anchor, and the package across issues.
 */
import type { Headline, HeadlineIssue } from '../core/analyses/headline.js';
import type { Scenario } from '../core/scenario.js';
import { formatValue } from './charts/theme.js';

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Percent without decimals: 0.553 → "55%". */
function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * The chance of a deal in words, with what the agreement analysis says under the coded
 * positions beside it. The chance is fitted on EU legislation, where positions coded at the
 * start often moved; the win-set is what the rule allows if nobody moves. On deadlock the two
 * disagree, and the words say so rather than print a chance with "blocked by" as if both held.
 */
export function dealWords(scenario: Scenario, entry: HeadlineIssue): string {
  const nameOf = (id: string) => scenario.actors.find((actor) => actor.id === id)?.name ?? id;
  const { agreement } = entry;
  const rule = agreement.implicit ? 'majority of all (no rule given)' : agreement.rule;
  if (agreement.probability === null || agreement.statusQuo === null) return `no status quo, so no "no deal" to weigh (${rule})`;
  const chance = `chance of a deal ${percent(agreement.probability)} (${rule}; the share of draws in which some move beats the status quo)`;
  const record =
    agreement.record === null ? '' : `; by the record of EU legislation, where positions coded at the start often moved, ${percent(agreement.record)}`;
  const q = formatValue(agreement.statusQuo);
  if (agreement.deadlock) {
    const who = agreement.blockers.length > 0 ? agreement.blockers.map(nameOf).join(', ') : 'the deciders';
    return `${chance}; at the coded positions ${who} would block every move off the status quo ${q}, which then stands${record}`;
  }
  const win = agreement.winSet
    ? `at the coded positions a move off the status quo ${q} to within ${formatValue(agreement.winSet.low)}–${formatValue(agreement.winSet.high)} passes`
    : `at the coded positions a move off the status quo ${q} passes`;
  const ifDeal = agreement.ifDeal !== null && agreement.ifDeal !== entry.forecast ? `, and a deal there would land at ${formatValue(agreement.ifDeal)}` : '';
  return `${chance}; ${win}${ifDeal}${record}`;
}

/**
 * The headline of one issue in words: the ensemble's forecast and 80% interval, the chance of
 * a deal under the rule and what the win-set says, the modes when the draws pile up in more
 * than one place, and the nearest anchor.
 */
export function headlineLine(scenario: Scenario, entry: HeadlineIssue): string[] {
  const interval = `${Math.round(entry.interval.level * 100)}% interval ${formatValue(entry.interval.low)}–${formatValue(entry.interval.high)}`;
  const lines = [`  ▶ forecast ${formatValue(entry.forecast)} (${interval}); ${dealWords(scenario, entry)}`];
  if (entry.nearestAnchor) lines.push(`    nearest anchor ${formatValue(entry.nearestAnchor.point)}: ${truncate(entry.nearestAnchor.label, 90)}`);
  if (entry.modes.length > 1) {
    lines.push(
      `    the draws pile up in ${entry.modes.length} places: ${entry.modes.map((mode) => `${formatValue(mode.value)} (${percent(mode.share)})`).join(', ')}`,
    );
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

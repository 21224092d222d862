/**
 * Layers and helpers every issue chart shares: the scale axis, anchor rules, the status quo
 * line, anchor labels, actor names.
 */
import { type Anchor, anchorPoints } from '../../core/scenario.js';
import { colours, fontSize, formatValue } from './theme.js';
import type { ChartIssue } from './types.js';

/** The issue's anchors inside its scale as `{ point, label }`, ascending. */
export function anchorsOf(issue: ChartIssue): Anchor[] {
  return anchorPoints(issue.anchors, issue.scale);
}

/** Axis ticks: the scale's ends and its anchors. */
export function scaleTicks(issue: ChartIssue): number[] {
  return [...new Set([issue.scale.min, ...anchorsOf(issue).map((anchor) => anchor.point), issue.scale.max])].sort((a, b) => a - b);
}

export function issueTitle(issue: ChartIssue, what: string): string {
  return `${issue.id}: ${what}`;
}

export function statusQuoText(issue: ChartIssue): string {
  return issue.statusQuo === undefined ? 'no status quo given' : `red dashed line: the status quo (${formatValue(issue.statusQuo)})`;
}

export function xOnScale(issue: ChartIssue, width: number) {
  void width;
  return {
    type: 'quantitative' as const,
    scale: { domain: [issue.scale.min, issue.scale.max], nice: false, zero: false, clamp: false },
    axis: { title: null, values: scaleTicks(issue), grid: false, labelFontSize: fontSize },
  };
}

export function anchorRules(issue: ChartIssue, x: ReturnType<typeof xOnScale>) {
  return {
    data: { values: anchorsOf(issue) },
    mark: { type: 'rule' as const, color: colours.anchor, strokeWidth: 1 },
    encoding: { x: { ...x, field: 'point' } },
  };
}

export function statusQuoRule(issue: ChartIssue) {
  if (issue.statusQuo === undefined) return [];
  return [
    {
      data: { values: [{ value: issue.statusQuo }] },
      mark: { type: 'rule' as const, color: colours.statusQuo, strokeDash: [5, 4], strokeWidth: 1.5 },
      encoding: { x: { field: 'value', type: 'quantitative' as const } },
    },
  ];
}

/**
 * Names to show for actors: their names (shortened to `maxCharacters`), with the id added
 * where two would read the same.
 */
export function displayNames(actors: ReadonlyArray<{ id: string; name: string }>, maxCharacters = 40): Map<string, string> {
  const short = (actor: { name: string }) => truncateText(actor.name, maxCharacters);
  const counts = new Map<string, number>();
  for (const actor of actors) counts.set(short(actor), (counts.get(short(actor)) ?? 0) + 1);
  return new Map(actors.map((actor) => [actor.id, (counts.get(short(actor)) ?? 0) > 1 ? `${short(actor)} (${actor.id})` : short(actor)]));
}

/**
 * Text shortened to at most `maxCharacters`, ending in an ellipsis when cut. Charts cut
 * labels here rather than with Vega's `labelLimit`, so a label's size is known before it is
 * drawn.
 */
export function truncateText(text: string, maxCharacters: number): string {
  const characters = [...text];
  return characters.length <= maxCharacters
    ? text
    : `${characters
        .slice(0, maxCharacters - 1)
        .join('')
        .trimEnd()}…`;
}

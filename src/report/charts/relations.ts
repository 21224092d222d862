/** The relations chart: who presses whom (the expected utility model's relation map). */
import type { EumRelation } from '../../core/models/eum/index.js';
import { displayNames, issueTitle } from './layers.js';
import { colours, config, schema } from './theme.js';
import type { ChartIssue, ChartSpec, EumChartDetails } from './types.js';

/** How a challenger's relation to a target is shown, in the legend's order. */
export const relationCategories = [
  { key: 'capitulation', label: 'the target is expected to give in', colour: '#b2182b' },
  { key: 'compromise', label: 'the target is expected to compromise', colour: '#ef8a62' },
  { key: 'conflict-challenger', label: 'conflict the challenger expects to win', colour: '#762a83' },
  { key: 'conflict-target', label: 'conflict the target expects to win', colour: '#67a9cf' },
  { key: 'stalemate', label: 'stalemate: neither side moves', colour: '#e0e0e0' },
] as const;

function relationCategory(pair: EumRelation): string | undefined {
  if (pair.kind === 'none') return undefined;
  if (pair.kind === 'conflict') return pair.winner === 'target' ? 'conflict-target' : 'conflict-challenger';
  return pair.kind;
}

export interface RelationsChartOptions {
  /** The round of contests, 1 … rounds; default 1 (the contests on the input positions). */
  round?: number;
  /** Side of a cell in pixels; default 20. */
  cell?: number;
}

/**
 * The relation map of one round as a matrix: a row per challenger, a column per target, the
 * colour saying what the challenger expects (the target gives in, compromises, a conflict and
 * who is expected to win it, a stalemate); a dot where the target gave way to that challenger
 * in the round. Actors are ordered by their position at the start of the round, so camps show
 * as blocks. An empty matrix when the run kept no relations or stopped before the round.
 */
export function relationsChart(issue: ChartIssue, details: EumChartDetails, options: RelationsChartOptions = {}): ChartSpec {
  const round = options.round ?? 1;
  const cell = options.cell ?? 20;
  const names = displayNames(details.actors, 24);
  const start = details.trajectory[round - 1]?.positions ?? {};
  const contests = details.relations?.find((entry) => entry.round === round);
  const order = [...details.actors]
    .sort((a, b) => (start[a.id] ?? 0) - (start[b.id] ?? 0) || details.actors.indexOf(a) - details.actors.indexOf(b))
    .map((actor) => names.get(actor.id)!);
  const movedBy = new Map((contests?.moves ?? []).map((move) => [move.actor, move.by]));
  const cells = (contests?.pairs ?? []).flatMap((pair) => {
    const category = relationCategory(pair);
    if (category === undefined) return [];
    const label = relationCategories.find((entry) => entry.key === category)!.label;
    return [
      {
        challenger: names.get(pair.challenger) ?? pair.challenger,
        target: names.get(pair.target) ?? pair.target,
        relation: label,
        probability: Math.round(pair.probability * 100) / 100,
        moved: pair.taken === true && movedBy.get(pair.target) === pair.challenger,
      },
    ];
  });
  const side = Math.max(1, order.length) * cell;
  const axisX = { title: 'target (ordered by position at the start of the round)', orient: 'top' as const, labelAngle: -45, domain: false, ticks: false };
  const axisY = { title: 'challenger', domain: false, ticks: false };
  const movedCount = cells.filter((entry) => entry.moved).length;
  return {
    $schema: schema,
    config,
    padding: 8,
    title: {
      text: issueTitle(issue, `who presses whom in round ${round} (expected utility model)`),
      subtitle: contests
        ? [
            'Row: the challenger; column: the target; colour: what the challenger expects; blank: no challenge.',
            `Dot: the target gave way to that challenger in the round (${movedCount} move${movedCount === 1 ? '' : 's'}).`,
          ]
        : [`No relation map for round ${round}: the run stopped earlier or kept no relations.`],
    },
    width: side,
    height: side,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { field: 'target', type: 'nominal', sort: order, scale: { domain: order }, axis: axisX },
          y: { field: 'challenger', type: 'nominal', sort: order, scale: { domain: order }, axis: axisY },
          color: {
            field: 'relation',
            type: 'nominal',
            scale: { domain: relationCategories.map((entry) => entry.label), range: relationCategories.map((entry) => entry.colour) },
            legend: { title: null, orient: 'bottom', direction: 'vertical', symbolType: 'square' },
          },
          tooltip: [
            { field: 'challenger', type: 'nominal' },
            { field: 'target', type: 'nominal' },
            { field: 'relation', type: 'nominal' },
            { field: 'probability', type: 'quantitative', title: 'P(challenger prevails)' },
          ],
        },
      },
      {
        data: { values: cells.filter((entry) => entry.moved) },
        mark: { type: 'point', filled: true, fill: 'white', stroke: colours.ink, strokeWidth: 1.5, size: cell * 2.5, opacity: 1 },
        encoding: {
          x: { field: 'target', type: 'nominal', sort: order },
          y: { field: 'challenger', type: 'nominal', sort: order },
        },
      },
    ],
  };
}

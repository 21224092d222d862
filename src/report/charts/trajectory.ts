/** The trajectory chart: the expected utility model round by round. */
import { spreadLabels } from './label-layout.js';
import { anchorsOf, displayNames, issueTitle, scaleTicks, statusQuoText } from './layers.js';
import { actorPalette, colours, config, formatValue, schema, smallFontSize } from './theme.js';
import type { ChartIssue, ChartSpec, EumChartDetails } from './types.js';

export interface TrajectoryChartOptions {
  /** Plot size in pixels; default 440 × 300. */
  width?: number;
  height?: number;
}

/**
 * The expected utility model on one issue, round by round: every actor's position (thin
 * lines, named at the right), the weighted median (thick; the forecast once it settles) and
 * the weighted mean (dashed).
 *
 * @param details an eum forecast's `details` (or an `EumRun`)
 */
export function trajectoryChart(issue: ChartIssue, details: EumChartDetails, options: TrajectoryChartOptions = {}): ChartSpec {
  const width = options.width ?? 440;
  const height = options.height ?? 300;
  const names = displayNames(details.actors);
  const actorOrder = details.actors.map((actor) => names.get(actor.id)!);
  const lastRound = details.trajectory.length - 1;
  const positions = details.trajectory
    .flatMap((state) => details.actors.map((actor) => ({ round: state.round, actor: names.get(actor.id)!, position: state.positions[actor.id] ?? Number.NaN })))
    .filter((row) => Number.isFinite(row.position));
  const medians = details.trajectory.map((state) => ({ round: state.round, position: state.median }));
  const means = details.trajectory.map((state) => ({ round: state.round, position: state.mean }));
  const final = details.trajectory[lastRound];
  const { min, max } = issue.scale;
  const low = Math.min(min, ...positions.map((row) => row.position));
  const high = Math.max(max, ...positions.map((row) => row.position));
  const toPixel = (value: number) => (high === low ? height / 2 : height * (1 - (value - low) / (high - low)));

  const endLabels = final
    ? [
        ...details.actors
          .filter((actor) => Number.isFinite(final.positions[actor.id]))
          .map((actor) => ({ text: names.get(actor.id)!, value: final.positions[actor.id]!, actor: names.get(actor.id)!, summary: false })),
        { text: `median ${formatValue(final.median)}`, value: final.median, actor: 'median', summary: true },
        { text: `mean ${formatValue(final.mean)}`, value: final.mean, actor: 'mean', summary: true },
      ]
    : [];
  const spread = spreadLabels(
    endLabels.map((label) => toPixel(label.value)),
    smallFontSize + 3,
    0,
    height,
  );
  const labelRows = endLabels.map((label, index) => ({
    ...label,
    target: toPixel(label.value),
    y: spread[index]!,
    x0: width,
    x1: width + 8,
    x: width + 11,
  }));
  const x = {
    field: 'round',
    type: 'quantitative' as const,
    scale: { domain: [0, Math.max(1, lastRound)], nice: false },
    axis: { title: 'round', tickMinStep: 1, format: 'd', grid: false },
  };
  const y = {
    field: 'position',
    type: 'quantitative' as const,
    scale: { domain: [low, high], nice: false, zero: false },
    axis: { title: 'position on the scale', values: scaleTicks(issue), grid: false },
  };
  const stopText = details.stop ? ` (${details.stop} after ${details.rounds ?? lastRound} round${(details.rounds ?? lastRound) === 1 ? '' : 's'})` : '';
  return {
    $schema: schema,
    config,
    padding: 8,
    title: {
      text: issueTitle(issue, `the expected utility model round by round${stopText}`),
      subtitle: [
        'Thin lines: each actor’s position; thick orange: the weighted median (the forecast once it settles); dashed grey: the weighted mean.',
        `Grey lines: the scale's anchors; ${statusQuoText(issue)}.`,
        ...(details.stop === 'cycle' && details.cycle
          ? [`The median cycles with period ${details.cycle.period}; the forecast is the mean of the cycle's medians, ${formatValue(details.cycle.mean)}.`]
          : []),
      ],
    },
    width,
    height,
    layer: [
      {
        data: { values: anchorsOf(issue) },
        mark: { type: 'rule', color: colours.anchor },
        encoding: { y: { ...y, field: 'point' } },
      },
      ...(issue.statusQuo === undefined
        ? []
        : [
            {
              data: { values: [{ position: issue.statusQuo }] },
              mark: { type: 'rule' as const, color: colours.statusQuo, strokeDash: [5, 4], strokeWidth: 1.5 },
              encoding: { y },
            },
          ]),
      {
        data: { values: positions },
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75, point: { size: 18, filled: true } },
        encoding: {
          x,
          y,
          color: { field: 'actor', type: 'nominal', scale: { domain: actorOrder, range: actorPalette }, legend: null },
          detail: { field: 'actor', type: 'nominal' },
          tooltip: [
            { field: 'actor', type: 'nominal' },
            { field: 'round', type: 'quantitative' },
            { field: 'position', type: 'quantitative' },
          ],
        },
      },
      {
        data: { values: means },
        mark: { type: 'line', color: colours.mean, strokeWidth: 2, strokeDash: [6, 4] },
        encoding: { x, y },
      },
      {
        data: { values: medians },
        mark: { type: 'line', color: colours.median, strokeWidth: 3.5 },
        encoding: { x, y },
      },
      {
        data: { values: labelRows },
        mark: { type: 'rule', color: '#999999', strokeWidth: 0.75 },
        encoding: {
          x: { field: 'x0', type: 'quantitative', scale: null },
          x2: { field: 'x1' },
          y: { field: 'target', type: 'quantitative', scale: null },
          y2: { field: 'y' },
        },
      },
      {
        data: { values: labelRows.filter((row) => !row.summary) },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: smallFontSize },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: null },
          y: { field: 'y', type: 'quantitative', scale: null },
          text: { field: 'text' },
          color: { field: 'actor', type: 'nominal' },
        },
      },
      ...(['median', 'mean'] as const).map((line) => ({
        data: { values: labelRows.filter((row) => row.actor === line && row.summary) },
        mark: {
          type: 'text' as const,
          align: 'left' as const,
          baseline: 'middle' as const,
          fontSize: smallFontSize,
          fontWeight: 'bold' as const,
          color: colours[line],
        },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const, scale: null },
          y: { field: 'y', type: 'quantitative' as const, scale: null },
          text: { field: 'text' },
        },
      })),
    ],
  };
}

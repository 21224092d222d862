/**
 * Chart specs: pure functions from Parley's results to Vega-Lite specs. No I/O and no Vega
 * import, so the web app renders the very same specs with vega-embed that the command line
 * renders to SVG and PNG with `render.ts`: a figure looks the same in both.
 *
 * Every label that must not collide (the anchors' meanings under the forecast chart, the
 * actors' names at the end of a trajectory) is placed here, in pixels, by the functions at
 * the bottom of this file, so the layout does not depend on the renderer's text metrics.
 * Text sizes are estimated generously (0.6 em a character) for the same reason.
 */
import type { ForecastDistribution } from '../core/analyses/summary.js';
import { anchorPoints, type Anchor } from '../core/scenario.js';
import type { Tornado, TornadoBar } from '../core/analyses/sensitivity.js';
import type { EumRelation, EumRoundRelations, EumRoundState } from '../core/models/eum.js';
import type { Issue } from '../core/scenario.js';
import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite spec, ready for `vega-embed` or `renderSvg`. */
export type ChartSpec = TopLevelSpec;

export const chartKinds = ['forecast', 'trajectory', 'tornado', 'distribution', 'relations'] as const;
export type ChartKind = (typeof chartKinds)[number];

/** What a chart needs of an issue (a scenario's `Issue` will do). */
export type ChartIssue = Pick<Issue, 'id' | 'name' | 'scale' | 'anchors' | 'statusQuo'>;

/** One model's point forecast on an issue (a `ForecastResult` will do). */
export interface ModelForecast {
  model: string;
  forecast: number;
}

/** What the trajectory and relation charts read of an EUM forecast's `details`. */
export interface EumChartDetails {
  actors: ReadonlyArray<{ id: string; name: string; weight: number }>;
  trajectory: ReadonlyArray<EumRoundState>;
  relations?: ReadonlyArray<EumRoundRelations>;
  rounds?: number;
  stop?: string;
  /** The cycle the medians ended in, when they did (the forecast is then the mean of its medians). */
  cycle?: { period: number; mean: number } | null;
}

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const font = 'sans-serif';
const fontSize = 11;
const smallFontSize = 10;
/** Estimated width of a character, in em: generous, so estimated text is never narrower than drawn text. */
const characterWidth = 0.6;

const colours = {
  ink: '#222222',
  muted: '#555555',
  anchor: '#d4d4d4',
  statusQuo: '#c0392b',
  forecast: '#1f4e89',
  median: '#e6550d',
  mean: '#555555',
} as const;

/** Twenty colours dark enough for text on white, and none orange (the median's colour). */
const actorPalette = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#c2388f', '#555555', '#7f7a00', '#0f7f8c', '#393b79',
  '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#31a354', '#756bb1', '#17657d', '#a55194', '#6b6ecf',
];

const config = {
  font,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: fontSize, titleFontSize: fontSize, titleFontWeight: 'normal' as const, labelColor: colours.ink, titleColor: colours.ink },
  legend: { labelFontSize: fontSize, titleFontSize: fontSize, titleFontWeight: 'normal' as const, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: fontSize, subtitleColor: colours.muted, offset: 12 },
};

/** A number for a label: up to two decimals, no trailing zeros. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}

/** The issue's anchors inside its scale as `{ point, label }`, ascending. */
export function anchorsOf(issue: ChartIssue): Anchor[] {
  return anchorPoints(issue.anchors, issue.scale);
}

/** Axis ticks: the scale's ends and its anchors. */
function scaleTicks(issue: ChartIssue): number[] {
  return [...new Set([issue.scale.min, ...anchorsOf(issue).map((anchor) => anchor.point), issue.scale.max])].sort((a, b) => a - b);
}

function issueTitle(issue: ChartIssue, what: string): string {
  return `${issue.id}: ${what}`;
}

function statusQuoText(issue: ChartIssue): string {
  return issue.statusQuo === undefined ? 'no status quo given' : `red dashed line: the status quo (${formatValue(issue.statusQuo)})`;
}

// ---------------------------------------------------------------------------------------
// forecast: each model's forecast marked on the issue's scale
// ---------------------------------------------------------------------------------------

export interface ForecastChartOptions {
  /** Width of the plot in pixels; default 560. */
  width?: number;
}

/**
 * Each model's forecast on the issue's scale, one row a model, with the status quo in a row
 * of its own and the anchors as vertical lines whose meanings are written under the axis.
 *
 * @example forecastChart(issue, forecast.results.filter((row) => row.issue === issue.id))
 */
export function forecastChart(issue: ChartIssue, forecasts: readonly ModelForecast[], options: ForecastChartOptions = {}): ChartSpec {
  const width = options.width ?? 560;
  const rowHeight = 24;
  const statusQuoRow = 'status quo';
  const rows = [...forecasts.map((row) => row.model), ...(issue.statusQuo === undefined ? [] : [statusQuoRow])];
  const height = Math.max(1, rows.length) * rowHeight;
  const points = [
    ...forecasts.map((row) => ({ row: row.model, value: row.forecast, text: formatValue(row.forecast), what: 'forecast' })),
    ...(issue.statusQuo === undefined ? [] : [{ row: statusQuoRow, value: issue.statusQuo, text: formatValue(issue.statusQuo), what: 'status quo' }]),
  ];
  const x = xOnScale(issue, width);
  const labels = anchorLabelLayout(issue, width, height + 30);
  return {
    $schema: schema,
    config,
    padding: 8,
    title: {
      text: `${issue.id}: ${issue.name}`,
      subtitle: [`Each model's forecast on the issue's scale; ${statusQuoText(issue)}; grey lines: the scale's anchors, described below.`],
    },
    width,
    height,
    layer: [
      anchorRules(issue, x),
      ...statusQuoRule(issue),
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 100, opacity: 1 },
        encoding: {
          x: { ...x, field: 'value' },
          y: { field: 'row', type: 'nominal', sort: rows, axis: { title: null, labelFontSize: fontSize, domain: false, ticks: false, labelPadding: 8 } },
          color: { field: 'what', type: 'nominal', scale: { domain: ['forecast', 'status quo'], range: [colours.forecast, colours.statusQuo] }, legend: null },
          shape: { field: 'what', type: 'nominal', scale: { domain: ['forecast', 'status quo'], range: ['circle', 'diamond'] }, legend: null },
          tooltip: [
            { field: 'row', type: 'nominal', title: 'model' },
            { field: 'value', type: 'quantitative', title: 'forecast' },
          ],
        },
      },
      // The value twice: a white outline first, so a value over a line stays legible.
      ...[{ stroke: 'white', strokeWidth: 4 }, {}].map((halo) => ({
        data: { values: points },
        mark: { type: 'text' as const, align: 'left' as const, dx: 9, fontSize, color: colours.ink, ...halo },
        encoding: {
          x: { ...x, field: 'value' },
          y: { field: 'row', type: 'nominal' as const, sort: rows },
          text: { field: 'text' },
        },
      })),
      ...anchorLabelLayers(labels, x),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// trajectory: the expected utility model round by round
// ---------------------------------------------------------------------------------------

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
  const positions = details.trajectory.flatMap((state) =>
    details.actors.map((actor) => ({ round: state.round, actor: names.get(actor.id)!, position: state.positions[actor.id] ?? Number.NaN })),
  ).filter((row) => Number.isFinite(row.position));
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
  const spread = spreadLabels(endLabels.map((label) => toPixel(label.value)), smallFontSize + 3, 0, height);
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
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, fontSize: smallFontSize, fontWeight: 'bold' as const, color: colours[line] },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const, scale: null },
          y: { field: 'y', type: 'quantitative' as const, scale: null },
          text: { field: 'text' },
        },
      })),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// relations: who presses whom (the expected utility model's relation map)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// tornado: which inputs move the forecast most
// ---------------------------------------------------------------------------------------

export interface TornadoChartOptions {
  /** At most this many inputs (those that move the forecast at all); default 8. */
  top?: number;
  /** Display names of actors by id, for the input labels. */
  actorNames?: Readonly<Record<string, string>>;
  /** Plot width in pixels; default 460. */
  width?: number;
}

/** An input in words: `Russia (Putin) · capability`, `China · FORCES position`. */
export function inputLabel(input: Pick<TornadoBar, 'actor' | 'field' | 'issue'>, actorNames: Readonly<Record<string, string>> = {}): string {
  const actor = actorNames[input.actor] ?? input.actor;
  const what = input.field === 'capability' && input.issue === undefined ? 'capability' : `${input.issue} ${input.field}`;
  return `${truncateText(actor, 44 - what.length)} · ${what}`;
}

/**
 * The inputs ranked by how far each moves the forecast, the mean swing over the given
 * models (largest first; inputs that move no forecast left out).
 */
export function rankInputs(tornadoes: readonly Tornado[]): Array<{ name: string; meanSwing: number; bar: TornadoBar }> {
  const byName = new Map<string, { total: number; bar: TornadoBar }>();
  for (const tornado of tornadoes) {
    for (const bar of tornado.bars) {
      const entry = byName.get(bar.name) ?? { total: 0, bar };
      entry.total += Number.isFinite(bar.swing) ? bar.swing : 0;
      byName.set(bar.name, entry);
    }
  }
  return [...byName.entries()]
    .map(([name, entry]) => ({ name, meanSwing: entry.total / Math.max(1, tornadoes.length), bar: entry.bar }))
    .filter((entry) => entry.meanSwing > 0)
    .sort((a, b) => b.meanSwing - a.meanSwing);
}

/**
 * The tornado of one issue: each input at its low and at its high (every other input at its
 * mode), and how far the forecast moves from the forecast at the modes. With one model, two
 * bars an input (low, high); with several, one bar an input and model spanning what the
 * input does to that model's forecast, a filled dot at the input's high and an open one at
 * its low. Inputs are ranked by the mean swing over the models.
 *
 * @param tornadoes the `tornado` entries of a sensitivity result for this issue, one a model
 */
export function tornadoChart(issue: ChartIssue, tornadoes: readonly Tornado[], options: TornadoChartOptions = {}): ChartSpec {
  const top = options.top ?? 8;
  const width = options.width ?? 460;
  const ranked = rankInputs(tornadoes).slice(0, top);
  const order = ranked.map((entry) => inputLabel(entry.bar, options.actorNames));
  const x = { type: 'quantitative' as const, scale: { zero: true, nice: true }, axis: { title: "change in the forecast (points on the issue's scale)", grid: true, gridColor: '#eeeeee' } };
  const y = { field: 'input', type: 'nominal' as const, sort: order, axis: { title: null, labelLimit: 0, domain: false, ticks: false } };
  const single = tornadoes.length === 1 ? tornadoes[0]! : undefined;
  const rows = ranked.flatMap((entry, rank) =>
    tornadoes.flatMap((tornado) => {
      const bar = tornado.bars.find((candidate) => candidate.name === entry.name);
      if (!bar || !(bar.swing > 0)) return [];
      const atLow = bar.atLow - tornado.base;
      const atHigh = bar.atHigh - tornado.base;
      return [
        {
          input: order[rank]!,
          model: tornado.model,
          atLow,
          atHigh,
          from: Math.min(atLow, 0, atHigh),
          to: Math.max(atLow, 0, atHigh),
          range: `${formatValue(bar.low)} – ${formatValue(bar.mode)} – ${formatValue(bar.high)}`,
        },
      ];
    }),
  );
  const title = {
    text: issueTitle(issue, single ? `what moves the ${single.model} forecast (tornado)` : 'what moves the forecasts (tornado)'),
    subtitle: single
      ? [`Each input at its low and at its high, every other input at its mode; 0 = the forecast at the modes (${formatValue(single.base)}).`]
      : ['Each input at its low and at its high, every other input at its mode; 0 = each model’s forecast at the modes.', 'Filled dot: the input at its high; open dot: at its low. Inputs ranked by the mean swing over the models.'],
  };
  if (ranked.length === 0) {
    return {
      $schema: schema,
      config,
      padding: 8,
      title: { text: title.text, subtitle: ['Each input at its low and at its high, every other input at its mode.'] },
      width,
      height: 40,
      data: { values: [{ text: 'no ranged input moves this forecast' }] },
      mark: { type: 'text', fontSize, color: colours.muted },
      encoding: { text: { field: 'text' } },
    };
  }
  const tooltip = [
    { field: 'input', type: 'nominal' as const },
    { field: 'model', type: 'nominal' as const },
    { field: 'range', type: 'nominal' as const, title: 'low – mode – high' },
    { field: 'atLow', type: 'quantitative' as const, title: 'change at low', format: '.2f' },
    { field: 'atHigh', type: 'quantitative' as const, title: 'change at high', format: '.2f' },
  ];
  const zeroRule = { data: { values: [{ zero: 0 }] }, mark: { type: 'rule' as const, color: colours.ink }, encoding: { x: { ...x, field: 'zero' } } };
  if (single) {
    const sides = rows.flatMap((row) => [
      { ...row, side: 'input at its low', from: 0, to: row.atLow },
      { ...row, side: 'input at its high', from: 0, to: row.atHigh },
    ]);
    return {
      $schema: schema,
      config,
      padding: 8,
      title,
      width,
      // With yOffset the step is the height of one offset band: two bands an input.
      height: { step: 12 },
      layer: [
        {
          data: { values: sides },
          mark: { type: 'bar', height: { band: 0.85 } },
          encoding: {
            x: { ...x, field: 'from' },
            x2: { field: 'to' },
            y,
            yOffset: { field: 'side', type: 'nominal', sort: ['input at its low', 'input at its high'] },
            color: {
              field: 'side',
              type: 'nominal',
              scale: { domain: ['input at its low', 'input at its high'], range: ['#92c5de', '#2166ac'] },
              legend: { title: null, orient: 'bottom' },
            },
            tooltip,
          },
        },
        zeroRule,
      ],
    };
  }
  const models = tornadoes.map((tornado) => tornado.model);
  const modelColour = { field: 'model', type: 'nominal' as const, sort: models, scale: { domain: models, scheme: 'tableau10' }, legend: { title: null, orient: 'bottom' as const, columns: 7 } };
  const yOffset = { field: 'model', type: 'nominal' as const, sort: models };
  return {
    $schema: schema,
    config,
    padding: 8,
    title,
    width,
    // With yOffset the step is the height of one offset band: a band a model.
    height: { step: 7 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', height: { band: 0.9 }, opacity: 0.85 },
        encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, y, yOffset, color: modelColour, tooltip },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 14, color: colours.ink, opacity: 1 },
        encoding: { x: { ...x, field: 'atHigh' }, y, yOffset },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: false, size: 14, color: colours.ink, opacity: 1, strokeWidth: 1 },
        encoding: { x: { ...x, field: 'atLow' }, y, yOffset },
      },
      zeroRule,
    ],
  };
}

// ---------------------------------------------------------------------------------------
// distribution: the Monte Carlo distribution of each model's forecast
// ---------------------------------------------------------------------------------------

export interface DistributionChartOptions {
  /** Plot width in pixels; default 460. */
  width?: number;
}

/**
 * The Monte Carlo distribution of each model's forecast on one issue, a row a model: the
 * histogram over the scale as shaded cells (darker: more draws), the 5th–95th percentile as
 * a thin line, the 10th–90th as a thick one, the median as an orange tick.
 *
 * @param distributions the `results` of a Monte Carlo summary for this issue, one a model
 */
export function distributionChart(issue: ChartIssue, distributions: readonly ForecastDistribution[], options: DistributionChartOptions = {}): ChartSpec {
  const width = options.width ?? 460;
  const models = distributions.map((entry) => entry.model);
  const bins = distributions.flatMap((entry) => {
    const { min, max, counts } = entry.histogram;
    const step = (max - min) / Math.max(1, counts.length);
    return counts.map((count, index) => ({
      model: entry.model,
      from: min + index * step,
      to: min + (index + 1) * step,
      share: entry.draws > 0 ? count / entry.draws : 0,
    }));
  }).filter((bin) => bin.share > 0);
  const summaries = distributions.map((entry) => ({
    model: entry.model,
    p5: entry.p5,
    p10: entry.p10,
    median: entry.median,
    p90: entry.p90,
    p95: entry.p95,
    text: entry.p10 === entry.p90 ? `median ${formatValue(entry.median)}; 80% at ${formatValue(entry.p10)}` : `median ${formatValue(entry.median)}; 80%: ${formatValue(entry.p10)}–${formatValue(entry.p90)}`,
  }));
  const draws = distributions[0]?.draws ?? 0;
  const x = xOnScale(issue, width);
  const y = { field: 'model', type: 'nominal' as const, sort: models, axis: { title: null, domain: false, ticks: false, labelPadding: 8 } };
  return {
    $schema: schema,
    config,
    padding: 8,
    title: {
      text: issueTitle(issue, `how sure is each forecast (Monte Carlo, ${draws} draws)`),
      subtitle: [
        'Shaded cells: share of draws in each bin of the scale; thin line: 5th–95th percentile; thick: 10th–90th; orange tick: median.',
        `Grey lines: the scale's anchors; ${statusQuoText(issue)}.`,
      ],
    },
    width,
    height: { step: 26 },
    layer: [
      anchorRules(issue, x),
      ...statusQuoRule(issue),
      {
        data: { values: bins },
        mark: { type: 'rect', height: { band: 0.8 } },
        encoding: {
          x: { ...x, field: 'from' },
          x2: { field: 'to' },
          y,
          color: {
            field: 'share',
            type: 'quantitative',
            // Light enough that the percentile lines drawn over the cells stay visible.
            scale: { domain: [0, Math.max(0.01, ...bins.map((bin) => bin.share))], range: ['#eef4fa', '#6b9bd1'] },
            legend: { title: 'share of draws', orient: 'bottom', format: '.0%', gradientLength: 140 },
          },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'from', type: 'quantitative', format: '.1f' },
            { field: 'to', type: 'quantitative', format: '.1f' },
            { field: 'share', type: 'quantitative', format: '.1%' },
          ],
        },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', color: colours.ink, strokeWidth: 1.5 },
        encoding: { x: { ...x, field: 'p5' }, x2: { field: 'p95' }, y },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', color: colours.ink, strokeWidth: 5 },
        encoding: { x: { ...x, field: 'p10' }, x2: { field: 'p90' }, y },
      },
      {
        data: { values: summaries },
        mark: { type: 'tick', color: colours.median, thickness: 3, size: 18 },
        encoding: { x: { ...x, field: 'median' }, y },
      },
      {
        data: { values: summaries },
        mark: { type: 'text', align: 'left', fontSize: smallFontSize, color: colours.ink, x: width + 10 },
        encoding: { y, text: { field: 'text' } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Shared layers
// ---------------------------------------------------------------------------------------

function xOnScale(issue: ChartIssue, width: number) {
  void width;
  return {
    type: 'quantitative' as const,
    scale: { domain: [issue.scale.min, issue.scale.max], nice: false, zero: false, clamp: false },
    axis: { title: null, values: scaleTicks(issue), grid: false, labelFontSize: fontSize },
  };
}

function anchorRules(issue: ChartIssue, x: ReturnType<typeof xOnScale>) {
  return {
    data: { values: anchorsOf(issue) },
    mark: { type: 'rule' as const, color: colours.anchor, strokeWidth: 1 },
    encoding: { x: { ...x, field: 'point' } },
  };
}

function statusQuoRule(issue: ChartIssue) {
  if (issue.statusQuo === undefined) return [];
  return [
    {
      data: { values: [{ value: issue.statusQuo }] },
      mark: { type: 'rule' as const, color: colours.statusQuo, strokeDash: [5, 4], strokeWidth: 1.5 },
      encoding: { x: { field: 'value', type: 'quantitative' as const } },
    },
  ];
}

function anchorLabelLayers(labels: AnchorLabel[], x: ReturnType<typeof xOnScale>) {
  if (labels.length === 0) return [];
  return [
    {
      data: { values: labels.map((label) => ({ point: label.point, top: label.top, lines: label.lines })) },
      mark: { type: 'text' as const, align: 'center' as const, baseline: 'top' as const, fontSize: smallFontSize, lineHeight: anchorLineHeight, color: '#333333' },
      encoding: {
        x: { ...x, field: 'point' },
        y: { field: 'top', type: 'quantitative' as const, scale: null },
        text: { field: 'lines' },
      },
    },
  ];
}

/**
 * Names to show for actors: their names (shortened to `maxCharacters`), with the id added
 * where two would read the same.
 */
function displayNames(actors: ReadonlyArray<{ id: string; name: string }>, maxCharacters = 40): Map<string, string> {
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
  return characters.length <= maxCharacters ? text : `${characters.slice(0, maxCharacters - 1).join('').trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------
// Label layout (pixels)
// ---------------------------------------------------------------------------------------

const anchorLineHeight = 12;

/** One anchor's meaning placed under the forecast chart's axis. */
export interface AnchorLabel {
  point: number;
  /** Pixel centre of the label (the anchor's position on the axis). */
  centre: number;
  width: number;
  lines: string[];
  lane: number;
  /** Pixel offset of the label's first line from the top of the plot. */
  top: number;
}

/**
 * The anchors' meanings under an axis of `width` pixels, each centred under its anchor and
 * wrapped to fit between its neighbours. When neighbours are too close for a readable width
 * (under 100 px), every second (then third) label moves to a lane below, so no two labels in a
 * lane overlap.
 *
 * Cost: O(anchors × lanes).
 *
 * @param top pixel offset of the first lane from the top of the plot
 */
export function anchorLabelLayout(issue: ChartIssue, width: number, top: number): AnchorLabel[] {
  const anchors = anchorsOf(issue);
  if (anchors.length === 0) return [];
  const span = issue.scale.max - issue.scale.min;
  const centres = anchors.map((anchor) => (span > 0 ? ((anchor.point - issue.scale.min) / span) * width : width / 2));
  const maxWidth = 200;
  const gutter = 10;
  const widthsFor = (lanes: number) =>
    centres.map((centre, index) => {
      const left = index - lanes >= 0 ? centre - centres[index - lanes]! : Number.POSITIVE_INFINITY;
      const right = index + lanes < centres.length ? centres[index + lanes]! - centre : Number.POSITIVE_INFINITY;
      return Math.min(maxWidth, Math.min(left, right) - gutter);
    });
  let lanes = 1;
  let widths = widthsFor(1);
  while (lanes < 3 && Math.min(...widths) < 100) {
    lanes++;
    widths = widthsFor(lanes);
  }
  const charactersPerLine = (pixels: number) => Math.max(8, Math.floor(pixels / (smallFontSize * characterWidth)));
  const wrapped = anchors.map((anchor, index) => wrapText(anchor.label, charactersPerLine(widths[index]!)));
  const laneTops: number[] = [];
  let next = top;
  for (let lane = 0; lane < lanes; lane++) {
    laneTops.push(next);
    const tallest = Math.max(0, ...wrapped.filter((_, index) => index % lanes === lane).map((lines) => lines.length));
    next += tallest * anchorLineHeight + 10;
  }
  return anchors.map((anchor, index) => ({
    point: anchor.point,
    centre: centres[index]!,
    width: widths[index]!,
    lines: wrapped[index]!,
    lane: index % lanes,
    top: laneTops[index % lanes]!,
  }));
}

/**
 * Text broken into lines of at most `maxCharacters`, at spaces where it can, inside a word
 * only when the word alone is longer than a line.
 *
 * @example wrapText('no Western troops on Ukrainian soil', 16) // ['no Western', 'troops on', 'Ukrainian soil']
 */
export function wrapText(text: string, maxCharacters: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/).filter((part) => part !== '')) {
    let rest = word;
    while (rest.length > maxCharacters) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, maxCharacters - 1) + '-');
      rest = rest.slice(maxCharacters - 1);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= maxCharacters) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Label positions as close as possible to their targets with at least `gap` between
 * neighbours, kept within [low, high] when there is room (otherwise centred on the range).
 * Returns the positions in the input order.
 *
 * Order-preserving least-squares placement: labels sorted by target, then clusters that would
 * overlap are merged and each cluster centred on the mean of its targets (the pool-adjacent-
 * violators idea of isotonic regression). Cost: O(n log n) for the sort, O(n) amortised after.
 *
 * @example spreadLabels([50, 50, 100], 12, 0, 300) // [44, 56, 100]
 */
export function spreadLabels(targets: readonly number[], gap: number, low: number, high: number): number[] {
  const order = targets.map((_, index) => index).sort((a, b) => targets[a]! - targets[b]! || a - b);
  // A cluster holds consecutive labels (in sorted order) placed `gap` apart from `start`; `sum`
  // adds each member's target less its offset in the cluster, so the best start is sum / count.
  const clusters: Array<{ first: number; count: number; sum: number; start: number }> = [];
  const clamp = (cluster: { count: number; start: number }) => {
    const extent = (cluster.count - 1) * gap;
    if (extent > high - low) return low + (high - low - extent) / 2;
    return Math.min(Math.max(cluster.start, low), high - extent);
  };
  order.forEach((index, rank) => {
    let cluster = { first: rank, count: 1, sum: targets[index]!, start: targets[index]! };
    cluster.start = clamp(cluster);
    while (clusters.length > 0) {
      const previous = clusters[clusters.length - 1]!;
      if (previous.start + previous.count * gap <= cluster.start) break;
      clusters.pop();
      const count = previous.count + cluster.count;
      const sum = previous.sum + cluster.sum - cluster.count * previous.count * gap;
      cluster = { first: previous.first, count, sum, start: 0 };
      cluster.start = clamp({ count, start: sum / count });
    }
    clusters.push(cluster);
  });
  const positions = new Array<number>(targets.length);
  for (const cluster of clusters) {
    for (let offset = 0; offset < cluster.count; offset++) positions[order[cluster.first + offset]!] = cluster.start + offset * gap;
  }
  return positions;
}

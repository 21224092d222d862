/** The tornado chart: which inputs move the forecast most. */
import type { Tornado, TornadoBar } from '../../core/analyses/sensitivity.js';
import { issueTitle, truncateText } from './layers.js';
import { colours, config, fontSize, formatValue, schema } from './theme.js';
import type { ChartIssue, ChartSpec } from './types.js';

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
  const x = {
    type: 'quantitative' as const,
    scale: { zero: true, nice: true },
    axis: { title: "change in the forecast (points on the issue's scale)", grid: true, gridColor: '#eeeeee' },
  };
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
      : [
          'Each input at its low and at its high, every other input at its mode; 0 = each model’s forecast at the modes.',
          'Filled dot: the input at its high; open dot: at its low. Inputs ranked by the mean swing over the models.',
        ],
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
  const modelColour = {
    field: 'model',
    type: 'nominal' as const,
    sort: models,
    scale: { domain: models, scheme: 'tableau10' },
    legend: { title: null, orient: 'bottom' as const, columns: 7 },
  };
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

/** The forecast chart: each model's forecast marked on the issue's scale. */
import { anchorLabelLayers, anchorLabelLayout } from './label-layout.js';
import { anchorRules, statusQuoRule, statusQuoText, xOnScale } from './layers.js';
import { colours, config, fontSize, formatValue, schema } from './theme.js';
import type { ChartIssue, ChartSpec, ModelForecast } from './types.js';

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

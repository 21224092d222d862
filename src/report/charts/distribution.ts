/** The distribution chart: the Monte Carlo distribution of each model's forecast. */
import type { ForecastDistribution } from '../../core/analyses/summary.js';
import { anchorRules, issueTitle, statusQuoRule, statusQuoText, xOnScale } from './layers.js';
import { colours, config, formatValue, schema, smallFontSize } from './theme.js';
import type { ChartIssue, ChartSpec } from './types.js';

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
  const bins = distributions
    .flatMap((entry) => {
      const { min, max, counts } = entry.histogram;
      const step = (max - min) / Math.max(1, counts.length);
      return counts.map((count, index) => ({
        model: entry.model,
        from: min + index * step,
        to: min + (index + 1) * step,
        share: entry.draws > 0 ? count / entry.draws : 0,
      }));
    })
    .filter((bin) => bin.share > 0);
  const summaries = distributions.map((entry) => ({
    model: entry.model,
    p5: entry.p5,
    p10: entry.p10,
    median: entry.median,
    p90: entry.p90,
    p95: entry.p95,
    text:
      entry.p10 === entry.p90
        ? `median ${formatValue(entry.median)}; 80% at ${formatValue(entry.p10)}`
        : `median ${formatValue(entry.median)}; 80%: ${formatValue(entry.p10)}–${formatValue(entry.p90)}`,
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

/**
 * Several variants against the base on one issue: a row per model, a dot per scenario (the
 * base and each variant, each its own colour and shape) on the issue's scale, with the status
 * quo as a red rule. A Vega-Lite spec, drawn like the report's charts.
 */
import type { CompareResult } from '@parley/core/analyses/compare.js';
import type { Issue } from '@parley/core/scenario.js';
import type { ChartSpec } from '@parley/report/charts.js';
import { formatNumber } from './edit.js';

/** The base first, then the variants in the order asked; colour-blind-safe (Okabe & Ito 2008). */
const palette = ['#000000', '#E69F00', '#0072B2', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442'];
const shapes = ['circle', 'diamond', 'square', 'triangle-up', 'triangle-down', 'cross', 'circle', 'square'];

export function compareChart(issue: Pick<Issue, 'id' | 'name' | 'scale' | 'statusQuo'>, result: CompareResult, options: { width?: number } = {}): ChartSpec {
  const rows = result.results.filter((row) => row.issue === issue.id);
  const scenarios = ['base', ...result.variants];
  const points = rows.flatMap((row) => [
    { model: row.model, scenario: 'base', value: row.base, text: formatNumber(row.base) },
    ...row.variants.flatMap((variant) =>
      variant.forecast === null ? [] : [{ model: row.model, scenario: variant.variant, value: variant.forecast, text: formatNumber(variant.forecast) }],
    ),
  ]);
  const models = [...new Set(rows.map((row) => row.model))];
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    scale: { domain: [issue.scale.min, issue.scale.max], nice: false, zero: false },
    axis: { title: null, grid: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    padding: 8,
    title: {
      text: `${issue.id}: ${issue.name}`,
      subtitle: ['Each model’s forecast in the base and in each variant; red: the status quo.'],
      fontSize: 13,
      subtitleFontSize: 11,
      anchor: 'start',
    },
    width: options.width ?? 380,
    height: Math.max(1, models.length) * 22,
    layer: [
      ...(issue.statusQuo === undefined
        ? []
        : [{ data: { values: [{ value: issue.statusQuo }] }, mark: { type: 'rule' as const, color: '#c0392b', strokeDash: [4, 3] }, encoding: { x } }]),
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, opacity: 0.9 },
        encoding: {
          x,
          y: { field: 'model', type: 'nominal', sort: models, axis: { title: null, domain: false, ticks: false } },
          color: {
            field: 'scenario',
            type: 'nominal',
            scale: { domain: scenarios, range: palette.slice(0, scenarios.length) },
            legend: { title: null, orient: 'bottom', direction: 'horizontal' },
          },
          shape: { field: 'scenario', type: 'nominal', scale: { domain: scenarios, range: shapes.slice(0, scenarios.length) } },
          tooltip: [
            { field: 'scenario', type: 'nominal' },
            { field: 'model', type: 'nominal' },
            { field: 'text', type: 'nominal', title: 'forecast' },
          ],
        },
      },
    ],
  } as ChartSpec;
}

/**
 * The forecast as a table for people: per issue the scale, anchors and status quo, then each
 * model's forecast with the nearest anchor in words.
 */
import type { Forecast } from '../core/forecast.js';
import { nearestAnchor, type Scenario } from '../core/scenario.js';
import { formatValue } from '../report/charts.js';

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatForecastTable(scenario: Scenario, result: Forecast): string {
  const lines: string[] = [];
  lines.push(`${scenario.title}`);
  lines.push(`scenario ${scenario.id}${scenario.asOf ? `, as of ${scenario.asOf}` : ''}; variant: ${result.scenario.variant ?? 'base'}`);
  const modelIds = [...new Set(result.results.map((row) => row.model))];
  const modelWidth = Math.max(8, ...modelIds.map((id) => id.length));
  for (const issue of scenario.issues) {
    lines.push('');
    const statusQuo = issue.statusQuo === undefined ? 'no status quo' : `status quo ${formatValue(issue.statusQuo)}`;
    lines.push(`${issue.id} — ${issue.name}  [scale ${formatValue(issue.scale.min)}–${formatValue(issue.scale.max)}, ${statusQuo}]`);
    const anchors = Object.entries(issue.anchors ?? {}).sort(([a], [b]) => Number(a) - Number(b));
    for (const [point, label] of anchors) lines.push(`    ${point.padStart(4)}  ${truncate(label, 100)}`);
    lines.push(`  ${'model'.padEnd(modelWidth)}  forecast  nearest anchor`);
    for (const modelId of modelIds) {
      const row = result.results.find((candidate) => candidate.model === modelId && candidate.issue === issue.id);
      if (!row) continue;
      const anchor = nearestAnchor(issue.anchors, row.forecast, issue.scale);
      const anchorText = anchor ? `${formatValue(anchor.point)}: ${truncate(anchor.label, 80)}` : '';
      lines.push(`  ${modelId.padEnd(modelWidth)}  ${formatValue(row.forecast).padStart(8)}  ${anchorText}`);
      for (const note of row.notes) lines.push(`  ${' '.repeat(modelWidth)}            note: ${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

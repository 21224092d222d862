/**
 * The analyses as tables for people: Monte Carlo summaries (`parley sweep`), tornadoes and
 * parameter sweeps (`parley sensitivity`) and variants side by side (`parley compare`).
 */
import type { HeadlineIssue } from '../core/analyses/headline.js';
import type { CompareResult } from '../core/analyses/compare.js';
import type { MonteCarloSummary } from '../core/analyses/monte-carlo.js';
import type { SensitivityResult } from '../core/analyses/sensitivity.js';
import type { Issue, Scenario } from '../core/scenario.js';
import { formatValue } from '../report/charts/theme.js';

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `TERR — Territory  [scale 0–100, status quo 50]` and the anchors, one a line. */
function issueHeading(issue: Issue): string[] {
  const statusQuo = issue.statusQuo === undefined ? 'no status quo' : `status quo ${formatValue(issue.statusQuo)}`;
  const lines = [`${issue.id} — ${issue.name}  [scale ${formatValue(issue.scale.min)}–${formatValue(issue.scale.max)}, ${statusQuo}]`];
  const anchors = Object.entries(issue.anchors ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  for (const [point, label] of anchors) lines.push(`    ${point.padStart(4)}  ${truncate(label, 100)}`);
  return lines;
}

/** A probability as a whole percentage, never rounding a possible outcome to 0% or 100%. */
export function formatPercent(probability: number): string {
  if (probability > 0 && probability < 0.005) return '<1%';
  if (probability < 1 && probability > 0.995) return '>99%';
  return `${Math.round(probability * 100)}%`;
}

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Histogram counts as one line of block characters (blank for an empty bin). */
export function sparkline(counts: readonly number[]): string {
  const most = Math.max(1, ...counts);
  return counts.map((count) => (count === 0 ? ' ' : blocks[Math.min(7, Math.floor((count / most) * 7.999))])).join('');
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
  );
}

export function formatMonteCarloTable(scenario: Scenario, summary: MonteCarloSummary): string {
  const lines = [scenario.title];
  lines.push(
    `scenario ${summary.scenario.id}; variant: ${summary.scenario.variant ?? 'base'}; ${summary.draws.finished}${summary.complete ? '' : ` of ${summary.draws.requested}`} draws, seed ${summary.seed}; ${summary.inputs.length} ranged input${summary.inputs.length === 1 ? '' : 's'} drawn from triangular distributions`,
  );
  for (const issue of scenario.issues) {
    const results = summary.results.filter((result) => result.issue === issue.id);
    if (results.length === 0) continue;
    lines.push('', ...issueHeading(issue));
    const tails = results[0]!.atLeast.map((tail) => `P≥${formatValue(tail.anchor)}`);
    const rows = [['model', 'mean', 'median', 'p5–p95', 'p10–p90', 'sd', 'histogram', ...tails]];
    for (const result of results) {
      rows.push([
        result.model,
        formatValue(result.mean),
        formatValue(result.median),
        `${formatValue(result.p5)}–${formatValue(result.p95)}`,
        `${formatValue(result.p10)}–${formatValue(result.p90)}`,
        formatValue(result.sd),
        `|${sparkline(result.histogram.counts)}|`,
        ...result.atLeast.map((tail) => formatPercent(tail.probability)),
      ]);
    }
    lines.push(...table(rows));
    for (const result of results) {
      // A mean of multi-modal draws may lie where no draw is: say where they pile up.
      if (result.modes.length > 1) {
        lines.push(
          `  ${result.model}: the draws pile up in ${result.modes.length} places — ${result.modes.map((mode) => `${formatValue(mode.value)} (${formatPercent(mode.share)})`).join(', ')}; the mean ${formatValue(result.mean)} is not a likely outcome`,
        );
      }
    }
  }
  lines.push(
    '',
    `histogram: ${summary.results[0]?.histogram.counts.length ?? 0} equal bins over each issue's scale; P≥a: share of draws at or above anchor a; JSON bands exclude their anchors, which have their own share (atAnchors)`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatSensitivityTable(scenario: Scenario, result: SensitivityResult, top: number): string {
  const lines = [
    scenario.title,
    `scenario ${result.scenario.id}; variant: ${result.scenario.variant ?? 'base'}; ${result.inputs.length} ranged inputs, each moved to its low and its high with the rest at their modes`,
  ];
  for (const issue of scenario.issues) {
    const tornadoes = result.tornado.filter((tornado) => tornado.issue === issue.id);
    if (tornadoes.length === 0) continue;
    lines.push('', `${issue.id} — ${issue.name}  [scale ${formatValue(issue.scale.min)}–${formatValue(issue.scale.max)}]`);
    for (const tornado of tornadoes) {
      const moving = tornado.bars.filter((bar) => bar.swing > 0);
      lines.push(`  ${tornado.model}: forecast ${formatValue(tornado.base)} with every input at its mode`);
      if (moving.length === 0) {
        lines.push('    no ranged input moves it');
        continue;
      }
      const rows = [['input', 'low–high', 'forecast at low → high', 'swing']];
      for (const bar of moving.slice(0, top)) {
        rows.push([
          bar.name,
          `${formatValue(bar.low)}–${formatValue(bar.high)}`,
          `${formatValue(bar.atLow)} → ${formatValue(bar.atHigh)}`,
          formatValue(bar.swing),
        ]);
      }
      lines.push(...table(rows, '    '));
      const rest = moving.length - Math.min(top, moving.length);
      if (rest > 0) lines.push(`    (${rest} more input${rest === 1 ? '' : 's'} with a smaller swing; --top or --json for all)`);
    }
  }
  const sweeps = [...new Set(result.sweeps.map((row) => `${row.model}.${row.param}`))];
  for (const sweep of sweeps) {
    const rows = result.sweeps.filter((row) => `${row.model}.${row.param}` === sweep);
    const values = [...new Set(rows.map((row) => row.value))];
    lines.push('', `parameter sweep ${sweep} (every input at its mode)`);
    const grid = [['issue', ...values.map(String)]];
    for (const issue of scenario.issues) {
      grid.push([issue.id, ...values.map((value) => formatValue(rows.find((row) => row.issue === issue.id && row.value === value)?.forecast ?? Number.NaN))]);
    }
    lines.push(...table(grid));
  }
  return `${lines.join('\n')}\n`;
}

function signed(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '±0' : `${rounded > 0 ? '+' : ''}${formatValue(rounded)}`;
}

export function formatCompareTable(scenario: Scenario, result: CompareResult, headlines?: Readonly<Record<string, readonly HeadlineIssue[]>>): string {
  const lines = [
    scenario.title,
    `scenario ${result.scenario.id}; base against ${result.variants.length ? result.variants.join(', ') : 'no variants (the scenario has none)'}`,
  ];
  for (const variant of result.variants) {
    const description = scenario.variants?.find((candidate) => candidate.id === variant)?.description;
    if (description) lines.push(`  ${variant}: ${truncate(description, 110)}`);
  }
  for (const issue of scenario.issues) {
    const rows = result.results.filter((row) => row.issue === issue.id);
    if (rows.length === 0) continue;
    lines.push('', `${issue.id} — ${issue.name}  [scale ${formatValue(issue.scale.min)}–${formatValue(issue.scale.max)}]`);
    const headlineOf = (variant: string) => headlines?.[variant]?.find((entry) => entry.issue === issue.id);
    if (headlines) {
      const cellOf = (variant: string) => {
        const entry = headlineOf(variant);
        if (!entry) return '';
        const deal = entry.agreement.probability === null ? '' : `, deal ${formatPercent(entry.agreement.probability)}`;
        return `${formatValue(entry.forecast)} [${formatValue(entry.interval.low)}–${formatValue(entry.interval.high)}]${deal}`;
      };
      lines.push(`  ▶ ${['base', ...result.variants].map((variant) => `${variant}: ${cellOf(variant)}`).join('; ')}`);
    }
    const grid = [['model', 'base', ...result.variants]];
    for (const row of rows) {
      grid.push([
        row.model,
        formatValue(row.base),
        ...row.variants.map((variant) =>
          variant.forecast === null ? 'not applicable' : `${formatValue(variant.forecast)} (${signed(variant.difference ?? Number.NaN)})`,
        ),
      ]);
    }
    lines.push(...table(grid));
  }
  return `${lines.join('\n')}\n`;
}

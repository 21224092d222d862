/**
 * The ledger's track record in words and table cells: by forecaster (the one answer, each
 * model, the status-quo baseline), by scenario and by month recorded. One set of cells for
 * the text `parley ledger score` prints, its HTML page (`track-record.ts`) and the web app's
 * Track record page. Text only: runs in a browser.
 */
import type { ModelScore } from '../core/analyses/backtest.js';
import type { TrackRecord, TrackRecordGroup } from '../core/ledger/score.js';

export const trackRecordHeader = ['forecaster', 'n', 'MAE', '95% CI of MAE', '80% interval covered', 'Brier P(deal)'] as const;

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** One forecaster's row: MAE on 0–100, its bootstrap interval, the interval coverage, the Brier score. */
export function scoreCells(score: ModelScore): string[] {
  const covered = score.interval ? `${Math.round(score.interval.coverage * score.n)}/${score.n} (${Math.round(score.interval.coverage * 100)}%)` : '–';
  return [
    score.model,
    String(score.n),
    fixed(score.mae),
    `${fixed(score.maeLow)}–${fixed(score.maeHigh)}`,
    covered,
    score.noChange ? fixed(score.noChange.brier, 3) : '–',
  ];
}

function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Groups as rows and forecasters as columns, each cell the MAE (a forecaster with no forecast in a group: –). */
export function groupTable(first: string, groups: readonly TrackRecordGroup[], forecasters: readonly string[]): string[][] {
  return [
    [first, 'n', ...forecasters],
    ...groups.map((group) => [
      group.key,
      String(Math.max(...group.scores.map((score) => score.n))),
      ...forecasters.map((model) => {
        const score = group.scores.find((candidate) => candidate.model === model);
        return score === undefined ? '–' : fixed(score.mae);
      }),
    ]),
  ];
}

export const trackRecordNote =
  "Errors are percentages of each issue's range (0–100). summary is Parley's one answer (the ensemble's forecast, its 80% interval, its chance of a deal); status-quo is the baseline that nothing changes. A Brier score is scored on issues with a status quo: 0 is perfect, lower is better.";

/** The track record as text, for a terminal. */
export function trackRecordText(record: TrackRecord): string {
  const head = `Track record: ${record.resolved} resolved forecast ${record.resolved === 1 ? 'issue' : 'issues'}, ${record.open} still open\n`;
  const forecasters = record.overall.map((score) => score.model);
  if (record.resolved === 0)
    return `${head}Nothing to score yet: resolve a forecast with parley ledger resolve ENTRY --issue I --observed V --date D --source TEXT\n`;
  return [
    head,
    `${trackRecordNote}\n`,
    '\nBy forecaster\n',
    `${textTable([[...trackRecordHeader], ...record.overall.map(scoreCells)])}\n`,
    '\nMAE by scenario\n',
    `${textTable(groupTable('scenario', record.byScenario, forecasters))}\n`,
    '\nMAE over time, by month recorded\n',
    `${textTable(groupTable('month', record.overTime, forecasters))}\n`,
  ].join('');
}

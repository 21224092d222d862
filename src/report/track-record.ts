/**
 * The ledger's track record as HTML: a fragment (by forecaster, by scenario, over time) and
 * the standalone page `parley ledger score --html` writes, in the cells of
 * `track-record-words.ts`. Pure: no I/O.
 */
import type { ModelScore } from '../core/analyses/backtest.js';
import type { TrackRecord, TrackRecordGroup } from '../core/ledger/score.js';
import { html, type SafeHtml } from './html.js';
import { groupTable, scoreCells, trackRecordHeader, trackRecordNote } from './track-record-words.js';

function scoreTable(scores: readonly ModelScore[]): SafeHtml {
  return html`<table class="track-record"><thead><tr>${trackRecordHeader.map((cell) => html`<th>${cell}</th>`)}</tr></thead><tbody>${scores.map(
    (score) => html`<tr>${scoreCells(score).map((cell) => html`<td>${cell}</td>`)}</tr>`,
  )}</tbody></table>`;
}

/** The track record as HTML sections: by forecaster, by scenario, over time. */
export function trackRecordHtml(record: TrackRecord): SafeHtml {
  if (record.resolved === 0) return html`<p>No forecast is resolved yet (${record.open} open).</p>`;
  const forecasters = record.overall.map((score) => score.model);
  const groups = (title: string, first: string, list: readonly TrackRecordGroup[]) => {
    const [header, ...rows] = groupTable(first, list, forecasters);
    return html`<h2>${title}</h2><table class="track-record"><thead><tr>${header!.map((cell) => html`<th>${cell}</th>`)}</tr></thead><tbody>${rows.map(
      (row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`,
    )}</tbody></table>`;
  };
  return html`<p>${record.resolved} resolved forecast issues, ${record.open} still open. ${trackRecordNote}</p>
<h2>By forecaster</h2>${scoreTable(record.overall)}
${groups('MAE by scenario', 'scenario', record.byScenario)}
${groups('MAE over time, by month recorded', 'month', record.overTime)}`;
}

/** A standalone page of the track record, with the chain head it was scored at. */
export function trackRecordPage(record: TrackRecord, meta: { workspace: string; head: string | null; version: string }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley track record — ${meta.workspace}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}code{font-size:13px}</style></head>
<body><h1>Track record: ${meta.workspace}</h1>
${trackRecordHtml(record)}
<footer><p>Scored by Parley ${meta.version} at the ledger head <code>${meta.head ?? 'none'}</code> (parley ledger digest; check it with parley ledger verify).</p></footer>
</body></html>
`.markup;
}

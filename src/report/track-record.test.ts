import { describe, expect, it } from 'vitest';
import { resolutionBody } from '../core/ledger/resolve.js';
import { scoreLedger } from '../core/ledger/score.js';
import { chainOf, forecastOf } from '../core/testing/ledger.js';
import type { LedgerBody } from '../core/ledger/entry.js';
import { trackRecordPage } from './track-record.js';
import { scoreCells, trackRecordText } from './track-record-words.js';

// CUT (0–20, status quo 0) forecast 10 with an 8–14 interval and P(deal) 0.7, median 6; resolved at 12.
// On 0–100: summary |10−12|·5 = 10, median |6−12|·5 = 30, status quo 60; Brier (0.3 − 0)² = 0.09 and (1 − 0)² = 1.
function record() {
  const forecast = forecastOf('budget <b>', { id: 'CUT', min: 0, max: 20, statusQuo: 0 }, { forecast: 10, low: 8, high: 14, p: 0.7 }, 6);
  const resolution = resolutionBody(
    chainOf([forecast]),
    { entry: '1', issue: 'CUT', observed: '12', date: '2026-02-01', source: 'minutes' },
    '2026-12-01',
  ) as LedgerBody;
  return scoreLedger(chainOf([forecast, resolution]), { resamples: 100 });
}

describe('the track record in words', () => {
  it('gives each forecaster one row of cells', () => {
    expect(record().overall.map(scoreCells)).toEqual([
      ['summary', '1', '10.0', '10.0–10.0', '1/1 (100%)', '0.090'],
      ['median', '1', '30.0', '30.0–30.0', '–', '–'],
      ['status-quo', '1', '60.0', '60.0–60.0', '–', '1.000'],
    ]);
  });

  it('prints the tables by forecaster, scenario and month', () => {
    const text = trackRecordText(record());
    expect(text).toMatch(/^Track record: 1 resolved forecast issue, 0 still open\n/);
    expect(text).toMatch(/\nscenario +n +summary +median +status-quo\nbudget <b> +1 +10\.0 +30\.0 +60\.0\n/);
    expect(text).toMatch(/\nmonth +n +summary +median +status-quo\n2026-01 +1 +10\.0 +30\.0 +60\.0\n/);
  });

  it('writes a page with the same cells, text escaped', () => {
    const page = trackRecordPage(record(), { workspace: 'Team & co', head: 'abc', version: '0.1.0' });
    expect(page).toMatch(/<title>Parley track record — Team &amp; co<\/title>/);
    expect(page).toContain('<td>summary</td><td>1</td><td>10.0</td>');
    expect(page).toContain('<td>budget &lt;b&gt;</td>');
    expect(page).not.toContain('<b>');
  });
});

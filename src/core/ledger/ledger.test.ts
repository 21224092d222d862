import { describe, expect, it } from 'vitest';
import { inputsHash } from '../inputs-hash.js';
import { ledgerLines, parseLedgerLines, verifyChain } from './chain.js';
import { chainOf, forecastOf, ledgerScenario } from '../testing/ledger.js';
import { entryHash, type ForecastBody, type LedgerBody, type LedgerEntry } from './entry.js';
import { forecastBody, isRecordProblem } from './record.js';
import { isResolutionProblem, resolutionBody } from './resolve.js';
import { scoreLedger } from './score.js';

const cut = forecastOf('budget', { id: 'CUT', min: 0, max: 20, statusQuo: 0 }, { forecast: 10, low: 8, high: 14, p: 0.7 }, 6);
const tax = forecastOf('taxes', { id: 'TAX', min: 0, max: 100, statusQuo: 50 }, { forecast: 60, low: 40, high: 70, p: 0.6 }, 55);

function resolved(entries: LedgerEntry[], request: { entry: string; issue: string; observed: string; date: string }): LedgerBody {
  const body = resolutionBody(entries, { ...request, source: 'the minutes' }, '2026-12-01');
  if (isResolutionProblem(body)) throw new Error(body.message);
  return body;
}

function twoResolved(): LedgerEntry[] {
  const forecasts = chainOf([cut, tax]);
  const first = resolved(forecasts, { entry: '1', issue: 'CUT', observed: '12', date: '2026-03-01' });
  const second = resolved(forecasts, { entry: '2', issue: 'TAX', observed: 'status-quo', date: '2026-03-02' });
  return chainOf([cut, tax, first, second]);
}

describe('the hash chain', () => {
  it('links each entry to the one before by its hash, over the canonical JSON of every other member', () => {
    const entries = chainOf([cut, tax]);
    expect(entries[0]!.previous).toBeNull();
    expect(entries[1]!.previous).toBe(entries[0]!.hash);
    expect(entries[1]!.seq).toBe(2);
    expect(entryHash(entries[0]!)).toBe(entries[0]!.hash);
    // The hash does not depend on member order: a reordered copy hashes the same.
    const reordered = Object.fromEntries(Object.entries(entries[0]!).reverse()) as unknown as LedgerEntry;
    expect(entryHash(reordered)).toBe(entries[0]!.hash);
    expect(verifyChain(entries)).toEqual({ ok: true, verified: 2, head: { seq: 2, hash: entries[1]!.hash }, firstBreak: null });
  });

  it('names the first entry whose contents changed', () => {
    const entries = twoResolved();
    const edited = structuredClone(entries);
    (edited[1]!.body as ForecastBody).summary[0]!.forecast = 51;
    const report = verifyChain(edited);
    expect(report.ok).toBe(false);
    expect(report.verified).toBe(1);
    expect(report.firstBreak?.seq).toBe(2);
    expect(report.firstBreak?.message).toMatch(/^entry 2 was changed/);
  });

  it('catches a changed entry whose hash was rewritten to match, at the next entry', () => {
    const edited = structuredClone(twoResolved());
    (edited[1]!.body as ForecastBody).summary[0]!.forecast = 51;
    edited[1]!.hash = entryHash(edited[1]!);
    const report = verifyChain(edited);
    expect(report.firstBreak?.seq).toBe(3);
    expect(report.firstBreak?.message).toMatch(/names the previous hash/);
  });

  it('catches a deleted line of an export, naming its line', () => {
    const text = ledgerLines(twoResolved());
    const lines = text.split('\n');
    lines.splice(1, 1);
    const parsed = parseLedgerLines(lines.join('\n'));
    if ('message' in parsed) throw new Error(parsed.message);
    const report = verifyChain(parsed.entries, { lines: parsed.lines });
    expect(report.firstBreak).toEqual({ seq: 2, line: 2, message: 'entry 2 (line 2) is missing: the next entry is number 3, after 1 (one entry was dropped)' });
  });

  it('catches dropped newest entries only against a published digest', () => {
    const entries = twoResolved();
    const published = entries.at(-1)!.hash;
    expect(verifyChain(entries.slice(0, 3)).ok).toBe(true);
    const report = verifyChain(entries.slice(0, 3), { published });
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.message).toMatch(/published digest .* is the hash of no entry/);
    expect(verifyChain(entries, { published }).ok).toBe(true);
  });

  it('says which line of an export is not JSON', () => {
    expect(parseLedgerLines('{"a":1}\n\n{oops\n')).toEqual({ line: 3, message: 'line 3 is not JSON (each line of a ledger export is one entry)' });
  });
});

describe('resolutions', () => {
  const forecasts = chainOf([cut, tax]);
  const base = { entry: '1', issue: 'CUT', observed: '12', date: '2026-03-01', source: 'minutes' };
  const problem = (change: Partial<typeof base>) => {
    const body = resolutionBody(forecasts, { ...base, ...change }, '2026-12-01');
    return isResolutionProblem(body) ? body : undefined;
  };

  it('records a deal at a point, or that the status quo stands', () => {
    expect(resolutionBody(forecasts, base, '2026-12-01')).toEqual({
      kind: 'resolution',
      entry: { seq: 1, hash: forecasts[0]!.hash },
      issue: 'CUT',
      outcome: { agreement: true, observed: 12 },
      date: '2026-03-01',
      source: 'minutes',
      quote: null,
    });
    expect(resolutionBody(forecasts, { ...base, observed: 'status-quo' }, '2026-12-01')).toMatchObject({ outcome: { agreement: false, observed: 0 } });
    expect(resolutionBody(forecasts, { ...base, entry: forecasts[1]!.hash.slice(0, 10), issue: 'TAX' }, '2026-12-01')).toMatchObject({ entry: { seq: 2 } });
  });

  it('refuses, naming the field: an unknown entry or issue, a value off the scale, a bad or early date', () => {
    expect(problem({ entry: '9' })).toEqual({ field: 'entry', message: 'there is no entry 9 (the ledger has 2 entries)' });
    expect(problem({ entry: 'abc' })?.field).toBe('entry');
    expect(problem({ issue: 'TAX' })).toEqual({ field: 'issue', message: 'entry 1 has no issue "TAX"; its issues are CUT' });
    expect(problem({ observed: '21' })).toEqual({ field: 'observed', message: "21 is off CUT's scale (0 to 20)" });
    expect(problem({ observed: 'Infinity' })?.field).toBe('observed');
    expect(problem({ observed: '' })?.field).toBe('observed');
    expect(problem({ date: '2026-02-30' })?.field).toBe('date');
    expect(problem({ date: '1/3/2026' })?.field).toBe('date');
    expect(problem({ date: '2026-01-09' })).toEqual({
      field: 'date',
      message: '2026-01-09 is before entry 1 was recorded (2026-01-10); a forecast is scored only on what happened after it',
    });
    expect(problem({ date: '2026-12-02' })?.message).toMatch(/in the future/);
    expect(problem({ source: '  ' })?.field).toBe('source');
  });

  it('refuses a second resolution of an issue, and a resolution of a resolution', () => {
    const entries = twoResolved();
    expect(resolutionBody(entries, base, '2026-12-01')).toMatchObject({
      field: 'issue',
      message: 'issue CUT of entry 1 is already resolved by entry 3; a resolution is never replaced',
    });
    expect(resolutionBody(entries, { ...base, entry: '3' }, '2026-12-01')).toMatchObject({ field: 'entry' });
  });
});

describe('the track record', () => {
  // Hand-computed on 0–100 (percent of range): CUT (0–20) resolved at 12, TAX (0–100) at its status quo 50.
  // summary: |10−12|·5 = 10 and |60−50| = 10; both intervals cover; Brier (0.3−0)² = 0.09 and (0.4−1)² = 0.36.
  // median: |6−12|·5 = 30 and 5. status quo: |0−12|·5 = 60 and 0; Brier (1−0)² = 1 and (1−1)² = 0.
  it('scores the summary, each model and the status-quo baseline', () => {
    const record = scoreLedger(twoResolved(), { resamples: 200 });
    expect(record.resolved).toBe(2);
    expect(record.open).toBe(0);
    expect(record.overall.map((score) => score.model)).toEqual(['summary', 'median', 'status-quo']);
    const [summary, median, statusQuo] = record.overall;
    expect(summary!.mae).toBeCloseTo(10, 12);
    expect(summary!.interval).toEqual({ level: 0.8, coverage: 1, meanWidth: 30 });
    expect(summary!.noChange!.brier).toBeCloseTo(0.225, 12);
    expect(median!.mae).toBeCloseTo(17.5, 12);
    expect(median!.noChange).toBeUndefined();
    expect(statusQuo!.mae).toBeCloseTo(30, 12);
    expect(statusQuo!.noChange!.brier).toBeCloseTo(0.5, 12);
    expect(record.byScenario.map((group) => [group.key, group.scores[0]!.mae])).toEqual([
      ['budget', 10],
      ['taxes', 10],
    ]);
    expect(record.overTime.map((group) => [group.key, group.scores[1]!.mae])).toEqual([['2026-01', 17.5]]);
    expect(record.rows[1]).toMatchObject({
      entry: 2,
      resolution: 4,
      issue: 'TAX',
      agreement: false,
      observed: 50,
      summary: { covered: true },
      statusQuo: { forecast: 50, error: 0 },
    });
  });

  it('counts open issues and scores nothing without a resolution', () => {
    const record = scoreLedger(chainOf([cut, tax]));
    expect(record).toMatchObject({ resolved: 0, open: 2, overall: [], byScenario: [], overTime: [] });
  });
});

describe('a forecast entry', () => {
  const scenario = ledgerScenario;

  it('holds the inputs hash, the request with its seed, each model and the one answer; the same seed gives the same body', () => {
    const body = forecastBody(scenario, 'yaml text', { models: ['median', 'compromise'], seed: 5, draws: 20, resolveBy: '2027-01-31' });
    if (isRecordProblem(body)) throw new Error(body.message);
    expect(body.scenario).toEqual({ id: 'budget', title: 'Budget', inputsHash: inputsHash(scenario), yaml: 'yaml text' });
    expect(body.request).toMatchObject({ models: ['median', 'compromise'], seed: 5, draws: 20 });
    expect(body.models.map((row) => row.model)).toEqual(['median', 'compromise']);
    expect(body.summary[0]!.issue).toBe('CUT');
    expect(body.summary[0]!.agreementProbability).toBeGreaterThan(0);
    expect(body.issues).toEqual([{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }]);
    expect(forecastBody(scenario, 'yaml text', { models: ['median', 'compromise'], seed: 5, draws: 20, resolveBy: '2027-01-31' })).toEqual(body);
  });

  it('refuses a resolve-by that is not a date', () => {
    expect(forecastBody(scenario, '', { resolveBy: '2027-13-01' })).toMatchObject({ field: 'resolve-by' });
  });
});

/** Ledger entries for tests: forecast bodies with known numbers, and chains of them. */
import { linkEntry, type ChainHead, type ForecastBody, type LedgerBody, type LedgerEntry } from '../ledger/entry.js';
import type { Scenario } from '../scenario.js';

/** Two actors on one issue, CUT (0–20, status quo 0), with a ranged position and a variant: small enough to forecast in milliseconds. */
export const ledgerScenario: Scenario = {
  parley: 1,
  id: 'budget',
  title: 'Budget',
  issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
  actors: [
    { id: 'treasurer', name: 'Treasurer', capability: 0.6, stances: { CUT: { position: 10, salience: 0.9 } } },
    { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: { low: 0, mode: 2, high: 4 }, salience: 1 } } },
  ],
  variants: [{ id: 'soft', changes: [{ actor: 'treasurer', issue: 'CUT', position: 6 }] }],
};

/** A one-issue forecast body whose summary and median forecasts are the given numbers. */
export function forecastOf(
  scenario: string,
  issue: { id: string; min: number; max: number; statusQuo: number | null },
  summary: { forecast: number; low: number; high: number; p: number },
  median: number,
): ForecastBody {
  return {
    kind: 'forecast',
    scenario: { id: scenario, title: scenario, inputsHash: '0'.repeat(64), yaml: `id: ${scenario}\n` },
    variant: null,
    issues: [{ id: issue.id, name: issue.id, scale: { min: issue.min, max: issue.max }, statusQuo: issue.statusQuo }],
    request: { models: ['median'], params: { median: {} }, seed: 1, draws: 200 },
    models: [{ model: 'median', issue: issue.id, forecast: median }],
    notApplicable: [],
    summary: [{ issue: issue.id, forecast: summary.forecast, interval: { level: 0.8, low: summary.low, high: summary.high }, agreementProbability: summary.p }],
    note: null,
    resolveBy: null,
  };
}

/** A chain of the given bodies in workspace `w1`, recorded one a day from 2026-01-10. */
export function chainOf(bodies: readonly LedgerBody[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let head: ChainHead = null;
  bodies.forEach((body, index) => {
    const entry = linkEntry(head, { recordedAt: new Date(Date.UTC(2026, 0, 10 + index)).toISOString(), workspace: 'w1', author: 'ana', parley: '0.1.0', body });
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  });
  return entries;
}

/** A ledger entry in words, for the track record page. */
import type { LedgerEntry } from '@parley/server/protocol.js';

/**
 * What an entry is, in a few words: the forecast it records (scenario, variant, note), or
 * the entry and issue it resolves with the outcome observed, its date and source.
 */
export function entryWords(entry: Pick<LedgerEntry, 'body'>): string {
  const body = entry.body;
  if (body.kind === 'forecast')
    return `forecast of ${body.scenario.title}${body.variant ? ` (variant ${body.variant})` : ''}${body.note ? ` — ${body.note}` : ''}`;
  const outcome = body.outcome.agreement ? `agreed at ${body.outcome.observed}` : 'no agreement, the status quo stands';
  return `resolves entry ${body.entry.seq} / ${body.issue}: ${outcome} on ${body.date} (${body.source})`;
}

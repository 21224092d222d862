/**
 * An entry of the forecast ledger, as stored and as one line of `parley ledger export`:
 * a forecast on the record, or a resolution saying what actually happened on one of its
 * issues. Entries are never edited; each carries the hash of the one before it, so a
 * change to any entry, or a dropped one, breaks the chain (`chain.ts`, `docs/ledger.md`).
 *
 * The hash of an entry is SHA-256 (hex) of the RFC 8785 canonical JSON of the entry without
 * its `hash` member: `sha256Hex(canonicalJson(entry minus hash))`.
 */
import { canonicalJson } from '../canonical-json.js';
import { sha256Hex } from '../sha256.js';

/** The format of an entry; a later format gets a new name, so old exports still read. */
export const ledgerFormat = 'parley-ledger/1';

/** One model's forecast of one issue, on the issue's scale. */
export interface ModelForecastRecord {
  model: string;
  issue: string;
  forecast: number;
}

/** The one answer of an issue (`analyses/headline.ts`): the ensemble forecast, its 80% interval, the chance of a deal. */
export interface SummaryRecord {
  issue: string;
  forecast: number;
  /** null when the ensemble gave no interval. */
  interval: { level: number; low: number; high: number } | null;
  /** 1 − P(the status quo stands); null without a status quo. */
  agreementProbability: number | null;
}

/** An issue as it was forecast (after the variant): what a resolution is checked against. */
export interface IssueRecord {
  id: string;
  name: string;
  scale: { min: number; max: number };
  statusQuo: number | null;
}

export interface ForecastBody {
  kind: 'forecast';
  scenario: {
    id: string;
    title: string;
    /** SHA-256 of the scenario's canonical JSON (`core/inputs-hash.ts`), the same hash runs and reports give. */
    inputsHash: string;
    /** The scenario file, as YAML. */
    yaml: string;
  };
  variant: string | null;
  issues: IssueRecord[];
  /** What reproduces the forecast: the models, their parameters as resolved, the seed and the draws of the summary. */
  request: {
    models: string[];
    params: Record<string, Record<string, string | number | boolean>>;
    seed: number;
    draws: number;
  };
  models: ModelForecastRecord[];
  /** Models that could not forecast an issue, with why. */
  notApplicable: { model: string; issue: string; reason: string }[];
  summary: SummaryRecord[];
  note: string | null;
  /** When the forecast should be resolvable (YYYY-MM-DD), if the recorder said. */
  resolveBy: string | null;
}

/** What happened on an issue: a deal at a point of the scale, or no agreement (the status quo stands). */
export type ResolvedOutcome = { agreement: true; observed: number } | { agreement: false; observed: number };

export interface ResolutionBody {
  kind: 'resolution';
  /** The forecast entry resolved, by its number and its hash. */
  entry: { seq: number; hash: string };
  issue: string;
  outcome: ResolvedOutcome;
  /** When it was decided (YYYY-MM-DD). */
  date: string;
  /** Where that is written (a treaty, a report, a URL). */
  source: string;
  quote: string | null;
}

export type LedgerBody = ForecastBody | ResolutionBody;

/** An entry as it is kept and exported: one JSON object, `hash` over all of its other members. */
export interface LedgerEntry {
  format: typeof ledgerFormat;
  /** Position in the workspace's chain, from 1. */
  seq: number;
  /** The hash of entry `seq − 1`; null for the first. */
  previous: string | null;
  /** ISO timestamp. */
  recordedAt: string;
  workspace: string;
  author: string;
  /** The Parley version that made it. */
  parley: string;
  body: LedgerBody;
  hash: string;
}

export type UnhashedEntry = Omit<LedgerEntry, 'hash'>;

/** The head of a chain: its last entry's number and hash; null for an empty ledger. */
export type ChainHead = { seq: number; hash: string } | null;

/**
 * The hash of an entry: SHA-256 of the canonical JSON of every member but `hash`.
 *
 * Cost: O(size of the entry).
 */
export function entryHash(entry: UnhashedEntry | LedgerEntry): string {
  const { hash: _ignored, ...rest } = entry as LedgerEntry;
  return sha256Hex(canonicalJson(rest));
}

/** The next entry after `head`: numbered, linked and hashed. */
export function linkEntry(head: ChainHead, fields: Omit<UnhashedEntry, 'format' | 'seq' | 'previous'>): LedgerEntry {
  const unhashed: UnhashedEntry = {
    format: ledgerFormat,
    seq: head === null ? 1 : head.seq + 1,
    previous: head === null ? null : head.hash,
    recordedAt: fields.recordedAt,
    workspace: fields.workspace,
    author: fields.author,
    parley: fields.parley,
    body: fields.body,
  };
  return { ...unhashed, hash: entryHash(unhashed) };
}

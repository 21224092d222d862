/**
 * The forecast ledger's operations over a storage, one set for the CLI and the server:
 * read and verify a workspace's chain, record a forecast, resolve one. Entries are made in
 * the core (`core/ledger/`); storage numbers, links and commits them.
 *
 * A resolution is checked against the ledger as read and appended only onto that same head
 * (`after`); when someone appended in between, it is checked again against the new ledger.
 */
import { parseStoredEntries, verifyChain, type ChainReport } from '../core/ledger/chain.js';
import type { LedgerEntry } from '../core/ledger/entry.js';
import { forecastBody, isRecordProblem, type ForecastRecordRequest, type RecordProblem } from '../core/ledger/record.js';
import { isResolutionProblem, resolutionBody, type ResolutionProblem, type ResolutionRequest } from '../core/ledger/resolve.js';
import type { Scenario } from '../core/scenario.js';
import { StorageError, type Storage } from './storage.js';

export interface ReadLedger {
  /** The entries that verified, in order (all of them when the chain holds). */
  entries: LedgerEntry[];
  report: ChainReport;
  /** Every stored entry's JSON as kept: what an export writes, broken or not. */
  stored: string[];
}

/** A workspace's ledger as stored, verified. `published` is a digest the head must have passed. */
export async function readLedger(storage: Storage, workspaceId: string, published?: string): Promise<ReadLedger> {
  const stored = (await storage.listLedgerEntries(workspaceId)).map((row) => row.json);
  const values = parseStoredEntries(stored);
  const report = verifyChain(values, published === undefined ? {} : { published });
  return { entries: values.slice(0, report.verified) as LedgerEntry[], report, stored };
}

/** A ledger that does not verify: nothing more is written to it or scored from it. */
export class BrokenLedger extends Error {
  constructor(readonly report: ChainReport) {
    super(`the ledger does not verify: ${report.firstBreak?.message ?? 'it is broken'}; nothing was written (parley ledger verify shows it)`);
    this.name = 'BrokenLedger';
  }
}

/** The workspace's entries, or a BrokenLedger when the chain does not hold. */
export async function verifiedEntries(storage: Storage, workspaceId: string): Promise<LedgerEntry[]> {
  const { entries, report } = await readLedger(storage, workspaceId);
  if (!report.ok) throw new BrokenLedger(report);
  return entries;
}

export interface RecordInput {
  scenario: Scenario;
  /** The scenario as YAML (`scenarioToYaml`). */
  yaml: string;
  request: ForecastRecordRequest;
  author: string;
  parley: string;
}

/**
 * Runs the forecast and appends its entry; the problem with the note or date when there is
 * one (nothing written). The forecast is computed before the append, outside its lock.
 */
export async function recordForecast(storage: Storage, workspaceId: string, input: RecordInput): Promise<LedgerEntry | RecordProblem> {
  const body = forecastBody(input.scenario, input.yaml, input.request);
  if (isRecordProblem(body)) return body;
  await verifiedEntries(storage, workspaceId);
  return storage.appendLedgerEntry(workspaceId, { author: input.author, parley: input.parley, body });
}

/** How many times a resolution is checked again when others keep appending in between. */
const resolveAttempts = 5;

/**
 * Appends a resolution, or answers the problem with the request (nothing written).
 * `now` is the resolution's recording time: its date may not be later.
 */
export async function resolveForecast(
  storage: Storage,
  workspaceId: string,
  request: ResolutionRequest,
  who: { author: string; parley: string; now: Date },
): Promise<LedgerEntry | ResolutionProblem> {
  for (let attempt = 1; ; attempt++) {
    const entries = await verifiedEntries(storage, workspaceId);
    const body = resolutionBody(entries, request, who.now.toISOString().slice(0, 10));
    if (isResolutionProblem(body)) return body;
    const last = entries.at(-1);
    const after = last === undefined ? null : { seq: last.seq, hash: last.hash };
    try {
      return await storage.appendLedgerEntry(workspaceId, { author: who.author, parley: who.parley, body, after });
    } catch (error) {
      if (!(error instanceof StorageError) || error.code !== 'conflict' || attempt === resolveAttempts) throw error;
    }
  }
}

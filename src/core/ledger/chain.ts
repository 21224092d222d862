/**
 * Checking a ledger: recompute every entry's hash and follow the chain of `previous`
 * hashes, reporting the first entry that breaks it. Entries come from the database or from
 * an export (JSON Lines, `parseLedgerLines`), as plain parsed JSON: nothing is trusted.
 *
 * What a check catches: an entry whose contents changed (its hash no longer matches), an
 * entry whose hash was rewritten to match (the next entry's `previous` no longer does), a
 * dropped or reordered entry (the numbers jump), a resolution of an entry that is not there.
 * Dropping the newest entries leaves a shorter chain that is still whole; only a published
 * head (`ledger digest`, checked with `published`) shows that.
 *
 * Cost: O(total size of the entries).
 */
import { entryHash, ledgerFormat, type ChainHead, type LedgerEntry } from './entry.js';

export interface ChainBreak {
  /** The entry's number as its place in the chain says it should be. */
  seq: number;
  /** Its line in an export, when it came from one. */
  line: number | null;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Entries that verified, in order, before any break. */
  verified: number;
  head: ChainHead;
  firstBreak: ChainBreak | null;
}

export interface ChainOptions {
  /** Line of each entry in an export, in the same order. */
  lines?: readonly number[];
  /** A head published earlier (`ledger digest`): it must be the hash of one of the entries. */
  published?: string;
}

const hexHash = /^[0-9a-f]{64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with entry `expectedSeq` (given what came before), or undefined when it holds. */
function entryProblem(value: unknown, expectedSeq: number, previous: LedgerEntry | undefined, forecasts: Map<number, string>): string | undefined {
  if (!isObject(value)) return 'is not a JSON object';
  if (value.format !== ledgerFormat) return `has format ${JSON.stringify(value.format)}, not "${ledgerFormat}"`;
  if (!Number.isSafeInteger(value.seq)) return 'has no entry number (seq)';
  if (typeof value.hash !== 'string' || !hexHash.test(value.hash)) return 'has no hash (64 hex digits)';
  const seq = value.seq as number;
  if (seq > expectedSeq)
    return `is missing: the next entry is number ${seq}${expectedSeq === 1 ? '' : `, after ${expectedSeq - 1}`} (${seq - expectedSeq === 1 ? 'one entry was' : `${seq - expectedSeq} entries were`} dropped)`;
  if (seq < expectedSeq) return `comes again or out of order: entry number ${seq} stands where ${expectedSeq} should`;
  const expectedPrevious = previous?.hash ?? null;
  if (value.previous !== expectedPrevious) {
    return expectedPrevious === null
      ? 'is the first entry but names a previous hash (entries before it were dropped)'
      : `names the previous hash ${String(value.previous)}, but entry ${seq - 1} has hash ${expectedPrevious} (entry ${seq - 1} or this one was changed)`;
  }
  if (previous && value.workspace !== previous.workspace) return `belongs to workspace ${String(value.workspace)}, not ${previous.workspace}`;
  let recomputed: string;
  try {
    recomputed = entryHash(value as unknown as LedgerEntry);
  } catch (error) {
    return `cannot be hashed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (recomputed !== value.hash) return `was changed: it records hash ${value.hash}, but its contents hash to ${recomputed}`;
  const body = value.body;
  if (!isObject(body) || (body.kind !== 'forecast' && body.kind !== 'resolution')) return 'has a body that is neither a forecast nor a resolution';
  if (body.kind === 'resolution') {
    const target = isObject(body.entry) ? body.entry : undefined;
    const targetSeq = target?.seq;
    if (typeof targetSeq !== 'number' || forecasts.get(targetSeq) !== target?.hash)
      return `resolves entry ${String(targetSeq)}, which is not an earlier forecast with hash ${String(target?.hash)}`;
  }
  return undefined;
}

/**
 * Verifies a chain of entries in order. The first entry must be number 1 and each next one
 * must follow it; `firstBreak` names the first that does not, and `verified` counts those before it.
 *
 * @example verifyChain([]).ok // true (an empty ledger holds)
 */
export function verifyChain(entries: readonly unknown[], options: ChainOptions = {}): ChainReport {
  let previous: LedgerEntry | undefined;
  const forecasts = new Map<number, string>();
  const hashes = new Set<string>();
  for (let index = 0; index < entries.length; index++) {
    const expectedSeq = index + 1;
    const problem = entryProblem(entries[index], expectedSeq, previous, forecasts);
    if (problem !== undefined) {
      const line = options.lines?.[index] ?? null;
      return {
        ok: false,
        verified: index,
        head: previous ? { seq: previous.seq, hash: previous.hash } : null,
        firstBreak: { seq: expectedSeq, line, message: `entry ${expectedSeq}${line === null ? '' : ` (line ${line})`} ${problem}` },
      };
    }
    previous = entries[index] as LedgerEntry;
    hashes.add(previous.hash);
    if (previous.body.kind === 'forecast') forecasts.set(previous.seq, previous.hash);
  }
  const head: ChainHead = previous ? { seq: previous.seq, hash: previous.hash } : null;
  if (options.published !== undefined && !hashes.has(options.published.toLowerCase())) {
    return {
      ok: false,
      verified: entries.length,
      head,
      firstBreak: {
        seq: entries.length + 1,
        line: null,
        message: `the published digest ${options.published} is the hash of no entry: entries recorded before it were changed or dropped`,
      },
    };
  }
  return { ok: true, verified: entries.length, head, firstBreak: null };
}

/** The entries of an export (JSON Lines; blank lines skipped) with their line numbers, or the first line that is not JSON. */
export function parseLedgerLines(text: string): { entries: unknown[]; lines: number[] } | { line: number; message: string } {
  const entries: unknown[] = [];
  const lines: number[] = [];
  const rows = text.split('\n');
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!.replace(/\r$/, '');
    if (row.trim() === '') continue;
    try {
      entries.push(JSON.parse(row));
    } catch {
      return { line: index + 1, message: `line ${index + 1} is not JSON (each line of a ledger export is one entry)` };
    }
    lines.push(index + 1);
  }
  return { entries, lines };
}

/** The export of entries: one JSON object a line, in chain order (what `ledger export` writes). */
export function ledgerLines(entries: readonly LedgerEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** Stored entry texts as values to check: a text that is not JSON stays a string, which `verifyChain` reports. */
export function parseStoredEntries(texts: readonly string[]): unknown[] {
  return texts.map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  });
}

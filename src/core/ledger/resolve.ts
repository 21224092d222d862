/**
 * The body of a resolution: what actually happened on one issue of a recorded forecast. It is
 * an entry of its own; the forecast is never edited. Checked against the forecast entry it
 * names: the issue must be one of its issues, the observed value on that issue's scale, the
 * date a real one between the forecast's day and today. "No agreement, the status quo
 * stands" records the issue's status quo as the observed value.
 */
import type { LedgerEntry, ResolutionBody } from './entry.js';
import { checkText, isCalendarDate } from './text.js';

export interface ResolutionRequest {
  /** The forecast entry: its number, or the first 8 or more hex digits of its hash. */
  entry: string;
  issue: string;
  /** A number on the issue's scale, or `status-quo` when no agreement was reached. */
  observed: string;
  /** YYYY-MM-DD. */
  date: string;
  source: string;
  quote?: string;
}

/** A resolution that cannot be recorded: the request field at fault, and why. */
export interface ResolutionProblem {
  field: 'entry' | 'issue' | 'observed' | 'date' | 'source' | 'quote';
  message: string;
}

/** The word that says no agreement was reached. */
export const statusQuoStands = 'status-quo';

/** The entry a reference names: a number, or a hash prefix of at least 8 hex digits. */
export function findEntry(entries: readonly LedgerEntry[], reference: string): LedgerEntry | ResolutionProblem {
  const given = reference.trim();
  if (/^\d+$/.test(given)) {
    const found = entries.find((entry) => entry.seq === Number(given));
    return found ?? { field: 'entry', message: `there is no entry ${given} (the ledger has ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})` };
  }
  if (!/^[0-9a-f]{8,64}$/i.test(given))
    return { field: 'entry', message: `${JSON.stringify(reference)}: give an entry number, or 8 or more hex digits of its hash` };
  const matches = entries.filter((entry) => entry.hash.startsWith(given.toLowerCase()));
  if (matches.length === 0) return { field: 'entry', message: `no entry has a hash starting ${given}` };
  if (matches.length > 1) return { field: 'entry', message: `${matches.length} entries have hashes starting ${given}; give more digits` };
  return matches[0]!;
}

export function isResolutionProblem(value: unknown): value is ResolutionProblem {
  return typeof value === 'object' && value !== null && 'field' in value && 'message' in value;
}

/**
 * The resolution body, or the first problem with the request. `entries` is the whole ledger
 * (a second resolution of the same issue is refused: the first stands on the record);
 * `today` is the resolution's own recording day (YYYY-MM-DD).
 *
 * Cost: O(entries).
 */
export function resolutionBody(entries: readonly LedgerEntry[], request: ResolutionRequest, today: string): ResolutionBody | ResolutionProblem {
  const target = findEntry(entries, request.entry);
  if (isResolutionProblem(target)) return target;
  if (target.body.kind !== 'forecast')
    return { field: 'entry', message: `entry ${target.seq} is a resolution; name the forecast entry it resolves (${target.body.entry.seq})` };
  const forecastBody = target.body;
  const issue = forecastBody.issues.find((candidate) => candidate.id === request.issue);
  if (!issue)
    return {
      field: 'issue',
      message: `entry ${target.seq} has no issue ${JSON.stringify(request.issue)}; its issues are ${forecastBody.issues.map((candidate) => candidate.id).join(', ')}`,
    };
  const earlier = entries.find((entry) => entry.body.kind === 'resolution' && entry.body.entry.seq === target.seq && entry.body.issue === issue.id);
  if (earlier)
    return { field: 'issue', message: `issue ${issue.id} of entry ${target.seq} is already resolved by entry ${earlier.seq}; a resolution is never replaced` };

  let outcome: ResolutionBody['outcome'];
  const observedText = request.observed.trim();
  if (observedText === statusQuoStands) {
    if (issue.statusQuo === null)
      return {
        field: 'observed',
        message: `issue ${issue.id} had no status quo in entry ${target.seq}; give the observed value on its scale (${issue.scale.min} to ${issue.scale.max})`,
      };
    outcome = { agreement: false, observed: issue.statusQuo };
  } else {
    const observed = observedText === '' ? Number.NaN : Number(observedText);
    if (!Number.isFinite(observed))
      return {
        field: 'observed',
        message: `${JSON.stringify(request.observed)} is not a number; give a value on ${issue.id}'s scale (${issue.scale.min} to ${issue.scale.max}), or ${statusQuoStands} when no agreement was reached`,
      };
    if (observed < issue.scale.min || observed > issue.scale.max)
      return { field: 'observed', message: `${observed} is off ${issue.id}'s scale (${issue.scale.min} to ${issue.scale.max})` };
    outcome = { agreement: true, observed };
  }

  if (!isCalendarDate(request.date))
    return { field: 'date', message: `${JSON.stringify(request.date)} is not a date; write it as YYYY-MM-DD, e.g. 2027-06-30` };
  const recordedDay = target.recordedAt.slice(0, 10);
  if (request.date < recordedDay)
    return {
      field: 'date',
      message: `${request.date} is before entry ${target.seq} was recorded (${recordedDay}); a forecast is scored only on what happened after it`,
    };
  if (request.date > today) return { field: 'date', message: `${request.date} is in the future (today is ${today})` };

  const sourceProblem = checkText(request.source, 'source', 1_000);
  if (sourceProblem) return { field: 'source', message: sourceProblem };
  const quote = request.quote ?? null;
  const quoteProblem = quote === null ? undefined : checkText(quote, 'quote', 20_000);
  if (quoteProblem) return { field: 'quote', message: quoteProblem };

  return {
    kind: 'resolution',
    entry: { seq: target.seq, hash: target.hash },
    issue: issue.id,
    outcome,
    date: request.date,
    source: request.source.trim(),
    quote,
  };
}

/**
 * The workspace's track record: every forecast put on the ledger (with "Record this
 * forecast"), resolved when the outcome is known and scored — by forecaster (the one
 * answer, each model, the status-quo baseline), by scenario and by month recorded, in the
 * same cells as `parley ledger score`. Also the chain's check, the digest to publish, the
 * export, and a form to record what happened.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { groupTable, scoreCells, trackRecordHeader, trackRecordNote } from '@parley/report/track-record-words.js';
import type { LedgerEntry, LedgerResponse, TrackRecordResponse } from '@parley/server/protocol.js';
import { api, errorText } from '../api.js';
import { routeHash } from '../route.js';
import { keyed } from '../keys.js';
import { entryWords } from '../ledger-words.js';

type ForecastEntry = LedgerEntry & { body: Extract<LedgerEntry['body'], { kind: 'forecast' }> };

function isForecast(entry: LedgerEntry): entry is ForecastEntry {
  return entry.body.kind === 'forecast';
}

/** A table whose first row is its header; a row is keyed by its first cell (the forecaster, scenario or month), a cell by its column's heading. */
function Table({ rows, label }: { rows: readonly (readonly string[])[]; label: string }) {
  const [header = [], ...body] = rows;
  const columns = keyed(header);
  return (
    <table className="track-record" aria-label={label}>
      <thead>
        <tr>
          {columns.map(({ key, item: heading }) => (
            <th key={key}>{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keyed(body, (row) => row[0] ?? '').map(({ key, item: row }) => (
          <tr key={key}>
            {columns.map((column, at) => (
              <td key={column.key}>{row[at]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrackRecordPage({ workspace, author }: { workspace: string; author: string }) {
  const [ledger, setLedger] = useState<LedgerResponse>();
  const [record, setRecord] = useState<TrackRecordResponse>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const listed = await api.ledger(workspace);
      setLedger(listed);
      setRecord(listed.verify.ok ? await api.trackRecord(workspace) : undefined);
      setError(undefined);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, [workspace]);
  useEffect(() => void load(), [load]);

  const download = async () => {
    const text = await api.exportLedger(workspace);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
    Object.assign(document.createElement('a'), { href: url, download: `ledger-${workspace}.jsonl` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const forecasters = record?.overall.map((score) => score.model) ?? [];
  return (
    <main className="page track-record-page">
      <p>
        <a href={routeHash({ page: 'list' })}>← Scenarios</a>
      </p>
      <h1>Track record</h1>
      {error ? <p className="error">{error}</p> : null}
      {ledger ? (
        <section className="panel">
          <h2>The ledger</h2>
          <p role="status" className={ledger.verify.ok ? 'note' : 'error'}>
            {ledger.verify.ok
              ? `The chain verifies: ${ledger.verify.verified} ${ledger.verify.verified === 1 ? 'entry' : 'entries'}, each holding the hash of the one before.`
              : `The ledger does not verify: ${ledger.verify.firstBreak?.message}`}
          </p>
          {ledger.verify.head ? (
            <p>
              Digest to publish (the newest entry's hash): <code data-testid="ledger-digest">{ledger.verify.head.hash}</code>{' '}
              <button type="button" onClick={() => void download()}>
                Download export (JSON Lines)
              </button>
            </p>
          ) : (
            <p className="muted">Nothing on the ledger yet: open a scenario's Forecast and press "Record this forecast".</p>
          )}
          {ledger.entries.length > 0 ? (
            <table className="ledger-entries" aria-label="Ledger entries">
              <thead>
                <tr>
                  <th>#</th>
                  <th>recorded</th>
                  <th>entry</th>
                  <th>by</th>
                  <th>hash</th>
                </tr>
              </thead>
              <tbody>
                {ledger.entries.map((entry) => (
                  <tr key={entry.seq}>
                    <td>{entry.seq}</td>
                    <td>{entry.recordedAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>{entryWords(entry)}</td>
                    <td>{entry.author}</td>
                    <td>
                      <code title={entry.hash}>{entry.hash.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      {ledger?.verify.ok && ledger.entries.some(isForecast) ? (
        <ResolveForm workspace={workspace} entries={ledger.entries} author={author} onResolved={load} />
      ) : null}
      {record ? (
        <section className="panel">
          <h2>Scores</h2>
          <p className="muted small">
            {record.resolved} resolved forecast {record.resolved === 1 ? 'issue' : 'issues'}, {record.open} still open. {trackRecordNote}
          </p>
          {record.resolved > 0 ? (
            <>
              <h3>By forecaster</h3>
              <Table label="By forecaster" rows={[[...trackRecordHeader], ...record.overall.map(scoreCells)]} />
              <h3>MAE by scenario</h3>
              <Table label="MAE by scenario" rows={groupTable('scenario', record.byScenario, forecasters)} />
              <h3>MAE over time, by month recorded</h3>
              <Table label="MAE over time" rows={groupTable('month', record.overTime, forecasters)} />
            </>
          ) : null}
        </section>
      ) : null}
    </main>
  );
}

/** Records what happened on an issue of a recorded forecast: a deal at a value, or no agreement. */
function ResolveForm({
  workspace,
  entries,
  author,
  onResolved,
}: {
  workspace: string;
  entries: LedgerEntry[];
  author: string;
  onResolved: () => Promise<void>;
}) {
  const forecasts = entries.filter(isForecast);
  const [seq, setSeq] = useState(forecasts.at(-1)!.seq);
  const chosen = forecasts.find((entry) => entry.seq === seq) ?? forecasts.at(-1)!;
  const [issue, setIssue] = useState(chosen.body.issues[0]?.id ?? '');
  const [observed, setObserved] = useState('');
  const [statusQuo, setStatusQuo] = useState(false);
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [source, setSource] = useState('');
  const [quote, setQuote] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const ids = { entry: useId(), issue: useId(), observed: useId(), date: useId(), source: useId(), quote: useId() };
  const scale = chosen.body.issues.find((candidate) => candidate.id === issue)?.scale;

  const submit = async () => {
    try {
      const { entry } = await api.resolveForecast(workspace, {
        entry: chosen.seq,
        issue,
        observed: statusQuo ? 'status-quo' : Number(observed.trim() === '' ? Number.NaN : observed),
        date,
        source,
        ...(quote.trim() ? { quote } : {}),
        author,
      });
      setMessage({ text: `Recorded as entry ${entry.seq} (hash ${entry.hash.slice(0, 12)}…).`, error: false });
      await onResolved();
    } catch (failure) {
      setMessage({ text: `Not recorded: ${errorText(failure)}`, error: true });
    }
  };

  return (
    <section className="panel">
      <h2>Record what happened</h2>
      <form
        className="resolve-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={ids.entry}>Forecast</label>
        <select
          id={ids.entry}
          value={chosen.seq}
          onChange={(event) => {
            const next = forecasts.find((entry) => entry.seq === Number(event.target.value))!;
            setSeq(next.seq);
            setIssue(next.body.issues[0]?.id ?? '');
          }}
        >
          {forecasts.map((entry) => (
            <option key={entry.seq} value={entry.seq}>
              {entry.seq}: {entry.body.scenario.title}
              {entry.body.variant ? ` / ${entry.body.variant}` : ''} ({entry.recordedAt.slice(0, 10)})
            </option>
          ))}
        </select>
        <label htmlFor={ids.issue}>Issue</label>
        <select id={ids.issue} value={issue} onChange={(event) => setIssue(event.target.value)}>
          {chosen.body.issues.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.id}: {candidate.name}
            </option>
          ))}
        </select>
        <label htmlFor={ids.observed}>Outcome{scale ? ` (${scale.min} to ${scale.max})` : ''}</label>
        <span>
          <input id={ids.observed} inputMode="decimal" value={observed} disabled={statusQuo} onChange={(event) => setObserved(event.target.value)} />{' '}
          <label>
            <input type="checkbox" checked={statusQuo} onChange={(event) => setStatusQuo(event.target.checked)} /> No agreement: the status quo stands
          </label>
        </span>
        <label htmlFor={ids.date}>Decided on</label>
        <input id={ids.date} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        <label htmlFor={ids.source}>Source</label>
        <input id={ids.source} value={source} onChange={(event) => setSource(event.target.value)} placeholder="a treaty, a report, a URL" size={50} />
        <label htmlFor={ids.quote}>Quote</label>
        <input id={ids.quote} value={quote} onChange={(event) => setQuote(event.target.value)} placeholder="its words (optional)" size={50} />
        <span />
        <button type="submit" className="primary" disabled={source.trim() === '' || (!statusQuo && observed.trim() === '')}>
          Record the outcome
        </button>
      </form>
      {message ? (
        <p role="status" className={message.error ? 'error' : 'note'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

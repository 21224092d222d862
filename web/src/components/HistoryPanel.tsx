/**
 * Every saved version (who changed what, when), each restorable; a name for the current
 * version; any two versions compared in words; and the recorded runs, each of which opens
 * again with its charts.
 */
import { useEffect, useState } from 'react';
import type { RunSummary, VersionRecord } from '@parley/server/protocol.js';
import { api, errorText } from '../api.js';
import type { ScenarioEditor } from '../editor.js';
import { when } from './format.js';
import { RunView } from './RunView.js';
import { keyed } from '../keys.js';
import { isNamed, namedSummary, versionLabel } from '../versions.js';

export function HistoryPanel({ editor, scenarioId }: { editor: ScenarioEditor; scenarioId: string }) {
  const [versions, setVersions] = useState<VersionRecord[]>();
  const [runs, setRuns] = useState<RunSummary[]>();
  const [failure, setFailure] = useState<string>();
  const [openRun, setOpenRun] = useState<string>();
  const head = editor.stored?.version;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `head` is the trigger, not an input: each new saved version reloads the lists.
  useEffect(() => {
    let cancelled = false;
    Promise.all([api.versions(scenarioId), api.runs(scenarioId)])
      .then(([versionList, runList]) => {
        if (cancelled) return;
        setVersions(versionList.versions);
        setRuns(runList.runs);
      })
      .catch((error: unknown) => !cancelled && setFailure(errorText(error)));
    return () => {
      cancelled = true;
    };
  }, [scenarioId, head]);

  return (
    <div className="history">
      <section className="panel">
        <h2>Versions</h2>
        <p className="muted small">Every save is a version. Restoring one saves its content as a new version, so nothing is lost.</p>
        {failure ? <p className="error">{failure}</p> : null}
        <NameVersion editor={editor} />
        <ol className="versions" reversed>
          {(versions ?? []).map((version) => (
            <li key={version.version} data-version={version.version} className={isNamed(version) ? 'named' : ''}>
              <span className="version-number">v{version.version}</span>
              <span className="version-when">{when(version.createdAt)}</span>
              <span className="version-who">{version.author}</span>
              <span className="version-what">{version.summary}</span>
              {version.version === head ? (
                <span className="muted small">current</span>
              ) : (
                <button type="button" onClick={() => void editor.restore(version.version)}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ol>
      </section>
      <div className="history-side">
        {versions && versions.length > 1 ? <VersionDiff scenarioId={scenarioId} versions={versions} /> : null}
        <section className="panel">
          <h2>Recorded runs</h2>
          {runs && runs.length === 0 ? <p className="muted small">None yet: record a forecast, Monte Carlo or tornado run in the Forecast tab.</p> : null}
          {runs && runs.length > 0 ? (
            <div className="table-scroll">
              <table className="runs">
                <thead>
                  <tr>
                    <th>when</th>
                    <th>kind</th>
                    <th>version</th>
                    <th>variant</th>
                    <th>models</th>
                    <th>seed</th>
                    <th>inputs hash</th>
                    <th>by</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {runs.map((run) => (
                    <tr key={run.id} className={run.id === openRun ? 'open' : ''}>
                      <td>{when(run.createdAt)}</td>
                      <td>{run.kind}</td>
                      <td>v{run.version}</td>
                      <td>{run.variant ?? 'base'}</td>
                      <td title={run.models.join(', ')}>{run.models.length} models</td>
                      <td>{run.seed === null ? '—' : run.seed}</td>
                      <td className="mono" title={run.inputsHash}>
                        {run.inputsHash.slice(0, 12)}
                      </td>
                      <td>{run.author}</td>
                      <td>
                        <button type="button" onClick={() => setOpenRun(run.id)} aria-label={`Open the ${run.kind} run of ${when(run.createdAt)}`}>
                          Open
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        {openRun ? <RunView scenarioId={scenarioId} runId={openRun} onClose={() => setOpenRun(undefined)} /> : null}
      </div>
    </div>
  );
}

/** Names the current version ("before the council vote"): a version of the same content whose summary carries the name. */
function NameVersion({ editor }: { editor: ScenarioEditor }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string>();
  const stored = editor.stored;
  const unsaved = editor.status.kind !== 'saved';
  const submit = async () => {
    if (!stored || unsaved || name.trim() === '') return;
    try {
      await editor.saveNamed(namedSummary(name, stored.version));
      setMessage(`Named the current content "${name.trim()}".`);
      setName('');
    } catch (error) {
      setMessage(`Not named: ${errorText(error)}`);
    }
  };
  return (
    <form
      className="row name-version"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <input
        value={name}
        onChange={(event) => setName(event.target.value)}
        placeholder="e.g. before the council vote"
        aria-label="Version name"
        maxLength={120}
      />
      <button
        type="submit"
        disabled={!stored || unsaved || name.trim() === ''}
        title={unsaved ? 'save (or fix) the current edits first' : 'name the current version'}
      >
        Name this version
      </button>
      {message ? <span className="note small">{message}</span> : null}
    </form>
  );
}

/** Any two versions compared, every change in words. */
function VersionDiff({ scenarioId, versions }: { scenarioId: string; versions: VersionRecord[] }) {
  const newest = versions[0]!.version;
  const [from, setFrom] = useState(Math.max(1, newest - 1));
  const [to, setTo] = useState(newest);
  const [changes, setChanges] = useState<string[]>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    setChanges(undefined);
    setFailure(undefined);
    api
      .changes(scenarioId, from, to)
      .then((answer) => !cancelled && setChanges(answer.changes))
      .catch((error: unknown) => !cancelled && setFailure(errorText(error)));
    return () => {
      cancelled = true;
    };
  }, [scenarioId, from, to]);
  return (
    <section className="panel" aria-label="Compare two versions">
      <div className="panel-head">
        <h2>Compare two versions</h2>
        <label className="small">
          from{' '}
          <select value={from} onChange={(event) => setFrom(Number(event.target.value))} aria-label="Compare from version">
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                {versionLabel(version)}
              </option>
            ))}
          </select>
        </label>
        <label className="small">
          to{' '}
          <select value={to} onChange={(event) => setTo(Number(event.target.value))} aria-label="Compare to version">
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                {versionLabel(version)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {failure ? <p className="error">{failure}</p> : null}
      {changes === undefined ? (
        <p className="muted small">Reading both versions…</p>
      ) : changes.length === 0 ? (
        <p className="muted small">
          Versions {from} and {to} have the same content.
        </p>
      ) : (
        <ul className="version-diff" data-testid="version-diff">
          {keyed(changes).map(({ key, item: change }) => (
            <li key={key}>{change}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every saved version (who changed what, when), each restorable; and the recorded runs. */
import { useEffect, useState } from 'react';
import type { RunSummary, VersionRecord } from '../../../src/server/protocol.js';
import { api, errorText } from '../api.js';
import type { ScenarioEditor } from '../editor.js';
import { when } from './format.js';

export function HistoryPanel({ editor, scenarioId }: { editor: ScenarioEditor; scenarioId: string }) {
  const [versions, setVersions] = useState<VersionRecord[]>();
  const [runs, setRuns] = useState<RunSummary[]>();
  const [failure, setFailure] = useState<string>();
  const head = editor.stored?.version;

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
        <ol className="versions" reversed>
          {(versions ?? []).map((version) => (
            <li key={version.version} data-version={version.version}>
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
      <section className="panel">
        <h2>Recorded runs</h2>
        {runs && runs.length === 0 ? <p className="muted small">None yet: record a forecast, Monte Carlo or tornado run in the Forecast tab.</p> : null}
        <table className="runs">
          <tbody>
            {(runs ?? []).map((run) => (
              <tr key={run.id}>
                <td>{when(run.createdAt)}</td>
                <td>{run.kind}</td>
                <td>v{run.version}</td>
                <td title={run.models.join(', ')}>{run.models.length} models</td>
                <td>{run.seed === null ? '' : `seed ${run.seed}`}</td>
                <td className="mono" title={run.inputsHash}>
                  {run.inputsHash.slice(0, 12)}
                </td>
                <td>{run.author}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

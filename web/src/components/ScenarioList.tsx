/** The workspace's scenarios: open, duplicate, export, delete; import a file of another format. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportFormat, Problem, WorkspaceRecord, WorkspaceResponse } from '@parley/server/protocol.js';
import { api, ApiRequestError, errorText, retryMilliseconds, ServerGoneError } from '../api.js';
import { problemText } from '../problems.js';
import { navigate, routeHash } from '../route.js';
import { when } from './format.js';
import { NewScenario } from './NewScenario.js';
import { keyed } from '../keys.js';

const formats: { value: ImportFormat; label: string; accept: string }[] = [
  { value: 'yaml', label: 'Parley YAML', accept: '.yaml,.yml' },
  { value: 'ktab', label: 'KTAB CSV', accept: '.csv' },
  { value: 'bdm', label: 'BDM CSV (actor, capability, position, salience)', accept: '.csv' },
];

const workspaceKey = 'parley.workspace';

export function ScenarioList({ author, signedIn }: { author: string; signedIn: boolean }) {
  const [workspaces, setWorkspaces] = useState<WorkspaceRecord[]>([]);
  const [chosen, setChosen] = useState(() => window.localStorage.getItem(workspaceKey));
  const [workspace, setWorkspace] = useState<WorkspaceResponse>();
  const [failure, setFailure] = useState<string>();
  const [creating, setCreating] = useState(() => window.localStorage.getItem('parley.new-scenario') !== null);

  const load = useCallback(async () => {
    try {
      const { workspaces: all } = await api.workspaces();
      setWorkspaces(all);
      const shown = all.find((candidate) => candidate.id === chosen) ?? all[0];
      if (!shown) {
        setFailure(
          signedIn
            ? 'You are not a member of any workspace yet: ask whoever runs this server to add you (parley users grant NAME --workspace WORKSPACE).'
            : 'There is no workspace yet: restart `parley serve` to create one.',
        );
        return;
      }
      setWorkspace(await api.workspace(shown.id));
      setFailure(undefined);
    } catch (error) {
      setFailure(errorText(error));
      if (error instanceof ServerGoneError) retry.current = window.setTimeout(() => void loadRef.current(), retryMilliseconds);
    }
  }, [chosen, signedIn]);
  const retry = useRef<number | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => () => window.clearTimeout(retry.current), []);
  useEffect(() => void load(), [load]);

  const choose = (id: string) => {
    window.localStorage.setItem(workspaceKey, id);
    setChosen(id);
  };

  const duplicate = async (id: string) => {
    try {
      const copy = await api.duplicate(id, { author });
      await load();
      navigate({ page: 'scenario', id: copy.id, tab: 'build' });
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  /** Fetched with the sign-in token (a plain link would go without it), then saved from memory. */
  const exportYaml = async (id: string) => {
    try {
      const { fileName, text } = await api.exportYaml(id);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  const remove = async (id: string, title: string) => {
    if (!window.confirm(`Delete "${title}" with all its versions and runs?`)) return;
    try {
      await api.remove(id);
      await load();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <main className="page list-page">
      <section>
        <div className="list-head">
          <h1>{workspace ? workspace.workspace.name : 'Scenarios'}</h1>
          {workspace ? (
            <button type="button" className="primary" onClick={() => setCreating(true)} aria-expanded={creating}>
              New scenario
            </button>
          ) : null}
          {workspace ? (
            <a className="button" href={routeHash({ page: 'ledger', workspace: workspace.workspace.id })}>
              Track record
            </a>
          ) : null}
        </div>
        {workspaces.length > 1 ? (
          <label className="workspace-choice">
            Workspace{' '}
            <select value={workspace?.workspace.id ?? ''} onChange={(event) => choose(event.target.value)} aria-label="Workspace">
              {workspaces.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {failure ? <p className="error">{failure}</p> : null}
        {workspace ? (
          <table className="scenario-table">
            <thead>
              <tr>
                <th>Scenario</th>
                <th>Versions</th>
                <th>Last saved</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {workspace.scenarios.map((scenario) => (
                <tr key={scenario.id}>
                  <td>
                    <a href={`#/s/${encodeURIComponent(scenario.id)}/build`} className="scenario-title">
                      {scenario.title}
                    </a>
                    <div className="muted small">{scenario.scenarioId}</div>
                  </td>
                  <td>{scenario.version}</td>
                  <td>
                    {when(scenario.updatedAt)} <span className="muted">by {scenario.updatedBy}</span>
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => navigate({ page: 'scenario', id: scenario.id, tab: 'build' })}>
                      Open
                    </button>
                    <button type="button" onClick={() => void duplicate(scenario.id)}>
                      Duplicate
                    </button>
                    <button type="button" onClick={() => void exportYaml(scenario.id)}>
                      Export YAML
                    </button>
                    <button type="button" className="danger" onClick={() => void remove(scenario.id, scenario.title)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : failure ? null : (
          <p className="muted">Loading…</p>
        )}
      </section>
      {workspace && creating ? <NewScenario workspace={workspace.workspace.id} author={author} onClose={() => setCreating(false)} /> : null}
      {workspace ? <ImportForm workspace={workspace.workspace.id} author={author} onImported={load} /> : null}
    </main>
  );
}

function ImportForm({ workspace, author, onImported }: { workspace: string; author: string; onImported: () => Promise<void> }) {
  const [format, setFormat] = useState<ImportFormat>('yaml');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string>();
  const accept = formats.find((entry) => entry.value === format)!.accept;

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  };

  const submit = async () => {
    setProblems([]);
    setMessage(undefined);
    try {
      const imported = await api.importScenario(workspace, { format, text, author, ...(fileName ? { fileName } : {}) });
      setText('');
      setFileName(undefined);
      await onImported();
      setMessage(`Imported "${imported.scenario.title}".${imported.notes.length ? ` ${imported.notes.join(' ')}` : ''}`);
    } catch (error) {
      if (error instanceof ApiRequestError && error.body.problems) setProblems(error.body.problems);
      setMessage(errorText(error));
    }
  };

  return (
    <section className="import">
      <h2>Import a scenario</h2>
      <div className="row">
        <label>
          Format{' '}
          <select value={format} onChange={(event) => setFormat(event.target.value as ImportFormat)}>
            {formats.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          File <input type="file" accept={accept} onChange={(event) => void readFile(event.target.files?.[0])} />
        </label>
      </div>
      <textarea
        aria-label="File content"
        placeholder="…or paste the file's content here"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setFileName(undefined);
        }}
        rows={6}
      />
      <button type="button" className="primary" disabled={text.trim() === ''} onClick={() => void submit()}>
        Import
      </button>
      {message ? <p className={problems.length ? 'error' : 'note'}>{message}</p> : null}
      {problems.length ? (
        <ul className="problems">
          {keyed(problems, (problem) => `${problem.line ?? ''}:${problemText(problem)}`).map(({ key, item: problem }) => (
            <li key={key}>
              {problem.line !== undefined ? `line ${problem.line}: ` : ''}
              {problemText(problem)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

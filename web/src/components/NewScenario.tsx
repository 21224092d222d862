/**
 * "New scenario": a title, the issues (id, name, scale, status quo) and the actors' table —
 * typed into a blank grid or pasted from a spreadsheet — previewed with every problem on the
 * cell it concerns. Create is possible once the library's validation has nothing to say.
 * The draft is kept in this browser until it is created, so closing the page loses nothing.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, errorText } from '../api.js';
import { blankIssue, blankRow, blankDraft, cellAt, draftScenario, fromPaste, type ActorRow, type IssueDraft, type TableDraft } from '../new-scenario.js';
import { navigate } from '../route.js';
import { keyed } from '../keys.js';

const draftKey = 'parley.new-scenario';

function storedDraft(): TableDraft | undefined {
  try {
    const text = window.localStorage.getItem(draftKey);
    return text ? (JSON.parse(text) as TableDraft) : undefined;
  } catch {
    return undefined;
  }
}

export function NewScenario({ workspace, author, onClose }: { workspace: string; author: string; onClose: () => void }) {
  const [draft, setDraft] = useState<TableDraft>(() => storedDraft() ?? blankDraft());
  const [paste, setPaste] = useState('');
  const [failure, setFailure] = useState<string>();
  const [creating, setCreating] = useState(false);
  useEffect(() => window.localStorage.setItem(draftKey, JSON.stringify(draft)), [draft]);
  const { scenario, problems } = useMemo(() => draftScenario(draft), [draft]);
  const count = [...problems.values()].reduce((total, list) => total + list.length, 0);

  const setIssue = (index: number, field: keyof IssueDraft, value: string) =>
    setDraft((current) => ({ ...current, issues: current.issues.map((issue, at) => (at === index ? { ...issue, [field]: value } : issue)) }));
  const setRow = (index: number, edit: (row: ActorRow) => ActorRow) =>
    setDraft((current) => ({ ...current, rows: current.rows.map((row, at) => (at === index ? edit(row) : row)) }));
  const addIssue = () =>
    setDraft((current) => ({
      ...current,
      issues: [...current.issues, blankIssue(current.issues.length)],
      rows: current.rows.map((row) => ({ ...row, positions: [...row.positions, ''], saliences: [...row.saliences, ''] })),
    }));
  const removeIssue = (index: number) =>
    setDraft((current) => ({
      ...current,
      issues: current.issues.filter((_, at) => at !== index),
      rows: current.rows.map((row) => ({
        ...row,
        positions: row.positions.filter((_, at) => at !== index),
        saliences: row.saliences.filter((_, at) => at !== index),
      })),
    }));

  const create = async () => {
    setCreating(true);
    setFailure(undefined);
    try {
      const created = await api.createScenario(workspace, { scenario, author, summary: 'new scenario' });
      window.localStorage.removeItem(draftKey);
      navigate({ page: 'scenario', id: created.id, tab: 'build' });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setCreating(false);
    }
  };

  const discard = () => {
    if (!window.confirm('Discard this new scenario? What you typed here is not kept.')) return;
    window.localStorage.removeItem(draftKey);
    setDraft(blankDraft());
    onClose();
  };

  return (
    <section className="new-scenario panel" aria-label="New scenario">
      <div className="panel-head">
        <h2>New scenario</h2>
        <button type="button" onClick={onClose} title="close; the draft stays here until you create or discard it">
          Close (keep the draft)
        </button>
        <button type="button" className="danger" onClick={discard}>
          Discard
        </button>
      </div>
      <label className="block">
        Title
        <input
          value={draft.title}
          onChange={(event) => setDraft((current) => ({ ...current, title: event.target.value }))}
          aria-label="Title"
          placeholder="e.g. City budget 2026"
        />
      </label>
      <Problems list={problems.get(cellAt.title)} />

      <details className="paste">
        <summary>Paste a table from a spreadsheet</summary>
        <p className="muted small">
          One row per actor: name, capability, then a position and a salience for each issue. A first row of headings (e.g.{' '}
          <code>actor, capability, CUT position, CUT salience</code>) names the issues. Tab-separated (as a spreadsheet copies) or comma-separated.
        </p>
        <textarea aria-label="Pasted table" rows={5} value={paste} onChange={(event) => setPaste(event.target.value)} />
        <button
          type="button"
          disabled={paste.trim() === ''}
          onClick={() => {
            setDraft((current) => fromPaste(current, paste));
            setPaste('');
          }}
        >
          Read the table
        </button>
      </details>

      <h3>Issues</h3>
      <div className="table-scroll">
        <table className="issues-draft">
          <thead>
            <tr>
              <th>id</th>
              <th>name</th>
              <th>scale from</th>
              <th>to</th>
              <th>status quo</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {draft.issues.map((issue, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a draft's row or column is its place: problems, labels and removal address it by index (cellAt), and its inputs hold no state of their own
              <tr key={index}>
                {(['id', 'name', 'min', 'max', 'statusQuo'] as const).map((field) => (
                  <td key={field}>
                    <DraftInput
                      value={issue[field]}
                      onChange={(value) => setIssue(index, field, value)}
                      label={`Issue ${index + 1} ${field === 'min' ? 'scale from' : field === 'max' ? 'scale to' : field === 'statusQuo' ? 'status quo' : field}`}
                      problems={problems.get(cellAt.issue(index, field))}
                    />
                  </td>
                ))}
                <td>
                  <button type="button" className="link danger" disabled={draft.issues.length === 1} onClick={() => removeIssue(index)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={addIssue}>
        Add an issue column
      </button>

      <h3>Actors</h3>
      <p className="muted small">
        Capability is relative clout on any positive scale; salience is 0 to 1. Leave an issue's two cells empty when the actor takes no part in it.
      </p>
      <div className="table-scroll">
        <table className="actors-draft">
          <thead>
            <tr>
              <th>actor</th>
              <th>capability</th>
              {draft.issues.map((issue, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a draft's row or column is its place: problems, labels and removal address it by index (cellAt), and its inputs hold no state of their own
                <th key={index} colSpan={2}>
                  {issue.id || `issue ${index + 1}`} <span className="muted small">position · salience</span>
                </th>
              ))}
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {draft.rows.map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a draft's row or column is its place: problems, labels and removal address it by index (cellAt), and its inputs hold no state of their own
              <tr key={rowIndex}>
                <td>
                  <DraftInput
                    value={row.name}
                    onChange={(value) => setRow(rowIndex, (current) => ({ ...current, name: value }))}
                    label={`Actor ${rowIndex + 1} name`}
                    problems={problems.get(cellAt.name(rowIndex))}
                  />
                </td>
                <td>
                  <DraftInput
                    value={row.capability}
                    onChange={(value) => setRow(rowIndex, (current) => ({ ...current, capability: value }))}
                    label={`Actor ${rowIndex + 1} capability`}
                    problems={problems.get(cellAt.capability(rowIndex))}
                    number
                  />
                </td>
                {draft.issues.map((issue, issueIndex) => (
                  <FragmentPair
                    // biome-ignore lint/suspicious/noArrayIndexKey: a draft's row or column is its place: problems, labels and removal address it by index (cellAt), and its inputs hold no state of their own
                    key={issueIndex}
                    position={row.positions[issueIndex] ?? ''}
                    salience={row.saliences[issueIndex] ?? ''}
                    label={`Actor ${rowIndex + 1} on ${issue.id || `issue ${issueIndex + 1}`}`}
                    onPosition={(value) =>
                      setRow(rowIndex, (current) => ({ ...current, positions: current.positions.map((entry, at) => (at === issueIndex ? value : entry)) }))
                    }
                    onSalience={(value) =>
                      setRow(rowIndex, (current) => ({ ...current, saliences: current.saliences.map((entry, at) => (at === issueIndex ? value : entry)) }))
                    }
                    positionProblems={problems.get(cellAt.position(rowIndex, issueIndex))}
                    salienceProblems={problems.get(cellAt.salience(rowIndex, issueIndex))}
                  />
                ))}
                <td>
                  <button
                    type="button"
                    className="link danger"
                    disabled={draft.rows.length <= 1}
                    onClick={() => setDraft((current) => ({ ...current, rows: current.rows.filter((_, at) => at !== rowIndex) }))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={() => setDraft((current) => ({ ...current, rows: [...current.rows, blankRow(current.issues.length)] }))}>
        Add an actor row
      </button>
      <Problems list={problems.get(cellAt.table)} />

      <div className="row create-row">
        <button type="button" className="primary" disabled={count > 0 || creating} onClick={() => void create()}>
          Create
        </button>
        <span className={count > 0 ? 'warn' : 'muted'} data-testid="new-scenario-status">
          {count > 0
            ? `${count} problem${count === 1 ? '' : 's'} to fix, each on its cell`
            : `Ready: ${scenario.actors.length} actors, ${scenario.issues.length} issue${scenario.issues.length === 1 ? '' : 's'}. Anchors and evidence come next, in the grid.`}
        </span>
      </div>
      {failure ? <p className="error">{failure}</p> : null}
    </section>
  );
}

function Problems({ list }: { list: string[] | undefined }) {
  if (!list) return null;
  return (
    <ul className="problems">
      {keyed(list).map(({ key, item: message }) => (
        <li key={key}>{message}</li>
      ))}
    </ul>
  );
}

function DraftInput({
  value,
  onChange,
  label,
  problems,
  number,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  problems: string[] | undefined;
  number?: boolean;
}) {
  return (
    <div className={`draft-cell ${problems ? 'has-problem' : ''}`}>
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-label={label}
        aria-invalid={problems !== undefined}
        className={number ? 'number' : ''}
        {...(number ? { inputMode: 'decimal' as const } : {})}
      />
      {problems ? <div className="cell-problem">{problems.join('; ')}</div> : null}
    </div>
  );
}

function FragmentPair(props: {
  position: string;
  salience: string;
  label: string;
  onPosition: (value: string) => void;
  onSalience: (value: string) => void;
  positionProblems: string[] | undefined;
  salienceProblems: string[] | undefined;
}) {
  return (
    <>
      <td>
        <DraftInput value={props.position} onChange={props.onPosition} label={`${props.label} position`} problems={props.positionProblems} number />
      </td>
      <td>
        <DraftInput value={props.salience} onChange={props.onSalience} label={`${props.label} salience`} problems={props.salienceProblems} number />
      </td>
    </>
  );
}

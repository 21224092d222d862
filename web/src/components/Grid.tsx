/**
 * Actors × issues: each cell shows the actor's position on the issue (and where it sits on
 * the scale), its salience, how much evidence backs it, and any problem with it in words.
 * Click a cell, an actor or an issue to edit it; with a passage selected in a source, a
 * click attaches the passage to the cell as evidence.
 */
import { type KeyboardEvent, memo, useRef, useState } from 'react';
import type { Scenario, Stance, Uncertain, Variant } from '@parley/core/scenario.js';
import { formatNumber, variantTouches } from '../edit.js';
import { cellKey } from '../problems.js';
import { useStableCallback } from '../stable-callback.js';
import type { Selection } from '../selection.js';

export interface GridProps {
  scenario: Scenario;
  problems: Map<string, string[]>;
  selection: Selection | undefined;
  onCell: (actor: string, issue: string) => void;
  onActor: (actor: string) => void;
  onIssue: (issue: string) => void;
  /** The evidence badge of a cell was clicked: select the cell and show its evidence. */
  onEvidence?: (actor: string, issue: string) => void;
  /** A passage is waiting to be attached: cells are targets. */
  attaching?: boolean;
  /** Cells this variant changes are marked. */
  variant?: Variant;
  onAddActor?: (name: string) => void;
  onAddIssue?: (name: string) => void;
}

function modeOf(value: Uncertain): number {
  return typeof value === 'number' ? value : value.mode;
}

function spread(value: Uncertain): string | undefined {
  return typeof value === 'number' ? undefined : `${formatNumber(value.low)}–${formatNumber(value.high)}`;
}

/**
 * The grid's keyboard: one tab stop (the last focused place), arrow keys move between the
 * issue headers (row 0), the actor headers (column 0) and the cells, Home/End go to the
 * row's ends, Enter or Space opens (or, with a passage waiting, cites into) what has focus.
 */
function useGridKeys(rows: number, columns: number) {
  const [at, setAt] = useState({ row: 1, column: 1 });
  const table = useRef<HTMLTableElement>(null);
  const row = Math.min(at.row, rows);
  const column = Math.min(at.column, columns);
  const tabIndex = (r: number, c: number) => (r === row && c === column ? 0 : -1);
  const move = (r: number, c: number) => {
    const next = { row: Math.max(0, Math.min(rows, r)), column: Math.max(0, Math.min(columns, c)) };
    if (next.row === 0 && next.column === 0) next.column = 1;
    setAt(next);
    table.current?.querySelector<HTMLElement>(`[data-pos="${next.row}:${next.column}"]`)?.focus();
  };
  const onKeyDown = (r: number, c: number, activate: () => void) => (event: KeyboardEvent<HTMLElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, r === 0 ? 1 : 0],
      End: [r, columns],
    };
    const target = moves[event.key];
    if (target) {
      event.preventDefault();
      move(...target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      if (event.target !== event.currentTarget) return;
      event.preventDefault();
      activate();
    }
  };
  const onFocus = (r: number, c: number) => () => (r !== row || c !== column) && setAt({ row: r, column: c });
  return { table, tabIndex, onKeyDown, onFocus };
}

export const Grid = memo(function Grid(props: GridProps) {
  const { scenario, problems, selection } = props;
  const keys = useGridKeys(scenario.actors.length, scenario.issues.length);
  // The cells' handlers keep their identity, so a cell (memoised) is drawn again only when
  // what it shows changes: a slider step redraws one actor's cells, not all of them.
  const cellKeyDown = useStableCallback((row: number, column: number, actor: string, issue: string, event: KeyboardEvent<HTMLElement>) =>
    keys.onKeyDown(row, column, () => props.onCell(actor, issue))(event),
  );
  const cellFocus = useStableCallback((row: number, column: number) => keys.onFocus(row, column)());
  const cellClick = useStableCallback((actor: string, issue: string) => props.onCell(actor, issue));
  const cellEvidence = useStableCallback((actor: string, issue: string) => props.onEvidence?.(actor, issue));
  const isSelected = (actor: string, issue?: string) =>
    selection !== undefined &&
    ((selection.kind === 'cell' && selection.actor === actor && selection.issue === issue) ||
      (selection.kind === 'actor' && issue === undefined && selection.actor === actor));

  return (
    <div className={`grid-wrap ${props.attaching ? 'attaching' : ''}`}>
      <table className="grid" aria-label="Actors × issues" ref={keys.table}>
        <thead>
          <tr>
            <th className="corner">
              <span className="muted small">actor · capability</span>
            </th>
            {scenario.issues.map((issue, issueIndex) => {
              const issueProblems = problems.get(`issue:${issue.id}`);
              return (
                <th
                  key={issue.id}
                  scope="col"
                  className={`issue-head ${selection?.kind === 'issue' && selection.issue === issue.id ? 'selected' : ''} ${issueProblems ? 'has-problem' : ''}`}
                  onClick={() => props.onIssue(issue.id)}
                  title={`${issue.id}: ${issue.name}`}
                  data-issue={issue.id}
                  data-pos={`0:${issueIndex + 1}`}
                  tabIndex={keys.tabIndex(0, issueIndex + 1)}
                  aria-label={`Issue ${issue.id}: ${issue.name}`}
                  onKeyDown={keys.onKeyDown(0, issueIndex + 1, () => props.onIssue(issue.id))}
                  onFocus={keys.onFocus(0, issueIndex + 1)}
                >
                  <div className="issue-id">{issue.id}</div>
                  <div className="issue-name">{issue.name}</div>
                  <div className="muted small">
                    {issue.scale.min}–{issue.scale.max}
                    {issue.statusQuo !== undefined ? ` · sq ${issue.statusQuo}` : ''}
                  </div>
                  {issueProblems ? <div className="cell-problem">{issueProblems[0]}</div> : null}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {scenario.actors.map((actor, actorIndex) => {
            const row = actorIndex + 1;
            const actorProblems = problems.get(`actor:${actor.id}`);
            const inactive = actor.active === false;
            return (
              <tr key={actor.id} className={inactive ? 'inactive' : ''} data-actor={actor.id}>
                <th
                  className={`actor-head ${isSelected(actor.id) ? 'selected' : ''} ${actorProblems ? 'has-problem' : ''} ${variantTouches(props.variant, actor.id) ? 'changed' : ''}`}
                  onClick={() => props.onActor(actor.id)}
                  scope="row"
                  data-pos={`${row}:0`}
                  tabIndex={keys.tabIndex(row, 0)}
                  aria-label={`Actor ${actor.name}`}
                  onKeyDown={keys.onKeyDown(row, 0, () => props.onActor(actor.id))}
                  onFocus={keys.onFocus(row, 0)}
                >
                  <div className="actor-name">{actor.name}</div>
                  <div className="muted small">
                    {formatNumber(modeOf(actor.capability))}
                    {spread(actor.capability) ? ` (${spread(actor.capability)})` : ''}
                    {inactive ? ' · takes no part' : ''}
                  </div>
                  {actorProblems ? <div className="cell-problem">{actorProblems[0]}</div> : null}
                </th>
                {scenario.issues.map((issue, issueIndex) => (
                  <Cell
                    key={issue.id}
                    actor={actor.id}
                    issue={issue.id}
                    row={row}
                    column={issueIndex + 1}
                    tabIndex={keys.tabIndex(row, issueIndex + 1)}
                    onKeyDown={cellKeyDown}
                    onFocus={cellFocus}
                    stance={actor.stances[issue.id]}
                    scale={issue.scale}
                    problems={problems.get(cellKey(actor.id, issue.id))}
                    selected={isSelected(actor.id, issue.id)}
                    changed={variantTouches(props.variant, actor.id, issue.id)}
                    label={`${actor.name} on ${issue.id}`}
                    onClick={cellClick}
                    {...(props.onEvidence ? { onEvidence: cellEvidence } : {})}
                  />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.onAddActor && props.onAddIssue ? <AddRow onAddActor={props.onAddActor} onAddIssue={props.onAddIssue} /> : null}
    </div>
  );
});

const Cell = memo(function Cell(props: {
  actor: string;
  issue: string;
  /** Where the cell is in the grid's keyboard map (row 1 is the first actor, column 1 the first issue). */
  row: number;
  column: number;
  stance: Stance | undefined;
  scale: { min: number; max: number };
  problems: string[] | undefined;
  selected: boolean;
  changed: boolean;
  label: string;
  tabIndex: number;
  onKeyDown: (row: number, column: number, actor: string, issue: string, event: KeyboardEvent<HTMLElement>) => void;
  onFocus: (row: number, column: number) => void;
  onClick: (actor: string, issue: string) => void;
  onEvidence?: (actor: string, issue: string) => void;
}) {
  const { stance, scale, actor, issue, row, column } = props;
  const classes = ['cell', props.selected ? 'selected' : '', props.problems ? 'has-problem' : '', props.changed ? 'changed' : '', stance ? '' : 'empty'].join(
    ' ',
  );
  const span = scale.max - scale.min;
  const position = stance ? modeOf(stance.position) : undefined;
  const at = position === undefined || span <= 0 ? 0 : Math.min(100, Math.max(0, ((position - scale.min) / span) * 100));
  const evidence = stance?.evidence?.length ?? 0;
  return (
    <td
      className={classes}
      data-cell={`${actor}:${issue}`}
      data-pos={`${row}:${column}`}
      tabIndex={props.tabIndex}
      aria-label={props.label}
      aria-current={props.selected}
      onClick={() => props.onClick(actor, issue)}
      onKeyDown={(event) => props.onKeyDown(row, column, actor, issue, event)}
      onFocus={() => props.onFocus(row, column)}
    >
      {stance ? (
        <>
          <div className="cell-values">
            <span className="position" title="position">
              {formatNumber(position!)}
              {spread(stance.position) ? <span className="spread"> {spread(stance.position)}</span> : null}
            </span>
            <span className="salience" title="salience" data-testid="cell-salience">
              s {formatNumber(modeOf(stance.salience))}
              {spread(stance.salience) ? <span className="spread"> {spread(stance.salience)}</span> : null}
            </span>
          </div>
          <div className="cell-bar" aria-hidden="true">
            <span style={{ left: `${at}%` }} />
          </div>
          {evidence > 0 ? (
            <button
              type="button"
              className="evidence-count"
              title={`${evidence} piece${evidence === 1 ? '' : 's'} of evidence: click to read it`}
              onClick={(event) => {
                if (!props.onEvidence) return;
                event.stopPropagation();
                props.onEvidence(actor, issue);
              }}
            >
              {evidence} ev
            </button>
          ) : null}
        </>
      ) : (
        <span className="muted small">no stance</span>
      )}
      {props.problems ? <div className="cell-problem">{props.problems[0]}</div> : null}
    </td>
  );
});

function AddRow({ onAddActor, onAddIssue }: { onAddActor: (name: string) => void; onAddIssue: (name: string) => void }) {
  const [actor, setActor] = useState('');
  const [issue, setIssue] = useState('');
  return (
    <div className="add-row">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (actor.trim()) onAddActor(actor.trim());
          setActor('');
        }}
      >
        <input value={actor} onChange={(event) => setActor(event.target.value)} placeholder="New actor's name" aria-label="New actor's name" />
        <button type="submit" disabled={!actor.trim()}>
          Add actor
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (issue.trim()) onAddIssue(issue.trim());
          setIssue('');
        }}
      >
        <input value={issue} onChange={(event) => setIssue(event.target.value)} placeholder="New issue's name" aria-label="New issue's name" />
        <button type="submit" disabled={!issue.trim()}>
          Add issue
        </button>
      </form>
    </div>
  );
}

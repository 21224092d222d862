/**
 * Edits what is selected in the grid: a cell (position on the issue's scale, salience,
 * their ranges, the evidence), an actor (name, capability, whether it takes part) or an
 * issue (name, scale, anchors, status quo, who decides it). In a variant, only the values a variant can
 * change are editable, and each edit becomes one of its changes.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { anchorPoints, type Decision, type DecisionRule, type Evidence, type Issue, type Scenario } from '@parley/core/scenario.js';
import type { Editing } from '../editing.js';
import { actorOf, actorRemovalConsequences, confirmText, formatNumber, issueOf, issueRemovalConsequences } from '../edit.js';
import { cellKey } from '../problems.js';
import type { Selection } from '../selection.js';
import { numberTextProblem, useFieldProblem } from '../fields.js';
import { IdField, NumberInput, UncertainField } from './inputs.js';
import { keyed } from '../keys.js';
import { sourceLabel } from '../sources.js';
import { defaultRuleText } from '../decision-words.js';

export interface InspectorProps {
  selection: Selection | undefined;
  editing: Editing;
  problems: Map<string, string[]>;
  /** Opens the source of a piece of evidence, its quote highlighted. */
  onShowSource?: (evidence: Evidence) => void;
  /** Changes when the selected cell's evidence should be brought into view. */
  revealEvidence?: number;
}

export const Inspector = memo(function Inspector({ selection, editing, problems, onShowSource, revealEvidence }: InspectorProps) {
  if (!selection) {
    return (
      <section className="inspector panel" aria-label="Inspector">
        <p className="muted">Click a cell to edit a position or salience and see its evidence; click an actor or an issue to edit it.</p>
      </section>
    );
  }
  return (
    <section className="inspector panel" aria-label="Inspector">
      {selection.kind === 'cell' ? (
        <CellEditor
          actor={selection.actor}
          issue={selection.issue}
          editing={editing}
          problems={problems}
          onShowSource={onShowSource}
          revealEvidence={revealEvidence}
        />
      ) : null}
      {selection.kind === 'actor' ? <ActorEditor actor={selection.actor} editing={editing} problems={problems} /> : null}
      {selection.kind === 'issue' ? <IssueEditor issue={selection.issue} editing={editing} problems={problems} /> : null}
    </section>
  );
});

function ProblemList({ messages }: { messages: string[] | undefined }) {
  if (!messages) return null;
  return (
    <ul className="problems" role="alert">
      {keyed(messages).map(({ key, item: message }) => (
        <li key={key}>{message}</li>
      ))}
    </ul>
  );
}

function CellEditor({
  actor: actorId,
  issue: issueId,
  editing,
  problems,
  onShowSource,
  revealEvidence,
}: {
  actor: string;
  issue: string;
  editing: Editing;
  problems: Map<string, string[]>;
  onShowSource: InspectorProps['onShowSource'];
  revealEvidence: number | undefined;
}) {
  const evidenceHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (revealEvidence) evidenceHeading.current?.scrollIntoView({ block: 'start' });
  }, [revealEvidence]);
  const actor = actorOf(editing.scenario, actorId);
  const issue = issueOf(editing.scenario, issueId);
  if (!actor || !issue) return <p className="muted">Nothing selected.</p>;
  const stance = actor.stances[issueId];
  const sources = editing.scenario.sources ?? [];
  return (
    <div className="cell-editor">
      <h3>
        {actor.name} <span className="muted">on</span> {issue.id}
      </h3>
      <p className="muted small">{issue.name}</p>
      <ProblemList messages={problems.get(cellKey(actorId, issueId))} />
      {!stance ? (
        <div>
          <p>
            {actor.name} holds no stance on {issue.id}, so it takes no part in it.
          </p>
          {editing.structure ? (
            <button type="button" onClick={() => editing.structure!.addStance(actorId, issueId)}>
              Add a stance
            </button>
          ) : (
            <p className="muted small">Add the stance to the base scenario first.</p>
          )}
        </div>
      ) : (
        <>
          <UncertainField
            label="Position"
            value={stance.position}
            onValue={(value) => editing.setStance(actorId, issueId, 'position', value)}
            scale={{
              min: issue.scale.min,
              max: issue.scale.max,
              ...(issue.anchors ? { anchors: issue.anchors } : {}),
              ...(issue.statusQuo === undefined ? {} : { statusQuo: issue.statusQuo }),
            }}
          />
          <UncertainField
            label="Salience"
            value={stance.salience}
            onValue={(value) => editing.setStance(actorId, issueId, 'salience', value)}
            scale={{ min: 0, max: 1, anchors: { 0: 'does not care', 1: 'cares above all' } }}
          />
          <h4 ref={evidenceHeading}>Evidence</h4>
          {(stance.evidence ?? []).length === 0 ? <p className="muted small">None yet: select a passage in a source, then click this cell.</p> : null}
          <ul className="evidence-list">
            {keyed(stance.evidence ?? [], (evidence) => JSON.stringify([evidence.source, evidence.paragraph, evidence.quote, evidence.note])).map(
              ({ key, item: evidence }, index) => {
                const source = sources.find((candidate) => candidate.id === evidence.source);
                return (
                  <li key={key}>
                    <div className="muted small">
                      {source ? sourceLabel(source) : `${evidence.source} (not among the sources)`}
                      {evidence.paragraph !== undefined ? `, ¶${evidence.paragraph}` : ''}
                    </div>
                    {evidence.quote ? <blockquote>“{evidence.quote}”</blockquote> : null}
                    {evidence.note ? <div className="evidence-note">{evidence.note}</div> : null}
                    <div className="row">
                      {onShowSource ? (
                        <button type="button" className="link" onClick={() => onShowSource(evidence)}>
                          Show in source
                        </button>
                      ) : null}
                      {editing.structure ? (
                        <button type="button" className="link danger" onClick={() => editing.structure!.removeEvidence(actorId, issueId, index)}>
                          Remove
                        </button>
                      ) : null}
                    </div>
                  </li>
                );
              },
            )}
          </ul>
          {editing.structure ? (
            <button type="button" className="danger" onClick={() => editing.structure!.removeStance(actorId, issueId)}>
              Remove this stance
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

function ActorEditor({ actor: actorId, editing, problems }: { actor: string; editing: Editing; problems: Map<string, string[]> }) {
  const actor = actorOf(editing.scenario, actorId);
  if (!actor) return <p className="muted">Nothing selected.</p>;
  return (
    <div className="actor-editor">
      <h3>{actor.name}</h3>
      <ProblemList messages={problems.get(`actor:${actorId}`)} />
      {editing.structure ? (
        <>
          <label className="block">
            Name <input value={actor.name} onChange={(event) => editing.structure!.renameActor(actorId, event.target.value)} aria-label="Actor name" />
          </label>
          <label className="block">
            Id{' '}
            <IdField
              value={actor.id}
              taken={editing.scenario.actors.map((candidate) => candidate.id)}
              onRename={(id) => editing.structure!.renameActorId(actorId, id)}
              label="Actor id"
            />
          </label>
        </>
      ) : (
        <p className="muted small">id {actor.id}</p>
      )}
      <UncertainField label="Capability" value={actor.capability} onValue={(value) => editing.setCapability(actorId, value)} />
      <p className="muted small">Capability is relative clout on any positive scale; models use ratios.</p>
      <label>
        <input type="checkbox" checked={actor.active !== false} onChange={(event) => editing.setActive(actorId, event.target.checked)} /> takes part
      </label>
      {editing.structure ? (
        <div>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(confirmText(`Remove ${actor.name}?`, actorRemovalConsequences(editing.scenario, actorId))))
                editing.structure!.removeActor(actorId);
            }}
          >
            Remove actor
          </button>
        </div>
      ) : null}
    </div>
  );
}

function IssueEditor({ issue: issueId, editing, problems }: { issue: string; editing: Editing; problems: Map<string, string[]> }) {
  const issue = issueOf(editing.scenario, issueId);
  const [point, setPoint] = useState('');
  const [label, setLabel] = useState('');
  if (!issue) return <p className="muted">Nothing selected.</p>;
  const anchors = anchorPoints(issue.anchors);
  const structure = editing.structure;
  const setAnchor = (at: string, text: string | undefined) => {
    const next = { ...(issue.anchors ?? {}) };
    if (text === undefined) delete next[at];
    else next[at] = text;
    structure?.setAnchors(issueId, Object.keys(next).length ? next : undefined);
  };
  return (
    <div className="issue-editor">
      <h3>{issue.id}</h3>
      <ProblemList messages={problems.get(`issue:${issueId}`)} />
      {structure ? (
        <>
          <label className="block">
            Name <input value={issue.name} onChange={(event) => structure.renameIssue(issueId, event.target.value)} aria-label="Issue name" />
          </label>
          <label className="block">
            Id{' '}
            <IdField
              value={issue.id}
              taken={editing.scenario.issues.map((candidate) => candidate.id)}
              onRename={(id) => structure.renameIssueId(issueId, id)}
              label="Issue id"
            />
          </label>
        </>
      ) : (
        <p>{issue.name}</p>
      )}
      {structure ? (
        <div className="row">
          <label>
            Scale from <NumberInput value={issue.scale.min} onValue={(value) => structure.setScale(issueId, value, issue.scale.max)} label="Scale minimum" />
          </label>
          <label>
            to <NumberInput value={issue.scale.max} onValue={(value) => structure.setScale(issueId, issue.scale.min, value)} label="Scale maximum" />
          </label>
        </div>
      ) : null}
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={issue.statusQuo !== undefined}
            onChange={(event) => editing.setStatusQuo(issueId, event.target.checked ? issue.scale.min : undefined)}
          />{' '}
          status quo
        </label>
        {issue.statusQuo !== undefined ? (
          <NumberInput value={issue.statusQuo} onValue={(value) => editing.setStatusQuo(issueId, value)} label="Status quo" />
        ) : null}
      </div>
      <h4>Anchors</h4>
      <ul className="anchor-edit">
        {anchors.map((anchor) => (
          <li key={anchor.point}>
            <b>{anchor.point}</b>
            {structure ? (
              <>
                <input value={anchor.label} onChange={(event) => setAnchor(String(anchor.point), event.target.value)} aria-label={`Anchor ${anchor.point}`} />
                <button type="button" className="link danger" onClick={() => setAnchor(String(anchor.point), undefined)}>
                  Remove
                </button>
              </>
            ) : (
              <span> {anchor.label}</span>
            )}
          </li>
        ))}
      </ul>
      {structure ? (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (point.trim() !== '' && Number.isFinite(Number(point)) && label.trim()) setAnchor(String(Number(point)), label.trim());
            setPoint('');
            setLabel('');
          }}
        >
          <input value={point} onChange={(event) => setPoint(event.target.value)} placeholder="point" aria-label="New anchor point" size={5} />
          <input value={label} onChange={(event) => setLabel(event.target.value)} placeholder="what it means" aria-label="New anchor meaning" />
          <button type="submit">Add anchor</button>
        </form>
      ) : null}
      {structure ? (
        <DecisionEditor issue={issue} scenario={editing.scenario} onDecision={(decision) => structure.setDecision(issueId, decision)} />
      ) : (
        <DecisionText issue={issue} scenario={editing.scenario} />
      )}
      {structure ? (
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(confirmText(`Remove issue ${issue.id} (${issue.name})?`, issueRemovalConsequences(editing.scenario, issueId))))
              structure.removeIssue(issueId);
          }}
        >
          Remove issue
        </button>
      ) : null}
    </div>
  );
}

/** The rules a person chooses from, in words. */
const ruleWords: Record<DecisionRule, string> = {
  unilateral: 'unilateral: the deciders alone decide, the others lobby',
  unanimity: 'unanimity: every decider must prefer the deal to the status quo',
  majority: "majority: more than half of the deciders' capability",
  qualified: "qualified majority: a share of the deciders' capability",
};

/** Who decides the issue, read-only (in a variant). */
function DecisionText({ issue, scenario }: { issue: Issue; scenario: Scenario }) {
  const decision = issue.decision;
  return (
    <p className="small">
      Decided by:{' '}
      {decision
        ? `${decision.rule}${decision.by ? ` of ${decision.by.join(', ')}` : ''}${decision.threshold === undefined ? '' : `, threshold ${formatNumber(decision.threshold)}`}${decision.consent ? `, with the consent of ${decision.consent.join(', ')}` : ''}`
        : defaultRuleText(scenario)}
    </p>
  );
}

/**
 * The issue's decision rule, as the scenario file's `decision`: the rule, who decides (none
 * ticked: every actor taking part), the threshold of a qualified majority, and whose consent
 * is needed besides. The scenario's validation checks it; its problems show on the issue.
 */
function DecisionEditor({ issue, scenario, onDecision }: { issue: Issue; scenario: Scenario; onDecision: (decision: Decision | undefined) => void }) {
  const decision = issue.decision;
  const [thresholdText, setThresholdText] = useState(decision?.threshold === undefined ? '' : String(decision.threshold));
  useEffect(() => setThresholdText(decision?.threshold === undefined ? '' : String(decision.threshold)), [decision?.threshold]);
  const thresholdProblem = decision?.rule === 'qualified' && thresholdText.trim() !== '' ? numberTextProblem(thresholdText) : undefined;
  useFieldProblem('Threshold', thresholdProblem);
  const deciders = scenario.actors.filter((actor) => issue.id in actor.stances || decision?.by?.includes(actor.id) || decision?.consent?.includes(actor.id));
  const setRule = (rule: string) => {
    if (rule === '') return onDecision(undefined);
    const { threshold, ...rest } = decision ?? {};
    onDecision({ ...rest, rule: rule as DecisionRule, ...(rule === 'qualified' && threshold !== undefined ? { threshold } : {}) });
  };
  const toggle = (field: 'by' | 'consent', actor: string, on: boolean) => {
    if (!decision) return;
    const list = (decision[field] ?? []).filter((id) => id !== actor);
    if (on) list.push(actor);
    const next: Decision = { ...decision };
    if (list.length > 0) next[field] = scenario.actors.map((candidate) => candidate.id).filter((id) => list.includes(id));
    else delete next[field];
    onDecision(next);
  };
  return (
    <fieldset className="decision-edit">
      <legend>Who decides</legend>
      <label className="block">
        Decision rule{' '}
        <select aria-label="Decision rule" value={decision?.rule ?? ''} onChange={(event) => setRule(event.target.value)}>
          <option value="">{defaultRuleText(scenario)}</option>
          {(Object.keys(ruleWords) as DecisionRule[]).map((rule) => (
            <option key={rule} value={rule}>
              {ruleWords[rule]}
            </option>
          ))}
        </select>
      </label>
      {decision ? (
        <>
          <fieldset className="decider-list">
            <legend className="small muted">
              Decided by{decision.rule === 'unilateral' ? ' (tick who decides)' : ' (none ticked: every actor taking part)'}:
            </legend>
            {deciders.map((actor) => (
              <label key={actor.id} className="small">
                <input
                  type="checkbox"
                  checked={decision.by?.includes(actor.id) ?? false}
                  onChange={(event) => toggle('by', actor.id, event.target.checked)}
                  aria-label={`${actor.name} decides ${issue.id}`}
                />{' '}
                {actor.name}
              </label>
            ))}
          </fieldset>
          {decision.rule === 'qualified' ? (
            <label className="block">
              Threshold (share of the deciders' capability, above 0.5 and at most 1){' '}
              <span className="number-field">
                <input
                  type="text"
                  inputMode="decimal"
                  aria-label="Threshold"
                  aria-invalid={thresholdProblem !== undefined}
                  className={`number ${thresholdProblem ? 'invalid' : ''}`}
                  value={thresholdText}
                  onChange={(event) => {
                    const text = event.target.value;
                    setThresholdText(text);
                    if (text.trim() === '') {
                      const { threshold: _dropped, ...rest } = decision;
                      onDecision(rest);
                    } else if (numberTextProblem(text) === undefined) onDecision({ ...decision, threshold: Number(text.trim()) });
                  }}
                />
                {thresholdProblem ? (
                  <span className="field-problem" role="alert">
                    Threshold: {thresholdProblem}
                  </span>
                ) : null}
              </span>
            </label>
          ) : null}
          <fieldset className="decider-list">
            <legend className="small muted">Consent needed besides (a second chamber):</legend>
            {deciders.map((actor) => (
              <label key={actor.id} className="small">
                <input
                  type="checkbox"
                  checked={decision.consent?.includes(actor.id) ?? false}
                  onChange={(event) => toggle('consent', actor.id, event.target.checked)}
                  aria-label={`${actor.name} must consent on ${issue.id}`}
                />{' '}
                {actor.name}
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
    </fieldset>
  );
}

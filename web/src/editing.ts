/**
 * What the inspector edits through, apart from any component: the `Editing` interface (a
 * cell's, an actor's or an issue's values, and in the base scenario its structure) and the
 * base scenario's implementation of it, made of the pure edits in edit.ts. The variants panel
 * implements the same interface with variant changes.
 */
import type { Decision, Scenario, Uncertain } from '@parley/core/scenario.js';
import { removeActor, removeEvidence, removeIssue, renameActorId, renameIssueId, setStance, updateActor, updateIssue } from './edit.js';
import type { ScenarioEditor } from './editor.js';
import type { Selection } from './selection.js';

export interface Editing {
  /** The scenario as shown (a variant applied, in a variant). */
  scenario: Scenario;
  setStance(actor: string, issue: string, field: 'position' | 'salience', value: Uncertain): void;
  setCapability(actor: string, value: Uncertain): void;
  setActive(actor: string, active: boolean): void;
  setStatusQuo(issue: string, value: number | undefined): void;
  /** Edits of the base scenario only (absent in a variant). */
  structure?: {
    addStance(actor: string, issue: string): void;
    removeStance(actor: string, issue: string): void;
    removeEvidence(actor: string, issue: string, index: number): void;
    renameActor(actor: string, name: string): void;
    /** A new id; every reference follows. */
    renameActorId(actor: string, id: string): void;
    removeActor(actor: string): void;
    renameIssue(issue: string, name: string): void;
    renameIssueId(issue: string, id: string): void;
    setScale(issue: string, min: number, max: number): void;
    setAnchors(issue: string, anchors: Record<string, string> | undefined): void;
    /** The issue's own decision rule; undefined: the scenario's default (or, without one, a majority of all). */
    setDecision(issue: string, decision: Decision | undefined): void;
    removeIssue(issue: string): void;
  };
}

/** Base-scenario edits for the inspector. */
export function baseEditing(scenario: Scenario, edit: ScenarioEditor['edit'], onSelect: (selection: Selection | undefined) => void): Editing {
  return {
    scenario,
    setStance: (actor, issue, field, value: Uncertain) =>
      edit((current) =>
        updateActor(current, actor, (draft) => {
          const stance = draft.stances[issue];
          if (stance) stance[field] = value;
        }),
      ),
    setCapability: (actor, value) =>
      edit((current) =>
        updateActor(current, actor, (draft) => {
          draft.capability = value;
        }),
      ),
    setActive: (actor, active) =>
      edit((current) =>
        updateActor(current, actor, (draft) => {
          if (active) delete draft.active;
          else draft.active = false;
        }),
      ),
    setStatusQuo: (issue, value) =>
      edit((current) =>
        updateIssue(current, issue, (draft) => {
          if (value === undefined) delete draft.statusQuo;
          else draft.statusQuo = value;
        }),
      ),
    structure: {
      addStance: (actor, issue) =>
        edit((current) => {
          const target = current.issues.find((candidate) => candidate.id === issue);
          const middle = target ? (target.statusQuo ?? (target.scale.min + target.scale.max) / 2) : 0;
          return setStance(current, actor, issue, { position: middle, salience: 0.5 });
        }),
      removeStance: (actor, issue) => edit((current) => setStance(current, actor, issue, undefined)),
      removeEvidence: (actor, issue, index) => edit((current) => removeEvidence(current, actor, issue, index)),
      renameActor: (actor, name) =>
        edit((current) =>
          updateActor(current, actor, (draft) => {
            draft.name = name;
          }),
        ),
      renameActorId: (actor, id) => {
        edit((current) => renameActorId(current, actor, id));
        onSelect({ kind: 'actor', actor: id });
      },
      removeActor: (actor) => {
        edit((current) => removeActor(current, actor));
        onSelect(undefined);
      },
      renameIssue: (issue, name) =>
        edit((current) =>
          updateIssue(current, issue, (draft) => {
            draft.name = name;
          }),
        ),
      renameIssueId: (issue, id) => {
        edit((current) => renameIssueId(current, issue, id));
        onSelect({ kind: 'issue', issue: id });
      },
      setScale: (issue, min, max) =>
        edit((current) =>
          updateIssue(current, issue, (draft) => {
            draft.scale = { min, max };
          }),
        ),
      setAnchors: (issue, anchors) =>
        edit((current) =>
          updateIssue(current, issue, (draft) => {
            if (anchors) draft.anchors = anchors;
            else delete draft.anchors;
          }),
        ),
      setDecision: (issue, decision) =>
        edit((current) =>
          updateIssue(current, issue, (draft) => {
            if (decision) draft.decision = decision;
            else delete draft.decision;
          }),
        ),
      removeIssue: (issue) => {
        edit((current) => removeIssue(current, issue));
        onSelect(undefined);
      },
    },
  };
}

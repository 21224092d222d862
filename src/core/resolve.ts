/**
 * From a scenario file's content to what models read: apply a variant, then resolve every
 * uncertain value to a number (the mode for point forecasts, a draw for Monte Carlo).
 */
import type { IssueActor, IssueDecision, IssueInput, PointScenario } from './model.js';
import { modeOf, stanceOf, type Actor, type Decision, type Scenario, type Uncertain } from './scenario.js';

import { ParleyError } from './errors.js';

/** Ids of the scenario's variants, in file order. */
export function variantIds(scenario: Scenario): string[] {
  return (scenario.variants ?? []).map((variant) => variant.id);
}

/**
 * The scenario with one variant's changes applied (a new object; the input is untouched).
 * Assumes a validated scenario; an unknown variant id, or a change naming an actor or issue
 * the scenario lacks, raises a ParleyError.
 */
export function applyVariant(scenario: Scenario, variantId: string): Scenario {
  const variant = (scenario.variants ?? []).find((candidate) => candidate.id === variantId);
  if (!variant) {
    const known = variantIds(scenario);
    throw new ParleyError(
      'unknown-variant',
      `unknown variant "${variantId}"; ${known.length ? `this scenario has: ${known.join(', ')}` : 'this scenario has no variants'}`,
    );
  }
  const issues = scenario.issues.map((issue) => ({ ...issue }));
  const actors: Actor[] = scenario.actors.map((actor) => ({ ...actor, stances: { ...actor.stances } }));
  for (const change of variant.changes) {
    if (change.actor === undefined) {
      const issue = issues.find((candidate) => candidate.id === change.issue);
      if (!issue) throw new ParleyError('unknown-issue', `variant "${variantId}" changes unknown issue "${change.issue}"`);
      if (change.statusQuo !== undefined) issue.statusQuo = change.statusQuo;
      if (change.decision !== undefined) issue.decision = change.decision;
      continue;
    }
    const actor = actors.find((candidate) => candidate.id === change.actor);
    if (!actor) throw new ParleyError('unknown-actor', `variant "${variantId}" changes unknown actor "${change.actor}"`);
    if (change.issue === undefined) {
      if (change.capability !== undefined) actor.capability = change.capability;
      if (change.active !== undefined) actor.active = change.active;
      continue;
    }
    if (change.active !== undefined) actor.active = change.active;
    if (!issues.some((issue) => issue.id === change.issue)) {
      throw new ParleyError('unknown-issue', `variant "${variantId}" changes unknown issue "${change.issue}"`);
    }
    const stance = stanceOf(actor, change.issue);
    if (stance) {
      actor.stances[change.issue] = {
        ...stance,
        position: change.position ?? stance.position,
        salience: change.salience ?? stance.salience,
        ...(change.capability === undefined ? {} : { capability: change.capability }),
      };
    } else if (change.position !== undefined && change.salience !== undefined) {
      actor.stances[change.issue] = {
        position: change.position,
        salience: change.salience,
        ...(change.capability === undefined ? {} : { capability: change.capability }),
      };
    } else {
      throw new ParleyError(
        'unknown-stance',
        `variant "${variantId}": ${actor.id} holds no stance on ${change.issue}; give both position and salience to add one`,
      );
    }
  }
  return { ...scenario, issues, actors };
}

/** Where an uncertain value sits in the scenario, for a draw function that needs to know. */
export type ValueSite = { field: 'capability'; actor: string; issue?: string } | { field: 'position' | 'salience'; actor: string; issue: string };

export interface PointOptions {
  /** Apply this variant first. */
  variant?: string;
  /**
   * Turns each uncertain value into a number. Default: the mode. Capability is resolved
   * once per actor, so an actor's clout is the same on every issue of one draw.
   */
  value?: (value: Uncertain, site: ValueSite) => number;
}

/**
 * The scenario resolved to numbers: per issue, the active actors holding a stance on it,
 * in file order. What every model's `run` reads.
 */
export function pointScenario(scenario: Scenario, options: PointOptions = {}): PointScenario {
  const source = options.variant === undefined ? scenario : applyVariant(scenario, options.variant);
  const valueFor = options.value ?? ((value: Uncertain) => modeOf(value));
  const activeActors = source.actors.filter((actor) => actor.active !== false);
  const capabilities = new Map(activeActors.map((actor) => [actor.id, valueFor(actor.capability, { field: 'capability', actor: actor.id })]));
  const issues: IssueInput[] = source.issues.map((issue) => {
    const participants: IssueActor[] = [];
    for (const actor of activeActors) {
      const stance = stanceOf(actor, issue.id);
      if (!stance) continue;
      participants.push({
        id: actor.id,
        name: actor.name,
        capability:
          stance.capability === undefined
            ? capabilities.get(actor.id)!
            : valueFor(stance.capability, { field: 'capability', actor: actor.id, issue: issue.id }),
        position: valueFor(stance.position, { field: 'position', actor: actor.id, issue: issue.id }),
        salience: valueFor(stance.salience, { field: 'salience', actor: actor.id, issue: issue.id }),
      });
    }
    return {
      id: issue.id,
      name: issue.name,
      scale: { ...issue.scale },
      ...(issue.statusQuo === undefined ? {} : { statusQuo: issue.statusQuo }),
      ...(issue.anchors === undefined ? {} : { anchors: { ...issue.anchors } }),
      decision: issueDecision(issue.decision ?? source.decision, participants),
      actors: participants,
    };
  });
  return {
    id: scenario.id,
    title: scenario.title,
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    issues,
  };
}

/**
 * The rule an issue is decided by, with its deciders among the participants. Without a rule
 * in the file, a majority of every participant's capability decides (`implicit`).
 */
export function issueDecision(decision: Decision | undefined, participants: readonly IssueActor[]): IssueDecision {
  if (decision === undefined) return { rule: 'majority', by: participants.map((actor) => actor.id), implicit: true };
  const named = decision.by === undefined ? undefined : new Set(decision.by);
  const by = participants.filter((actor) => named === undefined || named.has(actor.id)).map((actor) => actor.id);
  const consenting = new Set(decision.consent ?? []);
  const consent = participants.filter((actor) => consenting.has(actor.id)).map((actor) => actor.id);
  return {
    rule: decision.rule,
    by,
    ...(decision.threshold === undefined ? {} : { threshold: decision.threshold }),
    ...(consent.length === 0 ? {} : { consent }),
  };
}

/**
 * Edits of a scenario as pure functions: each returns a new scenario and leaves its input
 * untouched, so React sees every change and the editor can compare versions.
 */
import type { Actor, Change, Evidence, Issue, Scenario, Stance, Uncertain, Variant } from '../../src/core/scenario.js';
import { formatValue } from '../../src/report/charts.js';

export function cloned(scenario: Scenario, edit: (draft: Scenario) => void): Scenario {
  const draft = structuredClone(scenario);
  edit(draft);
  return draft;
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let id = base;
  for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function actorIdFor(scenario: Scenario, name: string): string {
  return uniqueId(slug(name) || 'actor', scenario.actors.map((actor) => actor.id));
}

export function issueIdFor(scenario: Scenario, name: string): string {
  return uniqueId((slug(name).replace(/-/g, '_').toUpperCase() || 'ISSUE').slice(0, 24), scenario.issues.map((issue) => issue.id));
}

export function sourceIdFor(scenario: Scenario, title: string): string {
  return uniqueId(slug(title).slice(0, 40) || 'source', (scenario.sources ?? []).map((source) => source.id));
}

export function actorOf(scenario: Scenario, id: string): Actor | undefined {
  return scenario.actors.find((actor) => actor.id === id);
}

export function issueOf(scenario: Scenario, id: string): Issue | undefined {
  return scenario.issues.find((issue) => issue.id === id);
}

export function addActor(scenario: Scenario, name: string): { scenario: Scenario; id: string } {
  const id = actorIdFor(scenario, name);
  return { id, scenario: cloned(scenario, (draft) => void draft.actors.push({ id, name, capability: 0.5, stances: {} })) };
}

/** Removes the actor and every variant change that names it (variants left empty go too). */
export function removeActor(scenario: Scenario, id: string): Scenario {
  return cloned(scenario, (draft) => {
    draft.actors = draft.actors.filter((actor) => actor.id !== id);
    pruneVariants(draft, (change) => change.actor === id);
  });
}

export function updateActor(scenario: Scenario, id: string, edit: (actor: Actor) => void): Scenario {
  return cloned(scenario, (draft) => {
    const actor = actorOf(draft, id);
    if (actor) edit(actor);
  });
}

export function addIssue(scenario: Scenario, name: string): { scenario: Scenario; id: string } {
  const id = issueIdFor(scenario, name);
  return { id, scenario: cloned(scenario, (draft) => void draft.issues.push({ id, name, scale: { min: 0, max: 100 } })) };
}

/** Removes the issue, every stance on it and every variant change that names it. */
export function removeIssue(scenario: Scenario, id: string): Scenario {
  return cloned(scenario, (draft) => {
    draft.issues = draft.issues.filter((issue) => issue.id !== id);
    for (const actor of draft.actors) delete actor.stances[id];
    pruneVariants(draft, (change) => change.issue === id);
  });
}

export function updateIssue(scenario: Scenario, id: string, edit: (issue: Issue) => void): Scenario {
  return cloned(scenario, (draft) => {
    const issue = issueOf(draft, id);
    if (issue) edit(issue);
  });
}

/** Sets (or, with `undefined`, removes) an actor's stance on an issue. */
export function setStance(scenario: Scenario, actorId: string, issueId: string, stance: Stance | undefined): Scenario {
  return updateActor(scenario, actorId, (actor) => {
    if (stance === undefined) delete actor.stances[issueId];
    else actor.stances[issueId] = stance;
  });
}

export function addEvidence(scenario: Scenario, actorId: string, issueId: string, evidence: Evidence): Scenario {
  return updateActor(scenario, actorId, (actor) => {
    const stance = actor.stances[issueId];
    if (stance) stance.evidence = [...(stance.evidence ?? []), evidence];
  });
}

export function removeEvidence(scenario: Scenario, actorId: string, issueId: string, index: number): Scenario {
  return updateActor(scenario, actorId, (actor) => {
    const stance = actor.stances[issueId];
    if (!stance?.evidence) return;
    stance.evidence = stance.evidence.filter((_, at) => at !== index);
    if (stance.evidence.length === 0) delete stance.evidence;
  });
}

function pruneVariants(draft: Scenario, drop: (change: Change) => boolean): void {
  if (!draft.variants) return;
  draft.variants = draft.variants
    .map((variant) => ({ ...variant, changes: variant.changes.filter((change) => !drop(change)) }))
    .filter((variant) => variant.changes.length > 0);
  if (draft.variants.length === 0) delete draft.variants;
}

// ---------------------------------------------------------------------------------------
// Variants: edits recorded as changes to the base

/** What a variant edit sets: a stance value, an actor's capability or seat, an issue's status quo. */
export type VariantTarget =
  | { actor: string; issue: string; field: 'position' | 'salience' }
  | { actor: string; field: 'capability' }
  | { actor: string; field: 'active' }
  | { issue: string; field: 'statusQuo' };

function matches(change: Change, target: VariantTarget): boolean {
  if ('actor' in target && 'issue' in target) return change.actor === target.actor && change.issue === target.issue;
  if ('actor' in target) return change.actor === target.actor && change.issue === undefined;
  return change.actor === undefined && change.issue === target.issue;
}

function baseValue(scenario: Scenario, target: VariantTarget): unknown {
  if ('actor' in target && 'issue' in target) return actorOf(scenario, target.actor)?.stances[target.issue]?.[target.field];
  if ('actor' in target) {
    const actor = actorOf(scenario, target.actor);
    return target.field === 'active' ? actor?.active ?? true : actor?.capability;
  }
  return issueOf(scenario, target.issue)?.statusQuo;
}

/**
 * Records `value` for the target in the variant (creating the variant when it is new); a
 * value equal to the base's removes the change, and a variant left with no change is removed.
 */
export function setVariantValue(scenario: Scenario, variant: { id: string; description?: string }, target: VariantTarget, value: Uncertain | boolean | undefined): Scenario {
  return cloned(scenario, (draft) => {
    const variants = (draft.variants ??= []);
    let entry: Variant | undefined = variants.find((candidate) => candidate.id === variant.id);
    if (!entry) {
      entry = { id: variant.id, ...(variant.description ? { description: variant.description } : {}), changes: [] };
      variants.push(entry);
    }
    let change = entry.changes.find((candidate) => matches(candidate, target));
    if (!change) {
      change = 'actor' in target ? { actor: target.actor, ...('issue' in target ? { issue: target.issue } : {}) } : { issue: target.issue };
      entry.changes.push(change);
    }
    const record = change as Record<string, unknown>;
    if (value === undefined || JSON.stringify(value) === JSON.stringify(baseValue(scenario, target))) delete record[target.field];
    else record[target.field] = value;
    const hasValue = ['position', 'salience', 'capability', 'active', 'statusQuo'].some((field) => record[field] !== undefined);
    if (!hasValue) entry.changes = entry.changes.filter((candidate) => candidate !== change);
    if (entry.changes.length === 0) draft.variants = variants.filter((candidate) => candidate !== entry);
    if (draft.variants?.length === 0) delete draft.variants;
  });
}

/** Whether the variant changes anything on this cell (or this actor, with no issue). */
export function variantTouches(variant: Variant | undefined, actorId: string, issueId?: string): boolean {
  return (variant?.changes ?? []).some((change) => change.actor === actorId && (issueId === undefined ? change.issue === undefined : change.issue === issueId));
}

export function uncertainText(value: Uncertain | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  return `${formatNumber(value.low)}–${formatNumber(value.mode)}–${formatNumber(value.high)}`;
}

/** A number for reading: up to two decimals, as charts and the command line show it. */
export const formatNumber = formatValue;

/** A variant change in words, with names: `Russia (Putin) / FORCES: position 100 → 60`. */
export function changeText(scenario: Scenario, change: Change): string {
  const actor = change.actor === undefined ? undefined : actorOf(scenario, change.actor);
  const who = actor?.name ?? change.actor;
  const parts: string[] = [];
  if (change.actor !== undefined && change.issue !== undefined) {
    const stance = actor?.stances[change.issue];
    if (change.position !== undefined) parts.push(`position ${uncertainText(stance?.position)} → ${uncertainText(change.position)}`);
    if (change.salience !== undefined) parts.push(`salience ${uncertainText(stance?.salience)} → ${uncertainText(change.salience)}`);
    return `${who} / ${change.issue}: ${parts.join(', ')}`;
  }
  if (change.actor !== undefined) {
    if (change.capability !== undefined) parts.push(`capability ${uncertainText(actor?.capability)} → ${uncertainText(change.capability)}`);
    if (change.active !== undefined) parts.push(change.active ? 'takes part' : 'takes no part');
    return `${who}: ${parts.join(', ')}`;
  }
  const issue = change.issue === undefined ? undefined : issueOf(scenario, change.issue);
  return `${change.issue}: status quo ${issue?.statusQuo ?? 'none'} → ${change.statusQuo}`;
}

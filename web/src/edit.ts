/**
 * Edits of a scenario as pure functions: each returns a new scenario and leaves its input
 * untouched, so React sees every change and the editor can compare versions.
 */
import { produce } from 'immer';
import type { Actor, Change, Decision, Evidence, Issue, Scenario, Stance, Uncertain, Variant } from '@parley/core/scenario.js';
import { formatValue } from '@parley/report/charts.js';

/**
 * An edit with structural sharing (Immer): the edit changes a draft, and the new scenario
 * shares every object the edit did not touch with the old one, so an edit costs what it
 * changes, not the size of the scenario, and unchanged parts compare equal by identity.
 * The result is frozen: a change made outside an edit throws instead of passing unseen.
 */
export function cloned(scenario: Scenario, edit: (draft: Scenario) => void): Scenario {
  return produce(scenario, (draft) => {
    edit(draft as Scenario);
  });
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let id = base;
  for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

/**
 * A name as an id's stem: accents dropped, lower case, every run of other characters one
 * hyphen, none at the ends.
 *
 * @example slug('Défense — Budget 2025') // 'defense-budget-2025'
 */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function actorIdFor(scenario: Scenario, name: string): string {
  return uniqueId(
    slug(name) || 'actor',
    scenario.actors.map((actor) => actor.id),
  );
}

export function issueIdFor(scenario: Scenario, name: string): string {
  return uniqueId(
    (slug(name).replace(/-/g, '_').toUpperCase() || 'ISSUE').slice(0, 24),
    scenario.issues.map((issue) => issue.id),
  );
}

export function sourceIdFor(scenario: Scenario, title: string): string {
  return uniqueId(
    slug(title).slice(0, 40) || 'source',
    (scenario.sources ?? []).map((source) => source.id),
  );
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

/** Every decision rule of a scenario: its default, each issue's, each variant change's. */
function decisionsOf(scenario: Scenario): { decision: Decision; where: string }[] {
  const found: { decision: Decision; where: string }[] = [];
  if (scenario.decision) found.push({ decision: scenario.decision, where: "the scenario's default decision" });
  for (const issue of scenario.issues) if (issue.decision) found.push({ decision: issue.decision, where: `the decision on ${issue.id}` });
  for (const variant of scenario.variants ?? [])
    for (const change of variant.changes)
      if (change.decision) found.push({ decision: change.decision, where: `variant ${variant.id}'s decision on ${change.issue ?? 'an issue'}` });
  return found;
}

/** Takes the actor out of every decision's deciders and consents (an emptied list goes). */
function dropDecider(draft: Scenario, id: string): void {
  for (const { decision } of decisionsOf(draft)) {
    for (const field of ['by', 'consent'] as const) {
      const list = decision[field]?.filter((actor) => actor !== id);
      if (list === undefined) continue;
      if (list.length > 0) decision[field] = list;
      else delete decision[field];
    }
  }
}

/** Removes the actor, every variant change that names it (variants left empty go too) and its place among deciders. */
export function removeActor(scenario: Scenario, id: string): Scenario {
  return cloned(scenario, (draft) => {
    draft.actors = draft.actors.filter((actor) => actor.id !== id);
    pruneVariants(draft, (change) => change.actor === id);
    dropDecider(draft, id);
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
    return target.field === 'active' ? (actor?.active ?? true) : actor?.capability;
  }
  return issueOf(scenario, target.issue)?.statusQuo;
}

/**
 * Records `value` for the target in the variant (creating the variant when it is new); a
 * value equal to the base's removes the change, and a variant left with no change is removed.
 */
export function setVariantValue(
  scenario: Scenario,
  variant: { id: string; description?: string },
  target: VariantTarget,
  value: Uncertain | boolean | undefined,
): Scenario {
  return cloned(scenario, (draft) => {
    draft.variants ??= [];
    const variants = draft.variants;
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

// ---------------------------------------------------------------------------------------
// Structural changes said before they happen, and renames that follow every reference

/** What a structural change would take with it, in words, one line each (variants included). */
export interface Consequences {
  /** What it changes or removes, e.g. `Russia's stance on FORCES (position 95, salience 0.85, 3 pieces of evidence)`. */
  lines: string[];
}

function stanceText(stance: Stance): string {
  const evidence = stance.evidence?.length ?? 0;
  return `position ${uncertainText(stance.position)}, salience ${uncertainText(stance.salience)}${evidence ? `, ${evidence} piece${evidence === 1 ? '' : 's'} of evidence` : ''}`;
}

/** Variants a predicate on changes would edit or remove, in words. */
function variantConsequences(scenario: Scenario, drop: (change: Change) => boolean): string[] {
  const lines: string[] = [];
  for (const variant of scenario.variants ?? []) {
    const dropped = variant.changes.filter(drop);
    if (dropped.length === 0) continue;
    const kept = variant.changes.length - dropped.length;
    const what = dropped.map((change) => changeText(scenario, change)).join('; ');
    lines.push(
      kept === 0
        ? `variant ${variant.id} is removed (its only change${dropped.length === 1 ? '' : 's'}: ${what})`
        : `variant ${variant.id} loses ${dropped.length === 1 ? 'a change' : `${dropped.length} changes`}: ${what}`,
    );
  }
  return lines;
}

/** Everything removing the actor takes with it: its stances, their evidence, its capability's evidence, variant changes. */
export function actorRemovalConsequences(scenario: Scenario, id: string): Consequences {
  const actor = actorOf(scenario, id);
  if (!actor) return { lines: [] };
  const lines = Object.entries(actor.stances).map(([issue, stance]) => `the stance of ${actor.name} on ${issue} (${stanceText(stance)})`);
  if (actor.evidence?.length) lines.push(`${actor.evidence.length} piece${actor.evidence.length === 1 ? '' : 's'} of evidence for ${actor.name}'s capability`);
  for (const { decision, where } of decisionsOf(scenario)) {
    if (decision.by?.includes(id)) lines.push(`${where} no longer counts ${actor.name} among who decides`);
    if (decision.consent?.includes(id)) lines.push(`${where} no longer needs ${actor.name}'s consent`);
  }
  return { lines: [...lines, ...variantConsequences(scenario, (change) => change.actor === id)] };
}

/** Everything removing the issue takes with it: every stance on it, variant changes naming it. */
export function issueRemovalConsequences(scenario: Scenario, id: string): Consequences {
  const lines = scenario.actors.flatMap((actor) => {
    const stance = actor.stances[id];
    return stance ? [`the stance of ${actor.name} on ${id} (${stanceText(stance)})`] : [];
  });
  return { lines: [...lines, ...variantConsequences(scenario, (change) => change.issue === id)] };
}

/** Evidence citing the source, cell by cell: removing the source removes it, and the source's text. */
export function sourceRemovalConsequences(scenario: Scenario, id: string, hasText: boolean): Consequences {
  const lines: string[] = [];
  for (const actor of scenario.actors) {
    const capability = (actor.evidence ?? []).filter((evidence) => evidence.source === id).length;
    if (capability) lines.push(`${capability} piece${capability === 1 ? '' : 's'} of evidence for ${actor.name}'s capability`);
    for (const [issue, stance] of Object.entries(actor.stances)) {
      const cited = (stance.evidence ?? []).filter((evidence) => evidence.source === id).length;
      if (cited) lines.push(`${cited} piece${cited === 1 ? '' : 's'} of evidence for ${actor.name} on ${issue}`);
    }
  }
  if (hasText) lines.push("the source's text");
  return { lines };
}

/** Removes the source and every piece of evidence citing it. */
export function removeSource(scenario: Scenario, id: string): Scenario {
  return cloned(scenario, (draft) => {
    draft.sources = (draft.sources ?? []).filter((source) => source.id !== id);
    if (draft.sources.length === 0) delete draft.sources;
    const keep = (list: Evidence[] | undefined) => (list ?? []).filter((evidence) => evidence.source !== id);
    for (const actor of draft.actors) {
      const capability = keep(actor.evidence);
      if (capability.length) actor.evidence = capability;
      else delete actor.evidence;
      for (const stance of Object.values(actor.stances)) {
        const cited = keep(stance.evidence);
        if (cited.length) stance.evidence = cited;
        else delete stance.evidence;
      }
    }
  });
}

/** A confirmation question listing every consequence, for `window.confirm`. */
export function confirmText(question: string, consequences: Consequences): string {
  if (consequences.lines.length === 0) return `${question}\n\nNothing else changes.`;
  return `${question}\n\nThis also removes or changes:\n${consequences.lines.map((line) => `• ${line}`).join('\n')}\n\nUndo brings it all back.`;
}

/** Ids as the scenario format takes them: a letter or digit first, then letters, digits, `_`, `-` or `.`. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Why `next` cannot be the new id (one of `taken`), or undefined when it can. */
export function idProblem(next: string, current: string, taken: Iterable<string>): string | undefined {
  if (next === current) return undefined;
  if (next === '') return 'an id cannot be empty';
  if (!idPattern.test(next)) return 'an id is letters, digits, _, - or . (no spaces), starting with a letter or digit';
  if ([...taken].includes(next)) return `${next} is taken: choose another id`;
  return undefined;
}

/** Gives the actor a new id, and every variant change naming it the same. */
export function renameActorId(scenario: Scenario, from: string, to: string): Scenario {
  return cloned(scenario, (draft) => {
    const actor = actorOf(draft, from);
    if (actor) actor.id = to;
    for (const variant of draft.variants ?? []) for (const change of variant.changes) if (change.actor === from) change.actor = to;
    for (const { decision } of decisionsOf(draft)) {
      for (const field of ['by', 'consent'] as const)
        if (decision[field]?.includes(from)) decision[field] = decision[field].map((actorId) => (actorId === from ? to : actorId));
    }
  });
}

/** Gives the issue a new id: every stance on it and every variant change naming it follow. */
export function renameIssueId(scenario: Scenario, from: string, to: string): Scenario {
  return cloned(scenario, (draft) => {
    const issue = issueOf(draft, from);
    if (issue) issue.id = to;
    for (const actor of draft.actors) {
      if (!(from in actor.stances)) continue;
      // Rebuilt so the stance keeps its place among the actor's stances.
      actor.stances = Object.fromEntries(Object.entries(actor.stances).map(([key, stance]) => [key === from ? to : key, stance]));
    }
    for (const variant of draft.variants ?? []) for (const change of variant.changes) if (change.issue === from) change.issue = to;
  });
}

/** Gives the source a new id: every piece of evidence citing it follows (its text moves in the editor). */
export function renameSourceId(scenario: Scenario, from: string, to: string): Scenario {
  return cloned(scenario, (draft) => {
    const source = (draft.sources ?? []).find((candidate) => candidate.id === from);
    if (source) source.id = to;
    for (const actor of draft.actors) {
      for (const evidence of actor.evidence ?? []) if (evidence.source === from) evidence.source = to;
      for (const stance of Object.values(actor.stances)) for (const evidence of stance.evidence ?? []) if (evidence.source === from) evidence.source = to;
    }
  });
}

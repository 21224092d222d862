/**
 * "What changed" between two versions of a scenario, in words, for the version history:
 * `russia / FORCES: salience 0.9 → 0.5; added actor "Turkey"`. Pure; every storage uses it
 * to describe a version its author did not describe.
 */
import { stanceOf, type Actor, type Scenario, type Uncertain } from '../core/scenario.js';
import type { ScenarioDocument } from './storage.js';

/** At most this many changes are named; the rest are counted. */
const namedChanges = 4;

/**
 * The changes from `before` to `after`, most specific first, joined by `; `. The first
 * version is `created`; no difference is `no change`.
 *
 * @example describeChanges(doc, withRussiaFORCESSalience(0.5)) // 'russia / FORCES: salience 0.9 → 0.5'
 */
export function describeChanges(before: ScenarioDocument | undefined, after: ScenarioDocument): string {
  if (before === undefined) return 'created';
  const changes = listChanges(before, after);
  if (changes.length === 0) return 'no change';
  const shown = changes.slice(0, namedChanges).join('; ');
  const more = changes.length - namedChanges;
  return more > 0 ? `${shown}; and ${more} more change${more === 1 ? '' : 's'}` : shown;
}

/** Every change from `before` to `after`, in words, most specific first (the page's diff of two versions). */
export function listChanges(before: ScenarioDocument, after: ScenarioDocument): string[] {
  return [
    ...scenarioFieldChanges(before.scenario, after.scenario),
    ...issueChanges(before.scenario, after.scenario),
    ...actorChanges(before.scenario, after.scenario),
    ...sourceChanges(before, after),
    ...variantChanges(before.scenario, after.scenario),
  ];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function valueText(value: Uncertain | undefined): string {
  if (value === undefined) return 'none';
  return typeof value === 'number' ? String(value) : `${value.low}–${value.mode}–${value.high}`;
}

function scenarioFieldChanges(before: Scenario, after: Scenario): string[] {
  const changes: string[] = [];
  if (before.title !== after.title) changes.push(`title "${before.title}" → "${after.title}"`);
  for (const field of ['id', 'description', 'asOf'] as const) {
    if (before[field] !== after[field]) changes.push(`changed the scenario's ${field}`);
  }
  return changes;
}

function issueChanges(before: Scenario, after: Scenario): string[] {
  const changes: string[] = [];
  for (const issue of after.issues) {
    const old = before.issues.find((candidate) => candidate.id === issue.id);
    if (!old) {
      changes.push(`added issue ${issue.id}`);
      continue;
    }
    if (old.name !== issue.name) changes.push(`renamed issue ${issue.id} to "${issue.name}"`);
    if (old.statusQuo !== issue.statusQuo) changes.push(`${issue.id}: status quo ${old.statusQuo ?? 'none'} → ${issue.statusQuo ?? 'none'}`);
    if (!same(old.scale, issue.scale)) changes.push(`${issue.id}: scale ${old.scale.min}..${old.scale.max} → ${issue.scale.min}..${issue.scale.max}`);
    if (!same(old.anchors, issue.anchors)) changes.push(`${issue.id}: anchors changed`);
    if (old.description !== issue.description) changes.push(`${issue.id}: description changed`);
  }
  for (const issue of before.issues) {
    if (!after.issues.some((candidate) => candidate.id === issue.id)) changes.push(`removed issue ${issue.id}`);
  }
  return changes;
}

function actorChanges(before: Scenario, after: Scenario): string[] {
  const changes: string[] = [];
  for (const actor of after.actors) {
    const old = before.actors.find((candidate) => candidate.id === actor.id);
    if (!old) {
      changes.push(`added actor "${actor.name}"`);
      continue;
    }
    if (old.name !== actor.name) changes.push(`renamed ${actor.id} to "${actor.name}"`);
    if (!same(old.capability, actor.capability)) changes.push(`${actor.id}: capability ${valueText(old.capability)} → ${valueText(actor.capability)}`);
    if ((old.active ?? true) !== (actor.active ?? true)) changes.push(`${actor.id}: ${actor.active === false ? 'made inactive' : 'made active'}`);
    changes.push(...stanceChanges(old, actor));
  }
  for (const actor of before.actors) {
    if (!after.actors.some((candidate) => candidate.id === actor.id)) changes.push(`removed actor "${actor.name}"`);
  }
  return changes;
}

function stanceChanges(before: Actor, after: Actor): string[] {
  const changes: string[] = [];
  const issues = new Set([...Object.keys(before.stances), ...Object.keys(after.stances)]);
  for (const issue of issues) {
    const old = stanceOf(before, issue);
    const stance = stanceOf(after, issue);
    const where = `${after.id} / ${issue}`;
    if (!old && stance) changes.push(`${where}: added a stance`);
    else if (old && !stance) changes.push(`${where}: removed the stance`);
    else if (old && stance) {
      if (!same(old.position, stance.position)) changes.push(`${where}: position ${valueText(old.position)} → ${valueText(stance.position)}`);
      if (!same(old.salience, stance.salience)) changes.push(`${where}: salience ${valueText(old.salience)} → ${valueText(stance.salience)}`);
      const oldCount = old.evidence?.length ?? 0;
      const count = stance.evidence?.length ?? 0;
      if (count > oldCount) changes.push(`${where}: added evidence`);
      else if (count < oldCount) changes.push(`${where}: removed evidence`);
      else if (!same(old.evidence, stance.evidence)) changes.push(`${where}: edited evidence`);
    }
  }
  return changes;
}

function sourceChanges(before: ScenarioDocument, after: ScenarioDocument): string[] {
  const changes: string[] = [];
  const oldSources = before.scenario.sources ?? [];
  const sources = after.scenario.sources ?? [];
  for (const source of sources) {
    const old = oldSources.find((candidate) => candidate.id === source.id);
    if (!old) changes.push(`added source ${source.id}`);
    else if (!same(old, source)) changes.push(`edited source ${source.id}`);
    else if (before.texts[source.id] !== after.texts[source.id]) changes.push(`changed the text of source ${source.id}`);
  }
  for (const source of oldSources) {
    if (!sources.some((candidate) => candidate.id === source.id)) changes.push(`removed source ${source.id}`);
  }
  return changes;
}

function variantChanges(before: Scenario, after: Scenario): string[] {
  const changes: string[] = [];
  const oldVariants = before.variants ?? [];
  const variants = after.variants ?? [];
  for (const variant of variants) {
    const old = oldVariants.find((candidate) => candidate.id === variant.id);
    if (!old) changes.push(`added variant ${variant.id}`);
    else if (!same(old, variant)) changes.push(`edited variant ${variant.id}`);
  }
  for (const variant of oldVariants) {
    if (!variants.some((candidate) => candidate.id === variant.id)) changes.push(`removed variant ${variant.id}`);
  }
  return changes;
}

/**
 * Validation problems placed where they belong on screen: a stance's problem on its grid
 * cell, an actor's on its row, an issue's on its column; everything else in a list.
 */
import type { Problem } from '@parley/core/problems.js';
import type { Scenario } from '@parley/core/scenario.js';

export type ProblemPlace =
  | { kind: 'cell'; actor: string; issue: string }
  | { kind: 'actor'; actor: string }
  | { kind: 'issue'; issue: string }
  | { kind: 'variant'; variant: string }
  | { kind: 'other' };

export function cellKey(actor: string, issue: string): string {
  return `cell:${actor}:${issue}`;
}

export function placeKey(place: ProblemPlace): string {
  switch (place.kind) {
    case 'cell':
      return cellKey(place.actor, place.issue);
    case 'actor':
      return `actor:${place.actor}`;
    case 'issue':
      return `issue:${place.issue}`;
    case 'variant':
      return `variant:${place.variant}`;
    case 'other':
      return 'other';
  }
}

/** Where on screen a problem belongs, read from its path into the scenario. */
export function placeOf(scenario: Scenario, problem: Problem): ProblemPlace {
  const [top, index, field, key] = problem.path;
  if (top === 'actors' && typeof index === 'number') {
    const actor = scenario.actors[index]?.id;
    if (actor === undefined) return { kind: 'other' };
    if (field === 'stances' && typeof key === 'string') return { kind: 'cell', actor, issue: key };
    return { kind: 'actor', actor };
  }
  if (top === 'issues' && typeof index === 'number') {
    const issue = scenario.issues[index]?.id;
    return issue === undefined ? { kind: 'other' } : { kind: 'issue', issue };
  }
  if (top === 'variants' && typeof index === 'number') {
    const variant = scenario.variants?.[index]?.id;
    return variant === undefined ? { kind: 'other' } : { kind: 'variant', variant };
  }
  return { kind: 'other' };
}

/** A problem in words for a person: the message, and how to fix it. */
export function problemText(problem: Problem): string {
  return problem.hint === undefined ? problem.message : `${problem.message} (${problem.hint})`;
}

/** Problem texts grouped by where they belong (`placeKey`). */
export function problemsByPlace(scenario: Scenario, problems: readonly Problem[]): Map<string, string[]> {
  const byPlace = new Map<string, string[]>();
  for (const problem of problems) {
    const key = placeKey(placeOf(scenario, problem));
    byPlace.set(key, [...(byPlace.get(key) ?? []), problemText(problem)]);
  }
  return byPlace;
}

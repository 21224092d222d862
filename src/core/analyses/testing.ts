/** Small scenarios for the analyses' tests. */
import type { Actor, Issue, Scenario, Uncertain, Variant } from '../scenario.js';

/** An issue on 0..100 (or the given scale) with anchors at the quarters unless given. */
export function issue(id: string, options: Partial<Issue> = {}): Issue {
  return {
    id,
    name: `Issue ${id}`,
    scale: { min: 0, max: 100 },
    anchors: { 0: 'none', 25: 'a quarter', 50: 'half', 75: 'three quarters', 100: 'all' },
    ...options,
  };
}

/** An actor from its capability and `{ issue: [position, salience] }`. */
export function actor(id: string, capability: Uncertain, stances: Record<string, [Uncertain, Uncertain]>): Actor {
  return {
    id,
    name: id.toUpperCase(),
    capability,
    stances: Object.fromEntries(Object.entries(stances).map(([issueId, [position, salience]]) => [issueId, { position, salience }])),
  };
}

export function scenarioOf(issues: Issue[], actors: Actor[], variants: Variant[] = []): Scenario {
  return { parley: 1, id: 'test', title: 'Test scenario', issues, actors, ...(variants.length ? { variants } : {}) };
}

/**
 * Large scenarios (issue 24), checked by structure, never by time: what grows with n² is
 * kept only where it is bounded, and a model that cannot run at a size says so as data
 * before it computes anything.
 */
import { describe, expect, it } from 'vitest';
import type { PointScenario } from '../model.js';
import { createRng } from '../rng.js';
import { isNotApplicable, runModel } from '../run-model.js';
import { eumLimits, eumModel } from './eum/index.js';
import { runSmp, smpLimits, smpModel } from './smp/index.js';

/** One issue on 0–100 with `actorCount` seeded random actors. */
function oneIssue(actorCount: number, seed: number): PointScenario {
  const rng = createRng(seed);
  const actors = Array.from({ length: actorCount }, (_, index) => ({
    id: `a${index}`,
    name: `A${index}`,
    capability: 1 + Math.round(rng.next() * 99),
    position: Math.round(rng.next() * 100),
    salience: 0.1 + Math.round(rng.next() * 90) / 100,
  }));
  return { id: 'large', title: 'large', issues: [{ id: 'I', name: 'I', scale: { min: 0, max: 100 }, statusQuo: 50, actors }] };
}

describe('large scenarios', () => {
  it(`eum keeps the n² relation map up to ${eumLimits.relationActors} actors an issue, and says when it leaves it out`, () => {
    const small = eumModel.run(oneIssue(eumLimits.relationActors, 1), {}, { detail: 'full' })[0]!;
    expect(Array.isArray(small.details.relations)).toBe(true);
    const large = eumModel.run(oneIssue(eumLimits.relationActors + 1, 1), {}, { detail: 'full' })[0]!;
    expect(large.details.relations).toBeUndefined();
    expect(large.notes.join(' ')).toContain(`kept for issues of at most ${eumLimits.relationActors} actors`);
    // Leaving it out changes nothing else: the same run with the map turned off by hand.
    const without = eumModel.run(oneIssue(eumLimits.relationActors + 1, 1), { relations: false }, { detail: 'full' })[0]!;
    expect(large.forecast).toBe(without.forecast);
    expect(large.details).toEqual(without.details);
  });

  it(`smp refuses more than ${smpLimits.actors} actors as not applicable, with the size and what to do`, () => {
    const outcomes = runModel(smpModel, oneIssue(smpLimits.actors + 1, 2), {});
    expect(outcomes).toHaveLength(1);
    const [outcome] = outcomes;
    expect(outcome !== undefined && isNotApplicable(outcome)).toBe(true);
    if (outcome === undefined || !isNotApplicable(outcome)) return;
    expect(outcome.reason).toMatch(new RegExp(`too large for this model: ${smpLimits.actors + 1} actors, above the ${smpLimits.actors} it runs.*fewer actors`));
  });

  it("runSmp with keep: 'final' keeps the final state alone and runs the same turns", () => {
    const actors = oneIssue(12, 3).issues[0]!.actors.map((actor) => ({
      id: actor.id,
      capability: actor.capability,
      position: [actor.position / 100],
      salience: [actor.salience],
    }));
    const all = runSmp({ actors });
    const final = runSmp({ actors }, {}, 'final');
    expect(final.states).toHaveLength(1);
    expect(final.turns).toEqual([]);
    expect(final.turnCount).toBe(all.turns.length);
    expect(all.turnCount).toBe(all.turns.length);
    expect(final.states[0]).toEqual(all.states.at(-1));
    expect(final.groups).toEqual(all.groups);
    expect(final.actorProbabilities).toEqual(all.actorProbabilities);
  });
});

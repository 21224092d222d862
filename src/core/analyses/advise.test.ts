/**
 * Strategy advice on hand-made scenarios whose best moves can be worked out on paper. Under a
 * unilateral rule the ensemble reads a lobbyist's capability as (1 − the deciders' salience)
 * of itself (lobbying.ts), and where the salience-weighted and the plain capability-weighted
 * means coincide the ensemble's forecast is that mean whatever its fitted pull (ensemble.ts:
 * c + β(mean − c)), so every forecast below is a weighted mean done by hand.
 */
import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import type { Actor, Scenario } from '../scenario.js';
import { forecast } from '../forecast.js';
import { headline } from './headline.js';
import { runAdviceTask, withChanges, type AdviceExecutor, type AdviceTask } from './advice-tasks.js';
import { advise, adviceJson, goalTerms } from './advise.js';
import { runDraws } from './draws.js';
import { interventions, persuasionCost } from './interventions.js';
import { pointScenario } from '../resolve.js';

function actor(id: string, capability: number, stances: Actor['stances'], extra: Partial<Actor> = {}): Actor {
  return { id, name: id.toUpperCase(), capability, stances, ...extra };
}

/**
 * Boss decides X alone (position 50, salience 0.5, capability 10); a lobbyist at 100 with
 * capability 20 and salience 0.5 counts for 20 · (1 − 0.5) = 10. Both means weigh the two
 * alike: forecast 0.5 · 50 + 0.5 · 100 = 75. Boss announcing 0 gives 0.5 · 0 + 50 = 50, its
 * goal exactly: utility 1 − 25/100 = 0.75 → 1, a gain of 0.25, the best there is.
 */
const loneDecider: Scenario = {
  parley: 1,
  id: 'lone',
  title: 'A lone decider',
  issues: [{ id: 'X', name: 'X', scale: { min: 0, max: 100 }, decision: { rule: 'unilateral', by: ['boss'] } }],
  actors: [actor('boss', 10, { X: { position: 50, salience: 0.5 } }), actor('lobby', 20, { X: { position: 100, salience: 0.5 } })],
};

/**
 * A and B decide X together (unilateral by both), C lobbies; all at capability 10 and salience
 * 0.5. A at 0 is the client. Base: C counts 5, forecast (0 · 10 + 100 · 10 + 100 · 5) / 25 = 60.
 * If B walks away (A decides alone), B and C count 5 each: (0 · 10 + 100 · 5 + 100 · 5) / 20 = 50,
 * gain 0.1 at cost 100 · 10 / 20 = 50 (B's share of the deciders' clout).
 */
const twoDeciders: Scenario = {
  parley: 1,
  id: 'two',
  title: 'Two deciders',
  issues: [{ id: 'X', name: 'X', scale: { min: 0, max: 100 }, decision: { rule: 'unilateral', by: ['a', 'b'] } }],
  actors: [
    actor('a', 10, { X: { position: 0, salience: 0.5 } }),
    actor('b', 10, { X: { position: 100, salience: 0.5 } }),
    actor('c', 10, { X: { position: 100, salience: 0.5 } }),
  ],
};

/** Two issues, ranges on positions, an inactive seat: for the search's properties. */
const twoIssues: Scenario = {
  parley: 1,
  id: 'pair',
  title: 'Two issues',
  issues: [
    { id: 'P', name: 'P', scale: { min: 0, max: 10 }, statusQuo: 5 },
    { id: 'Q', name: 'Q', scale: { min: 0, max: 100 } },
  ],
  actors: [
    actor('me', 3, { P: { position: { low: 1, mode: 2, high: 4 }, salience: 0.6 }, Q: { position: 80, salience: 0.3 } }),
    actor('you', 5, { P: { position: 8, salience: 0.9 }, Q: { position: { low: 10, mode: 20, high: 40 }, salience: 0.7 } }),
    actor('them', 2, { P: { position: 6, salience: 0.2 }, Q: { position: 50, salience: 0.5 } }),
    actor('later', 4, { P: { position: 1, salience: 0.5 }, Q: { position: 90, salience: 0.5 } }, { active: false }),
  ],
};

describe('advise: known best moves', () => {
  it('a lone decider pulled by a lobbyist is best advised to announce a position that lands the outcome on its goal', async () => {
    const result = await advise(loneDecider, { actor: 'boss' });
    const best = result.advice[0]!;
    expect(best.changes).toEqual([{ actor: 'boss', issue: 'X', position: 0 }]);
    expect(best.kinds).toEqual(['position']);
    expect(best.before).toEqual({ X: 75 });
    expect(best.after).toEqual({ X: 50 });
    expect(best.gain).toBe(0.25);
    expect(result.utility).toBe(0.75);
    expect(result.goal).toEqual({ X: 50 });
  });

  it("a decider walking away from a shared decision moves the outcome by hand-computed amounts, at its share of the deciders' clout", async () => {
    const result = await advise(twoDeciders, { actor: 'a', depth: 1, top: 50 });
    const walkAway = result.advice.find((item) => item.kinds[0] === 'decision')!;
    expect(walkAway.changes).toEqual([{ issue: 'X', decision: { rule: 'unilateral', by: ['a'] } }]);
    expect(walkAway.before.X).toBeCloseTo(60, 12);
    expect(walkAway.after.X).toBeCloseTo(50, 12);
    expect(walkAway.gain).toBeCloseTo(0.1, 12);
    expect(walkAway.cost).toBe(50);
    // Persuading B 10 points towards 0: (0 · 10 + 90 · 10 + 100 · 5) / 25 = 56, cost 100 · 10/100 · 0.5 = 5.
    const persuadeB = result.advice.find((item) => item.description.startsWith('Persuade B to move 10'))!;
    expect(persuadeB.after.X).toBeCloseTo(56, 12);
    expect(persuadeB.cost).toBe(5);
  });

  it('the budget leaves out what costs more, and with none left to spend nothing helps a client already at the end of the scale', async () => {
    const within = await advise(twoDeciders, { actor: 'a', depth: 2, top: 50, budget: 20 });
    expect(within.advice.length).toBeGreaterThan(0);
    for (const item of within.advice) expect(item.cost).toBeLessThanOrEqual(20);
    expect(within.advice.some((item) => item.kinds.includes('decision'))).toBe(false);
    const none = await advise(twoDeciders, { actor: 'a', budget: 0 });
    expect(none.advice).toEqual([]);
    expect(none.search.budget).toBe(0);
  });

  it('persuasion costs 100 · move / range · salience, with salience floored at 0.1', () => {
    expect(persuasionCost(10, 100, 0.5)).toBe(5);
    expect(persuasionCost(1, 10, 0.9)).toBe(9);
    expect(persuasionCost(10, 100, 0)).toBe(1);
  });
});

describe('advise: the search', () => {
  it('every candidate is a set of variant changes the file format accepts, and focus keeps the total salience', () => {
    const point = pointScenario(twoIssues);
    const candidates = interventions(twoIssues, point, 'me', goalTerms(twoIssues, { actor: 'me' }));
    const kinds = new Set(candidates.map((candidate) => candidate.kind));
    for (const kind of ['position', 'focus', 'persuade', 'coalition'] as const) expect(kinds).toContain(kind);
    expect(candidates.some((candidate) => candidate.changes[0]!.active === true && candidate.changes[0]!.actor === 'later')).toBe(true);
    for (const candidate of candidates.filter((c) => c.kind === 'focus')) {
      const [gain, give] = candidate.changes;
      const before = 0.6 + 0.3;
      const salience = (value: unknown) => (typeof value === 'number' ? value : (value as { mode: number }).mode);
      expect(salience(gain!.salience) + salience(give!.salience)).toBeCloseTo(before, 12);
    }
    // A ranged position moves as a whole, so its uncertainty stays.
    const moved = candidates.find((candidate) => candidate.kind === 'position' && candidate.changes[0]!.issue === 'P')!;
    expect(moved.changes[0]!.position).toMatchObject({ mode: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
  });

  it('after is what the one-answer summary gives with the changes applied as a variant', async () => {
    const result = await advise(twoIssues, { actor: 'me', top: 10 });
    expect(result.advice.length).toBeGreaterThan(0);
    for (const item of result.advice) {
      const variant: Scenario = { ...twoIssues, variants: [{ id: 'v', changes: item.changes }] };
      const withAdvice = headline(variant, { variant: 'v', draws: 1 }).summary;
      const base = headline(twoIssues, { draws: 1 }).summary;
      expect(Object.fromEntries(withAdvice.map((entry) => [entry.issue, entry.forecast]))).toEqual(item.after);
      expect(Object.fromEntries(base.map((entry) => [entry.issue, entry.forecast]))).toEqual(item.before);
    }
  });

  it("under another model, after is that model's forecast of the changed scenario, as parley forecast gives it", async () => {
    const result = await advise(twoIssues, { actor: 'me', model: 'compromise', top: 3 });
    expect(result.model).toBe('compromise');
    for (const item of result.advice) {
      const variant: Scenario = { ...twoIssues, variants: [{ id: 'v', changes: item.changes }] };
      const rows = forecast(variant, { models: ['compromise'], variant: 'v' }).results;
      expect(Object.fromEntries(rows.map((row) => [row.issue, row.forecast]))).toEqual(item.after);
    }
  });

  it('ranks by gain, never sets one value twice, and gives the same list whatever order its tasks run in', async () => {
    const request = { actor: 'me', top: 10, draws: 20, seed: 9 } as const;
    const inOrder = await advise(twoIssues, request);
    const backwards: AdviceExecutor = {
      runAdviceTasks: async (scenario, tasks) =>
        [...tasks]
          .reverse()
          .map((task) => runAdviceTask(scenario, task))
          .reverse(),
    };
    expect(JSON.stringify(await advise(twoIssues, request, backwards))).toBe(JSON.stringify(inOrder));
    const gains = inOrder.advice.map((item) => item.gain);
    expect([...gains].sort((a, b) => b - a)).toEqual(gains);
    const values = inOrder.advice.flatMap((item) => item.changes.map((change) => `${change.actor}:${change.issue}:${Object.keys(change).join()}`));
    expect(new Set(values).size).toBe(values.length);
  });

  it('robustness: helps and the median over draws, and the gain under every model', async () => {
    const result = await advise(twoIssues, { actor: 'me', top: 3, draws: 40, seed: 3 });
    for (const item of result.advice) {
      const robustness = item.robustness!;
      expect(robustness.draws).toBe(40);
      expect(robustness.helps).toBeGreaterThanOrEqual(0);
      expect(robustness.helps).toBeLessThanOrEqual(1);
      expect(Object.keys(robustness.models).sort()).toEqual(['calibrated', 'compromise', 'ensemble', 'eum', 'exchange', 'median', 'nash', 'smp']);
      expect(robustness.models.ensemble).toBe(item.gain);
      expect(robustness.agree).toContain('ensemble');
    }
    expect(adviceJson(result).advice[0]).toHaveProperty('robustness');
  });

  it("the draws of the base are monteCarlo's draws (common random numbers)", () => {
    const task: AdviceTask = { kind: 'draws', model: { id: 'ensemble', params: {}, seed: 1 }, changeSets: [[]], seed: 5, fromDraw: 0, toDraw: 12 };
    const ours = runAdviceTask(twoIssues, task);
    const theirs = runDraws(twoIssues, { draws: 12, seed: 5, models: ['ensemble'] }, 0, 12).forecasts;
    expect(Array.from(ours)).toEqual(Array.from(theirs));
  });

  it('a change set is applied as the file applies a variant', () => {
    const changes = [
      { actor: 'you', issue: 'Q', capability: 9 },
      { issue: 'P', decision: { rule: 'unanimity' as const } },
    ];
    const changed = withChanges(twoIssues, changes);
    expect(changed.actors[1]!.stances.Q!.capability).toBe(9);
    expect(changed.actors[1]!.capability).toBe(5);
    expect(changed.issues[0]!.decision).toEqual({ rule: 'unanimity' });
    expect(pointScenario(changed).issues[1]!.actors[1]!.capability).toBe(9);
    expect(pointScenario(changed).issues[0]!.actors[1]!.capability).toBe(5);
  });
});

describe('advise: errors', () => {
  const rejects = async (request: Parameters<typeof advise>[1], code: string, message: RegExp) => {
    const error = await advise(twoIssues, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe(code);
    expect((error as ParleyError).message).toMatch(message);
  };
  it('names what is wrong and the fix', async () => {
    await rejects({ actor: 'nobody' }, 'advise-actor', /unknown actor "nobody"; the actors are: me, you, them, later/);
    await rejects({ actor: 'me', goal: { P: 11 } }, 'advise-goal', /P=11 is off the scale 0\.\.10/);
    await rejects({ actor: 'me', goal: { R: 1 } }, 'advise-goal', /unknown issue "R"; the issues are: P, Q/);
    await rejects({ actor: 'me', issues: ['R'] }, 'advise-issue', /unknown issue "R"/);
    await rejects({ actor: 'me', budget: -1 }, 'advise-budget', /at least 0/);
  });
  it('an actor without stances has nothing to advise', async () => {
    const silent: Scenario = { ...twoIssues, actors: [...twoIssues.actors, actor('mute', 1, {})] };
    const error = await advise(silent, { actor: 'mute' }).catch((caught: unknown) => caught);
    expect((error as ParleyError).code).toBe('advise-nothing');
    expect((error as ParleyError).message).toBe('MUTE holds no stance on any issue: there is nothing to advise');
  });
});

describe('bringing in a seat the file keeps inactive', () => {
  // An outgoing and an incoming government: one seat, which the file's variant swaps.
  const seats: Scenario = {
    parley: 1,
    id: 'seats',
    title: 'Seats',
    issues: [{ id: 'X', name: 'X', scale: { min: 0, max: 100 } }],
    actors: [
      { id: 'me', name: 'Me', capability: 1, stances: { X: { position: 0, salience: 1 } } },
      { id: 'new', name: 'New government', capability: 1, stances: { X: { position: 100, salience: 1 } } },
      { id: 'old', name: 'Old government', capability: 1, active: false, stances: { X: { position: 0, salience: 1 } } },
      { id: 'ally', name: 'Ally', capability: 0.5, active: false, stances: { X: { position: 0, salience: 1 } } },
    ],
    variants: [
      {
        id: 'before',
        changes: [
          { actor: 'new', active: false },
          { actor: 'old', active: true },
        ],
      },
    ],
  };
  const candidates = interventions(seats, pointScenario(seats), 'me', goalTerms(seats, { actor: 'me' }));

  it('swaps a seat the variants only ever fill in place of another, never adds it beside', () => {
    const old = candidates.find((candidate) => candidate.changes.some((change) => change.actor === 'old' && change.active === true))!;
    expect(old.changes).toEqual([
      { actor: 'old', active: true },
      { actor: 'new', active: false },
    ]);
    expect(old.description).toBe("Bring in Old government in place of New government (the file's variants swap them)");
  });

  it('brings in a seat no variant swaps as it is', () => {
    const ally = candidates.find((candidate) => candidate.changes.some((change) => change.actor === 'ally'))!;
    expect(ally.changes).toEqual([{ actor: 'ally', active: true }]);
  });
});

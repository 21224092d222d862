/**
 * What one actor (the client) could do to move the outcome, each as ordinary variant changes
 * (`Change` in scenario.ts), so any piece of advice can be saved as a variant and compared.
 * The kinds, their candidate values and their costs are described in docs/advise.md:
 *
 * - `position`: announce another position on an issue (a grid of eleven points of the scale);
 * - `focus`: shift salience from one of the client's issues to another, the total kept;
 * - `persuade`: move another actor's position towards the client's goal by a bounded step;
 *   cost 100 · |move| / scale range · max(salience, 0.1), so those who care most cost most;
 * - `coalition`: raise a partner's capability (+25 % or +50 %, on every issue or on one), or
 *   bring in a seat the file keeps `active: false`; cost 100 · clout added / all clout (a
 *   one-issue boost counts that share of the partner's issues);
 * - `trade`: the first-round exchanges of the exchange model (Stokman & van Oosten 1994)
 *   that involve the client, as an offer of its ground on one issue for the partner's on another;
 * - `decision`: where the scenario names who decides an issue, one decider walks away.
 *
 * Own moves and trades cost nothing from the budget: their price is in the forecast itself,
 * which counts what the client gives up.
 */
import type { PointScenario } from '../model.js';
import { runExchange } from '../models/exchange.js';
import { modeOf, stanceOf, type Change, type Decision, type Scenario, type Uncertain } from '../scenario.js';

export const interventionKinds = ['position', 'focus', 'persuade', 'coalition', 'trade', 'decision'] as const;
export type InterventionKind = (typeof interventionKinds)[number];

/** One candidate piece of advice. */
export interface Intervention {
  kind: InterventionKind;
  changes: Change[];
  /** In budget units (see the file comment); 0 for own moves and trades. */
  cost: number;
  /** One line in words, e.g. `Persuade Germany to move 10 points on SANCTIONS (salience 0.5)`. */
  description: string;
}

/** One issue of the client's goal. */
export interface GoalTerm {
  issue: string;
  /** Index of the issue in the scenario. */
  index: number;
  target: number;
  /** The client's salience on the issue: how much this term counts. */
  weight: number;
  /** Width of the issue's scale. */
  range: number;
}

export interface InterventionOptions {
  /** The longest persuasion step, as a share of the scale range; default 0.1. */
  step?: number;
  /** Leave out candidates that cost more than this. */
  budget?: number;
}

export const defaultPersuasionStep = 0.1;
/** Persuading an actor that hardly cares still costs something. */
const salienceFloor = 0.1;
const boosts = [0.25, 0.5] as const;
const focusShifts = [0.1, 0.2] as const;
const gridPoints = 10;

/**
 * Every candidate intervention for `client` on the goal's issues, in a fixed order (kind,
 * then issue, then actor in file order), without those over the budget.
 *
 * Cost: O(issues · actors) candidates, plus one run of the exchange model for the trades.
 */
export function interventions(
  scenario: Scenario,
  point: PointScenario,
  client: string,
  goal: readonly GoalTerm[],
  options: InterventionOptions = {},
): Intervention[] {
  const step = options.step ?? defaultPersuasionStep;
  const budget = options.budget ?? Number.POSITIVE_INFINITY;
  const clientActor = scenario.actors.find((actor) => actor.id === client)!;
  const names = new Map(scenario.actors.map((actor) => [actor.id, actor.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const all: Intervention[] = [];

  for (const term of goal) {
    const stance = stanceOf(clientActor, term.issue);
    if (!stance) continue;
    const issue = scenario.issues[term.index]!;
    const current = modeOf(stance.position);
    for (let k = 0; k <= gridPoints; k++) {
      const position = tidy(issue.scale.min + (k * term.range) / gridPoints);
      if (Math.abs(position - current) < 1e-9 * term.range) continue;
      all.push({
        kind: 'position',
        changes: [{ actor: client, issue: term.issue, position: moved(stance.position, position, issue.scale) }],
        cost: 0,
        description: `Announce ${points(position)} on ${term.issue} instead of ${points(current)}`,
      });
    }
  }

  for (const term of goal) {
    const gaining = stanceOf(clientActor, term.issue);
    if (!gaining) continue;
    for (const other of scenario.issues) {
      const giving = other.id === term.issue ? undefined : stanceOf(clientActor, other.id);
      if (!giving) continue;
      const from = modeOf(giving.salience);
      const to = modeOf(gaining.salience);
      for (const amount of new Set(focusShifts.map((shift) => tidy(Math.min(shift, from, 1 - to))))) {
        if (amount < 0.01) continue;
        all.push({
          kind: 'focus',
          changes: [
            { actor: client, issue: term.issue, salience: moved(gaining.salience, tidy(to + amount), { min: 0, max: 1 }) },
            { actor: client, issue: other.id, salience: moved(giving.salience, tidy(from - amount), { min: 0, max: 1 }) },
          ],
          cost: 0,
          description: `Focus on ${term.issue}: salience ${fixed(to)} → ${fixed(to + amount)}, taken from ${other.id} (${fixed(from)} → ${fixed(from - amount)}; total salience kept)`,
        });
      }
    }
  }

  for (const term of goal) {
    const issue = scenario.issues[term.index]!;
    for (const actor of scenario.actors) {
      if (actor.id === client || actor.active === false) continue;
      const stance = stanceOf(actor, term.issue);
      if (!stance) continue;
      const position = modeOf(stance.position);
      const distance = term.target - position;
      if (Math.abs(distance) < 1e-9 * term.range) continue;
      const salience = modeOf(stance.salience);
      const longest = step * term.range;
      const steps = [longest / 2, longest].map((size) => Math.min(size, Math.abs(distance)));
      for (const size of new Set(steps)) {
        const to = tidy(position + Math.sign(distance) * size);
        const move = Math.abs(to - position);
        all.push({
          kind: 'persuade',
          changes: [{ actor: actor.id, issue: term.issue, position: moved(stance.position, to, issue.scale) }],
          cost: persuasionCost(move, term.range, salience),
          description: `Persuade ${actor.name} to move ${points(move)} points on ${term.issue} (salience ${fixed(salience)}), ${points(position)} → ${points(to)}`,
        });
      }
    }
  }

  const active = scenario.actors.filter((actor) => actor.active !== false);
  const totalClout = active.reduce((sum, actor) => sum + modeOf(actor.capability), 0);
  for (const actor of active) {
    if (actor.id === client) continue;
    const capability = modeOf(actor.capability);
    const issuesHeld = Object.keys(actor.stances).filter((id) => stanceOf(actor, id)).length;
    for (const boost of boosts) {
      all.push({
        kind: 'coalition',
        changes: [{ actor: actor.id, capability: scaled(actor.capability, 1 + boost) }],
        cost: tidyCost((100 * capability * boost) / totalClout),
        description: `Back ${actor.name}: raise its capability by ${Math.round(boost * 100)}% on every issue`,
      });
    }
    for (const term of goal) {
      const stance = stanceOf(actor, term.issue);
      if (!stance) continue;
      const clout = stance.capability ?? actor.capability;
      for (const boost of boosts) {
        all.push({
          kind: 'coalition',
          changes: [{ actor: actor.id, issue: term.issue, capability: scaled(clout, 1 + boost) }],
          cost: tidyCost((100 * modeOf(clout) * boost) / totalClout / Math.max(1, issuesHeld)),
          description: `Back ${actor.name} on ${term.issue}: raise its clout there by ${Math.round(boost * 100)}%`,
        });
      }
    }
  }
  for (const actor of scenario.actors) {
    if (actor.active !== false) continue;
    // A seat the file's own variants only ever fill in place of another (an outgoing and an
    // incoming government) comes in as that swap, never beside it: both at once would count
    // one seat twice.
    const replaced = alternativesOf(scenario, actor.id).filter((id) => scenario.actors.some((other) => other.id === id && other.active !== false));
    const replacedNames = replaced.map(nameOf).join(', ');
    all.push({
      kind: 'coalition',
      changes: [{ actor: actor.id, active: true }, ...replaced.map((id) => ({ actor: id, active: false }))],
      cost: actor.id === client ? 0 : tidyCost((100 * modeOf(actor.capability)) / totalClout),
      description:
        actor.id === client
          ? `Take your seat${replaced.length > 0 ? ` in place of ${replacedNames}` : ''} (you are inactive in the file)`
          : replaced.length > 0
            ? `Bring in ${actor.name} in place of ${replacedNames} (the file's variants swap them)`
            : `Bring in ${actor.name} (inactive in the file)`,
    });
  }

  all.push(...trades(scenario, point, client, goal, nameOf));
  all.push(...walkAways(scenario, point, client, goal, nameOf));
  return all.filter((candidate) => candidate.cost <= budget);
}

/**
 * The actors a seat replaces: those every variant that activates the seat also deactivates.
 *
 * @example alternativesOf({ variants: [{ id: 'v', changes: [{ actor: 'b', active: true }, { actor: 'a', active: false }] }] }, 'b') // ['a']
 */
export function alternativesOf(scenario: Pick<Scenario, 'variants'>, seat: string): string[] {
  const filling = (scenario.variants ?? []).filter((variant) =>
    variant.changes.some((change) => change.actor === seat && change.issue === undefined && change.active === true),
  );
  if (filling.length === 0) return [];
  const deactivated = filling.map(
    (variant) =>
      new Set(
        variant.changes.filter((change) => change.actor !== undefined && change.issue === undefined && change.active === false).map((change) => change.actor!),
      ),
  );
  return [...deactivated[0]!].filter((id) => deactivated.every((set) => set.has(id)));
}

/**
 * Persuasion's cost: 100 · |move| / range · max(salience, 0.1).
 *
 * @example persuasionCost(10, 100, 0.5) // 5
 */
export function persuasionCost(move: number, range: number, salience: number): number {
  return tidyCost((100 * move * Math.max(salience, salienceFloor)) / range);
}

/** The client's first-round exchanges in the exchange model, as offers. */
function trades(scenario: Scenario, point: PointScenario, client: string, goal: readonly GoalTerm[], nameOf: (id: string) => string): Intervention[] {
  const goalIssues = new Set(goal.map((term) => term.issue));
  let run;
  try {
    run = runExchange(point);
  } catch {
    // The exchange model cannot run on every scenario (e.g. one issue): then there are no trades.
    return [];
  }
  const offers: Intervention[] = [];
  const seen = new Set<string>();
  for (const exchange of run.exchanges) {
    if (exchange.round !== 1) continue;
    const own = exchange.moves.find((move) => move.actor === client);
    const theirs = exchange.moves.find((move) => move.actor !== client);
    if (!own || !theirs || !goalIssues.has(theirs.issue)) continue;
    const key = `${own.issue}|${theirs.actor}|${theirs.issue}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ownChange = movedBy(scenario, client, own.issue, own.move);
    const theirChange = movedBy(scenario, theirs.actor, theirs.issue, theirs.move);
    if (!ownChange || !theirChange) continue;
    offers.push({
      kind: 'trade',
      changes: [ownChange.change, theirChange.change],
      cost: 0,
      description: `Offer ${nameOf(theirs.actor)}: give ${points(Math.abs(ownChange.move))} points on ${own.issue} (${points(ownChange.from)} → ${points(ownChange.to)}) for ${points(Math.abs(theirChange.move))} on ${theirs.issue} (${points(theirChange.from)} → ${points(theirChange.to)})`,
    });
  }
  return offers;
}

/** A stance's position moved by `move` from its value in the file, clipped to the scale. */
function movedBy(scenario: Scenario, actorId: string, issueId: string, move: number): { change: Change; from: number; to: number; move: number } | undefined {
  const actor = scenario.actors.find((candidate) => candidate.id === actorId);
  const issue = scenario.issues.find((candidate) => candidate.id === issueId);
  const stance = actor && stanceOf(actor, issueId);
  if (!stance || !issue) return undefined;
  const from = modeOf(stance.position);
  const to = tidy(Math.min(issue.scale.max, Math.max(issue.scale.min, from + move)));
  if (to === from) return undefined;
  return { change: { actor: actorId, issue: issueId, position: moved(stance.position, to, issue.scale) }, from, to, move: to - from };
}

/**
 * Where the scenario names who decides a goal issue and more than one actor decides (or a
 * second chamber consents), one of them walks away: the rule stays, its deciders shrink.
 * The cost is that decider's share of the deciders' clout (nothing when it is the client).
 */
function walkAways(scenario: Scenario, point: PointScenario, client: string, goal: readonly GoalTerm[], nameOf: (id: string) => string): Intervention[] {
  const out: Intervention[] = [];
  for (const term of goal) {
    const issue = point.issues[term.index]!;
    const decision = issue.decision;
    const written = scenario.issues[term.index]!.decision ?? scenario.decision;
    if (!decision || decision.implicit || !written) continue;
    const clout = new Map(issue.actors.map((actor) => [actor.id, actor.capability]));
    const deciderClout = decision.by.reduce((sum, id) => sum + (clout.get(id) ?? 0), 0);
    const leaving = [...decision.by, ...(decision.consent ?? []).filter((id) => !decision.by.includes(id))];
    for (const id of leaving) {
      const by = decision.by.filter((other) => other !== id);
      if (by.length === 0) continue;
      const consent = (decision.consent ?? []).filter((other) => other !== id);
      const next: Decision = {
        rule: decision.rule,
        by,
        ...(decision.threshold === undefined ? {} : { threshold: decision.threshold }),
        ...(consent.length === 0 ? {} : { consent }),
      };
      const share = deciderClout > 0 ? (clout.get(id) ?? 0) / deciderClout : 0;
      const who = id === client ? 'you walk away' : `${nameOf(id)} walks away`;
      out.push({
        kind: 'decision',
        changes: [{ issue: term.issue, decision: next }],
        cost: id === client ? 0 : tidyCost(100 * share),
        description: `If ${who} from deciding ${term.issue}: ${decision.rule} of ${by.map(nameOf).join(', ')}${consent.length ? `, with the consent of ${consent.map(nameOf).join(', ')}` : ''}`,
      });
    }
  }
  return out;
}

/** A value moved to `to`: a number, or a range shifted with it (clipped to the bounds), so its uncertainty stays. */
function moved(value: Uncertain, to: number, bounds: { min: number; max: number }): Uncertain {
  if (typeof value === 'number') return to;
  const shift = to - value.mode;
  const clip = (x: number) => tidy(Math.min(bounds.max, Math.max(bounds.min, x + shift)));
  return { low: Math.min(clip(value.low), to), mode: to, high: Math.max(clip(value.high), to) };
}

/** A capability multiplied by `factor` (each end of a range too). */
function scaled(value: Uncertain, factor: number): Uncertain {
  const times = (x: number) => Number((x * factor).toPrecision(6));
  return typeof value === 'number' ? times(value) : { low: times(value.low), mode: times(value.mode), high: times(value.high) };
}

/** Changed values are written to files and read back: keep them short and exact. */
function tidy(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function tidyCost(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A point of a scale in words: whole numbers as such, else one decimal. */
export function points(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function fixed(value: number): string {
  return String(Math.round(value * 100) / 100);
}

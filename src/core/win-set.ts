/**
 * The win-set of the status quo on one issue: the outcomes that the deciders the issue's
 * rule needs all prefer to the status quo. With single-peaked utilities falling off with
 * distance (uᵢ(x) = −|x − xᵢ|), actor i prefers x to the status quo q exactly when
 * |x − xᵢ| < |q − xᵢ|: the open interval between q and its mirror image 2xᵢ − q. Every such
 * interval has q at one end, so the win-set under any rule lies on one side of q.
 *
 * Tsebelis (2002), *Veto Players: How Political Institutions Work*, Princeton UP, ch. 1
 * (the win-set W(SQ) and its emptiness as policy stability); Krehbiel (1998), *Pivotal
 * Politics*, Chicago UP (the gridlock interval under supermajority rules).
 *
 * Who counts: the deciders the rule names (`IssueDecision.by`). A decider with zero
 * salience is indifferent — it neither supports a move nor blocks one — but its capability
 * stays in the total a majority is a share of (an abstention counts against, as in the EU
 * Council). A decider at the status quo prefers it to any move.
 */
import type { IssueActor, IssueDecision, IssueInput } from './model.js';

/** The win-set of one issue's status quo under its rule. */
export interface WinSet {
  /** True when no outcome beats the status quo under the rule: deadlock, the status quo stands. */
  empty: boolean;
  /** The open interval of outcomes that beat the status quo, clipped to the scale; absent when empty. */
  interval?: { low: number; high: number };
  /** The side of the status quo the win-set lies on (+1 above, −1 below); absent when empty. */
  side?: 1 | -1;
  /** The deciders needed by the rule who prefer no move the others want: ids, in participant order. */
  blockers: string[];
  /** The deciders whose support the rule counts (with non-zero salience). */
  deciders: string[];
  /**
   * Share of the deciders' capability that prefers a small move towards the side with the most
   * support (a small step off q). Unanimity and unilateral rules need 1.
   */
  support: number;
  /** The share of the deciders' capability the rule needs (`majority`: above 0.5). */
  needed: number;
}

/** The rule of an issue, with the classic default (a majority of every participant) when it has none. */
export function decisionOf(issue: IssueInput): IssueDecision {
  return issue.decision ?? { rule: 'majority', by: issue.actors.map((actor) => actor.id), implicit: true };
}

/**
 * The win-set of the status quo on one issue under its rule.
 *
 * Cost: O(n log n) for n participants.
 *
 * @param issue an issue with a status quo (a RangeError otherwise: without one there is no "no deal")
 * @example
 * // Unanimity of two deciders on opposite sides of q = 50: nothing beats the status quo.
 * winSet({ id: 'X', name: 'X', scale: { min: 0, max: 100 }, statusQuo: 50,
 *   decision: { rule: 'unanimity', by: ['a', 'b'] }, actors: [
 *   { id: 'a', name: 'A', capability: 1, salience: 1, position: 20 },
 *   { id: 'b', name: 'B', capability: 1, salience: 1, position: 80 } ] }).empty // true
 */
export function winSet(issue: IssueInput): WinSet {
  const statusQuo = issue.statusQuo;
  if (statusQuo === undefined) throw new RangeError(`issue "${issue.id}" has no status quo: its win-set is undefined`);
  const decision = decisionOf(issue);
  const byIds = new Set(decision.by);
  const deciders = issue.actors.filter((actor) => byIds.has(actor.id));
  const totalCapability = deciders.reduce((sum, actor) => sum + actor.capability, 0);
  const caring = deciders.filter((actor) => actor.salience > 0);
  const everyoneNeeded = decision.rule === 'unanimity' || decision.rule === 'unilateral';
  const needed = decision.rule === 'qualified' ? (decision.threshold ?? 1) : everyoneNeeded ? 1 : 0.5;
  const base = { deciders: caring.map((actor) => actor.id), needed };
  if (caring.length === 0 || !(totalCapability > 0)) {
    return { empty: true, blockers: [], support: 0, ...base };
  }

  const consentIds = new Set(decision.consent ?? []);
  const consenting = issue.actors.filter((actor) => consentIds.has(actor.id) && actor.salience > 0);
  const sides = ([1, -1] as const).map((side) => withConsent(sideOf(side, statusQuo, caring, totalCapability, decision, needed), consenting, statusQuo));
  const best = sides[0]!.support >= sides[1]!.support ? sides[0]! : sides[1]!;
  const limit = best.extent === undefined ? undefined : clip(best.side, statusQuo, best.extent, issue);
  if (limit === undefined || limit.high <= limit.low) {
    // Nobody on the side with most support may move: those who would have to change their minds block.
    const blockers = [...caring, ...consenting.filter((actor) => !byIds.has(actor.id))]
      .filter((actor) => !best.supporters.has(actor.id))
      .map((actor) => actor.id);
    return { empty: true, blockers, support: best.support, ...base };
  }
  return { empty: false, interval: limit, side: best.side, blockers: [], support: best.support, ...base };
}

interface Side {
  side: 1 | -1;
  supporters: Set<string>;
  /** Capability share of the supporters. */
  support: number;
  /** How far from q the rule's coalition still prefers a move; undefined when the rule is not met. */
  extent?: number;
}

/**
 * Supporters of a move from q towards `side` are the deciders on that side of q; each accepts
 * a move of up to twice its distance from q. The rule's coalition accepts a move as far as
 * its least-reaching member needed: all of them under unanimity, else the supporters ranked
 * by reach until their capability meets the threshold.
 */
function sideOf(side: 1 | -1, statusQuo: number, caring: readonly IssueActor[], totalCapability: number, decision: IssueDecision, needed: number): Side {
  const supporters = caring.filter((actor) => (actor.position - statusQuo) * side > 0);
  const supporterIds = new Set(supporters.map((actor) => actor.id));
  const supportCapability = supporters.reduce((sum, actor) => sum + actor.capability, 0);
  const support = supportCapability / totalCapability;
  const reachOf = (actor: IssueActor) => 2 * Math.abs(actor.position - statusQuo);
  if (decision.rule === 'unanimity' || decision.rule === 'unilateral') {
    if (supporters.length !== caring.length) return { side, supporters: supporterIds, support };
    return { side, supporters: supporterIds, support, extent: Math.min(...supporters.map(reachOf)) };
  }
  // A share within this much of the threshold meets it, as it would in exact arithmetic
  // (capabilities such as 0.1 + 0.2 do not add up exactly).
  const slack = 1e-12;
  const meets = (share: number) => (decision.rule === 'majority' ? share > needed + slack : share >= needed - slack);
  const byReach = [...supporters].sort((a, b) => reachOf(b) - reachOf(a));
  let cumulative = 0;
  for (const actor of byReach) {
    cumulative += actor.capability;
    if (meets(cumulative / totalCapability)) return { side, supporters: supporterIds, support, extent: reachOf(actor) };
  }
  return { side, supporters: supporterIds, support };
}

/**
 * A second chamber's consent: each consenting actor must be on the side too, and the move
 * may go no further than the nearest one accepts.
 */
function withConsent(side: Side, consenting: readonly IssueActor[], statusQuo: number): Side {
  if (consenting.length === 0) return side;
  const supporters = new Set(side.supporters);
  let extent = side.extent;
  for (const actor of consenting) {
    const offset = (actor.position - statusQuo) * side.side;
    if (offset > 0) supporters.add(actor.id);
    extent = offset > 0 && extent !== undefined ? Math.min(extent, 2 * offset) : undefined;
  }
  return { ...side, supporters, ...(extent === undefined ? { extent: undefined } : { extent }) };
}

/** The open interval (q, q + extent) or (q − extent, q), clipped to the scale. */
function clip(side: 1 | -1, statusQuo: number, extent: number, issue: IssueInput): { low: number; high: number } {
  return side === 1
    ? { low: statusQuo, high: Math.min(statusQuo + extent, issue.scale.max) }
    : { low: Math.max(statusQuo - extent, issue.scale.min), high: statusQuo };
}

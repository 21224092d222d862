/**
 * The asymmetric Nash bargaining solution on each issue.
 *
 * Nash (1950), "The bargaining problem", Econometrica 18(2); the asymmetric form of
 * Kalai (1977) and Roth (1979). In EU legislative studies: Schneider, Finke & Bailer (2010),
 * "Bargaining power in the European Union", Political Studies 58(1); Achen (2006) in
 * *The European Union Decides*.
 *
 * The outcome x on the issue's scale maximises Σᵢ wᵢ · log(uᵢ(x) − dᵢ) with bargaining power
 * wᵢ = capabilityᵢ × salienceᵢ and linear utility uᵢ(x) = 1 − |x − xᵢ| / range.
 * - With a status quo q the disagreement point is dᵢ = uᵢ(q), and an agreement must leave
 *   every participant at least as well off as q (unanimity). If only q itself qualifies, q is
 *   the forecast and a note says "no agreement beats the status quo".
 * - Without a status quo, dᵢ = 0.
 * Participants with zero weight (zero salience) neither pull nor veto.
 *
 * Decision rules (`IssueInput.decision`): the bargaining parties are the deciders. Under
 * unanimity and unilateral rules each holds a veto (dᵢ = uᵢ(q) as above). Under majority and
 * qualified rules nobody vetoes alone: dᵢ = 0, and the outcome must lie in the win-set of
 * the status quo under the rule (`win-set.ts`); an empty win-set leaves the status quo.
 * Without a rule (a hand-built input) every participant bargains with a veto, the classic form.
 */
import { contributions, influence, type IssueActor, type IssueForecast, type IssueInput, type Model } from '../model.js';
import { winSet } from '../win-set.js';

/** A participant in the product: ideal point, weight and reach (distance at which the gain falls to zero). */
interface Bargainer {
  id: string;
  ideal: number;
  weight: number;
  /** uᵢ(x) − dᵢ = (reach − |x − ideal|) / range: reach is the range without status quo, |q − ideal| with one. */
  reach: number;
}

/** Σ wᵢ log(gainᵢ(x)); −∞ where some gain is zero. The range only shifts it by a constant. */
function nashObjective(bargainers: readonly Bargainer[], x: number, range: number): number {
  let total = 0;
  for (const bargainer of bargainers) {
    const gain = (bargainer.reach - Math.abs(x - bargainer.ideal)) / range;
    total += bargainer.weight * Math.log(gain);
  }
  return total;
}

/**
 * One-sided derivative of the objective at x (side +1: from the right, −1: from the left).
 * d/dx log(reach − |x − ideal|) = −sign(x − ideal) / (reach − |x − ideal|); at a kink the
 * side decides the sign.
 */
function nashSlope(bargainers: readonly Bargainer[], x: number, side: 1 | -1): number {
  let slope = 0;
  for (const bargainer of bargainers) {
    const offset = x - bargainer.ideal;
    const direction = offset === 0 ? side : Math.sign(offset);
    slope -= (bargainer.weight * direction) / (bargainer.reach - Math.abs(offset));
  }
  return slope;
}

/**
 * The maximiser of a concave objective on (lo, hi) whose only kinks are the ideal points.
 * Between kinks the objective is smooth and strictly concave, so the slope falls
 * monotonically: find the kink where the one-sided slopes change sign, or else bisect the
 * slope to zero inside the piece where it does (to the last representable digit).
 *
 * Cost: O(n log n) to sort the kinks, O(n log n) to locate the piece, O(n · 60) to bisect.
 */
function maximiseNashProduct(bargainers: readonly Bargainer[], lo: number, hi: number): number {
  const kinks = [...new Set(bargainers.map((bargainer) => bargainer.ideal))].filter((ideal) => ideal > lo && ideal < hi).sort((a, b) => a - b);
  // Binary search for the first kink whose right-hand slope is ≤ 0; slopes fall with x.
  let first = 0;
  let last = kinks.length;
  while (first < last) {
    const middle = (first + last) >> 1;
    if (nashSlope(bargainers, kinks[middle]!, 1) <= 0) last = middle;
    else first = middle + 1;
  }
  const kink = kinks[first];
  if (kink !== undefined && nashSlope(bargainers, kink, -1) >= 0) return kink;
  // The ends qualify when no gain vanishes there (e.g. everyone prefers the top of the scale).
  if (kink === undefined && Number.isFinite(nashObjective(bargainers, hi, 1)) && nashSlope(bargainers, hi, -1) >= 0) {
    return hi;
  }
  if (first === 0 && Number.isFinite(nashObjective(bargainers, lo, 1)) && nashSlope(bargainers, lo, 1) <= 0) return lo;
  // The optimum lies strictly inside the piece between the neighbouring kinks (or ends).
  let left = first > 0 ? kinks[first - 1]! : lo;
  let right = kink ?? hi;
  for (let step = 0; step < 200; step++) {
    const middle = (left + right) / 2;
    if (middle <= left || middle >= right) break;
    if (nashSlope(bargainers, middle, 1) > 0) left = middle;
    else right = middle;
  }
  const candidates = [left, right].filter((x) => x > lo && x < hi);
  if (candidates.length === 0) return (left + right) / 2;
  return candidates.reduce((best, x) => (nashObjective(bargainers, x, 1) > nashObjective(bargainers, best, 1) ? x : best));
}

/**
 * The asymmetric Nash bargaining solution on one issue.
 *
 * Cost: O(n log n) for n participants.
 *
 * @example
 * // Two actors at the ends of a 0–100 scale, weights 2 and 1, no status quo:
 * // maximise 2·log(1 − x/100) + log(x/100)  →  x = 100/3
 * nashForecast({ id: 'X', name: 'X', scale: { min: 0, max: 100 }, actors: [
 *   { id: 'a', name: 'A', capability: 2, salience: 1, position: 0 },
 *   { id: 'b', name: 'B', capability: 1, salience: 1, position: 100 } ] }).forecast // 33.333…
 */
export function nashForecast(issue: IssueInput): IssueForecast {
  const range = issue.scale.max - issue.scale.min;
  const statusQuo = issue.statusQuo;
  const decision = issue.decision;
  const notes: string[] = [];
  const deciderIds = decision === undefined ? undefined : new Set(decision.by);
  const parties = decision === undefined ? issue.actors : issue.actors.filter((actor) => deciderIds!.has(actor.id));
  const weighted: IssueActor[] = parties.filter((actor) => influence(actor) > 0);
  // Without a rule every participant has a veto over a move from the status quo (the classic
  // form); with one, the deciders bargain and hold a veto where the rule gives one.
  const vetoes = decision === undefined || decision.rule === 'unanimity' || decision.rule === 'unilateral';
  const bargainers: Bargainer[] = weighted.map((actor) => ({
    id: actor.id,
    ideal: actor.position,
    weight: influence(actor),
    reach: statusQuo === undefined || !vetoes ? range : Math.abs(statusQuo - actor.position),
  }));
  if (decision !== undefined && parties.length < issue.actors.length && parties.length > 0) {
    const lobbyists = issue.actors.length - parties.length;
    notes.push(
      `the bargaining parties are the ${parties.length} decider${parties.length === 1 ? '' : 's'} of the ${decision.rule} rule; ${lobbyists} other participant${lobbyists === 1 ? '' : 's'} only lobby`,
    );
  }

  // Where every participant gains: within each one's reach of its ideal, and on the scale.
  let lo = issue.scale.min;
  let hi = issue.scale.max;
  for (const bargainer of bargainers) {
    lo = Math.max(lo, bargainer.ideal - bargainer.reach);
    hi = Math.min(hi, bargainer.ideal + bargainer.reach);
  }
  // Under a majority or qualified rule nobody vetoes alone: an agreement is an outcome the
  // rule's coalition prefers to the status quo (its win-set), bargained over by every decider.
  const ruleWinSet = statusQuo !== undefined && !vetoes && bargainers.length > 0 ? winSet(issue) : undefined;
  if (ruleWinSet?.interval) {
    lo = Math.max(lo, ruleWinSet.interval.low);
    hi = Math.min(hi, ruleWinSet.interval.high);
  }

  let forecast: number;
  let agreement = true;
  if (bargainers.length === 0) {
    agreement = false;
    if (issue.actors.length === 0) {
      forecast = statusQuo ?? Number.NaN;
      notes.push('no actor takes part in this issue');
    } else if (parties.length === 0) {
      forecast = statusQuo ?? (issue.scale.min + issue.scale.max) / 2;
      notes.push(
        `no actor who decides this issue takes part: ${statusQuo === undefined ? 'nothing to bargain over; the forecast is the middle of the scale' : 'the status quo stands'}`,
      );
    } else if (statusQuo !== undefined) {
      forecast = statusQuo;
      notes.push(`no ${decision === undefined ? 'participant' : 'decider'} attaches any salience to this issue: the status quo stands`);
    } else {
      forecast = (issue.scale.min + issue.scale.max) / 2;
      notes.push(
        `no ${decision === undefined ? 'participant' : 'decider'} attaches any salience to this issue: nothing to bargain over; the forecast is the middle of the scale`,
      );
    }
  } else if (ruleWinSet?.empty) {
    agreement = false;
    forecast = statusQuo!;
    notes.push(`no agreement beats the status quo: no coalition the ${decision!.rule} rule needs prefers a move, so the status quo stands`);
  } else if (statusQuo !== undefined && !(hi > lo)) {
    agreement = false;
    forecast = statusQuo;
    notes.push(
      `no agreement beats the status quo: any move leaves some ${decision === undefined ? 'participant' : 'decider'} worse off, so the status quo stands`,
    );
  } else {
    forecast = maximiseNashProduct(bargainers, lo, hi);
  }

  const gains = Object.fromEntries(
    weighted.map((actor) => {
      const utility = 1 - Math.abs(forecast - actor.position) / range;
      const disagreement = statusQuo === undefined ? 0 : 1 - Math.abs(statusQuo - actor.position) / range;
      return [actor.id, utility - disagreement];
    }),
  );
  return {
    issue: issue.id,
    forecast,
    notes,
    details: {
      agreement,
      ...(decision === undefined ? {} : { rule: decision.rule, parties: parties.map((actor) => actor.id) }),
      ...(statusQuo === undefined ? {} : { statusQuo, feasible: hi > lo ? [lo, hi] : [statusQuo, statusQuo] }),
      contributions: contributions(issue.actors),
      gains,
    },
  };
}

export const nashModel: Model = {
  id: 'nash',
  name: 'Asymmetric Nash bargaining solution',
  summary:
    'The outcome maximising the product of the participants’ utility gains over disagreement, each raised to the power capability × salience; with a status quo, no participant may lose (unanimity).',
  references: [
    'Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162.',
    'Roth, A. E. (1979). Axiomatic Models of Bargaining. Springer.',
    'Schneider, G., Finke, D. & Bailer, S. (2010). Bargaining power in the European Union: an evaluation of competing game-theoretic models. Political Studies 58(1), 85–103.',
  ],
  params: [],
  run: (scenario) => scenario.issues.map(nashForecast),
};

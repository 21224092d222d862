/**
 * The exchange model ("Equal Gain", Stokman) in Decide's own arithmetic: Python `decimal`
 * with its default context, 28 significant digits, round-half-even, every operation rounded
 * (EXCHANGE-SPEC.md §7.1). `arithmetic: decimal` of the exchange model runs this file; the
 * double-precision engine (exchange.ts) stays the default for sweeps and the live page.
 *
 * Why a second engine: with doubles, three kinds of decision are settled by rounding noise
 * (§7.1): gains that are equal in decimals but differ in the last bit, gains that differ
 * in Decide only in the 27th–28th digit (Copenhagen round 2; CoP21 round 1, exchange 47),
 * and sign tests of the outcome check once an outcome sits exactly on a target. Decide
 * takes the larger of two such gains; doubles cannot know which it is. Here every rule is
 * the spec's, operation by operation in §7.2's order, with no tolerance anywhere: gains
 * are compared exactly, a move is X + move (not snapped to its target), the bounds of
 * §4.3.2 are the spec's own. The clean-room implementation the spec was proven with
 * matched all 450 exchanges of Decide's 10-round Copenhagen run to 28 digits this way.
 *
 * Reference: EXCHANGE-SPEC.md (reference/decide), the Decide software
 * (foarsitter/decide-exchange-model at 51dee66); Stokman & Van Oosten (1994).
 *
 * # Numbers
 * - Inputs (positions, saliences, capabilities, scale ends) are the decimals of their
 *   shortest text, as Decide reads them from its file (§7.1): 0.26 is 0.26, not the binary
 *   double nearest it.
 * - The between-round weights (0.4 and 0.1 by default) enter as the exact values of their
 *   binary doubles, as in Decide (§7.1).
 * - The decimal context is a private clone of decimal.js; the global one is never touched.
 * - Results are converted to doubles only for output.
 *
 * # Same choices as the double engine (docs/decisions.md)
 * Actors with zero salience or capability on an issue of a pair do not trade on that pair
 * (Decide fails there); an issue nobody weighs keeps the compromise model's rule; the run
 * stops early when a round executes no exchange (every later round would repeat it);
 * `moveHistory: executed` is the original software's history rule (§4.7, end); the random
 * tie-break (§4.6) puts the first of two equal gains back at the end of the list.
 *
 * # Cost
 * Decide's own list: a stable sort by gain after each executed exchange (V8's sort is
 * TimSort, so a list that is nearly in order sorts in about c comparisons) and a scan of the
 * c candidates for the ones an execution affects. A round costs O(c·n) decimal operations
 * to build plus O(c + a·n) per executed exchange; decimal operations are some 50–100 times
 * dearer than double ones (`npm run bench` measures the ratio).
 */
import { Decimal } from 'decimal.js';
import type { IssueInput, PointScenario } from '../model.js';
import { ParleyError } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../rng.js';
import { type ExchangeOptions, exchangeDefaults } from './exchange-params.js';
import type { Exchange, ExchangeIssueRound, ExchangeIssueRun, ExchangeMove, ExchangeRun } from './exchange-types.js';

/** Python's default decimal context (§7.1): 28 significant digits, round-half-even. */
const Exact = Decimal.clone({ precision: 28, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = Decimal;

const zero = new Exact(0);
const one = new Exact(1);
/** The normalised scale of §1.3. */
const scaleTop = new Exact(100);
/** §4.3.2, §7.3: a move must exceed this in size, and a gain must not fall below it. */
const minimumMove = new Exact('1e-10');
const minimumGain = new Exact('1e-10');
/** §4.6: Decide's tie test for its random tie-break. */
const tieGap = new Exact('1e-20');

/**
 * The exact decimal value of a binary double, all its digits (§7.1: Decide's 0.4 is
 * 0.40000000000000002220446049250313080847263336181640625). O(digits).
 *
 * @example exactDecimalOfDouble(0.1) // '0.1000000000000000055511151231257827021181583404541015625'
 */
export function exactDecimalOfDouble(value: number): string {
  if (!Number.isFinite(value)) throw new ParleyError('bad-param', `exchange: ${value} is not a finite number`);
  if (value === 0) return '0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // value = mantissa · 2^exponent exactly.
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  const sign = value < 0 ? '-' : '';
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  // mantissa / 2^k = mantissa · 5^k / 10^k.
  const k = -exponent;
  const digits = (mantissa * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  const whole = digits.slice(0, digits.length - k);
  const decimals = digits.slice(digits.length - k).replace(/0+$/, '');
  return sign + whole + (decimals ? `.${decimals}` : '');
}

/** A number as Decide reads it from its file: the decimal of its shortest text (§7.1). */
function fromInput(value: number): Dec {
  return new Exact(String(value));
}

// ---------------------------------------------------------------------------------------
// The state a run works on (normalised to 0..100)
// ---------------------------------------------------------------------------------------

interface IssueState {
  id: string;
  input: IssueInput;
  lower: Dec;
  /** 100 / (upper − lower): raw → normalised (§1.3, §7.2: the quotient first). */
  factor: Dec;
  /** Global actor index of each participant, in `#D` row order. */
  actors: number[];
  salience: Dec[];
  capability: Dec[];
  /** Both salience and capability above 0: the participant can trade on this issue. */
  tradable: boolean[];
  /** W(p) = Σ s·c from 0, in row order (§7.2). */
  weight: Dec;
  /** Participant slot of each global actor, −1 when absent. */
  slotOf: Int32Array;
}

/** One side of a candidate (§4.2): the actor supplies one issue and demands the other. */
interface Role {
  actor: number;
  supply: number;
  demand: number;
  /** X: the current position on the supply issue. */
  x: Dec;
  /** S: the round-start position on the supply issue. */
  start: Dec;
  /** T: the partner's round-start position on the supply issue. */
  target: Dec;
  sSupply: Dec;
  sDemand: Dec;
  cSupply: Dec;
  /** H: the move history (§4.3.4). */
  history: Dec[];
  move: Dec;
  /** y = X + move. */
  y: Dec;
  /** y as the equal-gain rule gave it, before the outcome check. */
  equalGainY: Dec;
}

interface Candidate {
  i: Role;
  j: Role;
  gain: Dec;
  valid: boolean;
  adjusted: boolean;
  /** R: positions recorded from executed exchanges, issue → actor → position (§4.4). */
  recorded: Map<number, Map<number, Dec>> | undefined;
}

interface RunContext {
  issues: IssueState[];
  /** Round-start positions, issue → slot. */
  start: Dec[][];
  /** Round-start terms (x·s)·c of §7.2, issue → slot: the unchanged part of every modified outcome. */
  terms: Dec[][];
  /** prefix[issue][k]: the sum of the first k terms, summed from 0 in row order (so a sum that changes only from slot k on starts there). */
  prefix: Dec[][];
  moveHistory: NonNullable<ExchangeOptions['moveHistory']>;
}

// ---------------------------------------------------------------------------------------
// §2 The expected outcome
// ---------------------------------------------------------------------------------------

/** O(p) = [Σ ((x·s)·c)] / W(p) in row order, 0 when W(p) = 0 (§2, §7.2). O(n). */
function outcomeOf(issue: IssueState, positions: readonly Dec[]): Dec {
  if (issue.weight.isZero()) return zero;
  let weightedSum = zero;
  for (let slot = 0; slot < positions.length; slot++)
    weightedSum = weightedSum.plus(positions[slot]!.times(issue.salience[slot]!).times(issue.capability[slot]!));
  return weightedSum.div(issue.weight);
}

/**
 * Σ((x·s)·c) over the issue at round-start positions with the candidate's recorded
 * positions R and the mover at z (§4.3.3). `recordedFirst`: R is applied after placing the
 * mover, so a recorded position of the mover itself wins (N0').
 */
function modifiedSum(context: RunContext, issueIndex: number, recorded: Map<number, Dec> | undefined, mover: number, z: Dec, recordedFirst: boolean): Dec {
  const issue = context.issues[issueIndex]!;
  const terms = context.terms[issueIndex]!;
  const start = context.start[issueIndex]!;
  // The terms before the first slot whose position differs from the round start are the
  // round-start ones, so their sum is the stored prefix, bit for bit.
  const moverSlot = issue.slotOf[mover]!;
  const moverRecorded = recorded?.get(mover);
  const moverPosition = recordedFirst && moverRecorded !== undefined ? moverRecorded : z;
  let first = moverPosition.eq(start[moverSlot]!) ? issue.actors.length : moverSlot;
  if (recorded) {
    for (const [actor, position] of recorded) {
      const slot = issue.slotOf[actor]!;
      if (actor !== mover && slot < first && !position.eq(start[slot]!)) first = slot;
    }
  }
  let weightedSum = context.prefix[issueIndex]![first]!;
  for (let slot = first; slot < issue.actors.length; slot++) {
    const actor = issue.actors[slot]!;
    const recordedPosition = recorded?.get(actor);
    let term: Dec;
    if (actor === mover) {
      const position = recordedFirst && recordedPosition !== undefined ? recordedPosition : z;
      term = position.times(issue.salience[slot]!).times(issue.capability[slot]!);
    } else if (recordedPosition !== undefined) {
      term = recordedPosition.times(issue.salience[slot]!).times(issue.capability[slot]!);
    } else {
      term = terms[slot]!;
    }
    weightedSum = weightedSum.plus(term);
  }
  return weightedSum;
}

// ---------------------------------------------------------------------------------------
// §4.1–4.2 Candidates and roles
// ---------------------------------------------------------------------------------------

/**
 * Every candidate of a round in Decide's generation order (§4.1): for each pair of issues
 * p < q, the actors on both grouped by side of each outcome (x ≤ O is left), right-right
 * with left-left, then left-right with right-left. O(m²n²) candidates.
 */
function generateCandidates(context: RunContext, outcomes: readonly Dec[]): Candidate[] {
  const { issues, start } = context;
  const candidates: Candidate[] = [];
  for (let p = 0; p < issues.length; p++) {
    for (let q = p + 1; q < issues.length; q++) {
      const issueP = issues[p]!;
      const issueQ = issues[q]!;
      const rightRight: number[] = [];
      const leftRight: number[] = [];
      const rightLeft: number[] = [];
      const leftLeft: number[] = [];
      for (let slotP = 0; slotP < issueP.actors.length; slotP++) {
        const actor = issueP.actors[slotP]!;
        const slotQ = issueQ.slotOf[actor]!;
        if (slotQ < 0) continue;
        const rightOnP = start[p]![slotP]!.gt(outcomes[p]!);
        const rightOnQ = start[q]![slotQ]!.gt(outcomes[q]!);
        (rightOnP ? (rightOnQ ? rightRight : rightLeft) : rightOnQ ? leftRight : leftLeft).push(actor);
      }
      const pairs: Array<[number, number]> = [];
      for (const a of rightRight) for (const b of leftLeft) pairs.push([a, b]);
      for (const a of leftRight) for (const b of rightLeft) pairs.push([a, b]);
      for (const [a, b] of pairs) {
        const candidate = createCandidate(context, a, b, p, q);
        if (candidate) candidates.push(candidate);
      }
    }
  }
  return candidates;
}

/** §4.2: the actor with the larger salience ratio s_p/s_q (A on equality) is i, supplies q and demands p. */
function createCandidate(context: RunContext, a: number, b: number, p: number, q: number): Candidate | undefined {
  const issueP = context.issues[p]!;
  const issueQ = context.issues[q]!;
  const tradable = (actor: number) => issueP.tradable[issueP.slotOf[actor]!]! && issueQ.tradable[issueQ.slotOf[actor]!]!;
  if (!tradable(a) || !tradable(b)) return undefined;
  const ratio = (actor: number) => issueP.salience[issueP.slotOf[actor]!]!.div(issueQ.salience[issueQ.slotOf[actor]!]!);
  const [iActor, jActor] = ratio(a).lt(ratio(b)) ? [b, a] : [a, b];
  const role = (actor: number, partner: number, supplyIndex: number, demandIndex: number): Role => {
    const supply = context.issues[supplyIndex]!;
    const demand = context.issues[demandIndex]!;
    const slot = supply.slotOf[actor]!;
    const position = context.start[supplyIndex]![slot]!;
    return {
      actor,
      supply: supplyIndex,
      demand: demandIndex,
      x: position,
      start: position,
      target: context.start[supplyIndex]![supply.slotOf[partner]!]!,
      sSupply: supply.salience[slot]!,
      sDemand: demand.salience[demand.slotOf[actor]!]!,
      cSupply: supply.capability[slot]!,
      history: [],
      move: zero,
      y: position,
      equalGainY: position,
    };
  };
  const candidate: Candidate = { i: role(iActor, jActor, q, p), j: role(jActor, iActor, p, q), gain: zero, valid: false, adjusted: false, recorded: undefined };
  calculate(context, candidate);
  return candidate;
}

// ---------------------------------------------------------------------------------------
// §4.3 Computing a candidate
// ---------------------------------------------------------------------------------------

/**
 * §4.3.1–4.3.3 in §7.2's operation order: the equal-gain moves (Step A, else Step B when i
 * would pass its target), the moves' validity and the outcome-crossing check. Equal gain:
 * ∆p·(s_ip + s_jp) = ∆q·(s_iq + s_jq). O(n) for the crossing check.
 */
function calculate(context: RunContext, candidate: Candidate): void {
  const { i, j } = candidate;
  const weightP = context.issues[j.supply]!.weight;
  const weightQ = context.issues[i.supply]!.weight;
  const sIp = i.sDemand;
  const sIq = i.sSupply;
  const cIq = i.cSupply;
  const sJp = j.sSupply;
  const sJq = j.sDemand;
  const cJp = j.cSupply;

  // Step A: j moves all the way to T_j.
  const distanceJ = j.target.minus(j.x).abs();
  let shiftP = distanceJ.times(sJp).times(cJp).div(weightP);
  let shiftQ = sJp.plus(sIp).div(sJq.plus(sIq)).times(shiftP);
  let moveI = shiftQ.times(weightQ).div(cIq.times(sIq));
  let moveJ = distanceJ;
  const distanceI = i.target.minus(i.x).abs();
  if (moveI.gt(distanceI)) {
    // Step B (strict >): i would pass T_i, so i moves all the way instead.
    shiftQ = distanceI.times(sIq).times(cIq).div(weightQ);
    shiftP = sIq.plus(sJq).div(sIp.plus(sJp)).times(shiftQ);
    moveI = distanceI;
    moveJ = shiftP.times(weightP).div(cJp.times(sJp));
  }
  if (i.x.gt(i.target)) moveI = moveI.neg();
  if (j.x.gt(j.target)) moveJ = moveJ.neg();
  i.history.push(moveI);
  j.history.push(moveJ);
  setMove(i, moveI);
  setMove(j, moveJ);
  i.equalGainY = i.y;
  j.equalGainY = j.y;
  candidate.gain = shiftQ.times(sIq).minus(shiftP.times(sIp)).abs();
  candidate.adjusted = false;
  candidate.valid = validMove(i) && validMove(j) && !candidate.gain.lt(minimumGain);
  if (!candidate.valid) return;
  checkOutcomeCrossing(context, candidate, i, j);
  checkOutcomeCrossing(context, candidate, j, i);
  candidate.valid = validMove(i) && validMove(j);
}

function setMove(role: Role, move: Dec): void {
  role.move = move;
  role.y = role.x.plus(move);
}

/**
 * §4.3.2: 1e-10 < |move| ≤ 100, X + move within [0, 100], the signed sum of the history
 * (the current move last) at most 100, and every entry of one sign. Exact comparisons.
 */
function validMove(role: Role): boolean {
  const size = role.move.abs();
  if (size.gt(scaleTop) || size.lte(minimumMove)) return false;
  if (role.y.lt(zero) || role.y.gt(scaleTop)) return false;
  let historySum = zero;
  let allNegative = true;
  let allPositive = true;
  for (const move of role.history) {
    historySum = historySum.plus(move);
    if (!move.lt(zero)) allNegative = false;
    if (!move.gt(zero)) allPositive = false;
  }
  if (historySum.gt(scaleTop)) return false;
  return allNegative || allPositive;
}

/**
 * §4.3.3: the mover's move must not push the outcome of its supply issue e past the
 * partner's position T (sign tests without tolerance). If it would, the mover moves just
 * far enough to bring the outcome to T and the partner's move is recomputed for equal
 * gain, in §7.2's order. The outcomes seen are the round-start positions with the
 * candidate's recorded positions R. O(n).
 */
function checkOutcomeCrossing(context: RunContext, candidate: Candidate, mover: Role, partner: Role): void {
  const issue = context.issues[mover.supply]!;
  const partnerIssue = context.issues[partner.supply]!;
  const recorded = candidate.recorded?.get(mover.supply);
  const target = mover.target;
  const outcomeBefore = modifiedSum(context, mover.supply, recorded, mover.actor, mover.x, false).div(issue.weight);
  const outcomeAfter = modifiedSum(context, mover.supply, recorded, mover.actor, mover.y, false).div(issue.weight);
  const gapBefore = target.minus(outcomeBefore);
  const gapAfter = target.minus(outcomeAfter);
  const staysOnOneSide = (gapBefore.gte(zero) && gapAfter.gte(zero)) || (gapBefore.lte(zero) && gapAfter.lte(zero));
  if (staysOnOneSide) return;

  const weightedSumBefore = modifiedSum(context, mover.supply, recorded, mover.actor, mover.x, true);
  const moverMove = target.times(issue.weight).minus(weightedSumBefore).div(mover.sSupply.times(mover.cSupply)).abs();
  const moverShift = moverMove.times(mover.sSupply).times(mover.cSupply).div(issue.weight);
  const partnerShift = mover.sSupply.plus(partner.sDemand).div(mover.sDemand.plus(partner.sSupply)).times(moverShift);
  let partnerMove = partnerShift.times(partnerIssue.weight).div(partner.cSupply.times(partner.sSupply)).abs();
  let signedMoverMove = moverMove;
  if (partner.x.gt(partner.target)) partnerMove = partnerMove.neg();
  if (mover.x.gt(mover.target)) signedMoverMove = signedMoverMove.neg();
  partner.history[partner.history.length - 1] = partnerMove;
  mover.history[mover.history.length - 1] = signedMoverMove;
  setMove(partner, partnerMove);
  setMove(mover, signedMoverMove);
  candidate.gain = partnerShift.times(partner.sSupply).minus(moverShift.times(partner.sDemand)).abs();
  candidate.adjusted = true;
}

// ---------------------------------------------------------------------------------------
// §4.5–4.7 Selection, execution and updates within a round
// ---------------------------------------------------------------------------------------

/** §4.7 (b), (c): where an executed exchange put an actor, in a candidate's table R. */
function recordPosition(candidate: Candidate, issue: number, actor: number, position: Dec, roundStart: Dec): void {
  candidate.recorded ??= new Map();
  let table = candidate.recorded.get(issue);
  if (!table) {
    table = new Map();
    candidate.recorded.set(issue, table);
  }
  const earlier = table.get(actor);
  if (earlier === undefined) table.set(actor, position);
  else if (roundStart.lte(earlier)) table.set(actor, position.lt(earlier) ? position : earlier);
  else table.set(actor, position.gt(earlier) ? position : earlier);
}

/**
 * §4.7: after `executed` (i = A supplies q, j = B supplies p), every remaining valid
 * candidate with (a) a role supplying what A or B supplied moves that role's supply
 * position; (b) a role of B demanding q records A's new position on q; (c) a role of A
 * demanding p records B's on p. Each one touched is recalculated. O(c + a·n).
 */
function updateAfter(context: RunContext, executed: Candidate, remaining: readonly Candidate[]): void {
  const { i: executedI, j: executedJ } = executed;
  const actorA = executedI.actor;
  const issueQ = executedI.supply;
  const actorB = executedJ.actor;
  const issueP = executedJ.supply;
  for (const candidate of remaining) {
    if (!candidate.valid) continue;
    const { i, j } = candidate;
    const executedRole = (role: Role): Role | undefined =>
      role.actor === actorA && role.supply === issueQ ? executedI : role.actor === actorB && role.supply === issueP ? executedJ : undefined;
    const matchedI = executedRole(i);
    const matchedJ = matchedI ? undefined : executedRole(j);
    const supplyMatch = matchedI ? { role: i, other: j, by: matchedI } : matchedJ ? { role: j, other: i, by: matchedJ } : undefined;
    const demandsQ = (i.actor === actorB && i.demand === issueQ) || (j.actor === actorB && j.demand === issueQ);
    const demandsP = (i.actor === actorA && i.demand === issueP) || (j.actor === actorA && j.demand === issueP);
    if (!supplyMatch && !demandsQ && !demandsP) continue;
    if (supplyMatch) {
      supplyMatch.role.x = supplyMatch.by.y;
      supplyMatch.other.history.pop();
      if (context.moveHistory === 'executed') supplyMatch.role.history[supplyMatch.role.history.length - 1] = supplyMatch.by.move;
    }
    if (demandsQ) recordPosition(candidate, issueQ, actorA, executedI.y, executedI.start);
    if (demandsP) recordPosition(candidate, issueP, actorB, executedJ.y, executedJ.start);
    if (!supplyMatch) {
      i.history.pop();
      j.history.pop();
    }
    calculate(context, candidate);
  }
}

/** Gains descending; 0 for equal gains, so the stable sort keeps their current order (§4.5). */
const byGain = (a: Candidate, b: Candidate): number => b.gain.cmp(a.gain);

/**
 * One round's exchanges as Decide runs them (§4.5): stable-sort the list by gain, take the
 * first, execute it if valid and update the rest; after each execution drop every invalid
 * candidate. A list left in order by a pick is not sorted again (sorting it would not move
 * anything). Returns the executed candidates in order.
 */
function executeRound(context: RunContext, candidates: Candidate[], rng: Rng | undefined): Candidate[] {
  let list = candidates;
  let head = 0;
  let inOrder = false;
  const executed: Candidate[] = [];
  while (head < list.length) {
    if (!inOrder) {
      list = list.slice(head).sort(byGain);
      head = 0;
      inOrder = true;
    }
    let chosen = list[head++]!;
    const runnerUp = list[head];
    if (rng && runnerUp && chosen.gain.minus(runnerUp.gain).abs().lt(tieGap) && rng.next() >= 0.5) {
      // §4.6: the first goes back to the end of the list and the second is taken.
      list.push(chosen);
      chosen = list[head++]!;
      inOrder = false;
    }
    if (!chosen.valid) continue;
    executed.push(chosen);
    const remaining = list.slice(head);
    updateAfter(context, chosen, remaining);
    list = remaining.filter((candidate) => candidate.valid);
    head = 0;
    inOrder = false;
  }
  return executed;
}

// ---------------------------------------------------------------------------------------
// §3, §4.8, §5 Rounds
// ---------------------------------------------------------------------------------------

/**
 * §5 in §7.2's order: ((((1 − s)·a)·y) + (b·y)) + (((1 − ((1 − s)·a)) − b)·S), with a the
 * salience weight and b the fixed weight as exact doubles. Actors that care less keep more
 * of their move.
 */
function nextStart(salience: Dec, roundStart: Dec, voting: Dec, salienceWeight: Dec, fixedWeight: Dec): Dec {
  const salienceShare = one.minus(salience).times(salienceWeight);
  return salienceShare.times(voting).plus(fixedWeight.times(voting)).plus(one.minus(salienceShare).minus(fixedWeight).times(roundStart));
}

function issueStates(issues: readonly IssueInput[]): { states: IssueState[]; actorIds: string[] } {
  const actorIndex = new Map<string, number>();
  const actorIds: string[] = [];
  for (const issue of issues) {
    for (const actor of issue.actors) {
      if (actorIndex.has(actor.id)) continue;
      actorIndex.set(actor.id, actorIds.length);
      actorIds.push(actor.id);
    }
  }
  const states = issues.map((issue): IssueState => {
    if (!(issue.scale.max - issue.scale.min > 0)) throw new ParleyError('exchange-scale', `exchange: issue "${issue.id}" needs a scale with min below max`);
    const slotOf = new Int32Array(actorIds.length).fill(-1);
    const actors: number[] = [];
    issue.actors.forEach((actor, slot) => {
      const index = actorIndex.get(actor.id)!;
      if (slotOf[index] !== -1) throw new ParleyError('exchange-duplicate-actor', `exchange: actor "${actor.id}" appears twice on issue "${issue.id}"`);
      slotOf[index] = slot;
      actors.push(index);
    });
    const salience = issue.actors.map((actor) => fromInput(actor.salience));
    const capability = issue.actors.map((actor) => fromInput(actor.capability));
    let weight = zero;
    for (let slot = 0; slot < actors.length; slot++) weight = weight.plus(salience[slot]!.times(capability[slot]!));
    const lower = fromInput(issue.scale.min);
    return {
      id: issue.id,
      input: issue,
      lower,
      factor: scaleTop.div(fromInput(issue.scale.max).minus(lower)),
      actors,
      salience,
      capability,
      tradable: actors.map((_, slot) => salience[slot]!.isPos() && capability[slot]!.isPos()),
      weight,
      slotOf,
    };
  });
  return { states, actorIds };
}

function termsOf(states: readonly IssueState[], start: readonly Dec[][]): Dec[][] {
  return states.map((issue, index) => start[index]!.map((position, slot) => position.times(issue.salience[slot]!).times(issue.capability[slot]!)));
}

function prefixesOf(terms: readonly Dec[][]): Dec[][] {
  return terms.map((issueTerms) => {
    const prefix = [zero];
    for (const term of issueTerms) prefix.push(prefix[prefix.length - 1]!.plus(term));
    return prefix;
  });
}

/**
 * Runs the exchange model in Decide's 28-digit decimal arithmetic (§3): the same rounds,
 * options and output as `runExchange` with `arithmetic: 'double'`, every decision taken
 * exactly as Decide's Python code takes it. `tieTolerance` does not apply (there is none).
 *
 * @example
 * runExchangeDecimal(case1).exchanges[0]!.gain // 6.152727272727272727272727273 as a double (EXCHANGE-SPEC.md §9.1)
 */
export function runExchangeDecimal(scenario: Pick<PointScenario, 'issues'>, options: ExchangeOptions = {}): ExchangeRun {
  const rounds = options.rounds ?? exchangeDefaults.rounds;
  if (!Number.isInteger(rounds) || rounds < 1) throw new ParleyError('bad-param', 'exchange: rounds must be a whole number ≥ 1');
  const salienceWeightNumber = options.salienceWeight ?? exchangeDefaults.salienceWeight;
  const fixedWeightNumber = options.fixedWeight ?? exchangeDefaults.fixedWeight;
  if (!(salienceWeightNumber >= 0 && fixedWeightNumber >= 0 && salienceWeightNumber + fixedWeightNumber <= 1)) {
    throw new ParleyError('bad-param', 'exchange: salienceWeight and fixedWeight must be ≥ 0 and add up to at most 1');
  }
  const salienceWeight = new Exact(exactDecimalOfDouble(salienceWeightNumber));
  const fixedWeight = new Exact(exactDecimalOfDouble(fixedWeightNumber));

  const { states, actorIds } = issueStates(scenario.issues);
  const start = states.map((issue) => issue.input.actors.map((actor) => fromInput(actor.position).minus(issue.lower).times(issue.factor)));
  const terms = termsOf(states, start);
  const context: RunContext = { issues: states, start, terms, prefix: prefixesOf(terms), moveHistory: options.moveHistory ?? exchangeDefaults.moveHistory };
  const rng = (options.tieBreak ?? exchangeDefaults.tieBreak) === 'random' ? createRng(deriveSeed(options.seed ?? 0, 0)) : undefined;
  /** §1.3: v / factor + lower, as a double for output. */
  const toScale = (issue: IssueState, value: Dec) => value.div(issue.factor).plus(issue.lower).toNumber();
  const positionsOf = (issue: IssueState, positions: readonly Dec[]) =>
    Object.fromEntries(issue.input.actors.map((actor, slot) => [actor.id, toScale(issue, positions[slot]!)]));
  const unweighted = states.map((issue) =>
    issue.actors.length === 0
      ? (issue.input.statusQuo ?? Number.NaN)
      : issue.weight.isZero()
        ? (issue.input.statusQuo ?? issue.input.actors.reduce((sum, actor) => sum + actor.position, 0) / issue.input.actors.length)
        : undefined,
  );
  const outcomeOnScale = (index: number, outcome: Dec) => unweighted[index] ?? toScale(states[index]!, outcome);

  const trajectories: ExchangeIssueRound[][] = states.map(() => []);
  const exchanges: Exchange[] = [];
  const totalGains = actorIds.map(() => zero);
  let stop: ExchangeRun['stop'] = 'rounds';
  let roundsRun = 0;
  for (let round = 1; round <= rounds; round++) {
    roundsRun = round;
    const startOutcomes = states.map((issue, index) => outcomeOf(issue, context.start[index]!));
    const executed = executeRound(context, generateCandidates(context, startOutcomes), rng);

    // §4.8: voting positions (a later exchange of an actor on an issue overwrites an earlier one) and outcomes.
    const voting = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [candidate.i, candidate.j]) voting[role.supply]![states[role.supply]!.slotOf[role.actor]!] = role.y;
    }
    states.forEach((issue, index) => {
      trajectories[index]!.push({
        round,
        start: outcomeOnScale(index, startOutcomes[index]!),
        voting: outcomeOnScale(index, outcomeOf(issue, voting[index]!)),
        startPositions: positionsOf(issue, context.start[index]!),
        votingPositions: positionsOf(issue, voting[index]!),
      });
    });
    executed.forEach((candidate, index) => {
      const describe = (role: Role): ExchangeMove => {
        const issue = states[role.supply]!;
        return {
          actor: actorIds[role.actor]!,
          issue: issue.id,
          from: toScale(issue, role.x),
          to: toScale(issue, role.y),
          move: role.move.div(issue.factor).toNumber(),
          towards: toScale(issue, role.target),
          ...(candidate.adjusted ? { equalGainTo: toScale(issue, role.equalGainY) } : {}),
        };
      };
      exchanges.push({
        round,
        order: index + 1,
        gain: candidate.gain.toNumber(),
        adjusted: candidate.adjusted,
        moves: [describe(candidate.i), describe(candidate.j)],
      });
      totalGains[candidate.i.actor] = totalGains[candidate.i.actor]!.plus(candidate.gain);
      totalGains[candidate.j.actor] = totalGains[candidate.j.actor]!.plus(candidate.gain);
    });
    if (executed.length === 0) {
      stop = 'no-exchanges';
      break;
    }
    if (round === rounds) break;

    // §5: later exchanges of an actor on an issue overwrite earlier ones.
    const next = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [candidate.i, candidate.j]) {
        const issue = states[role.supply]!;
        const slot = issue.slotOf[role.actor]!;
        next[role.supply]![slot] = nextStart(issue.salience[slot]!, role.start, role.y, salienceWeight, fixedWeight);
      }
    }
    context.start = next;
    context.terms = termsOf(states, next);
    context.prefix = prefixesOf(context.terms);
  }

  const notes: string[] = [];
  if (states.length < 2) notes.push('only one issue: there is nothing to trade it against, so no exchange takes place');
  else if (stop === 'no-exchanges' && roundsRun < rounds) {
    notes.push(roundsRun === 1 ? 'no mutually beneficial exchange exists' : `no exchange was left after round ${roundsRun - 1}; later rounds would repeat it`);
  }
  const issues = states.map((issue, index): ExchangeIssueRun => {
    const trajectory = trajectories[index]!;
    const last = trajectory[trajectory.length - 1]!;
    const issueNotes: string[] = [];
    if (issue.actors.length === 0) issueNotes.push('no actor takes part in this issue');
    else if (issue.weight.isZero()) {
      issueNotes.push(
        issue.input.statusQuo === undefined
          ? 'no participant attaches any salience to this issue: the forecast is the plain mean of positions'
          : 'no participant attaches any salience to this issue: the status quo stands',
      );
    } else if (states.length >= 2 && !exchanges.some((exchange) => exchange.moves.some((move) => move.issue === issue.id))) {
      issueNotes.push('no exchange involves this issue: the forecast is the weighted mean of positions');
    }
    return { issue: issue.id, before: trajectory[0]!.start, forecast: last.voting, trajectory, finalPositions: last.votingPositions, notes: issueNotes };
  });
  return {
    arithmetic: 'decimal',
    rounds: roundsRun,
    stop,
    issues,
    exchanges,
    totalGains: Object.fromEntries(actorIds.map((id, index) => [id, totalGains[index]!.toNumber()])),
    notes,
  };
}

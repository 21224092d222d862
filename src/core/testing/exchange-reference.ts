/**
 * A frozen copy of the exchange model's double mode as it was before its inner loops were
 * rewritten for speed (issue 22; src/core/models/exchange.ts at main 6cd49a5), kept only so
 * that tests can run both on the same inputs and compare every output bit for bit
 * (exchange-equivalence.test.ts). Test-only: not part of the package (package.json `files`).
 * Do not edit it except to follow changes of the output types; a change of rules goes into
 * the model and its golden file.
 */
import type { IssueInput, PointScenario } from '../model.js';
import type {
  CandidateExchange,
  Exchange,
  ExchangeIssueRound,
  ExchangeIssueRun,
  ExchangeMove,
  ExchangeMoveHistory,
  ExchangeOptions,
  ExchangeRun,
} from '../models/exchange.js';
import { ParleyError } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../rng.js';
import { createQueue, insert, peek, rekey, remove, retain, shift } from './exchange-queue-reference.js';

const defaults = {
  rounds: 10,
  moveHistory: 'candidate',
  tieBreak: 'order',
  tieTolerance: 1e-12,
  salienceWeight: 0.4,
  fixedWeight: 0.1,
} as const;

/** §4.3.2 and §7.3: a move must exceed this, and so must the gain. */
const minimumMove = 1e-10;
const minimumGain = 1e-10;
/** Room for double rounding at the bounds of §4.3.2, which Decide's exact decimals do not need. */
const boundarySlack = 1e-9;
/** The normalised scale of §1.3. */
const scaleTop = 100;

// ---------------------------------------------------------------------------------------
// The state a run works on (normalised to 0..100)
// ---------------------------------------------------------------------------------------

interface IssueState {
  id: string;
  input: IssueInput;
  /** 100 / (max − min): raw → normalised (§1.3). */
  factor: number;
  /** Global actor index of each participant, in the issue's order. */
  actors: number[];
  salience: number[];
  capability: number[];
  /** W(p) = Σ s·c (§2, §7.2 order). */
  weight: number;
  /** Participant slot of each global actor, −1 when absent. */
  slotOf: Int32Array;
}

/** One side of a candidate exchange (§4.2): the actor supplies one issue and demands the other. */
interface Role {
  actor: number;
  supply: number;
  demand: number;
  /** X: the current position on the supply issue. */
  x: number;
  /** S: the round-start position on the supply issue. */
  start: number;
  /** T: the partner's round-start position on the supply issue. */
  target: number;
  sSupply: number;
  sDemand: number;
  cSupply: number;
  /** H: the move history (§4.3.4). */
  history: number[];
  move: number;
  /** y: the voting position X + move. */
  y: number;
  /** y as the equal-gain rule gave it, before the outcome check. */
  equalGainY: number;
}

interface Candidate {
  i: Role;
  j: Role;
  gain: number;
  valid: boolean;
  adjusted: boolean;
  /** R: positions of other actors recorded from executed exchanges, issue → actor → position (§4.4). */
  recorded: Map<number, Map<number, number>> | undefined;
  /** Order among equal gains, and place in the heap (see exchange-queue.ts). */
  key: number;
  place: number;
  /** The last execution that looked at this candidate (to visit it once). */
  visited: number;
}

interface RunContext {
  issues: IssueState[];
  /** The round under way, and the rounds whose order a near-tie of gains decided (see executeRound). */
  round: number;
  nearTieRounds: Set<number>;
  /** Round-start positions, issue → slot. */
  start: number[][];
  /**
   * Per issue, Σ x·s·c at round-start positions: the base from which a candidate's outcome
   * sums are updated in O(1) per recorded position (see `outcomeSide`).
   */
  startSums: Float64Array;
  moveHistory: ExchangeMoveHistory;
  tieTolerance: number;
}

// ---------------------------------------------------------------------------------------
// §2 The expected outcome
// ---------------------------------------------------------------------------------------

/**
 * The expected outcome of an issue (Decide's "NBS"): O(p) = Σ c·s·x / W(p), 0 when W(p) = 0.
 * Summed in participant order as Σ((x·s)·c) (§7.2). O(n).
 *
 * @example expectedOutcome([10, 90], [0.8, 0.3], [1, 1], 1.1) // 31.8181…
 */
export function expectedOutcome(positions: readonly number[], salience: readonly number[], capability: readonly number[], weight: number): number {
  if (weight === 0) return 0;
  let weightedSum = 0;
  for (let slot = 0; slot < positions.length; slot++) weightedSum += positions[slot]! * salience[slot]! * capability[slot]!;
  return weightedSum / weight;
}

/**
 * Σ((x·s)·c) over the issue's participants at round-start positions, with the positions a
 * candidate has recorded (R) and one actor placed at z. `recordedFirst`: R is applied after
 * placing the actor, so a recorded position of the actor itself wins (N0' of §4.3.3).
 */
function modifiedSum(
  issue: IssueState,
  start: readonly number[],
  recorded: Map<number, number> | undefined,
  actor: number,
  z: number,
  recordedFirst: boolean,
): number {
  let weightedSum = 0;
  for (let slot = 0; slot < issue.actors.length; slot++) {
    const other = issue.actors[slot]!;
    const recordedPosition = recorded?.get(other);
    let position: number;
    if (other === actor) position = recordedFirst && recordedPosition !== undefined ? recordedPosition : z;
    else position = recordedPosition ?? start[slot]!;
    weightedSum += position * issue.salience[slot]! * issue.capability[slot]!;
  }
  return weightedSum;
}

/**
 * `modifiedSum(…, z, false)` for two positions of the mover at once, each summed in the same
 * order as modifiedSum (so bit for bit the same), in one pass over the issue's actors.
 */
function modifiedSums(
  issue: IssueState,
  start: readonly number[],
  recorded: Map<number, number> | undefined,
  actor: number,
  z1: number,
  z2: number,
): [number, number] {
  let first = 0;
  let second = 0;
  const hasRecorded = recorded !== undefined && recorded.size > 0;
  for (let slot = 0; slot < issue.actors.length; slot++) {
    const other = issue.actors[slot]!;
    if (other === actor) {
      first += z1 * issue.salience[slot]! * issue.capability[slot]!;
      second += z2 * issue.salience[slot]! * issue.capability[slot]!;
      continue;
    }
    const position = (hasRecorded ? recorded.get(other) : undefined) ?? start[slot]!;
    first += position * issue.salience[slot]! * issue.capability[slot]!;
    second += position * issue.salience[slot]! * issue.capability[slot]!;
  }
  return [first, second];
}

/**
 * Which side of `target` the outcome of the mover's supply issue lies on, with the mover at
 * its position x and at its voting position y, when doubles can say so for certain without
 * re-summing the issue: the round's start sum updated by the candidate's recorded positions
 * and the mover's move, O(1 + k) for k recorded positions, against `target·W`. The sum that
 * `modifiedSums` makes (in participant order) and this one both lie within `slack` of the
 * exact sum (a bound on the rounding of at most 2n + 4k + 16 operations on terms of at most
 * 101·W: positions stay within 0..100 up to `boundarySlack`), so outside that margin the
 * sign is the one `modifiedSums` would give; inside it, 0 (too close to call) and the
 * caller sums the issue in participant order as before.
 */
function outcomeSides(context: RunContext, issue: IssueState, supply: number, recorded: Map<number, number> | undefined, mover: Role, target: number): number {
  const start = context.start[supply]!;
  const actor = mover.actor;
  let sum = context.startSums[supply]!;
  let terms = 0;
  if (recorded !== undefined) {
    for (const [other, position] of recorded) {
      if (other === actor) continue;
      const slot = issue.slotOf[other]!;
      sum += (position - start[slot]!) * issue.salience[slot]! * issue.capability[slot]!;
      terms++;
    }
  }
  const moverSlot = issue.slotOf[actor]!;
  const moverWeight = issue.salience[moverSlot]! * issue.capability[moverSlot]!;
  const rest = sum - start[moverSlot]! * moverWeight;
  const slack = (2 * issue.actors.length + 4 * terms + 16) * 2 * Number.EPSILON * 101 * issue.weight;
  const targetSum = target * issue.weight;
  const differenceBefore = targetSum - (rest + mover.x * moverWeight);
  const differenceAfter = targetSum - (rest + mover.y * moverWeight);
  const sideBefore = differenceBefore > slack ? 1 : differenceBefore < -slack ? -1 : 0;
  const sideAfter = differenceAfter > slack ? 1 : differenceAfter < -slack ? -1 : 0;
  return sideBefore === 0 || sideAfter === 0 ? unknownSide : sideBefore === sideAfter ? sameSide : crossesSide;
}

/** What `outcomeSides` finds: the outcome stays on one side of the target, crosses it, or doubles cannot tell. */
const sameSide = 1;
const crossesSide = 2;
const unknownSide = 0;

function nearlyEqual(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

// ---------------------------------------------------------------------------------------
// §4.1–4.2 Candidate exchanges and roles
// ---------------------------------------------------------------------------------------

/**
 * Every candidate exchange of a round, in Decide's generation order (§4.1): for each pair of
 * issues p < q, the actors on both, grouped by side of each outcome (x ≤ O is left); each
 * actor right on both with each actor left on both, then each left-right actor with each
 * right-left actor. Roles (§4.2): the actor with the larger salience ratio s_p/s_q is i,
 * supplies q and demands p; its partner j supplies p and demands q. O(m²n²) candidates,
 * computed in O(n) each.
 */
function generateCandidates(context: RunContext, outcomes: readonly number[]): Candidate[] {
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
        const rightOnP = start[p]![slotP]! > outcomes[p]!;
        const rightOnQ = start[q]![slotQ]! > outcomes[q]!;
        const group = rightOnP ? (rightOnQ ? rightRight : rightLeft) : rightOnQ ? leftRight : leftLeft;
        group.push(actor);
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

function createCandidate(context: RunContext, a: number, b: number, p: number, q: number): Candidate | undefined {
  const issueP = context.issues[p]!;
  const issueQ = context.issues[q]!;
  const slotAP = issueP.slotOf[a]!;
  const slotAQ = issueQ.slotOf[a]!;
  const slotBP = issueP.slotOf[b]!;
  const slotBQ = issueQ.slotOf[b]!;
  const tradableA = issueP.salience[slotAP]! > 0 && issueQ.salience[slotAQ]! > 0 && issueP.capability[slotAP]! > 0 && issueQ.capability[slotAQ]! > 0;
  if (!tradableA) return undefined;
  const tradableB = issueP.salience[slotBP]! > 0 && issueQ.salience[slotBQ]! > 0 && issueP.capability[slotBP]! > 0 && issueQ.capability[slotBQ]! > 0;
  if (!tradableB) return undefined;
  const ratioA = issueP.salience[slotAP]! / issueQ.salience[slotAQ]!;
  const ratioB = issueP.salience[slotBP]! / issueQ.salience[slotBQ]!;
  const aCaresLessForP = ratioA < ratioB && !nearlyEqual(ratioA, ratioB, context.tieTolerance);
  const iActor = aCaresLessForP ? b : a;
  const jActor = aCaresLessForP ? a : b;
  const candidate: Candidate = {
    i: newRole(context, iActor, jActor, issueQ, q, issueP, p),
    j: newRole(context, jActor, iActor, issueP, p, issueQ, q),
    gain: 0,
    valid: false,
    adjusted: false,
    recorded: undefined,
    key: 0,
    place: -1,
    visited: 0,
  };
  calculate(context, candidate);
  return candidate;
}

/** A role at round start: `actor` supplies issue `supplyIndex` towards `partner`'s position and demands issue `demandIndex`. */
function newRole(context: RunContext, actor: number, partner: number, supply: IssueState, supplyIndex: number, demand: IssueState, demandIndex: number): Role {
  const supplySlot = supply.slotOf[actor]!;
  const start = context.start[supplyIndex]!;
  const position = start[supplySlot]!;
  return {
    actor,
    supply: supplyIndex,
    demand: demandIndex,
    x: position,
    start: position,
    target: start[supply.slotOf[partner]!]!,
    sSupply: supply.salience[supplySlot]!,
    sDemand: demand.salience[demand.slotOf[actor]!]!,
    cSupply: supply.capability[supplySlot]!,
    history: [],
    move: 0,
    y: position,
    equalGainY: position,
  };
}

// ---------------------------------------------------------------------------------------
// §4.3 Computing a candidate
// ---------------------------------------------------------------------------------------

/**
 * The equal-gain exchange of a candidate (§4.3.1), its validity (§4.3.2) and the outcome
 * check (§4.3.3). Updates the roles' moves, voting positions and histories and the gain.
 *
 * Equal gain: i gains ∆p·s_ip and loses ∆q·s_iq, j gains ∆q·s_jq and loses ∆p·s_jp; both
 * gain the same when ∆p·(s_ip + s_jp) = ∆q·(s_iq + s_jq). j first tries to move all the
 * way to i's position (Step A); if that asks i to pass j's position, i moves all the way
 * instead (Step B). O(n) for the outcome check, O(1) otherwise.
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
  const distanceJ = Math.abs(j.target - j.x);
  let shiftP = (distanceJ * sJp * cJp) / weightP;
  let shiftQ = ((sJp + sIp) / (sJq + sIq)) * shiftP;
  let moveI = (shiftQ * weightQ) / (cIq * sIq);
  let moveJ = distanceJ;
  let iReachesTarget = false;
  const distanceI = Math.abs(i.target - i.x);
  if (moveI > distanceI) {
    // Step B: i would pass T_i, so i moves all the way instead.
    shiftQ = (distanceI * sIq * cIq) / weightQ;
    shiftP = ((sIq + sJq) / (sIp + sJp)) * shiftQ;
    moveI = distanceI;
    moveJ = (shiftP * weightP) / (cJp * sJp);
    iReachesTarget = true;
  }
  if (i.x > i.target) moveI = -moveI;
  if (j.x > j.target) moveJ = -moveJ;
  i.history.push(moveI);
  j.history.push(moveJ);
  setMove(i, moveI, iReachesTarget);
  setMove(j, moveJ, !iReachesTarget);
  i.equalGainY = i.y;
  j.equalGainY = j.y;
  candidate.gain = Math.abs(shiftQ * sIq - shiftP * sIp);
  candidate.adjusted = false;
  candidate.valid = validMove(i) && validMove(j) && candidate.gain >= minimumGain;
  if (!candidate.valid) return;
  checkOutcomeCrossing(context, candidate, i, j);
  checkOutcomeCrossing(context, candidate, j, i);
  candidate.valid = validMove(i) && validMove(j);
}

/** A move all the way to the target lands on it exactly, as in Decide's exact decimals. */
function setMove(role: Role, move: number, reachesTarget: boolean): void {
  role.move = move;
  role.y = reachesTarget ? role.target : role.x + move;
}

/**
 * §4.3.2: a move is valid when 1e-10 < |move| ≤ 100, it stays on the scale, the actor's
 * moves this round (its history, the current move last) sum to at most 100 and all point
 * the same way.
 */
function validMove(role: Role): boolean {
  const size = Math.abs(role.move);
  if (size > scaleTop + boundarySlack || size <= minimumMove) return false;
  if (role.y < -boundarySlack || role.y > scaleTop + boundarySlack) return false;
  let historySum = 0;
  let allNegative = true;
  let allPositive = true;
  for (const move of role.history) {
    historySum += move;
    if (!(move < 0)) allNegative = false;
    if (!(move > 0)) allPositive = false;
  }
  if (historySum > scaleTop + boundarySlack) return false;
  return allNegative || allPositive;
}

/**
 * §4.3.3: the mover's supply issue e must not see its outcome pushed past the partner's
 * position T. If it would be, the mover moves just far enough to bring the outcome to T
 * and the partner's move is recomputed for equal gain. The outcomes seen are the
 * round-start positions with the candidate's recorded positions R (§4.4). O(n).
 */
function checkOutcomeCrossing(context: RunContext, candidate: Candidate, mover: Role, partner: Role): void {
  const issue = context.issues[mover.supply]!;
  const partnerIssue = context.issues[partner.supply]!;
  const start = context.start[mover.supply]!;
  const recorded = candidate.recorded?.get(mover.supply);
  const target = mover.target;
  const sides = outcomeSides(context, issue, mover.supply, recorded, mover, target);
  if (sides === sameSide) return;
  if (sides === unknownSide) {
    // Too close to call in O(1): the outcomes summed in participant order, as always.
    const [sumBefore, sumAfter] = modifiedSums(issue, start, recorded, mover.actor, mover.x, mover.y);
    const outcomeBefore = sumBefore / issue.weight;
    const outcomeAfter = sumAfter / issue.weight;
    const staysOnOneSide = (target - outcomeBefore >= 0 && target - outcomeAfter >= 0) || (target - outcomeBefore <= 0 && target - outcomeAfter <= 0);
    if (staysOnOneSide) return;
  }

  const weightedSumBefore = modifiedSum(issue, start, recorded, mover.actor, mover.x, true);
  const moverMove = Math.abs((target * issue.weight - weightedSumBefore) / (mover.sSupply * mover.cSupply));
  const moverShift = (moverMove * mover.sSupply * mover.cSupply) / issue.weight;
  const partnerShift = ((mover.sSupply + partner.sDemand) / (mover.sDemand + partner.sSupply)) * moverShift;
  let partnerMove = Math.abs((partnerShift * partnerIssue.weight) / (partner.cSupply * partner.sSupply));
  let signedMoverMove = moverMove;
  if (partner.x > partner.target) partnerMove = -partnerMove;
  if (mover.x > mover.target) signedMoverMove = -signedMoverMove;
  partner.history[partner.history.length - 1] = partnerMove;
  mover.history[mover.history.length - 1] = signedMoverMove;
  setMove(partner, partnerMove, false);
  setMove(mover, signedMoverMove, false);
  candidate.gain = Math.abs(partnerShift * partner.sSupply - moverShift * partner.sDemand);
  candidate.adjusted = true;
}

// ---------------------------------------------------------------------------------------
// §4.5–4.7 Selection, execution and updates within a round
// ---------------------------------------------------------------------------------------

/** §4.7 (b), (c): record where an executed exchange put an actor, in a candidate's table R. */
function recordPosition(candidate: Candidate, issue: number, actor: number, position: number, roundStart: number): void {
  candidate.recorded ??= new Map();
  let table = candidate.recorded.get(issue);
  if (!table) {
    table = new Map();
    candidate.recorded.set(issue, table);
  }
  const earlier = table.get(actor);
  if (earlier === undefined) table.set(actor, position);
  else table.set(actor, roundStart <= earlier ? Math.min(earlier, position) : Math.max(earlier, position));
}

/**
 * Where each candidate of a round supplies and demands: actor × issue → candidates, so that
 * an execution finds the candidates it affects (§4.7) without scanning the list.
 */
interface RoleIndex {
  supplying: Map<number, Candidate[]>;
  demanding: Map<number, Candidate[]>;
  issueCount: number;
}

function indexRoles(candidates: readonly Candidate[], issueCount: number): RoleIndex {
  const index: RoleIndex = { supplying: new Map(), demanding: new Map(), issueCount };
  const add = (table: Map<number, Candidate[]>, actor: number, issue: number, candidate: Candidate) => {
    const key = actor * issueCount + issue;
    const list = table.get(key);
    if (list) list.push(candidate);
    else table.set(key, [candidate]);
  };
  for (const candidate of candidates) {
    for (const role of [candidate.i, candidate.j]) {
      add(index.supplying, role.actor, role.supply, candidate);
      add(index.demanding, role.actor, role.demand, candidate);
    }
  }
  return index;
}

/**
 * The remaining valid candidates an execution affects (§4.7): those with a role supplying
 * what A or B supplied (a), B demanding q (b) or A demanding p (c), each once.
 */
function affectedBy(executed: Candidate, index: RoleIndex, stamp: number, isRemaining: (candidate: Candidate) => boolean): Candidate[] {
  const { i, j } = executed;
  const lists = [
    index.supplying.get(i.actor * index.issueCount + i.supply),
    index.supplying.get(j.actor * index.issueCount + j.supply),
    index.demanding.get(j.actor * index.issueCount + i.supply),
    index.demanding.get(i.actor * index.issueCount + j.supply),
  ];
  const affected: Candidate[] = [];
  for (const list of lists) {
    for (const candidate of list ?? []) {
      if (candidate.visited === stamp || candidate === executed || !candidate.valid || !isRemaining(candidate)) continue;
      candidate.visited = stamp;
      affected.push(candidate);
    }
  }
  return affected;
}

/**
 * §4.7: after executing `executed` (i = A supplies q, j = B supplies p), each affected
 * candidate is updated (a: a role supplying the same moves its supply position; b, c: B's
 * new position on q, A's on p, is recorded in R) and recalculated. The order does not
 * matter. O(n) per candidate.
 */
function updateAfter(context: RunContext, executed: Candidate, affected: readonly Candidate[]): void {
  const { i: executedI, j: executedJ } = executed;
  const actorA = executedI.actor;
  const issueQ = executedI.supply;
  const actorB = executedJ.actor;
  const issueP = executedJ.supply;
  for (const candidate of affected) {
    const { i, j } = candidate;
    // (a) at most one role can supply what A or B supplied: the pair and issues would be E's.
    const matchedI = executedRoleOf(i, actorA, issueQ, executedI, actorB, issueP, executedJ);
    const matchedJ = matchedI ? undefined : executedRoleOf(j, actorA, issueQ, executedI, actorB, issueP, executedJ);
    const supplyRole = matchedI ? i : matchedJ ? j : undefined;
    const supplyBy = matchedI ?? matchedJ;
    if (supplyRole && supplyBy) {
      supplyRole.x = supplyBy.y;
      (supplyRole === i ? j : i).history.pop();
      if (context.moveHistory === 'executed') supplyRole.history[supplyRole.history.length - 1] = supplyBy.move;
    }
    const demandsQ = (i.actor === actorB && i.demand === issueQ) || (j.actor === actorB && j.demand === issueQ);
    if (demandsQ) recordPosition(candidate, issueQ, actorA, executedI.y, executedI.start);
    const demandsP = (i.actor === actorA && i.demand === issueP) || (j.actor === actorA && j.demand === issueP);
    if (demandsP) recordPosition(candidate, issueP, actorB, executedJ.y, executedJ.start);
    if (!supplyRole) {
      i.history.pop();
      j.history.pop();
    }
    calculate(context, candidate);
  }
}

/** The executed role that supplies what `role` supplies (same actor, same issue), if any. */
function executedRoleOf(role: Role, actorA: number, issueQ: number, executedI: Role, actorB: number, issueP: number, executedJ: Role): Role | undefined {
  if (role.actor === actorA && role.supply === issueQ) return executedI;
  if (role.actor === actorB && role.supply === issueP) return executedJ;
  return undefined;
}

/**
 * One round's exchanges (§4.5): repeatedly take the candidate with the highest gain (equal
 * gains in list order, or by Decide's coin flip, §4.6), execute it if valid and update the
 * candidates it affects, until none is left. After the first execution the invalid
 * candidates are dropped. Returns the executed candidates in execution order.
 * O(c log c + Σ affected·(n + log c)).
 */
function executeRound(context: RunContext, candidates: Candidate[], rng: Rng | undefined): Candidate[] {
  const queue = createQueue(candidates, context.tieTolerance);
  const index = indexRoles(candidates, context.issues.length);
  const executed: Candidate[] = [];
  for (let chosen = shift(queue); chosen; chosen = shift(queue)) {
    let movedToEnd: Candidate | undefined;
    const runnerUp = peek(queue);
    if (rng && runnerUp && nearlyEqual(chosen.gain, runnerUp.gain, context.tieTolerance) && rng.next() >= 0.5) {
      // §4.6: the first goes to the end of the list and the second is taken.
      movedToEnd = chosen;
      chosen = shift(queue)!;
    }
    if (!chosen.valid) {
      if (movedToEnd) {
        rekey(queue, [], movedToEnd);
        insert(queue, movedToEnd);
      }
      continue;
    }
    // Gains equal within the tolerance but not as doubles: Decide's decimals may rank them
    // the other way (EXCHANGE-SPEC §7.1), so the run says so.
    const next = peek(queue);
    if (next?.valid && next.gain !== chosen.gain && nearlyEqual(next.gain, chosen.gain, context.tieTolerance)) context.nearTieRounds.add(context.round);
    executed.push(chosen);
    if (executed.length === 1) retain(queue, (candidate) => candidate.valid);
    const isRemaining = (candidate: Candidate) => candidate.place >= 0 || candidate === movedToEnd;
    const affected = affectedBy(chosen, index, executed.length, isRemaining);
    const previous = affected.map((candidate) => ({ item: candidate, gain: candidate.gain, key: candidate.key }));
    for (const candidate of affected) remove(queue, candidate);
    updateAfter(context, chosen, affected);
    rekey(queue, previous, movedToEnd);
    for (const candidate of affected) if (candidate.valid && candidate !== movedToEnd) insert(queue, candidate);
    if (movedToEnd?.valid) insert(queue, movedToEnd);
  }
  return executed;
}

/**
 * The candidate exchanges of a first round, before any is executed, in Decide's generation
 * order (§4.1) with their roles and gains: which trades the positions make possible. O(m²n²·n).
 *
 * @example candidateExchanges(case3)[0] // { i: { actor: 'A2', supplies: 'P2' }, j: { actor: 'A1', supplies: 'P1' }, gain: 0.3007…, … } (EXCHANGE-SPEC.md §9.3)
 */
export function candidateExchanges(scenario: Pick<PointScenario, 'issues'>, options: Pick<ExchangeOptions, 'tieTolerance'> = {}): CandidateExchange[] {
  const { states, actorIds } = issueStates(scenario.issues);
  const context = startContext(states, defaults.moveHistory, options.tieTolerance ?? defaults.tieTolerance);
  const outcomes = states.map((issue, index) => expectedOutcome(context.start[index]!, issue.salience, issue.capability, issue.weight));
  return generateCandidates(context, outcomes).map((candidate) => ({
    i: { actor: actorIds[candidate.i.actor]!, supplies: states[candidate.i.supply]!.id },
    j: { actor: actorIds[candidate.j.actor]!, supplies: states[candidate.j.supply]!.id },
    gain: candidate.gain,
    valid: candidate.valid,
    adjusted: candidate.adjusted,
  }));
}

// ---------------------------------------------------------------------------------------
// §3, §4.8, §5 Rounds
// ---------------------------------------------------------------------------------------

/**
 * §5: the position an actor starts the next round from, between its round-start position S
 * and its voting position y: x = (1 − w)·S + w·y with w = (1 − s)·salienceWeight + fixedWeight
 * (evaluated in §7.2's order). Actors that care less keep more of their move.
 *
 * @example nextStartPosition(0.3, 20, 80, 0.4, 0.1) // 42.8 (EXCHANGE-SPEC.md §9.1)
 */
export function nextStartPosition(salience: number, roundStart: number, voting: number, salienceWeight: number, fixedWeight: number): number {
  const salienceShare = (1 - salience) * salienceWeight;
  return salienceShare * voting + fixedWeight * voting + (1 - salienceShare - fixedWeight) * roundStart;
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
    const width = issue.scale.max - issue.scale.min;
    if (!(width > 0)) throw new ParleyError('exchange-scale', `exchange: issue "${issue.id}" needs a scale with min below max`);
    const slotOf = new Int32Array(actorIds.length).fill(-1);
    const actors: number[] = [];
    issue.actors.forEach((actor, slot) => {
      if (slotOf[actorIndex.get(actor.id)!] !== -1)
        throw new ParleyError('exchange-duplicate-actor', `exchange: actor "${actor.id}" appears twice on issue "${issue.id}"`);
      slotOf[actorIndex.get(actor.id)!] = slot;
      actors.push(actorIndex.get(actor.id)!);
    });
    const salience = issue.actors.map((actor) => actor.salience);
    const capability = issue.actors.map((actor) => actor.capability);
    let weight = 0;
    for (let slot = 0; slot < actors.length; slot++) weight += salience[slot]! * capability[slot]!;
    return { id: issue.id, input: issue, factor: scaleTop / width, actors, salience, capability, weight, slotOf };
  });
  return { states, actorIds };
}

/** The state of a first round: positions normalised to 0..100 (§1.3). */
function startContext(states: IssueState[], moveHistory: ExchangeMoveHistory, tieTolerance: number): RunContext {
  const context: RunContext = {
    issues: states,
    start: [],
    startSums: new Float64Array(states.length),
    moveHistory,
    tieTolerance,
    round: 1,
    nearTieRounds: new Set(),
  };
  setStart(
    context,
    states.map((issue) => issue.input.actors.map((actor) => (actor.position - issue.input.scale.min) * issue.factor)),
  );
  return context;
}

/** A round's start positions, with each issue's Σ x·s·c for `outcomeSides`. O(n·m). */
function setStart(context: RunContext, start: number[][]): void {
  context.start = start;
  context.issues.forEach((issue, index) => {
    context.startSums[index] = modifiedSum(issue, start[index]!, undefined, -1, 0, false);
  });
}

/**
 * Runs the exchange model on the scenario's issues (§3): each round computes the expected
 * outcomes, generates the candidate exchanges, executes them biggest gain first, records the
 * voting positions and outcomes, and moves every actor that traded part of the way for the
 * next round (§5). Stops after `rounds` rounds, or after a round without exchanges.
 *
 * Cost: per round O(c·(n + log c)) for c candidates, plus O(a·(n + log c)) for each executed
 * exchange that affects a candidates (see the header).
 *
 * @example
 * runExchange(case1).exchanges[0] // A1 moves on P2 from 20 to 80, A2 on P1 from 90 to 31.09…, gain 6.1527… (EXCHANGE-SPEC.md §9.1)
 */
export function runExchange(scenario: Pick<PointScenario, 'issues'>, options: ExchangeOptions = {}): ExchangeRun {
  const rounds = options.rounds ?? defaults.rounds;
  const salienceWeight = options.salienceWeight ?? defaults.salienceWeight;
  const fixedWeight = options.fixedWeight ?? defaults.fixedWeight;
  const tieTolerance = options.tieTolerance ?? defaults.tieTolerance;
  if (!Number.isInteger(rounds) || rounds < 1) throw new ParleyError('bad-param', 'exchange: rounds must be a whole number ≥ 1');
  if (!(salienceWeight >= 0 && fixedWeight >= 0 && salienceWeight + fixedWeight <= 1)) {
    throw new ParleyError('bad-param', 'exchange: salienceWeight and fixedWeight must be ≥ 0 and add up to at most 1');
  }
  if (!(tieTolerance >= 0)) throw new ParleyError('bad-param', 'exchange: tieTolerance must be ≥ 0');
  if (options.arithmetic === 'decimal') throw new Error('the reference copy runs double arithmetic only');

  const { states, actorIds } = issueStates(scenario.issues);
  const context = startContext(states, options.moveHistory ?? defaults.moveHistory, tieTolerance);
  const rng = (options.tieBreak ?? defaults.tieBreak) === 'random' ? createRng(deriveSeed(options.seed ?? 0, 0)) : undefined;
  const toScale = (issue: IssueState, value: number) =>
    Math.min(issue.input.scale.max, Math.max(issue.input.scale.min, value / issue.factor + issue.input.scale.min));
  const positionsOf = (issue: IssueState, positions: readonly number[]) =>
    Object.fromEntries(issue.input.actors.map((actor, slot) => [actor.id, toScale(issue, positions[slot]!)]));
  // An issue nobody weighs keeps the compromise model's rule: the status quo, else the plain mean.
  const unweighted = states.map((issue) =>
    issue.actors.length === 0
      ? (issue.input.statusQuo ?? Number.NaN)
      : issue.weight === 0
        ? (issue.input.statusQuo ?? issue.input.actors.reduce((sum, actor) => sum + actor.position, 0) / issue.input.actors.length)
        : undefined,
  );
  const outcomesOf = (positions: readonly number[][]) =>
    states.map((issue, index) => expectedOutcome(positions[index]!, issue.salience, issue.capability, issue.weight));
  const outcomeOnScale = (index: number, outcome: number) => unweighted[index] ?? toScale(states[index]!, outcome);

  const full = (options.detail ?? 'full') === 'full';
  const trajectories: ExchangeIssueRound[][] = states.map(() => []);
  const exchanges: Exchange[] = [];
  const traded = new Set<number>();
  let lastVoting: number[][] = context.start;
  const totalGains: Record<string, number> = Object.fromEntries(actorIds.map((id) => [id, 0]));
  let stop: ExchangeRun['stop'] = 'rounds';
  let roundsRun = 0;
  for (let round = 1; round <= rounds; round++) {
    roundsRun = round;
    context.round = round;
    const startOutcomes = outcomesOf(context.start);
    const executed = executeRound(context, generateCandidates(context, startOutcomes), rng);

    // §4.8: voting positions and the voting outcome.
    const voting = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [candidate.i, candidate.j]) voting[role.supply]![states[role.supply]!.slotOf[role.actor]!] = role.y;
    }
    const votingOutcomes = outcomesOf(voting);
    lastVoting = voting;
    states.forEach((issue, index) => {
      trajectories[index]!.push({
        round,
        start: outcomeOnScale(index, startOutcomes[index]!),
        voting: outcomeOnScale(index, votingOutcomes[index]!),
        startPositions: full ? positionsOf(issue, context.start[index]!) : {},
        votingPositions: full ? positionsOf(issue, voting[index]!) : {},
      });
    });
    executed.forEach((candidate, index) => {
      traded.add(candidate.i.supply).add(candidate.j.supply);
      totalGains[actorIds[candidate.i.actor]!]! += candidate.gain;
      totalGains[actorIds[candidate.j.actor]!]! += candidate.gain;
      if (!full) return;
      const describe = (role: Role): ExchangeMove => {
        const issue = states[role.supply]!;
        return {
          actor: actorIds[role.actor]!,
          issue: issue.id,
          from: toScale(issue, role.x),
          to: toScale(issue, role.y),
          move: role.move / issue.factor,
          towards: toScale(issue, role.target),
          ...(candidate.adjusted ? { equalGainTo: toScale(issue, role.equalGainY) } : {}),
        };
      };
      exchanges.push({ round, order: index + 1, gain: candidate.gain, adjusted: candidate.adjusted, moves: [describe(candidate.i), describe(candidate.j)] });
    });
    if (executed.length === 0) {
      stop = 'no-exchanges';
      break;
    }
    if (round === rounds) break;

    // §5: the next round starts part of the way from the round-start positions to the voting positions.
    const next = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [candidate.i, candidate.j]) {
        const issue = states[role.supply]!;
        const slot = issue.slotOf[role.actor]!;
        next[role.supply]![slot] = nextStartPosition(issue.salience[slot]!, role.start, role.y, salienceWeight, fixedWeight);
      }
    }
    setStart(context, next);
  }

  const notes: string[] = [];
  if (states.length < 2) notes.push('only one issue: there is nothing to trade it against, so no exchange takes place');
  else if (stop === 'no-exchanges' && roundsRun < rounds) {
    notes.push(roundsRun === 1 ? 'no mutually beneficial exchange exists' : `no exchange was left after round ${roundsRun - 1}; later rounds would repeat it`);
  }
  if (context.nearTieRounds.size > 0) {
    const nearTies = [...context.nearTieRounds];
    notes.push(`a near-tie at round${nearTies.length === 1 ? '' : 's'} ${nearTies.join(', ')}: run with arithmetic=decimal to follow Decide`);
  }
  const issues = states.map((issue, index): ExchangeIssueRun => {
    const trajectory = trajectories[index]!;
    const last = trajectory[trajectory.length - 1]!;
    const issueNotes: string[] = [];
    if (issue.actors.length === 0) {
      issueNotes.push('no actor takes part in this issue');
    } else if (issue.weight === 0) {
      issueNotes.push(
        issue.input.statusQuo === undefined
          ? 'no participant attaches any salience to this issue: the forecast is the plain mean of positions'
          : 'no participant attaches any salience to this issue: the status quo stands',
      );
    } else if (states.length >= 2 && !traded.has(index)) {
      issueNotes.push('no exchange involves this issue: the forecast is the weighted mean of positions');
    }
    const finalPositions = full ? last.votingPositions : positionsOf(issue, lastVoting[index]!);
    return { issue: issue.id, before: trajectory[0]!.start, forecast: last.voting, trajectory, finalPositions, notes: issueNotes };
  });
  return { arithmetic: 'double', rounds: roundsRun, stop, issues, exchanges, totalGains, notes };
}

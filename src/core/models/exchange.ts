/**
 * The position-exchange model of Stokman ("Equal Gain"), as implemented in the Decide
 * software: actors trade concessions across issues. An actor that cares relatively little
 * about one issue and much about another moves towards a partner's position on the first
 * in exchange for the partner moving towards it on the second, so that both gain equally.
 * Round after round the mutually beneficial exchanges are found and executed, biggest gain
 * first; the forecast of an issue is the expected outcome (the capability × salience
 * weighted mean of positions, Decide's "NBS") after the exchanges of the last round.
 *
 * References: Stokman & Van Oosten (1994), "The exchange of voting positions: an
 * object-oriented model of policy networks", in Bueno de Mesquita & Stokman (eds.),
 * *European Community Decision Making*; Stokman & Thomson (2004), "Winners and losers in
 * the European Union", European Union Politics 5(1); Arregui, Stokman & Thomson (2006) in
 * *The European Union Decides*. The rules follow `EXCHANGE-SPEC.md` of the reference folder
 * (shared/reference/decide), a specification of the Decide software (repository
 * foarsitter/decide-exchange-model at 51dee66) whose section numbers (§) are cited below.
 *
 * # Scale
 * Positions are mapped to 0..100 with the issue's scale (§1.3), the model runs there (its
 * limits of 100 and 1e-10 are in those units) and results are mapped back. Gains are in
 * Decide's units: salience × shift of the outcome on the 0..100 scale.
 *
 * # Interpretive choices (where Parley had to choose)
 * - Arithmetic is IEEE double, not Decide's 28-digit decimals (§7.1). To follow Decide
 *   where its decimals are exact: gains and salience ratios whose relative difference is at
 *   most `tieTolerance` (1e-12) count as equal (§4.2, §4.6); a move that takes an actor all
 *   the way to its target lands exactly on the target; the bounds of §4.3.2 (|move| ≤ 100,
 *   0 ≤ position ≤ 100, Σ history ≤ 100) allow 1e-9 of rounding. Decide's first round, and
 *   the spec's worked cases, are reproduced; long runs may part from Decide where it breaks
 *   a tie by rounding noise in its 27th digit (§7.1); such runs carry a near-tie note when
 *   the two gains differ as doubles. `arithmetic: decimal` runs exchange-decimal.ts instead:
 *   Decide's own 28-digit decimals, no tolerance, exchange by exchange for any number of rounds.
 * - An actor with zero salience or zero capability on either issue of a pair does not
 *   trade on that pair (Decide fails on a zero salience ratio, §4.2; a zero weight moves no
 *   outcome). An issue whose participants all have zero weight keeps the compromise
 *   model's rule: its status quo, else the plain mean of positions.
 * - The run stops before `rounds` when a round executes no exchange: every later round
 *   would repeat it (§3 has no convergence test; the result is the same).
 * - The forecast is the voting outcome of the last round run (§4.8): the outcome with the
 *   positions actors take after their exchanges. `finalPositions` are those positions.
 * - Random tie-break (§4.6, option `tieBreak: random`): on a tie Decide also appends a
 *   second copy of the runner-up to the list; that duplicate is not reproduced (a candidate
 *   is in the list once).
 * - Not offered: the randomised Equal Gain variant (§6.1), whose case analysis the spec
 *   leaves out, and the Random Rate model (§6.2), which cannot run in Decide.
 *
 * # Cost
 * A round with n actors on m issues has up to m²n²/8 candidate exchanges c. Decide re-sorts
 * the whole list after each executed exchange; here the list is a heap that keeps the same
 * order (exchange-queue.ts) and each execution visits only the candidates it affects, found
 * through an index of who supplies and demands what. The candidates live in typed arrays
 * reused from round to round and run to run (exchange-store.ts), and a candidate is
 * recomputed in O(1): its move history is kept as a running sum, and the outcome check
 * (§4.3.3) first compares the round's outcome sum, updated by the candidate's k recorded
 * positions and the mover's move, with the partner's position in O(1 + k) (`outcomeSides`);
 * only when that comparison is within its rounding bound, or the outcome does cross, is the
 * issue summed in participant order as before, so every decision and every number is the one
 * the O(n) sums give. A round costs O(c log c) to build plus O(a log c) per executed exchange
 * that affects a candidates (a ≤ 4·m·n). The output is the same double for double as the
 * implementation before this layout (src/core/testing/exchange-reference.ts,
 * exchange-equivalence.test.ts).
 */
import { withDecidersOutcome } from '../lobbying.js';
import { type ExplainOptions, type IssueForecast, type IssueInput, type Model, type ParamValues, type PointScenario, paramSettings } from '../model.js';
import { ParleyError } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../rng.js';
import { runExchangeDecimal } from './exchange-decimal.js';
import { type ExchangeOptions, exchangeDefaults, exchangeParams } from './exchange-params.js';
import { insert, peek, rekey, remove, reset, retain, shift } from './exchange-queue.js';
import {
  appendRecorded,
  clearHistory,
  clearStore,
  createStore,
  ensureCapacity,
  historyAllowed,
  popHistory,
  pushHistory,
  recordedNode,
  type CandidateStore,
} from './exchange-store.js';
import type { Exchange, ExchangeIssueRound, ExchangeIssueRun, ExchangeMove, ExchangeMoveHistory, ExchangeRun } from './exchange-types.js';

export {
  exchangeArithmetics,
  exchangeMoveHistories,
  exchangeTieBreaks,
  type Exchange,
  type ExchangeArithmetic,
  type ExchangeIssueRound,
  type ExchangeIssueRun,
  type ExchangeMove,
  type ExchangeMoveHistory,
  type ExchangeRun,
  type ExchangeTieBreak,
} from './exchange-types.js';
export { exchangeDefaults, exchangeParams, type ExchangeOptions } from './exchange-params.js';

/**
 * How much a run may compute (issue 24): the candidate exchanges of one round, and summed
 * over the rounds run. A round of c candidates costs about 5 µs of CPU per candidate on the
 * project's 2-core machine (generation, then the recomputations after each executed
 * exchange, which grow with c) and about 350 bytes per candidate, held in typed arrays that
 * grow by doubling. At the limits a run takes about 80 MB (twice that while its arrays grow)
 * and a few seconds; a scenario beyond them (1,000 actors on 5 issues make about 1.25 million
 * candidates a round) gets a not-applicable status with the reason instead of running for
 * minutes or exhausting memory. The default scenario makes about 400 a round.
 */
export const exchangeLimits = { roundCandidates: 250_000, runCandidates: 1_500_000 } as const;

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

interface RunContext {
  issues: IssueState[];
  /** The round under way, and the rounds whose order a near-tie of gains decided (see executeRound). */
  round: number;
  nearTieRounds: Set<number>;
  /** Round-start positions, issue → slot. */
  start: number[][];
  /**
   * Per issue, Σ x·s·c at round-start positions: the base from which a candidate's outcome
   * sums are updated in O(1) per recorded position (see `outcomeSides`).
   */
  startSums: Float64Array;
  moveHistory: ExchangeMoveHistory;
  tieTolerance: number;
  /** The round's candidates (exchange-store.ts). */
  store: CandidateStore;
  /** Per issue and participant slot: a position with R applied (scratch of `modifiedSums`). */
  overlay: Float64Array;
}

/**
 * The candidate store, reused by every run in this thread: a run is synchronous and never
 * re-entered, and reusing the arrays is most of what makes a Monte Carlo draw cheap.
 */
let sharedStore: CandidateStore | undefined;

function storeFor(tolerance: number): CandidateStore {
  sharedStore ??= createStore(1024, tolerance);
  clearStore(sharedStore, tolerance);
  return sharedStore;
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

/** Σ((x·s)·c) over an issue's participants at the given positions, in participant order (§7.2). O(n). */
function weightedSumOf(issue: IssueState, positions: ArrayLike<number>): number {
  let weightedSum = 0;
  for (let slot = 0; slot < issue.actors.length; slot++) weightedSum += positions[slot]! * issue.salience[slot]! * issue.capability[slot]!;
  return weightedSum;
}

/**
 * Round-start positions of the mover's supply issue with the positions the candidate has
 * recorded there (R of role `role`) laid over them, into `context.overlay`. Returns whether R
 * holds the mover itself. O(n + k).
 */
function overlayRecorded(context: RunContext, issue: IssueState, supply: number, role: number, mover: number): boolean {
  const { overlay, store } = context;
  const start = context.start[supply]!;
  for (let slot = 0; slot < start.length; slot++) overlay[slot] = start[slot]!;
  let moverRecorded = false;
  for (let node = store.recordedHead[role]!; node >= 0; node = store.nodeNext[node]!) {
    const other = store.nodeActor[node]!;
    overlay[issue.slotOf[other]!] = store.nodePosition[node]!;
    if (other === mover) moverRecorded = true;
  }
  return moverRecorded;
}

/**
 * Which side of `target` the outcome of the mover's supply issue lies on, with the mover at
 * its position x and at its voting position y, when doubles can say so for certain without
 * re-summing the issue: the round's start sum updated by the candidate's recorded positions
 * and the mover's move, O(1 + k) for k recorded positions, against `target·W`. The sum that
 * the participant-order sum makes and this one both lie within `slack` of the exact sum (a
 * bound on the rounding of at most 2n + 4k + 16 operations on terms of at most 101·W:
 * positions stay within 0..100 up to `boundarySlack`), so outside that margin the sign is
 * the one the participant-order sum would give; inside it, 0 (too close to call) and the
 * caller sums the issue in participant order as before.
 */
function outcomeSides(context: RunContext, issue: IssueState, supply: number, mover: number, target: number): number {
  const { store } = context;
  const start = context.start[supply]!;
  const actor = store.actor[mover]!;
  let sum = context.startSums[supply]!;
  let terms = 0;
  for (let node = store.recordedHead[mover]!; node >= 0; node = store.nodeNext[node]!) {
    const other = store.nodeActor[node]!;
    if (other === actor) continue;
    const slot = issue.slotOf[other]!;
    sum += (store.nodePosition[node]! - start[slot]!) * issue.salience[slot]! * issue.capability[slot]!;
    terms++;
  }
  const moverSlot = issue.slotOf[actor]!;
  const moverWeight = issue.salience[moverSlot]! * issue.capability[moverSlot]!;
  const rest = sum - start[moverSlot]! * moverWeight;
  const slack = (2 * issue.actors.length + 4 * terms + 16) * 2 * Number.EPSILON * 101 * issue.weight;
  const targetSum = target * issue.weight;
  const differenceBefore = targetSum - (rest + store.x[mover]! * moverWeight);
  const differenceAfter = targetSum - (rest + store.y[mover]! * moverWeight);
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

/** Scratch of `generateCandidates`: the actors of each side group of a pair of issues. */
interface SideGroups {
  rightRight: Int32Array;
  leftRight: Int32Array;
  rightLeft: Int32Array;
  leftLeft: Int32Array;
}

/**
 * Every candidate exchange of a round into the store, in Decide's generation order (§4.1):
 * for each pair of issues p < q, the actors on both, grouped by side of each outcome (x ≤ O
 * is left); each actor right on both with each actor left on both, then each left-right
 * actor with each right-left actor. Roles (§4.2): the actor with the larger salience ratio
 * s_p/s_q is i, supplies q and demands p; its partner j supplies p and demands q. O(m²n²)
 * candidates, computed in O(1) each unless the outcome check must sum an issue (O(n)).
 */
function generateCandidates(context: RunContext, outcomes: readonly number[], actorCount: number): void {
  const { issues, start, store } = context;
  const groups: SideGroups = {
    rightRight: new Int32Array(actorCount),
    leftRight: new Int32Array(actorCount),
    rightLeft: new Int32Array(actorCount),
    leftLeft: new Int32Array(actorCount),
  };
  for (let p = 0; p < issues.length; p++) {
    for (let q = p + 1; q < issues.length; q++) {
      const issueP = issues[p]!;
      const issueQ = issues[q]!;
      let rightRight = 0;
      let leftRight = 0;
      let rightLeft = 0;
      let leftLeft = 0;
      for (let slotP = 0; slotP < issueP.actors.length; slotP++) {
        const actor = issueP.actors[slotP]!;
        const slotQ = issueQ.slotOf[actor]!;
        if (slotQ < 0) continue;
        const rightOnP = start[p]![slotP]! > outcomes[p]!;
        const rightOnQ = start[q]![slotQ]! > outcomes[q]!;
        if (rightOnP) {
          if (rightOnQ) groups.rightRight[rightRight++] = actor;
          else groups.rightLeft[rightLeft++] = actor;
        } else if (rightOnQ) groups.leftRight[leftRight++] = actor;
        else groups.leftLeft[leftLeft++] = actor;
      }
      ensureCapacity(store, store.count + rightRight * leftLeft + leftRight * rightLeft);
      for (let a = 0; a < rightRight; a++) for (let b = 0; b < leftLeft; b++) createCandidate(context, groups.rightRight[a]!, groups.leftLeft[b]!, p, q);
      for (let a = 0; a < leftRight; a++) for (let b = 0; b < rightLeft; b++) createCandidate(context, groups.leftRight[a]!, groups.rightLeft[b]!, p, q);
    }
  }
}

/**
 * How many candidate exchanges `generateCandidates` makes from these outcomes, counted
 * without making them: per pair of issues, tradable actors right on both × left on both plus
 * left-right × right-left. O(m·s) for m issues and s positions, no allocation beyond O(n).
 */
function candidateCount(context: RunContext, outcomes: readonly number[]): number {
  const { issues, start } = context;
  let count = 0;
  for (let p = 0; p < issues.length; p++) {
    const issueP = issues[p]!;
    for (let q = p + 1; q < issues.length; q++) {
      const issueQ = issues[q]!;
      let rightRight = 0;
      let leftRight = 0;
      let rightLeft = 0;
      let leftLeft = 0;
      for (let slotP = 0; slotP < issueP.actors.length; slotP++) {
        const slotQ = issueQ.slotOf[issueP.actors[slotP]!]!;
        if (slotQ < 0) continue;
        if (!(issueP.salience[slotP]! > 0 && issueQ.salience[slotQ]! > 0 && issueP.capability[slotP]! > 0 && issueQ.capability[slotQ]! > 0)) continue;
        const rightOnP = start[p]![slotP]! > outcomes[p]!;
        const rightOnQ = start[q]![slotQ]! > outcomes[q]!;
        if (rightOnP) {
          if (rightOnQ) rightRight++;
          else rightLeft++;
        } else if (rightOnQ) leftRight++;
        else leftLeft++;
      }
      count += rightRight * leftLeft + leftRight * rightLeft;
    }
  }
  return count;
}

/**
 * Whether every round of any run on m issues and n actors is within `exchangeLimits`, so that
 * no round need be counted: a pair of issues makes at most n²/4 candidates (a·b + c·d with
 * a + b + c + d ≤ n is at most n²/4). O(1).
 */
function withinExchangeLimits(issueCount: number, actorCount: number, rounds: number): boolean {
  const bound = ((issueCount * (issueCount - 1)) / 2) * ((actorCount * actorCount) / 4);
  return bound <= exchangeLimits.roundCandidates && bound * rounds <= exchangeLimits.runCandidates;
}

/**
 * Refuses a round too large to compute (see `exchangeLimits`) before anything is allocated
 * for it: a ParleyError whose message says how large, which limit, and what to do.
 * `earlier` is the candidates of the rounds already run; `rounds` those asked for.
 */
function checkRoundSize(context: RunContext, outcomes: readonly number[], actorCount: number, round: number, rounds: number, earlier: number): number {
  const count = candidateCount(context, outcomes);
  const size = `${actorCount} actor${actorCount === 1 ? '' : 's'} on ${context.issues.length} issues`;
  const fix = 'run it on fewer actors or issues (a variant), or forecast without the exchange model';
  if (count > exchangeLimits.roundCandidates) {
    throw new ParleyError(
      'exchange-too-large',
      `exchange: the scenario is too large for this model: ${count} candidate exchanges in round ${round} (${size}), above the ${exchangeLimits.roundCandidates} it computes in one round; ${fix}`,
    );
  }
  const expected = round === 1 ? count * rounds : earlier + count;
  if (expected > exchangeLimits.runCandidates) {
    const fewer = Math.floor(exchangeLimits.runCandidates / Math.max(1, count));
    throw new ParleyError(
      'exchange-too-large',
      `exchange: the scenario is too large for this model: ${round === 1 ? `${rounds} rounds of ${count} candidate exchanges` : `${expected} candidate exchanges by round ${round}`} (${size}), above the ${exchangeLimits.runCandidates} it computes in one run; ask for fewer rounds (rounds=${Math.max(1, fewer)}), or ${fix}`,
    );
  }
  return count;
}

function createCandidate(context: RunContext, a: number, b: number, p: number, q: number): void {
  const issueP = context.issues[p]!;
  const issueQ = context.issues[q]!;
  const slotAP = issueP.slotOf[a]!;
  const slotAQ = issueQ.slotOf[a]!;
  const slotBP = issueP.slotOf[b]!;
  const slotBQ = issueQ.slotOf[b]!;
  const tradableA = issueP.salience[slotAP]! > 0 && issueQ.salience[slotAQ]! > 0 && issueP.capability[slotAP]! > 0 && issueQ.capability[slotAQ]! > 0;
  if (!tradableA) return;
  const tradableB = issueP.salience[slotBP]! > 0 && issueQ.salience[slotBQ]! > 0 && issueP.capability[slotBP]! > 0 && issueQ.capability[slotBQ]! > 0;
  if (!tradableB) return;
  const ratioA = issueP.salience[slotAP]! / issueQ.salience[slotAQ]!;
  const ratioB = issueP.salience[slotBP]! / issueQ.salience[slotBQ]!;
  const aCaresLessForP = ratioA < ratioB && !nearlyEqual(ratioA, ratioB, context.tieTolerance);
  const iActor = aCaresLessForP ? b : a;
  const jActor = aCaresLessForP ? a : b;
  const { store } = context;
  const candidate = store.count++;
  setRole(context, 2 * candidate, iActor, jActor, issueQ, q, issueP, p);
  setRole(context, 2 * candidate + 1, jActor, iActor, issueP, p, issueQ, q);
  store.gain[candidate] = 0;
  store.valid[candidate] = 0;
  store.adjusted[candidate] = 0;
  store.place[candidate] = -1;
  store.visited[candidate] = 0;
  calculate(context, candidate);
}

/** A role at round start: `actor` supplies issue `supplyIndex` towards `partner`'s position and demands issue `demandIndex`. */
function setRole(
  context: RunContext,
  role: number,
  actor: number,
  partner: number,
  supply: IssueState,
  supplyIndex: number,
  demand: IssueState,
  demandIndex: number,
): void {
  const { store } = context;
  const supplySlot = supply.slotOf[actor]!;
  const start = context.start[supplyIndex]!;
  const position = start[supplySlot]!;
  store.actor[role] = actor;
  store.supply[role] = supplyIndex;
  store.demand[role] = demandIndex;
  store.x[role] = position;
  store.start[role] = position;
  store.target[role] = start[supply.slotOf[partner]!]!;
  store.sSupply[role] = supply.salience[supplySlot]!;
  store.sDemand[role] = demand.salience[demand.slotOf[actor]!]!;
  store.cSupply[role] = supply.capability[supplySlot]!;
  clearHistory(store, role);
  store.move[role] = 0;
  store.y[role] = position;
  store.equalGainY[role] = position;
  store.recordedHead[role] = -1;
  store.recordedTail[role] = -1;
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
 * instead (Step B). O(1), and O(n) when the outcome check must sum an issue.
 */
function calculate(context: RunContext, candidate: number): void {
  const { store } = context;
  const i = 2 * candidate;
  const j = i + 1;
  const weightP = context.issues[store.supply[j]!]!.weight;
  const weightQ = context.issues[store.supply[i]!]!.weight;
  const sIp = store.sDemand[i]!;
  const sIq = store.sSupply[i]!;
  const cIq = store.cSupply[i]!;
  const sJp = store.sSupply[j]!;
  const sJq = store.sDemand[j]!;
  const cJp = store.cSupply[j]!;
  const xI = store.x[i]!;
  const xJ = store.x[j]!;
  const targetI = store.target[i]!;
  const targetJ = store.target[j]!;

  // Step A: j moves all the way to T_j.
  const distanceJ = Math.abs(targetJ - xJ);
  let shiftP = (distanceJ * sJp * cJp) / weightP;
  let shiftQ = ((sJp + sIp) / (sJq + sIq)) * shiftP;
  let moveI = (shiftQ * weightQ) / (cIq * sIq);
  let moveJ = distanceJ;
  let iReachesTarget = false;
  const distanceI = Math.abs(targetI - xI);
  if (moveI > distanceI) {
    // Step B: i would pass T_i, so i moves all the way instead.
    shiftQ = (distanceI * sIq * cIq) / weightQ;
    shiftP = ((sIq + sJq) / (sIp + sJp)) * shiftQ;
    moveI = distanceI;
    moveJ = (shiftP * weightP) / (cJp * sJp);
    iReachesTarget = true;
  }
  if (xI > targetI) moveI = -moveI;
  if (xJ > targetJ) moveJ = -moveJ;
  pushHistory(store, i, moveI);
  pushHistory(store, j, moveJ);
  setMove(store, i, moveI, iReachesTarget);
  setMove(store, j, moveJ, !iReachesTarget);
  store.equalGainY[i] = store.y[i]!;
  store.equalGainY[j] = store.y[j]!;
  const gain = Math.abs(shiftQ * sIq - shiftP * sIp);
  store.gain[candidate] = gain;
  store.adjusted[candidate] = 0;
  const valid = validMove(store, i) && validMove(store, j) && gain >= minimumGain;
  store.valid[candidate] = valid ? 1 : 0;
  if (!valid) return;
  checkOutcomeCrossing(context, candidate, i, j);
  checkOutcomeCrossing(context, candidate, j, i);
  store.valid[candidate] = validMove(store, i) && validMove(store, j) ? 1 : 0;
}

/** A move all the way to the target lands on it exactly, as in Decide's exact decimals. */
function setMove(store: CandidateStore, role: number, move: number, reachesTarget: boolean): void {
  store.move[role] = move;
  store.y[role] = reachesTarget ? store.target[role]! : store.x[role]! + move;
}

/**
 * §4.3.2: a move is valid when 1e-10 < |move| ≤ 100, it stays on the scale, the actor's
 * moves this round (its history, the current move last) sum to at most 100 and all point
 * the same way. O(1).
 */
function validMove(store: CandidateStore, role: number): boolean {
  const size = Math.abs(store.move[role]!);
  if (size > scaleTop + boundarySlack || size <= minimumMove) return false;
  const y = store.y[role]!;
  if (y < -boundarySlack || y > scaleTop + boundarySlack) return false;
  return historyAllowed(store, role, scaleTop + boundarySlack);
}

/**
 * §4.3.3: the mover's supply issue e must not see its outcome pushed past the partner's
 * position T. If it would be, the mover moves just far enough to bring the outcome to T
 * and the partner's move is recomputed for equal gain. The outcomes seen are the
 * round-start positions with the candidate's recorded positions R (§4.4). O(1 + k) when
 * `outcomeSides` can tell, else O(n).
 */
function checkOutcomeCrossing(context: RunContext, candidate: number, mover: number, partner: number): void {
  const { store } = context;
  const supply = store.supply[mover]!;
  const issue = context.issues[supply]!;
  const partnerIssue = context.issues[store.supply[partner]!]!;
  const target = store.target[mover]!;
  const moverActor = store.actor[mover]!;
  const sides = outcomeSides(context, issue, supply, mover, target);
  if (sides === sameSide) return;
  const moverRecorded = overlayRecorded(context, issue, supply, mover, moverActor);
  const moverSlot = issue.slotOf[moverActor]!;
  const { overlay } = context;
  const recordedMover = overlay[moverSlot]!;
  if (sides === unknownSide) {
    // Too close to call in O(1): the outcomes summed in participant order, as always.
    overlay[moverSlot] = store.x[mover]!;
    const outcomeBefore = weightedSumOf(issue, overlay) / issue.weight;
    overlay[moverSlot] = store.y[mover]!;
    const outcomeAfter = weightedSumOf(issue, overlay) / issue.weight;
    const staysOnOneSide = (target - outcomeBefore >= 0 && target - outcomeAfter >= 0) || (target - outcomeBefore <= 0 && target - outcomeAfter <= 0);
    if (staysOnOneSide) return;
  }

  // N0' of §4.3.3: a recorded position of the mover itself wins over its position x.
  overlay[moverSlot] = moverRecorded ? recordedMover : store.x[mover]!;
  const weightedSumBefore = weightedSumOf(issue, overlay);
  const sSupply = store.sSupply[mover]!;
  const cSupply = store.cSupply[mover]!;
  const moverMove = Math.abs((target * issue.weight - weightedSumBefore) / (sSupply * cSupply));
  const moverShift = (moverMove * sSupply * cSupply) / issue.weight;
  const partnerShift = ((sSupply + store.sDemand[partner]!) / (store.sDemand[mover]! + store.sSupply[partner]!)) * moverShift;
  let partnerMove = Math.abs((partnerShift * partnerIssue.weight) / (store.cSupply[partner]! * store.sSupply[partner]!));
  let signedMoverMove = moverMove;
  if (store.x[partner]! > store.target[partner]!) partnerMove = -partnerMove;
  if (store.x[mover]! > target) signedMoverMove = -signedMoverMove;
  store.historyLast[partner] = partnerMove;
  store.historyLast[mover] = signedMoverMove;
  setMove(store, partner, partnerMove, false);
  setMove(store, mover, signedMoverMove, false);
  store.gain[candidate] = Math.abs(partnerShift * store.sSupply[partner]! - moverShift * store.sDemand[partner]!);
  store.adjusted[candidate] = 1;
}

// ---------------------------------------------------------------------------------------
// §4.5–4.7 Selection, execution and updates within a round
// ---------------------------------------------------------------------------------------

/** §4.7 (b), (c): record where an executed exchange put an actor, in R of the candidate's issue `issue`. */
function recordPosition(store: CandidateStore, candidate: number, issue: number, actor: number, position: number, roundStart: number): void {
  const role = store.supply[2 * candidate] === issue ? 2 * candidate : 2 * candidate + 1;
  const node = recordedNode(store, role, actor);
  if (node < 0) {
    appendRecorded(store, role, actor, position);
    return;
  }
  const earlier = store.nodePosition[node]!;
  store.nodePosition[node] = roundStart <= earlier ? Math.min(earlier, position) : Math.max(earlier, position);
}

/**
 * Where each candidate of a round supplies and demands: actor × issue → candidates, in
 * generation order (lists packed into one array, CSR), so that an execution finds the
 * candidates it affects (§4.7) without scanning the list. O(c + n·m). The candidates of key
 * k are `members[starts[k] .. starts[k + 1]]`.
 */
interface RoleList {
  starts: Int32Array;
  members: Int32Array;
}

interface RoleIndex {
  issueCount: number;
  supplying: RoleList;
  demanding: RoleList;
}

function roleList(store: CandidateStore, keys: number, issueCount: number, issueOf: Int32Array): RoleList {
  const roles = 2 * store.count;
  const starts = new Int32Array(keys + 1);
  for (let role = 0; role < roles; role++) starts[store.actor[role]! * issueCount + issueOf[role]! + 1]!++;
  for (let key = 0; key < keys; key++) starts[key + 1]! += starts[key]!;
  const members = new Int32Array(roles);
  const fill = starts.slice(0, keys);
  for (let role = 0; role < roles; role++) members[fill[store.actor[role]! * issueCount + issueOf[role]!]!++] = role >> 1;
  return { starts, members };
}

function indexRoles(store: CandidateStore, actorCount: number, issueCount: number): RoleIndex {
  const keys = actorCount * issueCount;
  return { issueCount, supplying: roleList(store, keys, issueCount, store.supply), demanding: roleList(store, keys, issueCount, store.demand) };
}

/**
 * The remaining valid candidates an execution affects (§4.7): those with a role supplying
 * what A or B supplied (a), B demanding q (b) or A demanding p (c), each once, into
 * `affected`; returns how many.
 */
function affectedBy(store: CandidateStore, executed: number, index: RoleIndex, stamp: number, movedToEnd: number, affected: Int32Array): number {
  const i = 2 * executed;
  const j = i + 1;
  const { issueCount } = index;
  const lists = [
    index.supplying,
    store.actor[i]! * issueCount + store.supply[i]!,
    index.supplying,
    store.actor[j]! * issueCount + store.supply[j]!,
    index.demanding,
    store.actor[j]! * issueCount + store.supply[i]!,
    index.demanding,
    store.actor[i]! * issueCount + store.supply[j]!,
  ] as const;
  let count = 0;
  for (let list = 0; list < 8; list += 2) {
    const { starts, members } = lists[list] as RoleList;
    const key = lists[list + 1] as number;
    for (let at = starts[key]!, end = starts[key + 1]!; at < end; at++) {
      const candidate = members[at]!;
      if (store.visited[candidate] === stamp || candidate === executed || store.valid[candidate] === 0) continue;
      if (!(store.place[candidate]! >= 0 || candidate === movedToEnd)) continue;
      store.visited[candidate] = stamp;
      affected[count++] = candidate;
    }
  }
  return count;
}

/**
 * §4.7: after executing `executed` (i = A supplies q, j = B supplies p), each affected
 * candidate is updated (a: a role supplying the same moves its supply position; b, c: B's
 * new position on q, A's on p, is recorded in R) and recalculated. The order does not
 * matter. O(1) per candidate, O(n) when its outcome check must sum an issue.
 */
function updateAfter(context: RunContext, executed: number, affected: Int32Array, count: number): void {
  const { store } = context;
  const executedI = 2 * executed;
  const executedJ = executedI + 1;
  const actorA = store.actor[executedI]!;
  const issueQ = store.supply[executedI]!;
  const actorB = store.actor[executedJ]!;
  const issueP = store.supply[executedJ]!;
  for (let at = 0; at < count; at++) {
    const candidate = affected[at]!;
    const i = 2 * candidate;
    const j = i + 1;
    // (a) at most one role can supply what A or B supplied: the pair and issues would be E's.
    const matchedI = executedRoleOf(store, i, actorA, issueQ, executedI, actorB, issueP, executedJ);
    const matchedJ = matchedI >= 0 ? -1 : executedRoleOf(store, j, actorA, issueQ, executedI, actorB, issueP, executedJ);
    const supplyRole = matchedI >= 0 ? i : matchedJ >= 0 ? j : -1;
    const supplyBy = matchedI >= 0 ? matchedI : matchedJ;
    if (supplyRole >= 0) {
      store.x[supplyRole] = store.y[supplyBy]!;
      popHistory(store, supplyRole === i ? j : i);
      if (context.moveHistory === 'executed') store.historyLast[supplyRole] = store.move[supplyBy]!;
    }
    const demandsQ = (store.actor[i] === actorB && store.demand[i] === issueQ) || (store.actor[j] === actorB && store.demand[j] === issueQ);
    if (demandsQ) recordPosition(store, candidate, issueQ, actorA, store.y[executedI]!, store.start[executedI]!);
    const demandsP = (store.actor[i] === actorA && store.demand[i] === issueP) || (store.actor[j] === actorA && store.demand[j] === issueP);
    if (demandsP) recordPosition(store, candidate, issueP, actorB, store.y[executedJ]!, store.start[executedJ]!);
    if (supplyRole < 0 && store.adjusted[candidate] === 0) {
      // Only R changed, and the candidate (valid) was not adjusted: the equal-gain part of
      // `calculate` would give the same moves, positions, gain and history bit for bit, so
      // only the outcome checks, which read R, are made again.
      checkOutcomeCrossing(context, candidate, i, j);
      checkOutcomeCrossing(context, candidate, j, i);
      store.valid[candidate] = validMove(store, i) && validMove(store, j) ? 1 : 0;
      continue;
    }
    if (supplyRole < 0) {
      popHistory(store, i);
      popHistory(store, j);
    }
    calculate(context, candidate);
  }
}

/** The executed role that supplies what `role` supplies (same actor, same issue), or −1. */
function executedRoleOf(
  store: CandidateStore,
  role: number,
  actorA: number,
  issueQ: number,
  executedI: number,
  actorB: number,
  issueP: number,
  executedJ: number,
): number {
  const actor = store.actor[role]!;
  const supply = store.supply[role]!;
  if (actor === actorA && supply === issueQ) return executedI;
  if (actor === actorB && supply === issueP) return executedJ;
  return -1;
}

/**
 * One round's exchanges (§4.5): repeatedly take the candidate with the highest gain (equal
 * gains in list order, or by Decide's coin flip, §4.6), execute it if valid and update the
 * candidates it affects, until none is left. After the first execution the invalid
 * candidates are dropped. Returns the executed candidates in execution order.
 * O(c log c + Σ affected·log c), plus O(n) for each outcome check that must sum an issue.
 */
function executeRound(context: RunContext, actorCount: number, rng: Rng | undefined): number[] {
  const { store } = context;
  const { queue } = store;
  const tolerance = context.tieTolerance;
  reset(queue, store.count);
  const index = indexRoles(store, actorCount, context.issues.length);
  const affected = new Int32Array(store.count);
  const previousGain = new Float64Array(store.count);
  const previousKey = new Float64Array(store.count);
  const isValid = (candidate: number) => store.valid[candidate] === 1;
  const executed: number[] = [];
  for (let chosen = shift(queue); chosen >= 0; chosen = shift(queue)) {
    let movedToEnd = -1;
    const runnerUp = peek(queue);
    if (rng && runnerUp >= 0 && nearlyEqual(store.gain[chosen]!, store.gain[runnerUp]!, tolerance) && rng.next() >= 0.5) {
      // §4.6: the first goes to the end of the list and the second is taken.
      movedToEnd = chosen;
      chosen = shift(queue);
    }
    if (store.valid[chosen] === 0) {
      if (movedToEnd >= 0) {
        rekey(queue, affected, previousGain, previousKey, 0, movedToEnd);
        insert(queue, movedToEnd);
      }
      continue;
    }
    // Gains equal within the tolerance but not as doubles: Decide's decimals may rank them
    // the other way (EXCHANGE-SPEC §7.1), so the run says so.
    const next = peek(queue);
    if (next >= 0 && store.valid[next] === 1 && store.gain[next] !== store.gain[chosen] && nearlyEqual(store.gain[next]!, store.gain[chosen]!, tolerance)) {
      context.nearTieRounds.add(context.round);
    }
    executed.push(chosen);
    if (executed.length === 1) retain(queue, isValid);
    const count = affectedBy(store, chosen, index, executed.length, movedToEnd, affected);
    for (let at = 0; at < count; at++) {
      const candidate = affected[at]!;
      previousGain[at] = store.gain[candidate]!;
      previousKey[at] = store.key[candidate]!;
      remove(queue, candidate);
    }
    updateAfter(context, chosen, affected, count);
    rekey(queue, affected, previousGain, previousKey, count, movedToEnd);
    for (let at = 0; at < count; at++) {
      const candidate = affected[at]!;
      if (store.valid[candidate] === 1 && candidate !== movedToEnd) insert(queue, candidate);
    }
    if (movedToEnd >= 0 && store.valid[movedToEnd] === 1) insert(queue, movedToEnd);
  }
  return executed;
}

/** A candidate exchange as `candidateExchanges` reports it. */
export interface CandidateExchange {
  /** Role i: supplies the issue it cares relatively less about. */
  i: { actor: string; supplies: string };
  /** Role j: its partner. */
  j: { actor: string; supplies: string };
  gain: number;
  valid: boolean;
  adjusted: boolean;
}

/**
 * The candidate exchanges of a first round, before any is executed, in Decide's generation
 * order (§4.1) with their roles and gains: which trades the positions make possible. O(m²n²).
 *
 * @example candidateExchanges(case3)[0] // { i: { actor: 'A2', supplies: 'P2' }, j: { actor: 'A1', supplies: 'P1' }, gain: 0.3007…, … } (EXCHANGE-SPEC.md §9.3)
 */
export function candidateExchanges(scenario: Pick<PointScenario, 'issues'>, options: Pick<ExchangeOptions, 'tieTolerance'> = {}): CandidateExchange[] {
  const { states, actorIds } = issueStates(scenario.issues);
  const context = startContext(states, exchangeDefaults.moveHistory, options.tieTolerance ?? exchangeDefaults.tieTolerance);
  const outcomes = states.map((issue, index) => expectedOutcome(context.start[index]!, issue.salience, issue.capability, issue.weight));
  checkRoundSize(context, outcomes, actorIds.length, 1, 1, 0);
  generateCandidates(context, outcomes, actorIds.length);
  const { store } = context;
  return Array.from({ length: store.count }, (_, candidate) => ({
    i: { actor: actorIds[store.actor[2 * candidate]!]!, supplies: states[store.supply[2 * candidate]!]!.id },
    j: { actor: actorIds[store.actor[2 * candidate + 1]!]!, supplies: states[store.supply[2 * candidate + 1]!]!.id },
    gain: store.gain[candidate]!,
    valid: store.valid[candidate] === 1,
    adjusted: store.adjusted[candidate] === 1,
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
    store: storeFor(tieTolerance),
    overlay: new Float64Array(Math.max(0, ...states.map((issue) => issue.actors.length))),
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
    context.startSums[index] = weightedSumOf(issue, start[index]!);
  });
}

/**
 * Runs the exchange model on the scenario's issues (§3): each round computes the expected
 * outcomes, generates the candidate exchanges, executes them biggest gain first, records the
 * voting positions and outcomes, and moves every actor that traded part of the way for the
 * next round (§5). Stops after `rounds` rounds, or after a round without exchanges.
 *
 * Cost: per round O(c log c) for c candidates, plus O(a log c) for each executed
 * exchange that affects a candidates (see the header).
 *
 * @example
 * runExchange(case1).exchanges[0] // A1 moves on P2 from 20 to 80, A2 on P1 from 90 to 31.09…, gain 6.1527… (EXCHANGE-SPEC.md §9.1)
 */
export function runExchange(scenario: Pick<PointScenario, 'issues'>, options: ExchangeOptions = {}): ExchangeRun {
  const rounds = options.rounds ?? exchangeDefaults.rounds;
  const salienceWeight = options.salienceWeight ?? exchangeDefaults.salienceWeight;
  const fixedWeight = options.fixedWeight ?? exchangeDefaults.fixedWeight;
  const tieTolerance = options.tieTolerance ?? exchangeDefaults.tieTolerance;
  if (!Number.isInteger(rounds) || rounds < 1) throw new ParleyError('bad-param', 'exchange: rounds must be a whole number ≥ 1');
  if (!(salienceWeight >= 0 && fixedWeight >= 0 && salienceWeight + fixedWeight <= 1)) {
    throw new ParleyError('bad-param', 'exchange: salienceWeight and fixedWeight must be ≥ 0 and add up to at most 1');
  }
  if (!(tieTolerance >= 0)) throw new ParleyError('bad-param', 'exchange: tieTolerance must be ≥ 0');
  const { states, actorIds } = issueStates(scenario.issues);
  const context = startContext(states, options.moveHistory ?? exchangeDefaults.moveHistory, tieTolerance);
  if (options.arithmetic === 'decimal') {
    // Decimal runs are refused by the size of their first round as doubles count it (the
    // exact counts can differ only by actors that sit on an outcome), before any is built.
    const outcomes = states.map((issue, index) => expectedOutcome(context.start[index]!, issue.salience, issue.capability, issue.weight));
    checkRoundSize(context, outcomes, actorIds.length, 1, rounds, 0);
    return runExchangeDecimal(scenario, options);
  }
  const rng = (options.tieBreak ?? exchangeDefaults.tieBreak) === 'random' ? createRng(deriveSeed(options.seed ?? 0, 0)) : undefined;
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
  let candidatesSoFar = 0;
  const withinLimits = withinExchangeLimits(states.length, actorIds.length, rounds);
  for (let round = 1; round <= rounds; round++) {
    roundsRun = round;
    context.round = round;
    const startOutcomes = outcomesOf(context.start);
    if (!withinLimits) candidatesSoFar += checkRoundSize(context, startOutcomes, actorIds.length, round, rounds, candidatesSoFar);
    clearStore(context.store, tieTolerance);
    generateCandidates(context, startOutcomes, actorIds.length);
    const executed = executeRound(context, actorIds.length, rng);
    const { store } = context;

    // §4.8: voting positions and the voting outcome.
    const voting = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [2 * candidate, 2 * candidate + 1])
        voting[store.supply[role]!]![states[store.supply[role]!]!.slotOf[store.actor[role]!]!] = store.y[role]!;
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
      const i = 2 * candidate;
      const j = i + 1;
      const gain = store.gain[candidate]!;
      traded.add(store.supply[i]!).add(store.supply[j]!);
      totalGains[actorIds[store.actor[i]!]!]! += gain;
      totalGains[actorIds[store.actor[j]!]!]! += gain;
      if (!full) return;
      const adjusted = store.adjusted[candidate] === 1;
      const describe = (role: number): ExchangeMove => {
        const issue = states[store.supply[role]!]!;
        return {
          actor: actorIds[store.actor[role]!]!,
          issue: issue.id,
          from: toScale(issue, store.x[role]!),
          to: toScale(issue, store.y[role]!),
          move: store.move[role]! / issue.factor,
          towards: toScale(issue, store.target[role]!),
          ...(adjusted ? { equalGainTo: toScale(issue, store.equalGainY[role]!) } : {}),
        };
      };
      exchanges.push({ round, order: index + 1, gain, adjusted, moves: [describe(i), describe(j)] });
    });
    if (executed.length === 0) {
      stop = 'no-exchanges';
      break;
    }
    if (round === rounds) break;

    // §5: the next round starts part of the way from the round-start positions to the voting positions.
    const next = context.start.map((positions) => [...positions]);
    for (const candidate of executed) {
      for (const role of [2 * candidate, 2 * candidate + 1]) {
        const supply = store.supply[role]!;
        const issue = states[supply]!;
        const slot = issue.slotOf[store.actor[role]!]!;
        next[supply]![slot] = nextStartPosition(issue.salience[slot]!, store.start[role]!, store.y[role]!, salienceWeight, fixedWeight);
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

// ---------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------

/** A value for a sentence: about four significant digits on the issue's scale, trailing zeros dropped. */
function formatPosition(value: number, scaleWidth: number): string {
  const decimals = Math.max(0, Math.min(10, 2 - Math.floor(Math.log10(scaleWidth / 100))));
  const rounded = Number(value.toFixed(decimals));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function formatGain(gain: number): string {
  return String(Number(gain.toPrecision(3)));
}

/**
 * The exchanges of one round in words, biggest gain first (ties in execution order), e.g.
 * "USA moves on eaa from 100 to 0 in exchange for China moving on financevol from 100 to
 * 10.79; each gains 2.19". O(k log k).
 *
 * @param run a run of `runExchange`
 * @param issues the issues it ran on (names and scales)
 * @param options `round` (default 1); `issue`: only exchanges in which one side moves on it
 */
export function explainExchangeRound(run: ExchangeRun, issues: readonly IssueInput[], options: { round?: number; issue?: string } = {}): string[] {
  const round = options.round ?? 1;
  if (!Number.isInteger(round) || round < 1 || round > run.rounds) {
    throw new ParleyError('unknown-round', `exchange: no round ${round}; the run has ${run.rounds === 1 ? 'one round' : `rounds 1 to ${run.rounds}`}`);
  }
  const issueById = new Map(issues.map((issue) => [issue.id, issue]));
  const nameOf = new Map(issues.flatMap((issue) => issue.actors.map((actor) => [actor.id, actor.name] as const)));
  const show = (move: ExchangeMove, value: number) => {
    const scale = issueById.get(move.issue)?.scale ?? { min: 0, max: 100 };
    return formatPosition(value, scale.max - scale.min);
  };
  const side = (move: ExchangeMove) => `on ${move.issue} from ${show(move, move.from)} to ${show(move, move.to)}`;
  return run.exchanges
    .filter((exchange) => exchange.round === round)
    .filter((exchange) => options.issue === undefined || exchange.moves.some((move) => move.issue === options.issue))
    .sort((a, b) => b.gain - a.gain || a.order - b.order)
    .map(({ moves: [first, second], gain, adjusted }) => {
      const cut = adjusted ? ' (cut short so an outcome stops at a partner’s position)' : '';
      return `${nameOf.get(first.actor) ?? first.actor} moves ${side(first)} in exchange for ${nameOf.get(second.actor) ?? second.actor} moving ${side(second)}; each gains ${formatGain(gain)}${cut}`;
    });
}

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

/** The run options the model's parameters describe (a number of the wrong type is its default), with the tie-break's seed. */
function optionsFromParams(params: ParamValues, seed: number | undefined): ExchangeOptions {
  return { ...paramSettings('exchange', exchangeParams, params), ...(seed === undefined ? {} : { seed }) };
}

/**
 * The `details` of an exchange forecast on an issue (see `issueForecasts`); `bargained` when
 * the issue's deciders outweigh the exchanges' outcome.
 */
export type ExchangeDetails = {
  arithmetic: ExchangeRun['arithmetic'];
  before: number;
  rounds: number;
  stop: ExchangeRun['stop'];
  trajectory: ExchangeIssueRun['trajectory'];
  exchanges: Exchange[];
  finalPositions: Record<string, number>;
  totalGains: Record<string, number>;
  bargained?: number;
};

/**
 * Per issue: `forecast` is the expected outcome after the exchanges of the last round;
 * `details` holds `before` (the outcome before any exchange), `rounds`, `stop`, the
 * `trajectory` of outcomes and positions per round, the `exchanges` in which one side moves
 * on this issue, `finalPositions` and every actor's `totalGains` (the same on every issue).
 */
function issueForecasts(run: ExchangeRun): IssueForecast<ExchangeDetails>[] {
  return run.issues.map((issue) => ({
    issue: issue.issue,
    forecast: issue.forecast,
    notes: [...run.notes, ...issue.notes],
    details: {
      arithmetic: run.arithmetic,
      before: issue.before,
      rounds: run.rounds,
      stop: run.stop,
      trajectory: issue.trajectory,
      exchanges: run.exchanges.filter((exchange) => exchange.moves.some((move) => move.issue === issue.issue)),
      finalPositions: issue.finalPositions,
      totalGains: run.totalGains,
    },
  }));
}

export const exchangeModel: Model<ExchangeDetails> = {
  id: 'exchange',
  name: 'Exchange model (Stokman, Equal Gain as in Decide)',
  summary:
    'Actors trade concessions across issues: each moves towards a partner on the issue it cares relatively less about, in exchange for the partner moving on the issue it cares more about, so both gain equally. Round after round the exchanges with the biggest gains are executed; the forecast is the capability × salience weighted mean of positions after the last round’s exchanges.',
  references: [
    'Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented model of policy networks. In Bueno de Mesquita, B. & Stokman, F. N. (eds.), European Community Decision Making. Yale University Press.',
    'Stokman, F. N. & Thomson, R. (2004). Winners and losers in the European Union. European Union Politics 5(1), 5–23.',
    'Arregui, J., Stokman, F. N. & Thomson, R. (2006). Compromise, exchange and challenge in the European Union. In Thomson, Stokman, Achen & König (eds.), The European Union Decides. Cambridge University Press.',
    'Decide exchange model software, foarsitter/decide-exchange-model (commit 51dee66), as specified in EXCHANGE-SPEC.md.',
  ],
  params: exchangeParams,
  run(scenario: PointScenario, params: ParamValues, options = {}): IssueForecast<ExchangeDetails>[] {
    return withDecidersOutcome(
      scenario.issues,
      issueForecasts(
        runExchange(scenario, { ...optionsFromParams(params, options.seed), ...(options.detail === undefined ? {} : { detail: options.detail }) }),
      ),
    );
  },
  explain(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[] {
    if (options.issue !== undefined && !scenario.issues.some((issue) => issue.id === options.issue)) {
      throw new ParleyError('unknown-issue', `exchange: unknown issue "${options.issue}"`);
    }
    const run = runExchange(scenario, optionsFromParams(params, options.seed));
    const lines = explainExchangeRound(run, scenario.issues, {
      round: options.round ?? 1,
      ...(options.issue === undefined ? {} : { issue: options.issue }),
    });
    if (options.round === undefined && run.rounds > 1) {
      const later = run.exchanges.filter(
        (exchange) => exchange.round > 1 && (options.issue === undefined || exchange.moves.some((move) => move.issue === options.issue)),
      ).length;
      lines.push(`(round 1 of ${run.rounds}; ${later} more exchange${later === 1 ? '' : 's'} in rounds 2 to ${run.rounds}: explain another round to see them)`);
    }
    return lines;
  },
};

/**
 * §8–§10 Bargains: interpolation between two positions (§9.1), one turn's proposals (§8–§9),
 * and resolving each actor's queue (§10).
 */
import { type ElectionScratch, scalarPceInto, smpFailure } from './voting.js';
import { type Assessment, distanceFromIdeal } from './assessment.js';
import { type ChallengeValue, type Perspective, evaluateChallenge, newPerspective, preparePerspective } from './challenges.js';
import type { SmpBargain, SmpChallenge, SmpElection } from './types.js';
import { type World, interpolationEpsilon, minimumGain, utility } from './world.js';

// ---------------------------------------------------------------------------------------
// The buffers a run's turns reuse
// ---------------------------------------------------------------------------------------

/**
 * What the turns of one run write into instead of allocating: a Float64Array of a dozen
 * entries or more keeps its store outside V8's heap and costs about a microsecond to make
 * and collect, and a turn used to make hundreds (and as many `subarray` views). Sized once
 * for the most a turn can need: n status-quo bargains plus at most three position slots per
 * initiator (PWCompInterp's two views and their combination), and queues of at most 2n + 1
 * bargains (its status quo, its own two, two from each other initiator).
 */
export interface BargainWorkspace {
  view: Perspective;
  receiverView: Perspective;
  /** Slot s holds an initiator's position at [s·2D, s·2D + D) and the receiver's after it. */
  positions: Float64Array;
  /** Row b (b < 3n) holds bargain b's utility to every actor; row 3n the status quo's. */
  utilities: Float64Array;
  /** Whether a row of `utilities` is filled this turn. */
  known: Uint8Array;
  /** The rows of `utilities` of one queue, in queue order. */
  queueRows: Int32Array;
  probability: Float64Array;
  election: ElectionScratch;
}

export function bargainWorkspace(world: World, election: ElectionScratch): BargainWorkspace {
  const n = world.actorCount;
  const capacity = 3 * n;
  return {
    view: newPerspective(n),
    receiverView: newPerspective(n),
    positions: new Float64Array(capacity * 2 * world.dimensions),
    utilities: new Float64Array((capacity + 1) * n),
    known: new Uint8Array(capacity + 1),
    queueRows: new Int32Array(2 * n + 1),
    probability: new Float64Array(2 * n + 1),
    election,
  };
}

/** The most options an election of a run holds: a queue of 2n + 1 bargains, or the n positions. */
export function electionCapacity(world: World): number {
  return 2 * world.actorCount + 1;
}

/** Round to 4 decimals of the internal scale (0.01 on KTAB's 0–100 scale), half up (§9.1). */
function round4(value: number): number {
  return Math.trunc(0.5 + value * 10000) / 10000;
}

/**
 * interp(i, j, x_i, x_j, pI, pJ) of §9.1: the positions i and j agree on, weighting each
 * side by salience and probability. S1P1/S2P2 move both almost to one weighted point
 * (each keeps a 1e-6 pull toward itself) and round to 4 decimals; S2PMax moves only the
 * weaker side. Each coordinate is computed from the original positions.
 *
 * Cost: O(D).
 */
function interpolate(world: World, positions: Float64Array, i: number, j: number, pI: number, pJ: number, out: Float64Array, slot: number): void {
  const dimensions = world.dimensions;
  const method = world.options.InterVecBrgn;
  const initiatorAt = slot * 2 * dimensions;
  const receiverAt = initiatorAt + dimensions;
  for (let k = 0; k < dimensions; k++) {
    const positionI = positions[i * dimensions + k]!;
    const positionJ = positions[j * dimensions + k]!;
    const salienceI = world.salience[i * dimensions + k]!;
    const salienceJ = world.salience[j * dimensions + k]!;
    if (method === 'S2PMax') {
      const shortfallI = Math.max(0, pJ - pI);
      const shortfallJ = Math.max(0, pI - pJ);
      const squareI = salienceI * salienceI;
      const squareJ = salienceJ * salienceJ;
      const stepI = (shortfallI * squareJ) / (shortfallI * squareJ + interpolationEpsilon + (1 - shortfallI) * squareI);
      const stepJ = (shortfallJ * squareI) / (shortfallJ * squareI + interpolationEpsilon + (1 - shortfallJ) * squareJ);
      out[initiatorAt + k] = positionI + stepI * (positionJ - positionI);
      out[receiverAt + k] = positionJ + stepJ * (positionI - positionJ);
    } else {
      const weightI = method === 'S1P1' ? salienceI * pI : salienceI * salienceI * (pI * pI);
      const weightJ = method === 'S1P1' ? salienceJ * pJ : salienceJ * salienceJ * (pJ * pJ);
      const total = weightI + interpolationEpsilon + weightJ;
      out[initiatorAt + k] = round4(((weightI + interpolationEpsilon) * positionI + weightJ * positionJ) / total);
      out[receiverAt + k] = round4((weightI * positionI + (interpolationEpsilon + weightJ) * positionJ) / total);
    }
  }
}

// ---------------------------------------------------------------------------------------
// §8–§9 One turn's proposals
// ---------------------------------------------------------------------------------------

interface Bargain {
  initiator: number;
  receiver: number;
  view: SmpBargain['view'];
  /** The position slot of the workspace (see `BargainWorkspace.positions`); -1 for a status quo, where nobody moves. */
  slot: number;
}

interface Proposals {
  challenges: SmpChallenge[];
  bargains: Bargain[];
  /** Queue of each actor: indices into `bargains`, in the canonical order of §9.3. */
  queues: number[][];
}

/** Where a bargain would move its initiator (`side` 0) or its receiver (1), as a list: for a turn's record. */
export function bargainPosition(world: World, workspace: BargainWorkspace, positions: Float64Array, bargain: Bargain, side: 0 | 1): number[] {
  const dimensions = world.dimensions;
  const at = bargain.slot < 0 ? bargain.initiator * dimensions : (2 * bargain.slot + side) * dimensions;
  return Array.from((bargain.slot < 0 ? positions : workspace.positions).subarray(at, at + dimensions));
}

/**
 * §8–§9: every actor in order picks the challenge with the largest expected gain (above
 * 1e-5; ties keep the earlier target) and queues the resulting bargain(s) with itself and
 * its target, after its own status quo. The challenges are listed only when `record` is set.
 *
 * Cost: O(n³): n(n − 1) evaluations of O(n), plus O(n) per receiver's view.
 */
export function propose(world: World, assessment: Assessment, positions: Float64Array, workspace: BargainWorkspace, record: boolean): Proposals {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const bargainModel = world.options.BargnModel;
  const { view, receiverView } = workspace;
  const value: ChallengeValue = { winProbability: 0, gain: 0 };
  const challenges: SmpChallenge[] = [];
  const bargains: Bargain[] = [];
  const queues: number[][] = Array.from({ length: n }, () => []);
  let slots = 0;
  const enqueue = (bargain: Bargain, first: number, second: number) => {
    bargains.push(bargain);
    queues[first]!.push(bargains.length - 1);
    if (second !== first) queues[second]!.push(bargains.length - 1);
  };

  for (let i = 0; i < n; i++) {
    enqueue({ initiator: i, receiver: i, view: 'status-quo', slot: -1 }, i, i);

    preparePerspective(world, assessment, view, i, i);
    let bestGain = -1;
    let target = -1;
    let winProbability = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      // Only a gain above both can be chosen: evaluateChallenge skips one that cannot be.
      evaluateChallenge(world, assessment, view, i, i, j, value, Math.max(bestGain, minimumGain));
      if (value.gain > minimumGain && value.gain > bestGain) {
        bestGain = value.gain;
        target = j;
        winProbability = value.winProbability;
      }
    }
    if (target < 0) continue;
    const j = target;
    if (record) challenges.push({ initiator: i, target: j, winProbability, gain: bestGain });

    const initiatorSlot = slots++;
    interpolate(world, positions, i, j, winProbability, 1 - winProbability, workspace.positions, initiatorSlot);
    const initiatorBargain: Bargain = { initiator: i, receiver: j, view: 'initiator', slot: initiatorSlot };
    if (bargainModel === 'InitOnlyInterp') {
      enqueue(initiatorBargain, i, j);
      continue;
    }
    // j's estimate of the challenge, from j's perspective (h = j, k = i).
    preparePerspective(world, assessment, receiverView, j, i);
    evaluateChallenge(world, assessment, receiverView, i, i, j, value);
    const fixed = bargainModel === 'InitRcvrInterpFixed' || bargainModel === 'PWCompInterpFixed';
    // Upstream reads i's expected utility gain as a probability (§13.3); Fixed uses j's estimate that i wins.
    const receiverEstimate = fixed ? value.winProbability : value.gain;
    const receiverSlot = slots++;
    interpolate(world, positions, i, j, receiverEstimate, 1 - receiverEstimate, workspace.positions, receiverSlot);
    const receiverBargain: Bargain = { initiator: i, receiver: j, view: 'receiver', slot: receiverSlot };
    if (bargainModel === 'InitRcvrInterp' || bargainModel === 'InitRcvrInterpFixed') {
      enqueue(initiatorBargain, i, j);
      enqueue(receiverBargain, i, j);
      continue;
    }
    // PWCompInterp: the two views weighted by c·σ; upstream uses i's capability for both (§13.4).
    const weightI = world.capability[i]! * world.totalSalience[i]!;
    const weightJ = (fixed ? world.capability[j]! : world.capability[i]!) * world.totalSalience[j]!;
    const combinedSlot = slots++;
    const out = workspace.positions;
    const fromI = initiatorSlot * 2 * dimensions;
    const fromJ = receiverSlot * 2 * dimensions;
    const to = combinedSlot * 2 * dimensions;
    // Both the initiator's and the receiver's coordinates: 2D entries from each view.
    for (let k = 0; k < 2 * dimensions; k++) out[to + k] = (weightI * out[fromI + k]! + weightJ * out[fromJ + k]!) / (weightI + weightJ);
    enqueue({ initiator: i, receiver: j, view: 'combined', slot: combinedSlot }, i, j);
  }
  return { challenges, bargains, queues };
}

// ---------------------------------------------------------------------------------------
// §10 Resolving each actor's queue
// ---------------------------------------------------------------------------------------

/**
 * Every voter's utility of the state a bargain would bring about, averaged over the
 * actors' positions (§10 step 1): (u_a(b_I) + u_a(b_J) + Σ_{t ∉ {I, J}} W_at) / n, summed in
 * KTAB's order (the two bargain terms first). The status quo is Σ_t W_at / n. Written to
 * `out[at … at + n)`.
 *
 * Cost: O(n²) per bargain.
 */
function bargainUtilities(
  world: World,
  assessment: Assessment,
  ideals: Float64Array,
  bargain: Bargain,
  bargainPositions: Float64Array,
  out: Float64Array,
  at: number,
): void {
  const n = world.actorCount;
  const { utility: ownUtility, risk } = assessment;
  const statusQuo = bargain.view === 'status-quo';
  if (statusQuo) {
    for (let a = 0; a < n; a++) out[at + a] = 0;
  } else {
    const initiatorAt = bargain.slot * 2 * world.dimensions;
    const receiverAt = initiatorAt + world.dimensions;
    for (let a = 0; a < n; a++) {
      out[at + a] =
        utility(distanceFromIdeal(world, ideals, a, bargainPositions, initiatorAt), risk[a]!) +
        utility(distanceFromIdeal(world, ideals, a, bargainPositions, receiverAt), risk[a]!);
    }
  }
  for (let t = 0; t < n; t++) {
    if (!statusQuo && (t === bargain.initiator || t === bargain.receiver)) continue;
    const column = t * n;
    for (let a = 0; a < n; a++) out[at + a] = out[at + a]! + ownUtility[column + a]!;
  }
  for (let a = 0; a < n; a++) {
    const average = out[at + a]! / n;
    // (0, 1], written so that NaN passes (§10 step 1).
    if (average <= 0 || average > 1) throw smpFailure(`utility ${average} of a bargain to actor ${a} is outside (0, 1]`);
    out[at + a] = average;
  }
}

/**
 * §10: every actor's election among its queue, all from the old state, written to `next`
 * (the new positions). Every actor votes with its raw capability; deterministic transitions
 * take the likeliest bargain (the first on a tie), stochastic ones draw one, one draw per
 * actor in actor order. The status quo utilities are shared by every queue and each
 * bargain's by its two queues. The elections are listed only when `record` is set.
 *
 * Cost: O(n²) per distinct bargain (O(n³) a turn) plus O(n·M_k²) per queue.
 */
export function resolveQueues(
  world: World,
  assessment: Assessment,
  positions: Float64Array,
  ideals: Float64Array,
  proposals: Proposals,
  workspace: BargainWorkspace,
  next: Float64Array,
  record: boolean,
): SmpElection[] {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const options = world.options;
  next.set(positions);
  const { utilities, known, queueRows, probability } = workspace;
  const statusQuoRow = known.length - 1;
  known.fill(0);
  const rowOf = (index: number): number => {
    const bargain = proposals.bargains[index]!;
    const row = bargain.view === 'status-quo' ? statusQuoRow : index;
    if (known[row] === 0) {
      bargainUtilities(world, assessment, ideals, bargain, workspace.positions, utilities, row * n);
      known[row] = 1;
    }
    return row * n;
  };

  const elections: SmpElection[] = [];
  for (let k = 0; k < n; k++) {
    const queue = proposals.queues[k]!;
    for (let m = 0; m < queue.length; m++) queueRows[m] = rowOf(queue[m]!);
    scalarPceInto(
      world.rule,
      options.VictoryProbModel,
      options.PCEModel,
      world.capability,
      utilities,
      queueRows,
      queue.length,
      workspace.election,
      probability,
    );
    let chosen = 0;
    if (world.rng) {
      let total = 0;
      for (let m = 0; m < queue.length; m++) total += probability[m]!;
      if (Math.abs(total - 1) > 1e-8) throw smpFailure(`the probabilities of actor ${k}'s bargains sum to ${total}, not 1`);
      const draw = world.rng.next();
      let cumulative = 0;
      chosen = queue.length - 1;
      for (let m = 0; m < queue.length; m++) {
        cumulative += probability[m]!;
        if (draw <= cumulative) {
          chosen = m;
          break;
        }
      }
    } else {
      let best = Math.abs(probability[0]!);
      for (let m = 1; m < queue.length; m++) {
        if (Math.abs(probability[m]!) > best) {
          best = Math.abs(probability[m]!);
          chosen = m;
        }
      }
    }
    const bargain = proposals.bargains[queue[chosen]!]!;
    if (bargain.view !== 'status-quo') {
      const from = (2 * bargain.slot + (k === bargain.initiator ? 0 : 1)) * dimensions;
      for (let d = 0; d < dimensions; d++) next[k * dimensions + d] = workspace.positions[from + d]!;
    }
    if (record) elections.push({ actor: k, queue: queue.slice(), probabilities: Array.from(probability.subarray(0, queue.length)), chosen });
  }
  return elections;
}

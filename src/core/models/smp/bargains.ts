/**
 * §8–§10 Bargains: interpolation between two positions (§9.1), one turn's proposals (§8–§9),
 * and resolving each actor's queue (§10).
 */
import { scalarPce, smpFailure } from './voting.js';
import { type Assessment, distanceFromIdeal } from './assessment.js';
import { type ChallengeValue, evaluateChallenge, newPerspective, preparePerspective } from './challenges.js';
import type { SmpBargain, SmpChallenge, SmpElection } from './types.js';
import { type World, interpolationEpsilon, minimumGain, utility } from './world.js';

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
function interpolate(
  world: World,
  positions: Float64Array,
  i: number,
  j: number,
  pI: number,
  pJ: number,
): { initiatorPosition: Float64Array; receiverPosition: Float64Array } {
  const dimensions = world.dimensions;
  const method = world.options.InterVecBrgn;
  const initiatorPosition = new Float64Array(dimensions);
  const receiverPosition = new Float64Array(dimensions);
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
      initiatorPosition[k] = positionI + stepI * (positionJ - positionI);
      receiverPosition[k] = positionJ + stepJ * (positionI - positionJ);
    } else {
      const weightI = method === 'S1P1' ? salienceI * pI : salienceI * salienceI * (pI * pI);
      const weightJ = method === 'S1P1' ? salienceJ * pJ : salienceJ * salienceJ * (pJ * pJ);
      const total = weightI + interpolationEpsilon + weightJ;
      initiatorPosition[k] = round4(((weightI + interpolationEpsilon) * positionI + weightJ * positionJ) / total);
      receiverPosition[k] = round4((weightI * positionI + (interpolationEpsilon + weightJ) * positionJ) / total);
    }
  }
  return { initiatorPosition, receiverPosition };
}

// ---------------------------------------------------------------------------------------
// §8–§9 One turn's proposals
// ---------------------------------------------------------------------------------------

interface Bargain {
  initiator: number;
  receiver: number;
  view: SmpBargain['view'];
  initiatorPosition: Float64Array;
  receiverPosition: Float64Array;
}

interface Proposals {
  challenges: SmpChallenge[];
  bargains: Bargain[];
  /** Queue of each actor: indices into `bargains`, in the canonical order of §9.3. */
  queues: number[][];
}

/**
 * §8–§9: every actor in order picks the challenge with the largest expected gain (above
 * 1e-5; ties keep the earlier target) and queues the resulting bargain(s) with itself and
 * its target, after its own status quo.
 *
 * Cost: O(n³): n(n − 1) evaluations of O(n), plus O(n) per receiver's view.
 */
export function propose(world: World, assessment: Assessment, positions: Float64Array): Proposals {
  const n = world.actorCount;
  const bargainModel = world.options.BargnModel;
  const view = newPerspective(n);
  const receiverView = newPerspective(n);
  const value: ChallengeValue = { winProbability: 0, gain: 0 };
  const challenges: SmpChallenge[] = [];
  const bargains: Bargain[] = [];
  const queues: number[][] = Array.from({ length: n }, () => []);
  const enqueue = (bargain: Bargain, ...owners: number[]) => {
    bargains.push(bargain);
    for (const owner of owners) queues[owner]!.push(bargains.length - 1);
  };

  for (let i = 0; i < n; i++) {
    const here = positions.subarray(i * world.dimensions, (i + 1) * world.dimensions);
    enqueue({ initiator: i, receiver: i, view: 'status-quo', initiatorPosition: here, receiverPosition: here }, i);

    preparePerspective(world, assessment, view, i, i);
    let bestGain = -1;
    let target = -1;
    let winProbability = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      evaluateChallenge(world, assessment, view, i, i, j, value);
      if (value.gain > minimumGain && value.gain > bestGain) {
        bestGain = value.gain;
        target = j;
        winProbability = value.winProbability;
      }
    }
    if (target < 0) continue;
    const j = target;
    challenges.push({ initiator: i, target: j, winProbability, gain: bestGain });

    const fromInitiator = interpolate(world, positions, i, j, winProbability, 1 - winProbability);
    const initiatorBargain: Bargain = { initiator: i, receiver: j, view: 'initiator', ...fromInitiator };
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
    const fromReceiver = interpolate(world, positions, i, j, receiverEstimate, 1 - receiverEstimate);
    const receiverBargain: Bargain = { initiator: i, receiver: j, view: 'receiver', ...fromReceiver };
    if (bargainModel === 'InitRcvrInterp' || bargainModel === 'InitRcvrInterpFixed') {
      enqueue(initiatorBargain, i, j);
      enqueue(receiverBargain, i, j);
      continue;
    }
    // PWCompInterp: the two views weighted by c·σ; upstream uses i's capability for both (§13.4).
    const weightI = world.capability[i]! * world.totalSalience[i]!;
    const weightJ = (fixed ? world.capability[j]! : world.capability[i]!) * world.totalSalience[j]!;
    const combine = (fromI: Float64Array, fromJ: Float64Array) =>
      fromI.map((coordinate, k) => (weightI * coordinate + weightJ * fromJ[k]!) / (weightI + weightJ));
    enqueue(
      {
        initiator: i,
        receiver: j,
        view: 'combined',
        initiatorPosition: combine(initiatorBargain.initiatorPosition, receiverBargain.initiatorPosition),
        receiverPosition: combine(initiatorBargain.receiverPosition, receiverBargain.receiverPosition),
      },
      i,
      j,
    );
  }
  return { challenges, bargains, queues };
}

// ---------------------------------------------------------------------------------------
// §10 Resolving each actor's queue
// ---------------------------------------------------------------------------------------

/**
 * Every voter's utility of the state a bargain would bring about, averaged over the
 * actors' positions (§10 step 1): (u_a(b_I) + u_a(b_J) + Σ_{t ∉ {I, J}} W_at) / n, summed in
 * KTAB's order (the two bargain terms first). The status quo is Σ_t W_at / n.
 *
 * Cost: O(n²) per bargain.
 */
function bargainUtilities(world: World, assessment: Assessment, ideals: Float64Array, bargain: Bargain): Float64Array {
  const n = world.actorCount;
  const { utility: ownUtility, risk } = assessment;
  const sums = new Float64Array(n);
  const statusQuo = bargain.view === 'status-quo';
  if (!statusQuo) {
    for (let a = 0; a < n; a++) {
      sums[a] =
        utility(distanceFromIdeal(world, ideals, a, bargain.initiatorPosition, 0), risk[a]!) +
        utility(distanceFromIdeal(world, ideals, a, bargain.receiverPosition, 0), risk[a]!);
    }
  }
  for (let t = 0; t < n; t++) {
    if (!statusQuo && (t === bargain.initiator || t === bargain.receiver)) continue;
    const column = ownUtility.subarray(t * n, (t + 1) * n);
    for (let a = 0; a < n; a++) sums[a] = sums[a]! + column[a]!;
  }
  for (let a = 0; a < n; a++) {
    const average = sums[a]! / n;
    // (0, 1], written so that NaN passes (§10 step 1).
    if (average <= 0 || average > 1) throw smpFailure(`utility ${average} of a bargain to actor ${a} is outside (0, 1]`);
    sums[a] = average;
  }
  return sums;
}

/**
 * §10: every actor's election among its queue, all from the old state. Every actor votes
 * with its raw capability; deterministic transitions take the likeliest bargain (the first
 * on a tie), stochastic ones draw one, one draw per actor in actor order. The status quo
 * utilities are shared by every queue and each bargain's by its two queues.
 *
 * Cost: O(n²) per distinct bargain (O(n³) a turn) plus O(n·M_k²) per queue.
 */
export function resolveQueues(
  world: World,
  assessment: Assessment,
  positions: Float64Array,
  ideals: Float64Array,
  proposals: Proposals,
): { positions: Float64Array; elections: SmpElection[] } {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const options = world.options;
  const next = positions.slice();
  const utilities = new Map<number, Float64Array>();
  let statusQuoUtilities: Float64Array | undefined;
  const utilitiesOf = (index: number): Float64Array => {
    const bargain = proposals.bargains[index]!;
    if (bargain.view === 'status-quo') {
      statusQuoUtilities ??= bargainUtilities(world, assessment, ideals, bargain);
      return statusQuoUtilities;
    }
    let known = utilities.get(index);
    if (!known) {
      known = bargainUtilities(world, assessment, ideals, bargain);
      utilities.set(index, known);
    }
    return known;
  };

  const elections: SmpElection[] = [];
  for (let k = 0; k < n; k++) {
    const queue = proposals.queues[k]!;
    const probability = scalarPce(world.rule, options.VictoryProbModel, options.PCEModel, world.capability, queue.map(utilitiesOf));
    let chosen = 0;
    if (world.rng) {
      let total = 0;
      for (const p of probability) total += p;
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
      next.set(k === bargain.initiator ? bargain.initiatorPosition : bargain.receiverPosition, k * dimensions);
    }
    elections.push({ actor: k, queue: queue.slice(), probabilities: Array.from(probability), chosen });
  }
  return { positions: next, elections };
}

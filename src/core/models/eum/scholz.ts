/**
 * One round of the scholz-code variant (EUM-SPEC §4), its shared denominator and quirks
 * included.
 */
import { relationPairs, voteShares } from './net-votes.js';
import { type Power, type RoundOutcome, type RunContext, riskExponents, utility } from './shared.js';
import type { EumMove } from './types.js';

/**
 * Each voter's distance to each actor as a fraction of Δ raised to the voter's exponent:
 * entry k·n + m = (|x_k − x_m|/Δ)^{r_k} (§4.1). O(n²).
 */
function voterDistances(positions: Float64Array, delta: number, exponents: Float64Array | null, power: Power): Float64Array {
  const n = positions.length;
  const table = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const exponent = exponents ? exponents[k]! : 1;
    for (let m = 0; m < n; m++) {
      const fraction = Math.abs(positions[k]! - positions[m]!) / delta;
      table[k * n + m] = exponent === 1 ? fraction : power(fraction, exponent);
    }
  }
  return table;
}

/**
 * The shared denominator S = Σ_k Σ_m Σ_n |w_k(v_kn − v_km)| (§4.2), summed literally in the
 * reference's order (voter, then both actors). O(n³).
 *
 * The O(n² log n) form of §7 (each voter's sorted values, 2·Σ_t (2t − N + 1)·v_(t)) also
 * stays within 1e-12 of every reference run; the literal sum reproduces them bit for bit,
 * and a round of this variant costs O(n³) anyway (its probabilities).
 */
function scholzDenominator(distances: Float64Array, weights: Float64Array): number {
  const n = weights.length;
  let denominator = 0;
  for (let k = 0; k < n; k++) {
    const weight = weights[k]!;
    const row = k * n;
    for (let m = 0; m < n; m++) {
      const toFirst = distances[row + m]!;
      for (let other = 0; other < n; other++) denominator += Math.abs(weight * (distances[row + other]! - toFirst));
    }
  }
  return denominator;
}

/** P(x_a, x_b) of scholz-code (§4.2): Σ_k max(0, w_k(v_kb − v_ka)) / S. O(n). */
function scholzProbability(distances: Float64Array, weights: Float64Array, denominator: number, positions: Float64Array, a: number, b: number): number {
  if (positions[a] === positions[b] || !(denominator > 0)) return 0;
  const n = weights.length;
  let support = 0;
  for (let k = 0; k < n; k++) {
    const preference = weights[k]! * (distances[k * n + b]! - distances[k * n + a]!);
    if (preference > 0) support += preference;
  }
  return support / denominator;
}

/** Us, Uf and Usq of scholz-code (§4.3) for a distance, with the exponent of the point of view. */
interface ViewUtilities {
  success: number;
  failure: number;
  statusQuo: number;
}

function viewUtilities(context: RunContext, distance: number, viewExponent: number): ViewUtilities {
  return {
    success: utility(0.5 - (0.5 * distance) / context.delta, viewExponent, context.power),
    failure: utility(0.5 + (0.5 * distance) / context.delta, viewExponent, context.power),
    statusQuo: utility(0.5, viewExponent, context.power),
  };
}

/**
 * EU^p(i → j) of scholz-code (§4.3): s_j(P·Us + (1 − P)·Uf) + (1 − s_j)·Us − q·Usq, with the
 * utilities from the point of view p (both directions of a pair share them).
 */
function scholzUtility(context: RunContext, utilities: ViewUtilities, targetSalience: number, probability: number): number {
  return (
    targetSalience * (probability * utilities.success + (1 - probability) * utilities.failure) +
    (1 - targetSalience) * utilities.success -
    context.q * utilities.statusQuo
  );
}

/** One round of scholz-code (§4.4). Returns null when it would divide by zero (Dmax = Dmin). */
export function scholzRound(context: RunContext, positions: Float64Array): RoundOutcome | null {
  const n = positions.length;
  const { weights, saliences, delta } = context;
  // Step 1: danger with every exponent 1, then the exponents.
  const flatDistances = voterDistances(positions, delta, null, context.power);
  const flatDenominator = scholzDenominator(flatDistances, weights);
  const danger = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      const probability = scholzProbability(flatDistances, weights, flatDenominator, positions, i, j);
      danger[j]! += scholzUtility(context, viewUtilities(context, Math.abs(positions[i]! - positions[j]!), 1), saliences[j]!, probability);
    }
  }
  const risk = riskExponents(danger);
  if (!risk) return null;
  // S depends on the exponents: recomputed with the new ones.
  const distances = voterDistances(positions, delta, risk, context.power);
  const denominator = scholzDenominator(distances, weights);
  // Steps 2–3: each receiving actor a weighs every other b from its own point of view.
  const utilityTable = context.relations ? new Float64Array(n * n) : null;
  const targetTable = context.relations ? new Float64Array(n * n) : null;
  const probabilityTable = context.relations ? new Float64Array(n * n) : null;
  const chosenSender = new Int32Array(n).fill(-1);
  const next = Float64Array.from(positions);
  const moves: EumMove[] = [];
  for (let a = 0; a < n; a++) {
    const ownPosition = positions[a]!;
    let confrontation = -1;
    let confrontationGap = Infinity;
    let compromise = -1;
    let compromiseKey = Infinity;
    let compromisePosition = ownPosition;
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const otherPosition = positions[b]!;
      const distance = Math.abs(ownPosition - otherPosition);
      const probabilityOwn = scholzProbability(distances, weights, denominator, positions, a, b);
      const probabilityOther = scholzProbability(distances, weights, denominator, positions, b, a);
      const utilities = viewUtilities(context, distance, risk[a]!);
      const ownUtility = scholzUtility(context, utilities, saliences[b]!, probabilityOwn); // e_ab
      const otherUtility = scholzUtility(context, utilities, saliences[a]!, probabilityOther); // e_ba
      if (utilityTable && targetTable && probabilityTable) {
        utilityTable[b * n + a] = otherUtility;
        targetTable[b * n + a] = ownUtility;
        probabilityTable[b * n + a] = probabilityOther;
      }
      if (otherPosition === ownPosition) continue;
      if (otherUtility > ownUtility && ownUtility > 0) {
        const distance = Math.abs(otherPosition - ownPosition);
        if (distance < confrontationGap) {
          confrontation = b;
          confrontationGap = distance;
        }
      } else if (otherUtility > 0 && ownUtility < 0 && otherUtility > Math.abs(ownUtility)) {
        // Quirk (§4.4 step 3): the key is a point on the scale, not a distance.
        const key = (Math.abs(ownUtility) * ownPosition + Math.abs(otherUtility) * otherPosition) / (Math.abs(ownUtility) + Math.abs(otherUtility));
        if (key < compromiseKey) {
          compromise = b;
          compromiseKey = key;
          compromisePosition = ownPosition + (otherPosition - ownPosition) * Math.abs(ownUtility / otherUtility);
        }
      }
      // Quirk (§4.4 step 2): the original's capitulation test `e_ba < |e_ba|` never holds.
    }
    const sender = confrontation >= 0 ? confrontation : compromise;
    if (sender < 0) continue;
    chosenSender[a] = sender;
    next[a] = confrontation >= 0 ? positions[confrontation]! : compromisePosition;
    if (context.relations) {
      moves.push({
        actor: context.ids[a]!,
        by: context.ids[sender]!,
        kind: confrontation >= 0 ? 'conflict' : 'compromise',
        from: ownPosition,
        to: next[a]!,
        shares: voteShares(context, (k) => weights[k]! * (distances[k * n + a]! - distances[k * n + sender]!)),
      });
    }
  }
  const outcome: RoundOutcome = { positions: next, risk };
  if (utilityTable && targetTable && probabilityTable) {
    outcome.relations = {
      round: 0,
      // The target's point of view, as the code decides; capitulations are expected but never offered.
      pairs: relationPairs(
        context,
        positions,
        chosenSender,
        (i, j) =>
          positions[i] === positions[j]
            ? { challengerUtility: 0, targetUtility: 0, probability: 0 }
            : { challengerUtility: utilityTable[i * n + j]!, targetUtility: targetTable[i * n + j]!, probability: probabilityTable[i * n + j]! },
        false,
      ),
      moves,
    };
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------

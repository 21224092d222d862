/**
 * One round of the net-votes and parley variants (EUM-SPEC §3.1, §8): challenges, responses,
 * offers, and the relation map.
 */
import { buildVoteIndex, fillIndexedColumn, indexedPairProbability, netVotesProbabilityDirect } from './probability.js';
import { type RoundOutcome, type RunContext, argminMedian, lowerWeightedMedian, riskExponents, utility, weightedMean } from './shared.js';
import type { EumMove, EumRelation, EumRelationKind, EumShare } from './types.js';

/**
 * EU_ij of net-votes / parley (§3.1 step 4; Scholz et al. eq. for the expected utility of
 * challenging): s_j(P Us + (1 − P)Uf) + (1 − s_j)Us − Q·Usq ∓ (1 − Q)(T·Ub + (1 − T)Uw).
 * The sign of the last term is + in net-votes (its quirk), − in parley.
 */
function challengeUtility(
  context: RunContext,
  challengerPosition: number,
  targetPosition: number,
  targetSalience: number,
  probability: number,
  riskExponent: number,
  statusQuoUtility: number,
  statusQuo: number,
): number {
  const { power, q, t } = context;
  const gap = Math.abs(challengerPosition - targetPosition) / context.delta;
  const successUtility = utility(0.5 - 0.5 * gap, riskExponent, power);
  const failureUtility = utility(0.5 + 0.5 * gap, riskExponent, power);
  const contest = targetSalience * (probability * successUtility + (1 - probability) * failureUtility) + (1 - targetSalience) * successUtility;
  if (q === 1) return contest - statusQuoUtility;
  const drift = 0.25 * ((Math.abs(challengerPosition - statusQuo) + Math.abs(challengerPosition - targetPosition)) / context.delta);
  const betterUtility = utility(0.5 - drift, riskExponent, power);
  const worseUtility = utility(0.5 + drift, riskExponent, power);
  const statusQuoChange = (1 - q) * (t * betterUtility + (1 - t) * worseUtility);
  // net-votes quirk (§3.1 step 4): the term enters with a plus sign (the reference computes EU −= Q·Usq − (1 − Q)(…)).
  return context.variant === 'net-votes' ? contest - (q * statusQuoUtility - statusQuoChange) : contest - q * statusQuoUtility - statusQuoChange;
}

/** How a target answers the best offer it got (§3.1 step 8): the move, or null when it holds. */
function response(offerUtility: number, ownUtility: number, targetPosition: number, challengerPosition: number): { kind: EumMove['kind']; to: number } | null {
  if (ownUtility > 0 && ownUtility < offerUtility) return { kind: 'conflict', to: challengerPosition };
  if (ownUtility < 0 && -ownUtility < offerUtility) {
    return { kind: 'compromise', to: targetPosition + (challengerPosition - targetPosition) * Math.abs(ownUtility / offerUtility) };
  }
  if (ownUtility < 0 && -ownUtility > offerUtility) return { kind: 'capitulation', to: challengerPosition };
  return null;
}

/** The relation kind of §8.7 from a = EU_ij and b = EU_ji. */
function relationKind(a: number, b: number): { kind: EumRelationKind; winner?: 'challenger' | 'target' } {
  if (a <= 0) return { kind: b <= 0 ? 'stalemate' : 'none' };
  if (b > 0) return { kind: 'conflict', winner: b < a ? 'challenger' : 'target' };
  if (b < 0 && -b < a) return { kind: 'compromise' };
  if (b < 0 && -b > a) return { kind: 'capitulation' };
  return { kind: 'stalemate' };
}

/**
 * An upper bound on EU_ij at Q = 1, cheap to compute, to skip challengers that cannot make
 * a target's best offer. With B = s_j(1 − P_ij), g = |x_i − x_j|/Δ and r = r_i,
 * EU_ij = 4·0.5^r·(1 − (1 − B)(1 − g)^r − B(1 + g)^r). For r ≥ 1 both powers lie above their
 * tangents at g = 0 (Bernoulli), for r < 1 above their chords on [0, 1]; hence
 * EU_ij ≤ 4·0.5^r·g·r·(1 − 2B) (r ≥ 1) and EU_ij ≤ 4·0.5^r·g·(1 − 2^r·B) (r < 1).
 */
function challengeUtilityBound(gap: number, bias: number, riskExponent: number, halfPower: number, twoPower: number): number {
  return riskExponent >= 1 ? 4 * halfPower * gap * riskExponent * (1 - 2 * bias) : 4 * halfPower * gap * (1 - twoPower * bias);
}

/** Up to this many actors (32 MB of probabilities) a round computes P once instead of once a pass. */
export const maxCachedActors = 2048;

/** Bounds within this of the best offer are evaluated anyway: rounding cannot make a skip wrong. */
const boundMargin = 1e-12;

/**
 * One round of net-votes or parley (§3.1): exponents from a first pass at r = 1, offers
 * from a second pass, every target answering its best offer at once. Returns null when
 * net-votes would divide by zero (Dmax = Dmin).
 *
 * Both passes go target by target (a column of P at a time). Without the relation map
 * (which needs every EU) and at Q = 1, the second pass evaluates first the challenger with
 * the highest `challengeUtilityBound`, then only challengers whose bound could still beat
 * the best offer: the outcome is the same, bit for bit, at a fraction of the powers.
 */
export function netVotesRound(context: RunContext, positions: Float64Array): RoundOutcome | null {
  const n = positions.length;
  const { weights, saliences, delta } = context;
  const faithful = context.variant === 'net-votes';
  const index = faithful ? null : buildVoteIndex(positions, weights);
  // P does not depend on r: the second pass reads the first pass's columns when they fit.
  const cache = context.probabilityCache;
  const scratch = new Float64Array(n);
  const probabilityColumn = (target: number, pass: 1 | 2): Float64Array => {
    const column = cache ? cache.subarray(target * n, target * n + n) : scratch;
    if (cache && pass === 2) return column;
    if (index) fillIndexedColumn(index, target, column);
    else for (let i = 0; i < n; i++) column[i] = netVotesProbabilityDirect(positions, weights, i, target);
    return column;
  };
  const pairProbability = (challenger: number, target: number): number =>
    index ? indexedPairProbability(index, challenger, target) : netVotesProbabilityDirect(positions, weights, challenger, target);

  // Steps 1–4, first pass with every r = 1: the danger D_j = Σ_{i≠j} EU_ij.
  const firstStatusQuo = faithful ? argminMedian(positions, weights) : lowerWeightedMedian(positions, weights);
  const danger = new Float64Array(n);
  const neutralStatusQuo = utility(0.5, 1);
  for (let j = 0; j < n; j++) {
    const column = probabilityColumn(j, 1);
    let targetDanger = 0;
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      targetDanger += challengeUtility(context, positions[i]!, positions[j]!, saliences[j]!, column[i]!, 1, neutralStatusQuo, firstStatusQuo);
    }
    danger[j] = targetDanger;
  }
  // Step 5: risk exponents from danger (§2).
  let risk = riskExponents(danger);
  if (!risk) {
    if (faithful) return null;
    risk = new Float64Array(n).fill(1);
  }
  // Step 6: second pass with the new exponents; net-votes' quirk takes the mean as μ.
  const secondStatusQuo = faithful ? weightedMean(positions, weights) : firstStatusQuo;
  const statusQuoUtilities = risk.map((exponent) => utility(0.5, exponent, context.power));
  const utilityOf = (challenger: number, target: number, probability: number): number =>
    challengeUtility(
      context,
      positions[challenger]!,
      positions[target]!,
      saliences[target]!,
      probability,
      risk[challenger]!,
      statusQuoUtilities[challenger]!,
      secondStatusQuo,
    );
  const utilityTable = context.relations ? new Float64Array(n * n) : null;
  const probabilityTable = context.relations ? new Float64Array(n * n) : null;
  const prune = !context.relations && context.q === 1;
  const halfPowers = risk.map((exponent) => context.power(0.5, exponent));
  const twoPowers = risk.map((exponent) => context.power(2, exponent));
  const bounds = new Float64Array(n);
  // Step 7: i sends j an offer when EU_ij > 0; j keeps the largest value, then the nearest
  // target, then the first sender in input order.
  const bestSender = new Int32Array(n).fill(-1);
  const bestValue = new Float64Array(n);
  const bestGap = new Float64Array(n);
  const consider = (target: number, challenger: number, offer: number): void => {
    if (!(offer > 0)) return;
    const offerGap = Math.abs(positions[challenger]! - positions[target]!);
    const sender = bestSender[target]!;
    const value = bestValue[target]!;
    if (sender < 0 || offer > value || (offer === value && (offerGap < bestGap[target]! || (offerGap === bestGap[target]! && challenger < sender)))) {
      bestSender[target] = challenger;
      bestValue[target] = offer;
      bestGap[target] = offerGap;
    }
  };
  for (let j = 0; j < n; j++) {
    const column = probabilityColumn(j, 2);
    const targetPosition = positions[j]!;
    if (prune) {
      let mostPromising = -1;
      for (let i = 0; i < n; i++) {
        if (i === j) continue;
        const bias = saliences[j]! * (1 - column[i]!);
        bounds[i] = challengeUtilityBound(Math.abs(positions[i]! - targetPosition) / delta, bias, risk[i]!, halfPowers[i]!, twoPowers[i]!);
        if (mostPromising < 0 || bounds[i]! > bounds[mostPromising]!) mostPromising = i;
      }
      if (mostPromising >= 0) consider(j, mostPromising, utilityOf(mostPromising, j, column[mostPromising]!));
      for (let i = 0; i < n; i++) {
        if (i === j || i === mostPromising || bounds[i]! + boundMargin < bestValue[j]!) continue;
        consider(j, i, utilityOf(i, j, column[i]!));
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (i === j) continue;
        const offer = utilityOf(i, j, column[i]!);
        if (utilityTable && probabilityTable) {
          utilityTable[i * n + j] = offer;
          probabilityTable[i * n + j] = column[i]!;
        }
        consider(j, i, offer);
      }
    }
  }
  // Step 8: responses, all from values computed before anyone moves.
  const next = Float64Array.from(positions);
  const moves: EumMove[] = [];
  for (let j = 0; j < n; j++) {
    const i = bestSender[j]!;
    if (i < 0) continue;
    const ownUtility = utilityTable ? utilityTable[j * n + i]! : utilityOf(j, i, pairProbability(j, i));
    const answer = response(bestValue[j]!, ownUtility, positions[j]!, positions[i]!);
    if (!answer) continue;
    next[j] = answer.to;
    if (context.relations) {
      moves.push({
        actor: context.ids[j]!,
        by: context.ids[i]!,
        kind: answer.kind,
        from: positions[j]!,
        to: answer.to,
        shares: voteShares(context, (k) => weights[k]! * (Math.abs(positions[k]! - positions[j]!) - Math.abs(positions[k]! - positions[i]!))),
      });
    }
  }
  const outcome: RoundOutcome = { positions: next, risk };
  if (utilityTable && probabilityTable) {
    outcome.relations = {
      round: 0,
      pairs: relationPairs(context, positions, bestSender, (i, j) => ({
        challengerUtility: utilityTable[i * n + j]!,
        targetUtility: utilityTable[j * n + i]!,
        probability: probabilityTable[i * n + j]!,
      })),
      moves,
    };
  }
  return outcome;
}

/** Each voter's signed margin as a share of all margins, non-zero only, largest first. O(n log n). */
export function voteShares(context: RunContext, margin: (voter: number) => number): EumShare[] {
  const margins = context.ids.map((_, voter) => margin(voter));
  const totalMargin = margins.reduce((sum, value) => sum + Math.abs(value), 0);
  if (!(totalMargin > 0)) return [];
  return margins
    .map((value, voter) => ({ actor: context.ids[voter]!, share: value / totalMargin }))
    .filter((entry) => entry.share !== 0)
    .sort((a, b) => Math.abs(b.share) - Math.abs(a.share));
}

/** The relation map of a round (§8.7): every ordered pair, challengers in input order. O(n²). */
export function relationPairs(
  context: RunContext,
  positions: Float64Array,
  chosenSender: Int32Array,
  values: (challenger: number, target: number) => { challengerUtility: number; targetUtility: number; probability: number },
  capitulationMoves = true,
): EumRelation[] {
  const n = positions.length;
  const pairs: EumRelation[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const { challengerUtility, targetUtility, probability } = values(i, j);
      const { kind, winner } = relationKind(challengerUtility, targetUtility);
      const relation: EumRelation = {
        challenger: context.ids[i]!,
        target: context.ids[j]!,
        kind,
        challengerUtility,
        targetUtility,
        probability,
      };
      if (winner) relation.winner = winner;
      const to =
        (kind === 'conflict' && winner === 'challenger') || (kind === 'capitulation' && capitulationMoves)
          ? positions[i]!
          : kind === 'compromise'
            ? positions[j]! + (positions[i]! - positions[j]!) * Math.abs(targetUtility / challengerUtility)
            : undefined;
      if (to !== undefined) relation.to = to;
      if (chosenSender[j] === i) relation.taken = true;
      pairs.push(relation);
    }
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------

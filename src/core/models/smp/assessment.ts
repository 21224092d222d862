/**
 * §5 The assessment of a state: distances, risk attitudes and utilities as every actor sees
 * them, and KTAB's sanity checks.
 */
import { type ElectionScratch, scalarPceInto, smpFailure } from './voting.js';
import type { BigRAdjust } from './types.js';
import { type World, utility, utilityCheckTolerance } from './world.js';

/** Everything the dynamics read about one state. Matrices are n × n, stored by position: [j·n + i]. */
export interface Assessment {
  /** d_ij: distance from evaluator i's ideal to actor j's position, at [j·n + i] (§5.2). */
  distance: Float64Array;
  /** P: probability of each actor's position in the risk-neutral election (§5.4). */
  riskProbability: Float64Array;
  /** R_i (§5.4). */
  risk: Float64Array;
  /** W_ij = u(d_ij, R_i): i's own risk-aware utility of j's position, at [j·n + i] (§5.5). */
  utility: Float64Array;
}

/**
 * §5.2 The salience-weighted distance from actor i's ideal to a point:
 * sqrt(Σ_k ((y_ik − z_k)·s_ik)² / Σ_k s_ik²).
 */
export function distanceFromIdeal(world: World, ideals: Float64Array, i: number, point: Float64Array, pointOffset: number): number {
  const dimensions = world.dimensions;
  let numerator = 0;
  for (let k = 0; k < dimensions; k++) {
    const weighted = (ideals[i * dimensions + k]! - point[pointOffset + k]!) * world.salience[i * dimensions + k]!;
    numerator += weighted * weighted;
  }
  return Math.sqrt(numerator / world.salienceSquareSum[i]!);
}

/** h's estimate of i's risk attitude under BigRAdjust (§5.5 step 3), computed as the spec writes it. */
export function estimatedRisk(adjust: BigRAdjust, riskOfH: number, riskOfI: number): number {
  switch (adjust) {
    case 'None':
      return riskOfH;
    case 'OneThird':
      return (2 * riskOfH + riskOfI) / 3;
    case 'Half':
      return (riskOfH + riskOfI) / 2;
    case 'TwoThirds':
      return (riskOfH + 2 * riskOfI) / 3;
    case 'Full':
    case 'FullFixed':
      return riskOfI;
  }
}

/** An empty assessment of n actors, to be filled by `assess` turn after turn. */
export function newAssessment(n: number): Assessment {
  return { distance: new Float64Array(n * n), riskProbability: new Float64Array(n), risk: new Float64Array(n), utility: new Float64Array(n * n) };
}

/** Buffers `assess` reuses from turn to turn: V, the rows of the risk election, and G of the sanity check. */
export interface AssessmentScratch {
  neutralUtility: Float64Array;
  /** m·n, m < n: where option m's utilities start in an n × n matrix stored by position. */
  rows: Int32Array;
  spread: Float64Array;
  election: ElectionScratch;
}

export function assessmentScratch(n: number, election: ElectionScratch): AssessmentScratch {
  return { neutralUtility: new Float64Array(n * n), rows: Int32Array.from({ length: n }, (_, m) => m * n), spread: new Float64Array(n), election };
}

/**
 * §5 Assess a state into `into` (every entry is overwritten): distances, the risk-neutral
 * election over the actors' positions, the risk attitudes it implies (the likeliest
 * position's holder is the most risk averse), the risk-aware utilities, and KTAB's sanity
 * checks.
 *
 * Cost: O(n²·D) distances, O(n³) risk election, O(n²) the rest; no allocation.
 */
export function assess(world: World, positions: Float64Array, ideals: Float64Array, into: Assessment, scratch: AssessmentScratch): Assessment {
  const n = world.actorCount;
  const options = world.options;
  const distance = into.distance;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) distance[j * n + i] = distanceFromIdeal(world, ideals, i, positions, j * world.dimensions);
  }

  // §5.4 steps 1–3: every actor's position is an option (duplicates included, §13.5); voters
  // weigh them by raw capability with risk-neutral utilities V_ij = u(d_ij, 0).
  const neutralUtility = scratch.neutralUtility;
  for (let index = 0; index < n * n; index++) neutralUtility[index] = utility(distance[index]!, 0);
  const riskProbability = into.riskProbability;
  scalarPceInto(world.rule, options.VictoryProbModel, options.PCEModel, world.capability, neutralUtility, scratch.rows, n, scratch.election, riskProbability);

  // §5.4 step 4: risk attitudes from where each position's probability lies in [pmin, pmax].
  let pmin = 1;
  let pmax = 0;
  for (let i = 0; i < n; i++) {
    if (riskProbability[i]! < pmin) pmin = riskProbability[i]!;
    if (riskProbability[i]! > pmax) pmax = riskProbability[i]!;
  }
  const degenerate = pmax - pmin === 0;
  const neutralised = degenerate && options.DegenerateRisk === 'Neutral';
  const risk = into.risk;
  for (let i = 0; i < n; i++) {
    const p = riskProbability[i]!;
    // 0/0 = NaN when every position is equally likely: KTAB's behaviour (§13.8), kept unless neutralised.
    if (neutralised) risk[i] = 0;
    else if (options.BigRRange === 'Min') risk[i] = (p - pmin) / (pmax - pmin);
    else if (options.BigRRange === 'Mid') risk[i] = (3 * p - (pmax + 2 * pmin)) / (2 * (pmax - pmin));
    else risk[i] = (2 * p - (pmax + pmin)) / (pmax - pmin);
  }

  // §5.5 step 1: W_ij = u(d_ij, R_i).
  const ownUtility = into.utility;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) ownUtility[j * n + i] = utility(distance[j * n + i]!, risk[i]!);
  }
  if (!neutralised && options.UtilityCheck === 'Fail') checkUtilities(world, distance, neutralUtility, ownUtility, risk, scratch.spread);
  return into;
}

/**
 * KTAB's sanity checks of §5.5 (steps 2 and 4), which decide whether a run fails:
 * ‖V − W‖ ≤ 1e-6, or ‖U^h − W‖ ≤ 1e-6 for some perspective h (always so under
 * BigRAdjust=Full, §13.1). A NaN norm passes, as in KTAB.
 *
 * The n matrices U^h are not built. For d ≤ 1, U^h_ij − W_ij = (1 − d)·d·(r^h_i − R_i), and
 * (1 − d)·(r^h_i − R_i) for d > 1, so ‖U^h − W‖² = Σ_i (r^h_i − R_i)²·G_i with
 * G_i = Σ_j g(d_ij)²: O(n) per h after O(n²) once. Rounding could only matter within a
 * whisker of the threshold, so there the norm is computed entry by entry as KTAB does.
 */
function checkUtilities(
  world: World,
  distance: Float64Array,
  neutralUtility: Float64Array,
  ownUtility: Float64Array,
  risk: Float64Array,
  spread: Float64Array,
): void {
  const n = world.actorCount;
  let neutralGap = 0;
  for (let index = 0; index < n * n; index++) {
    const gap = neutralUtility[index]! - ownUtility[index]!;
    neutralGap += gap * gap;
  }
  if (Math.sqrt(neutralGap) <= utilityCheckTolerance) throw smpFailure('SMPState::setAllAUtil: utility values not in valid range');
  if (world.options.BigRAdjust === 'FullFixed') return;

  spread.fill(0);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const d = distance[j * n + i]!;
      const slope = d <= 1 ? (1 - d) * d : 1 - d;
      spread[i] = spread[i]! + slope * slope;
    }
  }
  const threshold = utilityCheckTolerance * utilityCheckTolerance;
  for (let h = 0; h < n; h++) {
    let squareNorm = 0;
    for (let i = 0; i < n; i++) {
      const gap = estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[i]!) - risk[i]!;
      squareNorm += gap * gap * spread[i]!;
    }
    if (squareNorm > threshold * 1e-2 && squareNorm < threshold * 1e2) {
      squareNorm = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const gap = utility(distance[j * n + i]!, estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[i]!)) - ownUtility[j * n + i]!;
          squareNorm += gap * gap;
        }
      }
    }
    if (Math.sqrt(squareNorm) <= utilityCheckTolerance) {
      throw smpFailure(`SMPState::setAllAUtil: Estimate of change in utility by ${h} out of valid range`);
    }
  }
}

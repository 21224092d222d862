/**
 * Candidate forecasters that try to beat the compromise model on backtest cases, each
 * fitted by least absolute deviations (the backtest's own loss, MAE) on training cases
 * only. Issue #6 lists the ideas: the status quo's pull under unanimity and qualified
 * majority, the Commission's and the Parliament's roles, shrinkage of the compromise
 * towards the median or the status quo, and blends of models.
 *
 * Every fitted candidate is the compromise c plus pulls towards other reference points:
 *
 *     forecast = c + Σₖ βₖ · (rₖ − c)
 *
 * where a reference point rₖ that a case lacks (no status quo, no Parliament) counts as c,
 * so it pulls nowhere. The salience-power candidates change c itself.
 *
 * The DEU actor codes name the roles: `com` is the Commission, `ep` the Parliament.
 */
import { compromiseForecast } from '../models/compromise.js';
import { medianForecast } from '../models/median.js';
import type { IssueActor, IssueInput } from '../model.js';
import type { BacktestCase, Candidate, Fitted } from './backtest.js';

/** The reference points a candidate can pull towards, for one case. */
export interface CaseFeatures {
  /** Capability × salience weighted mean (the compromise model). */
  compromise: number;
  /** Capability × salience weighted median. */
  median: number;
  /** Capability-weighted mean of positions, salience ignored. */
  mean: number;
  statusQuo?: number;
  /** Position of the Commission (`com`). */
  commission?: number;
  /** Position of the Parliament (`ep`). */
  parliament?: number;
  /** From the case's context: `unanimity` when `voting` starts with "Unan", else `qmv` when voting is given. */
  voting?: 'unanimity' | 'qmv';
  /** From the case's context: `COD` or `CNS`, as written. */
  procedure?: string;
  actors: readonly IssueActor[];
}

const featuresOfCase = new WeakMap<BacktestCase, CaseFeatures>();

/** The case's reference points (computed once per case object). */
export function caseFeatures(testCase: BacktestCase): CaseFeatures {
  let features = featuresOfCase.get(testCase);
  if (!features) {
    features = computeFeatures(testCase);
    featuresOfCase.set(testCase, features);
  }
  return features;
}

function computeFeatures(testCase: BacktestCase): CaseFeatures {
  const issue = testCase.scenario.issues[0]!;
  const voting = testCase.context?.voting;
  const procedure = testCase.context?.procedure;
  const positionOf = (id: string) => issue.actors.find((actor) => actor.id === id)?.position;
  const commission = positionOf('com');
  const parliament = positionOf('ep');
  return {
    compromise: compromiseForecast(issue).forecast,
    median: medianForecast(issue).forecast,
    mean: salienceWeightedMean(issue, 0),
    ...(issue.statusQuo === undefined ? {} : { statusQuo: issue.statusQuo }),
    ...(commission === undefined ? {} : { commission }),
    ...(parliament === undefined ? {} : { parliament }),
    ...(voting === undefined ? {} : { voting: /^unan/i.test(voting) ? ('unanimity' as const) : ('qmv' as const) }),
    ...(procedure === undefined ? {} : { procedure }),
    actors: issue.actors,
  };
}

/**
 * The mean of positions weighted by capability × salience^power: power 1 is the compromise
 * model, power 0 ignores salience. Actors with zero salience take no part for power > 0.
 * With no weight at all the status quo stands, else the plain mean.
 *
 * Cost: O(n).
 *
 * @example salienceWeightedMean({ id: 'X', name: 'X', scale: { min: 0, max: 100 }, actors: [
 *   { id: 'a', name: 'A', capability: 1, salience: 1, position: 0 },
 *   { id: 'b', name: 'B', capability: 1, salience: 0.25, position: 100 } ] }, 0.5) // 100/3
 */
export function salienceWeightedMean(issue: IssueInput, power: number): number {
  let totalWeight = 0;
  let weightedSum = 0;
  for (const actor of issue.actors) {
    const weight = actor.capability * (power === 0 ? 1 : actor.salience ** power);
    totalWeight += weight;
    weightedSum += weight * actor.position;
  }
  if (totalWeight > 0) return weightedSum / totalWeight;
  if (issue.statusQuo !== undefined) return issue.statusQuo;
  return issue.actors.reduce((sum, actor) => sum + actor.position, 0) / issue.actors.length;
}

/** A pull towards a reference point: its name and the offset (r − c) on a case, 0 when the case lacks it. */
interface Pull {
  name: string;
  offset(features: CaseFeatures, base: number): number;
}

const towards = (name: string, point: (features: CaseFeatures) => number | undefined, when?: (features: CaseFeatures) => boolean): Pull => ({
  name,
  offset: (features, base) => {
    const value = point(features);
    return value === undefined || (when !== undefined && !when(features)) ? 0 : value - base;
  },
});

export const pulls = {
  statusQuo: towards('statusQuo', (features) => features.statusQuo),
  statusQuoUnanimity: towards(
    'statusQuoUnanimity',
    (features) => features.statusQuo,
    (features) => features.voting === 'unanimity',
  ),
  statusQuoQmv: towards(
    'statusQuoQmv',
    (features) => features.statusQuo,
    (features) => features.voting !== 'unanimity',
  ),
  median: towards('median', (features) => features.median),
  mean: towards('mean', (features) => features.mean),
  commission: towards('commission', (features) => features.commission),
  parliament: towards('parliament', (features) => features.parliament),
  parliamentCodecision: towards(
    'parliamentCodecision',
    (features) => features.parliament,
    (features) => features.procedure === 'COD',
  ),
  midpoint: towards('midpoint', () => 50),
} as const;

/**
 * c + Σ βₖ(rₖ − c) with the β fitted by least absolute deviations on the training cases.
 * `base` replaces the compromise as c (a salience power); default the compromise.
 */
export function pullCandidate(id: string, description: string, chosenPulls: readonly Pull[], basePower?: number): Candidate {
  const baseOf = (features: CaseFeatures, testCase: BacktestCase) =>
    basePower === undefined ? features.compromise : salienceWeightedMean(testCase.scenario.issues[0]!, basePower);
  return {
    id,
    description,
    fit(train) {
      const rows = train.map((testCase) => {
        const features = caseFeatures(testCase);
        const base = baseOf(features, testCase);
        return { x: chosenPulls.map((pull) => pull.offset(features, base)), y: testCase.outcome - base };
      });
      const coefficients = leastAbsoluteDeviations(
        rows.map((row) => row.x),
        rows.map((row) => row.y),
      );
      const learned = Object.fromEntries(chosenPulls.map((pull, index) => [pull.name, coefficients[index]!]));
      return {
        learned: basePower === undefined ? learned : { salience: basePower, ...learned },
        predict(testCase) {
          const features = caseFeatures(testCase);
          const base = baseOf(features, testCase);
          return chosenPulls.reduce((sum, pull, index) => sum + coefficients[index]! * pull.offset(features, base), base);
        },
      };
    },
  };
}

/** Grid of salience powers searched: 0, 0.05, …, 1.5. */
export const saliencePowers: readonly number[] = Array.from({ length: 31 }, (_, index) => Math.round(index * 5) / 100);

/**
 * The weighted mean with weights capability × salience^p, p chosen from `saliencePowers`
 * to minimise the training MAE (the lowest p on a tie); optional pulls fitted at that p.
 */
export function saliencePowerCandidate(id: string, description: string, chosenPulls: readonly Pull[] = []): Candidate {
  return {
    id,
    description,
    fit(train) {
      let best: { fitted: Fitted; mae: number } | undefined;
      for (const power of saliencePowers) {
        const fitted = pullCandidate(id, description, chosenPulls, power).fit(train);
        const mae = train.reduce((sum, testCase) => sum + Math.abs(fitted.predict(testCase) - testCase.outcome), 0) / train.length;
        if (!best || mae < best.mae) best = { fitted, mae };
      }
      return best!.fitted;
    },
  };
}

/** A candidate with nothing to fit. */
function fixedCandidate(id: string, description: string, forecast: (features: CaseFeatures) => number): Candidate {
  return { id, description, fit: () => ({ learned: {}, predict: (testCase) => forecast(caseFeatures(testCase)) }) };
}

/** Every candidate tried for issue #6, in the order they are reported. */
export const calibrationCandidates: readonly Candidate[] = [
  fixedCandidate('compromise', 'the compromise model: capability × salience weighted mean', (features) => features.compromise),
  fixedCandidate('median', 'the weighted median', (features) => features.median),
  fixedCandidate('mean', 'capability-weighted mean of positions, salience ignored', (features) => features.mean),
  pullCandidate('status-quo-pull', 'compromise pulled towards the status quo', [pulls.statusQuo]),
  pullCandidate('status-quo-pull-by-rule', 'compromise pulled towards the status quo, separately under unanimity and QMV', [
    pulls.statusQuoUnanimity,
    pulls.statusQuoQmv,
  ]),
  pullCandidate('shrink-to-median', 'compromise shrunk towards the weighted median', [pulls.median]),
  pullCandidate('shrink-to-midpoint', 'compromise shrunk towards the middle of the scale (50)', [pulls.midpoint]),
  pullCandidate('roles', 'compromise pulled towards the Commission and the Parliament', [pulls.commission, pulls.parliament]),
  pullCandidate('roles-codecision', 'compromise pulled towards the Commission, and towards the Parliament under co-decision', [
    pulls.commission,
    pulls.parliamentCodecision,
  ]),
  pullCandidate('blend-mean', 'blend of the compromise and the capability-weighted mean', [pulls.mean]),
  pullCandidate('blend-mean-parliament', 'blend of the compromise and the capability-weighted mean, pulled towards the Parliament under co-decision', [
    pulls.mean,
    pulls.parliamentCodecision,
  ]),
  pullCandidate('blend-all', 'blend of the compromise, median, mean, status quo, Commission and Parliament', [
    pulls.median,
    pulls.mean,
    pulls.statusQuo,
    pulls.commission,
    pulls.parliament,
  ]),
  saliencePowerCandidate('salience-power', 'weighted mean with weights capability × salience^p, p fitted'),
  saliencePowerCandidate('salience-power-status-quo', 'salience power p, pulled towards the status quo', [pulls.statusQuo]),
  saliencePowerCandidate('salience-power-roles', 'salience power p, pulled towards the Commission and the Parliament', [pulls.commission, pulls.parliament]),
];

/**
 * Least absolute deviations regression without intercept: the β minimising Σᵢ |yᵢ − xᵢ·β|,
 * by iteratively reweighted least squares (Schlossmacher 1973, "An iterative technique for
 * absolute deviations curve fitting", JASA 68(344)): weights 1 / max(|residual|, 1e-6),
 * up to 500 rounds, stopping when no coefficient moves by more than 1e-10.
 *
 * Cost: O(rounds · n · p²).
 *
 * @example leastAbsoluteDeviations([[1], [1], [1]], [1, 2, 10]) // ≈ [2] (the median)
 */
export function leastAbsoluteDeviations(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const width = x[0]?.length ?? 0;
  if (width === 0) return [];
  let coefficients = weightedLeastSquares(
    x,
    y,
    y.map(() => 1),
  );
  for (let round = 0; round < 500; round++) {
    const weights = y.map((value, index) => 1 / Math.max(Math.abs(value - dot(x[index]!, coefficients)), 1e-6));
    const next = weightedLeastSquares(x, y, weights);
    const moved = Math.max(...next.map((value, index) => Math.abs(value - coefficients[index]!)));
    coefficients = next;
    if (moved <= 1e-10) break;
  }
  return coefficients;
}

/** Solves (XᵀWX)β = XᵀWy by Gaussian elimination with partial pivoting; a column that is all zero gets β = 0. */
function weightedLeastSquares(x: readonly (readonly number[])[], y: readonly number[], weights: readonly number[]): number[] {
  const width = x[0]!.length;
  const normal = Array.from({ length: width }, () => new Array<number>(width + 1).fill(0));
  x.forEach((row, index) => {
    const weight = weights[index]!;
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) normal[i]![j]! += weight * row[i]! * row[j]!;
      normal[i]![width]! += weight * row[i]! * y[index]!;
    }
  });
  // A tiny ridge keeps a column that never varies (a role absent from every training case) at 0.
  for (let i = 0; i < width; i++) normal[i]![i]! += 1e-9;
  for (let column = 0; column < width; column++) {
    let pivot = column;
    for (let row = column + 1; row < width; row++) if (Math.abs(normal[row]![column]!) > Math.abs(normal[pivot]![column]!)) pivot = row;
    [normal[column], normal[pivot]] = [normal[pivot]!, normal[column]!];
    const pivotRow = normal[column]!;
    for (let row = 0; row < width; row++) {
      if (row === column) continue;
      const factor = normal[row]![column]! / pivotRow[column]!;
      for (let k = column; k <= width; k++) normal[row]![k]! -= factor * pivotRow[k]!;
    }
  }
  return normal.map((row, index) => row[width]! / row[index]!);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

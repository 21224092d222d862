/**
 * The ensemble forecast: one answer per issue. The models combined by their out-of-sample
 * record on the development half of DEU III, with an interval whose coverage was checked
 * out of sample, and the chance that the status quo stands, from the agreement analysis.
 *
 * - Forecast: c + Σₖ βₖ (rₖ − c), the compromise c pulled towards the reference points the
 *   fit chose (`ensemble-fit.ts`: the candidate with the lowest cross-validated MAE).
 * - Interval at level L: forecast ± r_L · range, clipped to the scale, where r_L is the
 *   split-conformal radius of the chosen candidate's out-of-fold absolute errors (Lei et al.
 *   2018), as a share of the 0–100 DEU scale.
 * - P(no change): a logistic model of "the outcome is the status quo" on the agreement
 *   analysis' verdict (win-set empty under the rule) and the distance from the compromise to
 *   the status quo, cross-validated by Brier score against the base rate.
 *
 * The fitted numbers ship as data in `ensemble-weights.json`, with their provenance;
 * `parley backtest deu DIR --fit-ensemble FILE` regenerates them. `docs/accuracy.md` reports
 * every candidate and the nested cross-validated scores.
 */
import type { IssueForecast, IssueInput, Model, NoDetails } from '../model.js';
import type { DecisionRule } from '../scenario.js';
import { ensembleFeatures } from '../analyses/ensemble-features.js';
import { noChangeProbability, pulledForecast, type EnsemblePoint, type NoChangeModel } from '../analyses/ensemble-fit.js';
import { lobbyingView } from '../lobbying.js';
import { decisionOf, winSet } from '../win-set.js';
import weights from './ensemble-weights.json' with { type: 'json' };

/** The fitted ensemble as shipped: what `--fit-ensemble` writes. */
export interface EnsembleWeights {
  candidate: string;
  pulls: Partial<Record<EnsemblePoint, number>>;
  radii: { level: number; radius: number }[];
  noChange: NoChangeModel;
  provenance: Record<string, unknown>;
}

export const ensembleWeights: EnsembleWeights = weights as EnsembleWeights;

/** The interval levels every ensemble forecast carries; the headline uses 0.8. */
export const headlineLevel = 0.8;

export interface EnsembleInterval {
  level: number;
  low: number;
  high: number;
}

/** The `details` of an ensemble forecast on an issue (`{}` on an issue no actor takes part in). */
export type EnsembleIssueDetails = {
  intervals: EnsembleInterval[];
  /** The probability that the status quo stands, and its complement; absent without a status quo. */
  noChange?: number;
  agreement?: number;
  rule: DecisionRule;
  /** Whether no outcome beats the status quo; null without a status quo. */
  deadlock: boolean | null;
  winSet: { low: number; high: number } | null;
  blockers: string[];
  components: { compromise: number; mean: number; median: number; nash: number; ruled: number };
  pulls: EnsembleWeights['pulls'];
};

export type EnsembleDetails = EnsembleIssueDetails | NoDetails;

/**
 * The ensemble forecast of one issue.
 *
 * Cost: O(n log n) for n participants (the compromise, median, Nash and the win-set).
 */
export function ensembleForecast(input: IssueInput, fitted: EnsembleWeights = ensembleWeights): IssueForecast<EnsembleDetails> {
  // Under a unilateral rule the bargaining models weigh lobbyists down (lobbying.ts); so does the ensemble.
  const view = lobbyingView(input);
  const issue = view.issue;
  if (issue.actors.length === 0) {
    return { issue: issue.id, forecast: issue.statusQuo ?? Number.NaN, notes: ['no actor takes part in this issue'], details: {} };
  }
  const features = ensembleFeatures(issue);
  const forecast = clamp(pulledForecast(features, fitted.pulls), issue.scale.min, issue.scale.max);
  const range = issue.scale.max - issue.scale.min;
  const intervals: EnsembleInterval[] = fitted.radii.map(({ level, radius }) => ({
    level,
    low: Math.max(issue.scale.min, forecast - radius * range),
    high: Math.min(issue.scale.max, forecast + radius * range),
  }));
  const noChange = noChangeProbability(fitted.noChange, features);
  const decision = decisionOf(issue);
  const result = issue.statusQuo === undefined ? undefined : winSet(issue);
  const notes: string[] = view.note === undefined ? [] : [view.note];
  if (result?.empty)
    notes.push(
      `no outcome beats the status quo under the ${decision.rule} rule${result.blockers.length > 0 ? ` (blocked by ${result.blockers.join(', ')})` : ''}`,
    );
  return {
    issue: issue.id,
    forecast,
    notes,
    details: {
      intervals,
      ...(noChange === undefined ? {} : { noChange, agreement: 1 - noChange }),
      rule: decision.rule,
      deadlock: result === undefined ? null : result.empty,
      winSet: result?.interval ?? null,
      blockers: result?.blockers ?? [],
      components: { compromise: features.compromise, mean: features.mean, median: features.median, nash: features.nash, ruled: features.ruled },
      pulls: fitted.pulls,
    },
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export const ensembleModel: Model<EnsembleDetails> = {
  id: 'ensemble',
  name: 'Ensemble forecast (fitted on DEU III)',
  summary:
    'One forecast per issue: the compromise model combined with the other models by their cross-validated record on the development half of DEU III, with a split-conformal interval (coverage checked out of sample) and the probability that the status quo stands, from the agreement analysis.',
  references: [
    'Arregui, J. & Perarnaud, C. (2022). A new dataset on legislative decision-making in the European Union: the DEU III dataset. Journal of European Public Policy 29(1).',
    'Lei, J., G’Sell, M., Rinaldo, A., Tibshirani, R. J. & Wasserman, L. (2018). Distribution-free predictive inference for regression. Journal of the American Statistical Association 113(523), 1094–1111.',
    'Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton University Press.',
  ],
  params: [],
  run: (scenario) => scenario.issues.map((issue) => ensembleForecast(issue)),
};

/**
 * What the ensemble forecast reads from one issue: the cheap bargaining models' forecasts
 * and the agreement analysis' verdict. Each is a reference point the ensemble may pull the
 * compromise towards (`ensemble-fit.ts`), and the verdict drives the no-change probability.
 */
import type { IssueInput } from '../model.js';
import { compromiseForecast } from '../models/compromise.js';
import { medianForecast } from '../models/median.js';
import { nashForecast } from '../models/nash.js';
import { winSet } from '../win-set.js';
import { salienceWeightedMean } from './calibration.js';

export interface EnsembleFeatures {
  /** Capability × salience weighted mean (the compromise model). */
  compromise: number;
  /** Capability-weighted mean, salience ignored. */
  mean: number;
  median: number;
  /** The Nash bargaining solution under the issue's rule. */
  nash: number;
  statusQuo?: number;
  /**
   * The compromise as the rule can pass it: the status quo when the win-set is empty, else
   * the compromise moved into the closed win-set (with q). Without a status quo, the compromise.
   */
  ruled: number;
  /** 1 when the win-set is empty, 0 when not; undefined without a status quo. */
  deadlock?: 0 | 1;
  /** |compromise − status quo| as a share of the scale; undefined without a status quo. */
  distance?: number;
  /** Share of the deciders' capability that prefers a small move off q towards the better-supported side. */
  support?: number;
  range: number;
}

/**
 * The features of one issue. Assumes participants with some weight (as the DEU cases and
 * validated scenarios have).
 *
 * Cost: O(n log n).
 */
export function ensembleFeatures(issue: IssueInput): EnsembleFeatures {
  const compromise = compromiseForecast(issue).forecast;
  const range = issue.scale.max - issue.scale.min;
  const common = {
    compromise,
    mean: salienceWeightedMean(issue, 0),
    median: medianForecast(issue).forecast,
    nash: nashForecast(issue).forecast,
    range,
  };
  const q = issue.statusQuo;
  if (q === undefined) return { ...common, ruled: compromise };
  const result = winSet(issue);
  const ruled = result.interval === undefined ? q : Math.min(Math.max(compromise, Math.min(q, result.interval.low)), Math.max(q, result.interval.high));
  return {
    ...common,
    statusQuo: q,
    ruled,
    deadlock: result.empty ? 1 : 0,
    distance: Math.abs(compromise - q) / range,
    support: result.support,
  };
}

/**
 * The headline of a forecast: one line per issue an analyst can act on — the ensemble's
 * forecast with its 80% interval, the chance of a deal and who blocks it, and where the
 * forecast's draws pile up (its modes). What `parley forecast` prints first and what its
 * `--json` gives as `summary`.
 *
 * The chance of a deal is the agreement analysis': the share of Monte Carlo draws of the
 * inputs whose win-set is not empty under the issue's rule. Beside it, `record` is 1 − P(the
 * status quo stands) from the ensemble's no-change model (fitted on DEU III; `ensemble.ts`),
 * the estimate that is scored against outcomes (`parley backtest deu`, `noChange`).
 */
import { nearestAnchor, type Scenario } from '../scenario.js';
import { ensembleForecast, headlineLevel, type EnsembleInterval } from '../models/ensemble.js';
import { createRng, deriveSeed } from '../rng.js';
import type { DecisionRule } from '../scenario.js';
import { agreementAt, type PackageDeal } from './agreement.js';
import { modesOf, type Mode } from './modes.js';
import { checkSeed, pointWith, withVariant } from './request.js';
import { triangularQuantile } from './triangular.js';
import { winSet } from '../win-set.js';
import { pointScenario } from '../resolve.js';
import { forecastIfDeal } from './if-deal.js';

export { forecastIfDeal, modelsIfDeal } from './if-deal.js';

export interface HeadlineIssue {
  issue: string;
  forecast: number;
  interval: EnsembleInterval;
  agreement: {
    /**
     * The agreement analysis' chance of a deal: the share of Monte Carlo draws of the inputs
     * whose win-set under the rule is not empty (0 or 1 without ranges); null without a status quo.
     */
    probability: number | null;
    /**
     * The chance of a deal by the record: 1 − P(the status quo stands) from the ensemble's
     * no-change model fitted on EU legislation (DEU III), where positions coded at the start
     * often moved; null without a status quo.
     */
    record: number | null;
    rule: DecisionRule;
    /** True when the scenario names no rule (a majority of all participants is assumed). */
    implicit: boolean;
    blockers: string[];
    winSet: { low: number; high: number } | null;
    deadlock: boolean | null;
    /** The issue's status quo (the variant's, where it sets one); null without one. */
    statusQuo: number | null;
    /**
     * The forecast if a deal is struck under the rule: a deal must beat the status quo for the
     * deciders the rule needs, so it lies in the win-set; the forecast moved into it. Null on
     * deadlock (no deal beats the status quo under the coded positions) or without a status quo.
     */
    ifDeal: number | null;
  };
  /** Where the ensemble forecast's draws pile up, most draws first (one mode when they form one cluster). */
  modes: Mode[];
  nearestAnchor: { point: number; label: string } | null;
}

export interface Headline {
  summary: HeadlineIssue[];
  /** A package across issues that every veto player prefers to the status quo (null when nobody holds a veto). */
  package: PackageDeal | null;
  draws: number;
  seed: number;
}

export interface HeadlineRequest {
  variant?: string;
  /** Monte Carlo draws for the draw share and the modes; default 200. */
  draws?: number;
  /** Root seed of the draws (the same draws as `monteCarlo` with this seed); default 1. */
  seed?: number;
}

export const defaultHeadlineDraws = 200;
export const defaultHeadlineSeed = 1;

/**
 * The headline of every issue of the scenario (or a variant).
 *
 * Cost: O(draws · issues · n log n) plus one small linear program for the package.
 */
export function headline(scenario: Scenario, request: HeadlineRequest = {}): Headline {
  const draws = request.draws ?? defaultHeadlineDraws;
  const seed = request.seed ?? defaultHeadlineSeed;
  checkSeed(seed);
  const resolved = withVariant(scenario, request.variant);
  const point = pointScenario(resolved);
  const agreement = agreementAt(point);
  const drawnForecasts = point.issues.map(() => new Float64Array(draws));
  const nonEmpty = point.issues.map(() => 0);
  for (let draw = 0; draw < draws; draw++) {
    const rng = createRng(deriveSeed(seed, draw));
    const drawn = pointWith(resolved, request.variant, (range) => triangularQuantile(range, rng.next()));
    drawn.issues.forEach((issue, index) => {
      drawnForecasts[index]![draw] = ensembleForecast(issue).forecast;
      if (issue.statusQuo !== undefined && !winSet(issue).empty) nonEmpty[index]!++;
    });
  }
  const summary = point.issues.map((issue, index): HeadlineIssue => {
    const result = ensembleForecast(issue);
    const intervals: readonly EnsembleInterval[] = result.details.intervals ?? [];
    const interval = intervals.find((candidate) => candidate.level === headlineLevel) ?? { level: headlineLevel, low: Number.NaN, high: Number.NaN };
    const issueAgreement = agreement.issues[index]!;
    const noChange = result.details.noChange;
    const source = resolved.issues.find((candidate) => candidate.id === issue.id);
    const anchor = nearestAnchor(source?.anchors, result.forecast, issue.scale);
    return {
      issue: issue.id,
      forecast: result.forecast,
      interval,
      agreement: {
        probability: issue.statusQuo === undefined ? null : nonEmpty[index]! / draws,
        record: noChange === undefined ? null : 1 - noChange,
        rule: issueAgreement.rule,
        implicit: issueAgreement.implicit,
        blockers: issueAgreement.blockers,
        winSet: issueAgreement.winSet,
        deadlock: issueAgreement.deadlock,
        statusQuo: issue.statusQuo ?? null,
        ifDeal: forecastIfDeal(issueAgreement.winSet, result.forecast),
      },
      modes: modesOf(drawnForecasts[index]!, issue.scale.max - issue.scale.min),
      nearestAnchor: anchor === undefined ? null : { point: anchor.point, label: anchor.label },
    };
  });
  return { summary, package: agreement.package, draws, seed };
}

/** An actor's display name for the headline, falling back to its id. */
export function actorName(scenario: Scenario, id: string): string {
  return scenario.actors.find((actor) => actor.id === id)?.name ?? id;
}

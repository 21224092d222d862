/**
 * One figure of a scenario by kind (`parley chart`): runs the analysis the kind needs and
 * builds its spec. Pure apart from the Monte Carlo executor passed in, so it runs in a
 * browser as well.
 */
import type { AnalysisRequest } from '../core/analyses/request.js';
import { monteCarlo, type DrawExecutor } from '../core/analyses/monte-carlo.js';
import { sensitivity } from '../core/analyses/sensitivity.js';
import { forecast } from '../core/forecast.js';
import { ParleyError } from '../core/errors.js';
import { hasEumRun } from '../core/models/eum/index.js';
import { detailsOf } from '../core/models/index.js';
import { applyVariant } from '../core/resolve.js';
import type { Issue, Scenario } from '../core/scenario.js';
import {
  chartKinds,
  distributionChart,
  forecastChart,
  relationsChart,
  tornadoChart,
  trajectoryChart,
  type ChartKind,
  type ChartSpec,
  type EumChartDetails,
} from './charts.js';

export interface FigureRequest extends AnalysisRequest {
  kind: ChartKind;
  /** The issue to draw; default: the scenario's first issue. */
  issue?: string;
  /** Monte Carlo draws for `distribution`; default 1000. */
  draws?: number;
  /** Monte Carlo root seed for `distribution` (and the seed of stochastic models); default 1. */
  seed?: number;
  /** The round of contests for `relations`; default 1. */
  round?: number;
  /** Inputs shown by `tornado`; default 8. */
  top?: number;
  /** Where Monte Carlo draws run; default in-process. */
  executor?: DrawExecutor;
}

/** The actors' display names by id. */
export function actorNames(scenario: Scenario): Record<string, string> {
  return Object.fromEntries(scenario.actors.map((actor) => [actor.id, actor.name]));
}

/** The issue with this id (the first issue without one), with the variant's status quo; a ParleyError naming the issues otherwise. */
export function chooseIssue(scenario: Scenario, id: string | undefined, variant?: string): Issue {
  const issues = (variant === undefined ? scenario : applyVariant(scenario, variant)).issues;
  const issue = id === undefined ? issues[0] : issues.find((candidate) => candidate.id === id);
  if (!issue) {
    throw new ParleyError('unknown-issue', `unknown issue "${id}"; the issues are: ${issues.map((candidate) => candidate.id).join(', ')}`);
  }
  return issue;
}

/** The eum forecast details on an issue, or a ParleyError when eum is not among the models asked for. */
function eumDetails(scenario: Scenario, request: FigureRequest, issue: Issue): EumChartDetails {
  if (request.models && !request.models.includes('eum')) {
    throw new ParleyError('bad-request', `a ${request.kind} chart shows the expected utility model (eum), which is not among the models asked for`);
  }
  const result = forecast(scenario, {
    models: ['eum'],
    ...(request.params?.eum ? { params: { eum: { ...request.params.eum, relations: true } } } : {}),
    ...(request.variant === undefined ? {} : { variant: request.variant }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
  });
  const row = result.results.find((candidate) => candidate.issue === issue.id);
  const details = row && detailsOf(row, 'eum');
  if (!details || !hasEumRun(details)) throw new ParleyError('bad-request', `eum gives no trajectory on ${issue.id}: no actor takes part in it`);
  return details;
}

/**
 * The spec of one figure. A ParleyError for an unknown kind, issue, model or variant, or
 * bad parameters.
 *
 * @example await figure(scenario, { kind: 'forecast', issue: 'FORCES' })
 */
export async function figure(scenario: Scenario, request: FigureRequest): Promise<ChartSpec> {
  if (!(chartKinds as readonly string[]).includes(request.kind)) {
    throw new ParleyError('bad-request', `unknown chart kind "${request.kind}"; the kinds are: ${chartKinds.join(', ')}`);
  }
  const issue = chooseIssue(scenario, request.issue, request.variant);
  const shared: AnalysisRequest = {
    ...(request.models ? { models: request.models } : {}),
    ...(request.params ? { params: request.params } : {}),
    ...(request.variant === undefined ? {} : { variant: request.variant }),
  };
  switch (request.kind) {
    case 'forecast': {
      const result = forecast(scenario, { ...shared, ...(request.seed === undefined ? {} : { seed: request.seed }) });
      return forecastChart(
        issue,
        result.results.filter((row) => row.issue === issue.id),
      );
    }
    case 'trajectory':
      return trajectoryChart(issue, eumDetails(scenario, request, issue));
    case 'relations':
      return relationsChart(issue, eumDetails(scenario, request, issue), request.round === undefined ? {} : { round: request.round });
    case 'tornado': {
      const result = sensitivity(scenario, { ...shared, ...(request.seed === undefined ? {} : { seed: request.seed }) });
      return tornadoChart(
        issue,
        result.tornado.filter((tornado) => tornado.issue === issue.id),
        { actorNames: actorNames(scenario), ...(request.top === undefined ? {} : { top: request.top }) },
      );
    }
    case 'distribution': {
      const run = await monteCarlo(
        scenario,
        { ...shared, draws: request.draws ?? 1000, seed: request.seed ?? 1, bins: 20, keepInputs: false },
        request.executor ? { executor: request.executor } : {},
      );
      return distributionChart(
        issue,
        run.summary.results.filter((row) => row.issue === issue.id),
      );
    }
  }
}

/**
 * One model run that never sinks the others: a model that cannot run on an issue says so as
 * data, with the reason in words, and every other model's forecasts stand. A degenerate but
 * valid scenario (every actor at zero salience on one issue, one active actor left by a
 * variant, two groups of actors on disjoint issues) is something a model may not be able to
 * forecast; it is never a reason to print nothing.
 *
 * A forecast that is not a finite number on the issue's scale is refused the same way, so no
 * caller ever prints NaN, Infinity or `null` as a forecast.
 */
import type { IssueForecast, IssueInput, Model, ModelRunOptions, ParamValues, PointScenario } from './model.js';
import { ParleyError } from './errors.js';

/** A model that cannot forecast this issue, and why. */
export interface NotApplicable {
  issue: string;
  status: 'not-applicable';
  /** A short fragment in plain words, e.g. `eum: every actor has zero capability or zero salience`. */
  reason: string;
}

export type IssueOutcome = IssueForecast | NotApplicable;

export function isNotApplicable(outcome: IssueOutcome): outcome is NotApplicable {
  return 'status' in outcome && outcome.status === 'not-applicable';
}

/**
 * Models whose forecast on an issue reads that issue alone: when a run over all issues fails,
 * each issue is run by itself, so one issue's failure leaves the others' forecasts. The
 * spatial and exchange models read all issues together (an actor's issues trade against each
 * other), so their failure is every issue's.
 */
const ISSUES_INDEPENDENT = new Set(['compromise', 'median', 'nash', 'eum', 'calibrated']);

/** How far outside the scale a forecast may fall from rounding: a millionth of its width. */
const SCALE_TOLERANCE = 1e-6;

/**
 * The model's outcome on every issue of the scenario, in scenario order: its forecast, or
 * not-applicable with the reason. Never throws for what the model throws; a request the
 * caller got wrong (an unknown issue for explain, a bad parameter) is checked before this.
 *
 * Cost: one run of the model; after a failure, one more run per issue for models whose
 * issues are independent.
 */
export function runModel(model: Model, scenario: PointScenario, params: ParamValues, options: ModelRunOptions = {}): IssueOutcome[] {
  let results: IssueForecast[];
  try {
    results = model.run(scenario, params, options);
  } catch (error) {
    if (!ISSUES_INDEPENDENT.has(model.id) || scenario.issues.length === 1) {
      const reason = reasonOf(model, error);
      return scenario.issues.map((issue) => notApplicable(issue.id, reason));
    }
    return scenario.issues.flatMap((issue) => runModel(model, { ...scenario, issues: [issue] }, params, options));
  }
  const byIssue = new Map(results.map((result) => [result.issue, result]));
  return scenario.issues.map((issue) => checked(model, issue, byIssue.get(issue.id)));
}

function checked(model: Model, issue: IssueInput, result: IssueForecast | undefined): IssueOutcome {
  if (result === undefined) return notApplicable(issue.id, `${model.id}: gave no forecast on this issue`);
  const { forecast } = result;
  if (!Number.isFinite(forecast)) {
    return notApplicable(issue.id, `${model.id}: the computation gave ${String(forecast)}, not a number on the scale`);
  }
  const slack = SCALE_TOLERANCE * (issue.scale.max - issue.scale.min);
  if (forecast < issue.scale.min - slack || forecast > issue.scale.max + slack) {
    return notApplicable(issue.id, `${model.id}: the computation gave ${forecast}, outside the scale ${issue.scale.min}..${issue.scale.max}`);
  }
  return result;
}

function notApplicable(issue: string, reason: string): NotApplicable {
  return { issue, status: 'not-applicable', reason };
}

/** The model's own message for an input it cannot run on; anything else is a fault, said so. */
function reasonOf(model: Model, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ParleyError) return message.startsWith(`${model.id}`) ? message : `${model.id}: ${message}`;
  if (error instanceof RangeError && /memory|allocation|Invalid array length|Invalid typed array length/i.test(message)) {
    return `${model.id}: the scenario is too large for this model (${message})`;
  }
  return `${model.id}: failed (${message}); please report it`;
}

/**
 * Lobbying under a unilateral rule: the deciders decide, and everybody else can only try to
 * sway them. The weighted-mean and weighted-median models read this as weights: a
 * lobbyist's capability counts for (1 − s̄) of itself, where s̄ is the deciders'
 * capability-weighted mean salience. A decider that cares fully (s̄ = 1) hears nobody; one
 * that cares little is open to persuasion, which is how the compromise model's reading of
 * salience ("how much of its clout an actor spends here"; Achen 2006) extends to an issue
 * where the others hold no vote. The rule has no free parameter.
 *
 * Other rules (majority, qualified, unanimity) leave the weights alone: every participant
 * bargains, and the rule's vetoes and coalitions are the agreement analysis' part (a
 * deadlocked issue keeps its status quo whatever the bargain would have been).
 */
import type { IssueForecast, IssueInput } from './model.js';

/** The issue as the bargaining models weigh it under its rule, with a note when the rule changed the weights. */
export function lobbyingView(issue: IssueInput): { issue: IssueInput; note?: string } {
  const decision = issue.decision;
  if (decision === undefined || decision.rule !== 'unilateral') return { issue };
  const deciderIds = new Set(decision.by);
  const deciders = issue.actors.filter((actor) => deciderIds.has(actor.id));
  if (deciders.length === 0) return { issue, note: 'no actor who decides this issue takes part: every participant is weighed alike' };
  if (deciders.length === issue.actors.length) return { issue };
  const deciderCapability = deciders.reduce((sum, actor) => sum + actor.capability, 0);
  const meanSalience = deciders.reduce((sum, actor) => sum + actor.capability * actor.salience, 0) / deciderCapability;
  const openness = 1 - meanSalience;
  const names = deciders.map((actor) => actor.name).join(', ');
  const actors = issue.actors.map((actor) => (deciderIds.has(actor.id) ? actor : { ...actor, capability: actor.capability * openness }));
  const share = `${Math.round(openness * 100)}%`;
  return {
    issue: { ...issue, actors },
    note: `${names} decide${deciders.length === 1 ? 's' : ''} alone; the others lobby, each counting for ${share} of its capability (1 − the deciders' salience)`,
  };
}

/** A weighted model's forecast of the issue as `lobbyingView` weighs it, with the view's note first. */
export function forecastWithLobbying(issue: IssueInput, forecastOf: (issue: IssueInput) => IssueForecast): IssueForecast {
  const view = lobbyingView(issue);
  const result = forecastOf(view.issue);
  return view.note === undefined ? result : { ...result, notes: [view.note, ...result.notes] };
}

/**
 * For models that move positions over rounds (the expected utility model, the spatial model,
 * the exchange model): under a unilateral rule the others' challenges and offers are the
 * lobbying, and the outcome is where the deciders end — the capability-weighted mean of
 * their final positions. Undefined under any other rule, or when no decider takes part.
 */
export function decidersOutcome(issue: IssueInput, finalPositions: Readonly<Record<string, number>>): { forecast: number; note: string } | undefined {
  const decision = issue.decision;
  if (decision === undefined || decision.rule !== 'unilateral') return undefined;
  const deciders = issue.actors.filter((actor) => decision.by.includes(actor.id) && Number.isFinite(finalPositions[actor.id]));
  if (deciders.length === 0 || deciders.length === issue.actors.length) return undefined;
  const totalCapability = deciders.reduce((sum, actor) => sum + actor.capability, 0);
  const forecast = deciders.reduce((sum, actor) => sum + actor.capability * finalPositions[actor.id]!, 0) / totalCapability;
  const names = deciders.map((actor) => actor.name).join(', ');
  return {
    forecast,
    note: `${names} decide${deciders.length === 1 ? 's' : ''} alone: the forecast is where ${deciders.length === 1 ? 'it ends' : 'they end'} after the others' pressure, not the bargain of all`,
  };
}

/** Each forecast whose `details.finalPositions` and issue rule call for it, replaced by `decidersOutcome` (the bargained value kept as `details.bargained`). */
export function withDecidersOutcome<Details extends { finalPositions?: Record<string, number> }>(
  issues: readonly IssueInput[],
  forecasts: readonly IssueForecast<Details>[],
): IssueForecast<Details & { bargained?: number }>[] {
  return forecasts.map((result) => {
    const issue = issues.find((candidate) => candidate.id === result.issue);
    const finalPositions = result.details.finalPositions;
    const decided = issue === undefined || finalPositions === undefined ? undefined : decidersOutcome(issue, finalPositions);
    if (!decided) return result;
    return { ...result, forecast: decided.forecast, notes: [decided.note, ...result.notes], details: { ...result.details, bargained: result.forecast } };
  });
}

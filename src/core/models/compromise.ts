/**
 * The compromise model: the capability × salience weighted mean of positions.
 *
 * Achen (2006), "Institutional realism and bargaining models", in Thomson, Stokman, Achen &
 * König (eds.), *The European Union Decides*, Cambridge UP, ch. 4; Thomson et al. (2006).
 * On the DEU data it forecasts as well as far more elaborate models, which makes it the
 * field's benchmark.
 */
import { forecastWithLobbying } from '../lobbying.js';
import { contributions, influence, type IssueForecast, type IssueInput, type Model } from '../model.js';

/**
 * Weighted mean of positions with weights capability × salience.
 *
 * Cost: O(n) for n participants.
 *
 * When every participant has zero salience nobody cares how the issue ends: the forecast is
 * the status quo when the issue has one, else the plain mean of positions, and a note says so.
 *
 * @example
 * compromiseForecast({ id: 'X', name: 'X', scale: { min: 0, max: 100 }, actors: [
 *   { id: 'a', name: 'A', capability: 2, salience: 1, position: 0 },
 *   { id: 'b', name: 'B', capability: 1, salience: 1, position: 90 } ] }).forecast // 30
 */
export function compromiseForecast(issue: IssueInput): IssueForecast {
  const totalWeight = issue.actors.reduce((sum, actor) => sum + influence(actor), 0);
  const notes: string[] = [];
  let forecast: number;
  if (issue.actors.length === 0) {
    forecast = issue.statusQuo ?? Number.NaN;
    notes.push('no actor takes part in this issue');
  } else if (totalWeight > 0) {
    const weightedSum = issue.actors.reduce((sum, actor) => sum + influence(actor) * actor.position, 0);
    forecast = weightedSum / totalWeight;
  } else if (issue.statusQuo !== undefined) {
    forecast = issue.statusQuo;
    notes.push('no participant attaches any salience to this issue: the status quo stands');
  } else {
    forecast = issue.actors.reduce((sum, actor) => sum + actor.position, 0) / issue.actors.length;
    notes.push('no participant attaches any salience to this issue: the forecast is the plain mean of positions');
  }
  return { issue: issue.id, forecast, notes, details: { totalWeight, contributions: contributions(issue.actors) } };
}

export const compromiseModel: Model = {
  id: 'compromise',
  name: 'Compromise model (weighted mean)',
  summary: 'Each actor pulls the outcome towards its position in proportion to capability × salience; the forecast is the weighted mean.',
  references: [
    'Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson, Stokman, Achen & König (eds.), The European Union Decides, ch. 4. Cambridge University Press.',
    'Thomson, R., Stokman, F. N., Achen, C. H. & König, T. (eds.) (2006). The European Union Decides. Cambridge University Press.',
  ],
  params: [],
  run: (scenario) => scenario.issues.map((issue) => forecastWithLobbying(issue, compromiseForecast)),
};

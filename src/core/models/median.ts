/**
 * The weighted median: the position that, under single-peaked preferences that fall off
 * linearly with distance, beats every other position in a pairwise vote weighted by
 * capability × salience (Black 1948; the median voter baseline of the EU models in
 * Thomson et al. 2006, *The European Union Decides*).
 */
import { forecastWithLobbying } from '../lobbying.js';
import { contributions, influence, type IssueForecast, type IssueInput, type Model } from '../model.js';

/**
 * Weighted median of positions with weights capability × salience: sort positions
 * ascending and take the first whose cumulative weight reaches half the total.
 *
 * Cost: O(n log n) for n participants.
 *
 * When the cumulative weight meets exactly half at a position, every point up to the next
 * position is a weighted median too; the rule takes the lower one and a note gives the
 * whole interval. Participants with zero weight take no part; if none is left, the
 * forecast is the status quo (or the plain median of positions) and a note says so.
 *
 * @example
 * medianForecast({ id: 'X', name: 'X', scale: { min: 0, max: 10 }, actors: [
 *   { id: 'a', name: 'A', capability: 1, salience: 1, position: 2 },
 *   { id: 'b', name: 'B', capability: 1, salience: 1, position: 5 },
 *   { id: 'c', name: 'C', capability: 3, salience: 1, position: 9 } ] }).forecast // 9
 */
export function medianForecast(issue: IssueInput): IssueForecast {
  const notes: string[] = [];
  const weighted = issue.actors.filter((actor) => influence(actor) > 0);
  const details = { contributions: contributions(issue.actors) };
  if (weighted.length === 0) {
    if (issue.actors.length === 0) {
      notes.push('no actor takes part in this issue');
      return { issue: issue.id, forecast: issue.statusQuo ?? Number.NaN, notes, details };
    }
    if (issue.statusQuo !== undefined) {
      notes.push('no participant attaches any salience to this issue: the status quo stands');
      return { issue: issue.id, forecast: issue.statusQuo, notes, details };
    }
    notes.push('no participant attaches any salience to this issue: the forecast is the plain median of positions');
    const plain = issue.actors.map((actor) => ({ ...actor, capability: 1, salience: 1 }));
    return { issue: issue.id, forecast: weightedMedian(plain).median, notes, details };
  }
  const { median, upperTie } = weightedMedian(weighted);
  if (upperTie !== undefined) {
    notes.push(`the weights split exactly in half: every point from ${median} to ${upperTie} is a weighted median; the lower is reported`);
  }
  return { issue: issue.id, forecast: median, notes, details };
}

/** The weighted median and, when the halves tie exactly, the next position up (the other end of the median interval). */
export function weightedMedian(actors: ReadonlyArray<{ position: number; capability: number; salience: number }>): {
  median: number;
  upperTie?: number;
} {
  const sorted = [...actors].sort((a, b) => a.position - b.position);
  const totalWeight = sorted.reduce((sum, actor) => sum + influence(actor), 0);
  const halfWeight = totalWeight / 2;
  // Weights such as 0.3 = 0.1 + 0.2 do not add up exactly in floating point: a cumulative
  // weight within this much of half the total has reached it, as it would in exact arithmetic.
  const roundingSlack = totalWeight * 1e-12;
  let cumulativeWeight = 0;
  for (let index = 0; index < sorted.length; index++) {
    const actor = sorted[index]!;
    cumulativeWeight += influence(actor);
    const next = sorted[index + 1];
    // Group equal positions: the median is a position, not an actor.
    if (next !== undefined && next.position === actor.position) continue;
    if (cumulativeWeight >= halfWeight - roundingSlack) {
      return Math.abs(cumulativeWeight - halfWeight) <= roundingSlack && next !== undefined
        ? { median: actor.position, upperTie: next.position }
        : { median: actor.position };
    }
  }
  return { median: sorted[sorted.length - 1]!.position };
}

export const medianModel: Model = {
  id: 'median',
  name: 'Weighted median',
  summary:
    'The position that beats every other in a pairwise vote weighted by capability × salience: sort positions and take the first whose cumulative weight reaches half the total.',
  references: [
    'Black, D. (1948). On the rationale of group decision-making. Journal of Political Economy 56(1), 23–34.',
    'Thomson, R., Stokman, F. N., Achen, C. H. & König, T. (eds.) (2006). The European Union Decides. Cambridge University Press.',
  ],
  params: [],
  run: (scenario) => scenario.issues.map((issue) => forecastWithLobbying(issue, medianForecast)),
};

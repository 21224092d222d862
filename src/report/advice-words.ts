/**
 * Strategy advice in words, one wording for every place that shows it (`parley advise`, the
 * brief's "What would move it", the web page): what to do, the gain in the client's utility,
 * the forecasts it moves, and how robust it is over draws and across models.
 */
import type { Advice, AdviceItem } from '../core/analyses/advise.js';

/** A gain with its sign and two decimals (three when it is smaller than 0.01): `+0.04`. */
export function signedGain(gain: number): string {
  const digits = Math.abs(gain) < 0.01 ? 3 : 2;
  const text = gain.toFixed(digits);
  return gain > 0 ? `+${text}` : text;
}

/** A forecast on its scale, one decimal at most. */
function shown(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The issues whose forecast moves by at least a twentieth of a point, goal issues first. */
export function movedIssues(advice: Pick<Advice, 'goal'>, item: Pick<AdviceItem, 'before' | 'after'>): string[] {
  const moved = Object.keys(item.after).filter((id) => Math.abs(item.after[id]! - item.before[id]!) >= 0.05);
  const inGoal = (id: string) => Object.hasOwn(advice.goal, id);
  return [...moved.filter(inGoal), ...moved.filter((id) => !inGoal(id))];
}

/** How robust the advice is, in words; empty without draws. */
export function robustnessWords(item: Pick<AdviceItem, 'robustness'>, modelCount?: number): string[] {
  const robustness = item.robustness;
  if (!robustness) return [];
  const words = [`helps in ${Math.round(robustness.helps * 100)}% of ${robustness.draws} draws (median ${signedGain(robustness.medianGain)})`];
  const compared = modelCount ?? Object.keys(robustness.models).length;
  if (robustness.agree.length === 1) words.push(`helps under ${robustness.agree[0]} only`);
  else if (robustness.agree.length < compared) {
    const against = Object.keys(robustness.models).filter((id) => !robustness.agree.includes(id));
    words.push(`helps under ${robustness.agree.length} of ${compared} models (not ${against.join(', ')})`);
  } else words.push(`helps under every model compared`);
  return words;
}

/**
 * One piece of advice in one line, e.g. "Persuade Germany to move 10 points on SANCTIONS
 * (salience 0.5), 47 → 57: your utility +0.04; SANCTIONS 47 → 41; helps in 92% of 200 draws".
 */
export function adviceLine(advice: Pick<Advice, 'goal'>, item: AdviceItem): string {
  const moved = movedIssues(advice, item);
  const forecasts =
    moved.length === 0
      ? ['no forecast moves by a twentieth of a point']
      : moved
          .slice(0, 3)
          .map((id) => `${id} ${shown(item.before[id]!)} → ${shown(item.after[id]!)}`)
          .concat(moved.length > 3 ? [`${moved.length - 3} more issues move`] : []);
  const cost = item.cost > 0 ? [`cost ${shown(item.cost)}`] : [];
  return `${item.description}: your utility ${signedGain(item.gain)}; ${[...forecasts, ...cost, ...robustnessWords(item)].join('; ')}`;
}

/** The advice as numbered lines, or a sentence saying nothing helps. */
export function adviceLines(advice: Advice, actorName: string): string[] {
  const goal = Object.entries(advice.goal)
    .map(([id, target]) => `${id} ${shown(target)}`)
    .join(', ');
  const head = `Advice for ${actorName} on the ${advice.model} forecast (goal: ${goal}; utility now ${advice.utility.toFixed(3)})`;
  if (advice.advice.length === 0) {
    return [head, `  Nothing searched raises ${actorName}'s utility${advice.search.budget === null ? '' : ` within the budget of ${advice.search.budget}`}.`];
  }
  return [head, ...advice.advice.map((item, index) => `  ${index + 1}. ${adviceLine(advice, item)}`)];
}

/** What the search covered, for a footnote. */
export function searchWords(advice: Advice): string {
  const { singles, pairs, runs, budget, depth } = advice.search;
  const paired = depth === 2 ? ` and ${pairs} pair${pairs === 1 ? '' : 's'} of the best` : '';
  return `Searched ${singles} single changes${paired}${budget === null ? '' : ` within a budget of ${budget}`}: ${runs} runs of ${advice.model}.`;
}

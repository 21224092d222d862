/**
 * KTAB's spatial model of politics in words, for one issue, from the `details` of its
 * forecast (what `parley explain --model smp` prints and the page shows): how far positions
 * moved and in how many turns, the biggest moves, the challenges of a turn (who challenged
 * whom, with what chance of winning and what expected gain, biggest gain first), which
 * bargain each actor took, and how the forecast is made from the final position groups.
 *
 * Terms are SMP-SPEC's: a turn's challenges (§4), the bargains each actor is offered and the
 * one it takes by election (§4.4), the final platforms grouped into position groups with the
 * probability of each (§5.1). Nothing here recomputes the model; it reads what the run kept.
 */

/** What the explanation reads: an smp IssueForecast's `details` (see smp.ts `issueForecast`). */
export interface SmpExplainDetails {
  mean: number;
  mostProbable: { position: number; actors: string[]; probability: number };
  rounds: number;
  stop: string;
  groups: ReadonlyArray<{ position: number; actors: string[]; probability: number }>;
  trajectory: ReadonlyArray<{ round: number; positions: Record<string, number> }>;
  turns: ReadonlyArray<{
    round: number;
    challenges: ReadonlyArray<{ challenger: string; target: string; winProbability: number; gain: number }>;
    took: ReadonlyArray<{ actor: string; bargain: string; view: string; probability: number; offers: number }>;
  }>;
}

export interface SmpExplainOptions {
  /** The issue's name, for the sentences. */
  issue: string;
  /** The issue's scale, so values read with the right number of digits. */
  scale: { min: number; max: number };
  /** Actor names by id; an id without a name is shown as the id. */
  names: Readonly<Record<string, string>>;
  /** The turn whose challenges and bargains to spell out (1-based); default 1. */
  turn?: number;
  /** At most this many moves and this many challenges; default 5. */
  limit?: number;
}

/** About four significant digits on the issue's scale, trailing zeros dropped. */
function valueText(value: number, width: number): string {
  const decimals = Math.max(0, Math.min(10, 2 - Math.floor(Math.log10((width > 0 ? width : 1) / 100))));
  const rounded = Number(value.toFixed(decimals));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function percent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

/**
 * The sentences, most telling first: the outcome and how it is formed, the biggest moves
 * over the run, then the chosen turn's challenges and bargains. O(n log n) in the actors
 * plus the turn's challenges.
 *
 * @example
 * explainSmpIssue(forecast.results.find((row) => row.model === 'smp' && row.issue === 'CUT').details, { issue: 'CUT', scale, names })[0]
 * // "On CUT the outcome is the probability-weighted mean of the final positions, 7.4: most likely 7.4 (42.8%), where Council ends"
 */
export function explainSmpIssue(details: SmpExplainDetails, options: SmpExplainOptions): string[] {
  const width = options.scale.max - options.scale.min;
  const show = (value: number) => valueText(value, width);
  const nameOf = (id: string) => options.names[id] ?? id;
  const limit = options.limit ?? 5;
  const lines: string[] = [];

  const likely = details.mostProbable;
  const others = [...details.groups].filter((group) => group !== likely && group.probability > 0).sort((a, b) => b.probability - a.probability);
  lines.push(
    `On ${options.issue} the outcome is the probability-weighted mean of the final positions, ${show(details.mean)}: most likely ${show(likely.position)} (${percent(likely.probability)})` +
      `${likely.actors.length ? `, where ${likely.actors.map(nameOf).join(', ')} end${likely.actors.length === 1 ? 's' : ''}` : ''}` +
      `${
        others.length
          ? `; then ${others
              .slice(0, 3)
              .map((group) => `${show(group.position)} (${percent(group.probability)})`)
              .join(', ')}`
          : ''
      }.`,
  );

  const first = details.trajectory[0]?.positions ?? {};
  const last = details.trajectory[details.trajectory.length - 1]?.positions ?? {};
  const stopText = details.stop === 'max-turns' ? 'and were still moving when the turns ran out' : 'until no one moved';
  lines.push(`Positions changed over ${details.rounds} turn${details.rounds === 1 ? '' : 's'} ${stopText}.`);
  // A move under a thousandth of the scale is a rounding residue, not a concession.
  const moves = Object.keys(first)
    .map((actor) => ({ actor, from: first[actor]!, to: last[actor] ?? first[actor]! }))
    .filter((move) => Math.abs(move.to - move.from) > width / 1000)
    .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from));
  for (const move of moves.slice(0, limit)) lines.push(`${nameOf(move.actor)} moves from ${show(move.from)} to ${show(move.to)}.`);
  if (moves.length > limit) lines.push(`(${moves.length - limit} smaller move${moves.length - limit === 1 ? '' : 's'} not listed)`);
  if (moves.length === 0) lines.push('No one moves on this issue.');

  const turnNumber = options.turn ?? 1;
  const turn = details.turns.find((candidate) => candidate.round === turnNumber) ?? details.turns[turnNumber - 1];
  if (turn) {
    const challenges = [...turn.challenges].filter((challenge) => challenge.gain > 0).sort((a, b) => b.gain - a.gain);
    for (const challenge of challenges.slice(0, limit)) {
      lines.push(
        `Turn ${turnNumber}: ${nameOf(challenge.challenger)} challenges ${nameOf(challenge.target)}, expecting to win with probability ${percent(challenge.winProbability)} and to gain ${Number(challenge.gain.toPrecision(3))}.`,
      );
    }
    // Bargains that move someone, the surest election first; staying put is the default and goes unsaid.
    const taken = turn.took.filter((took) => took.view !== 'status-quo' && took.bargain.includes('>')).sort((a, b) => b.probability - a.probability);
    for (const took of taken.slice(0, limit)) {
      const [initiator, receiver] = took.bargain.split('>') as [string, string];
      lines.push(
        `Turn ${turnNumber}: ${nameOf(took.actor)} takes the bargain between ${nameOf(initiator)} and ${nameOf(receiver)}, elected with probability ${percent(took.probability)} among ${took.offers} offer${took.offers === 1 ? '' : 's'}.`,
      );
    }
    if (taken.length > limit) lines.push(`(${taken.length - limit} more bargain${taken.length - limit === 1 ? '' : 's'} taken in turn ${turnNumber})`);
  }
  return lines;
}

/** The expected utility model's rounds in words: who challenges whom and what follows. */
import { ParleyError } from '../../errors.js';
import { formatNumber } from './run.js';
import type { EumRelation, EumRoundRelations, EumRoundState } from './types.js';

/** What `explainEumRound` reads: an EumRun, or the `details` of an eum IssueForecast. */
export interface EumExplainInput {
  delta: number;
  actors: ReadonlyArray<{ id: string; name: string; weight: number }>;
  trajectory: ReadonlyArray<EumRoundState>;
  relations?: ReadonlyArray<EumRoundRelations>;
}

/**
 * The contests of one round in words, most consequential first.
 *
 * "Most consequential": first the offers targets took and moved on (the round's actual
 * moves), then the offers they did not take; within each, by the consequence of the move
 * the offer asks for = the target's share of the total weight (capability × salience) ×
 * the distance as a fraction of Δ, i.e. how far it shifts the weighted balance. Conflicts
 * the target expects to win ask for no move (consequence 0) and come last, by the
 * challenger's expected utility. Stalemates, `none` pairs and pairs at one position are
 * left out. Each line says whether the target took the offer and, if it moved, the voters
 * that backed the challenger most. O(n² log n).
 *
 * @param run a run with its relation map (or an eum forecast's details)
 * @param round 1 … run.rounds: the contests that produced that round's positions
 * @param options `issue`: the issue's name for the sentences; `limit`: at most this many lines
 * @example
 * explainEumRound(run, 1, { issue: 'EC car-emission standards' })[0]
 * // "France expects to prevail over Luxembourg on EC car-emission standards: Luxembourg is
 * //  expected to give way to 10 (it does; backed by United Kingdom 25%, Italy 16%)"
 */
export function explainEumRound(run: EumExplainInput, round: number, options: { issue?: string; limit?: number } = {}): string[] {
  const contests = explainedContests(run, round, options.issue);
  return contests.slice(0, options.limit ?? contests.length).map((contest) => contest.line);
}

/** A contest in words with the keys it is ranked by. */
export interface ExplainedContest {
  /** The target took this offer and moved: a move of the round, not a possibility. */
  moved: boolean;
  consequence: number;
  challengerUtility: number;
  line: string;
}

/** The contests of a round in words, most consequential first (see `explainEumRound`). */
export function explainedContests(run: EumExplainInput, round: number, issueName: string | undefined): ExplainedContest[] {
  if (!run.relations) throw new ParleyError('eum-no-relations', 'eum explain needs a run with the relation map');
  const contests = run.relations.find((entry) => entry.round === round);
  if (!contests) throw new ParleyError('eum-no-round', `eum: no round ${round} (the run has rounds 1 to ${run.relations.length})`);
  const start = run.trajectory[round - 1]!.positions;
  const actorById = new Map(run.actors.map((actor) => [actor.id, actor]));
  const totalWeight = run.actors.reduce((sum, actor) => sum + actor.weight, 0);
  const takenBy = new Map(contests.moves.map((move) => [move.actor, move]));
  const chosen = new Map(contests.pairs.filter((pair) => pair.taken).map((pair) => [pair.target, pair.challenger]));
  const issue = issueName ? ` on ${issueName}` : '';
  const show = (value: number): string => formatNumber(value, run.delta);
  const nameOf = (id: string): string => actorById.get(id)?.name ?? id;

  const sentence = (pair: EumRelation, from: number): string => {
    const challenger = nameOf(pair.challenger);
    const target = nameOf(pair.target);
    const to = pair.to === undefined ? '' : show(pair.to);
    if (pair.kind === 'conflict' && pair.winner === 'challenger') {
      return `${challenger} expects to prevail over ${target}${issue}: ${target} is expected to give way to ${to}`;
    }
    if (pair.kind === 'conflict') return `${challenger} challenges ${target}${issue}, but ${target} expects to prevail and hold at ${show(from)}`;
    if (pair.kind === 'compromise') return `${challenger} presses ${target}${issue}: ${target} is expected to compromise, from ${show(from)} to ${to}`;
    if (pair.to === undefined) return `${challenger} expects ${target} to give in${issue}, but this variant never makes that offer`;
    return `${challenger} expects ${target} to give in${issue}: ${target} is expected to move from ${show(from)} to ${to}`;
  };
  const outcome = (pair: EumRelation): string => {
    const move = takenBy.get(pair.target);
    if (pair.taken && move && move.by === pair.challenger) {
      const backers = move.shares
        .filter((share) => share.share >= 0.005 && share.actor !== pair.challenger)
        .slice(0, 3)
        .map((share) => `${nameOf(share.actor)} ${Math.round(share.share * 100)}%`);
      return ` (it does${backers.length ? `; backed by ${backers.join(', ')}` : ''})`;
    }
    if (pair.taken) return ' (it answers this offer and holds)';
    const other = chosen.get(pair.target);
    return other === undefined ? '' : ` (it answers ${nameOf(other)} instead)`;
  };

  return contests.pairs
    .filter((pair) => pair.kind !== 'stalemate' && pair.kind !== 'none' && start[pair.challenger] !== start[pair.target])
    .map((pair) => {
      const from = start[pair.target]!;
      const weightShare = totalWeight > 0 ? (actorById.get(pair.target)?.weight ?? 0) / totalWeight : 0;
      const move = takenBy.get(pair.target);
      return {
        moved: pair.taken === true && move !== undefined && move.by === pair.challenger,
        consequence: pair.to === undefined ? 0 : (weightShare * Math.abs(pair.to - from)) / run.delta,
        challengerUtility: pair.challengerUtility,
        line: sentence(pair, from) + outcome(pair),
      };
    })
    .sort(byConsequence);
}

export function byConsequence(a: ExplainedContest, b: ExplainedContest): number {
  return Number(b.moved) - Number(a.moved) || b.consequence - a.consequence || b.challengerUtility - a.challengerUtility;
}

// ---------------------------------------------------------------------------------------

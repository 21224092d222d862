/**
 * The expected utility model of Bueno de Mesquita: actors challenge one another on a
 * one-dimensional issue, each weighing the chance of winning a contest (the net votes of
 * every actor, weighted by capability × salience) against what it risks, and the ones that
 * expect to lose give way. Round after round positions move; the forecast is where the
 * weighted median settles.
 *
 * References: Bueno de Mesquita (1994), "Political forecasting: an expected utility method",
 * in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*; Scholz,
 * Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model", Journal
 * of Theoretical Politics 23(4). The rules follow `EUM-SPEC.md` of the reference folder
 * (reference/bdm), whose section numbers (§) are cited below.
 *
 * # Variants
 * - `parley` (default): the `net-votes` rules with the spec's recommended changes (§8).
 * - `net-votes`: the replication dmasad/BDM_DecisionModel_Replication at aa3899a (§3),
 *   reproduced round for round, quirks included.
 * - `scholz-code`: the replication jmckib/bdm-scholz-expected-utility-model at 55f63e9,
 *   which reproduces Scholz et al.'s own code (§4), quirks included.
 *
 * # Quirks kept in the faithful variants (they exist to match the literature)
 * - net-votes: in the second pass of a round the status quo point μ is the weighted
 *   **mean**, not the median (§3.1 step 6); the `(1 − Q)` term is **added** where Scholz et
 *   al. subtract it (§3.1 step 4). Both vanish at the default Q = 1.
 * - net-votes and scholz-code: when every actor's danger is equal (Dmax = Dmin, e.g. every
 *   actor at one position) the references divide by zero; here the run stops before that
 *   round, reported as `stable` (§5).
 * - scholz-code: every probability shares one denominator S summed over all voters and all
 *   pairs of actors, so probabilities are small (§4.2); capitulations never happen because
 *   the original tests `e_ba < |e_ba|` (§4.4 step 2); among compromises an actor takes the
 *   one with the smallest key `(|e_ab|·x_a + |e_ba|·x_b)/(|e_ab| + |e_ba|)`, a point on the
 *   scale, which favours low positions (§4.4 step 3).
 * - Both report the argmin of F(y) = Σ w_k |x_k − y| over actor positions as the median,
 *   ties to the earliest actor in input order (§3.6, §4.6).
 * Where a reference would produce NaN without stopping (a probability with denominator 0,
 * a utility of a negative base), the faithful variants use the parley guard (P = 0, base
 * clamped at 0); no reference run reaches either.
 *
 * # Parley's rules (§8), and the choices made where the spec leaves room
 * - Actors keyed by id; ties go to the actor earliest in input order.
 * - The median is the lower weighted median (§8.1).
 * - Δ = 0 (all at one position): the forecast is that position, `stable`, zero rounds.
 * - Dmax = Dmin: every exponent r = 1 and the run goes on; a probability whose denominator
 *   is 0 is 0; actors with zero weight do not vote but still move. Fewer than two actors,
 *   or a total weight of 0, is an input error.
 * - The `(1 − Q)` term is subtracted, as in Scholz et al.; Q and T are options (default 1).
 * - Choice: μ is the median in **both** passes of a round (the spec calls the mean of the
 *   net-votes second pass a quirk of that replication and §8 does not restate it). It only
 *   matters when Q ≠ 1.
 * - Stopping (§8.5) after each round t ≥ 1: `stable` when nobody moved or the last three
 *   medians agree within ε = stabilityTolerance·Δ; `cycle` of period 2, 3 or 4 when the
 *   medians of the last 2p rounds repeat with period p within cycleTolerance·Δ and the last
 *   p medians span more than ε (the forecast is their mean); else `max-rounds`.
 * - P from sorted positions and prefix sums (§7): O(n log n) to sort, then each pair in
 *   O(1) with a midpoint pointer (O(log n) with a binary search for a single pair).
 * The stopping rules are the parley variant's alone (§8.5). The faithful variants run
 * every requested round (default 20, as the reference runs), as the references do; their
 * only early stop is the degenerate state of §5 (equal danger levels, where the reference
 * would divide by zero next). A cycle they end in is still reported. `parley` can run a
 * fixed number of rounds too (`fixedRounds`).
 *
 * # Cost per round
 * - parley: O(n²) time (O(n² log n) with the per-pair binary search the spec describes).
 * - net-votes: O(n³), the direct sums of the reference, in its order.
 * - scholz-code: O(n³), for its probabilities; its denominator S is summed literally too
 *   (the reference's order, bit for bit) rather than in the O(n² log n) form of §7.
 * Two devices keep the round fast and its outcome unchanged, bit for bit: P is kept from
 * the first pass for the second (up to 2048 actors: 32 MB), and without the relation map
 * the offer pass skips challengers whose cheap upper bound on EU_ij cannot beat the best
 * offer already found (`challengeUtilityBound`): about 9 pairs in 10 at 1000 actors.
 * The faithful variants raise to powers with `correctlyRoundedPow` (`core/numerics/pow.ts`).
 *
 * The model is split by concept: `types.ts` (input, options, output), `shared.ts` (§2),
 * `probability.ts` (§3.1, §7), `net-votes.ts` (§3.1, §8), `scholz.ts` (§4), `stopping.ts`
 * (§8.5), `run.ts` (a run), `explain.ts` (rounds in words), and this file (the model).
 */
import { decidersOutcome } from '../../lobbying.js';
import {
  type ExplainOptions,
  type IssueForecast,
  type IssueInput,
  type Model,
  type ModelRunOptions,
  type NoDetails,
  type ParamSettings,
  type ParamValues,
  type PointScenario,
  paramSettings,
} from '../../model.js';
import { ParleyError } from '../../errors.js';
import { type ExplainedContest, byConsequence, explainedContests } from './explain.js';
import { runEum } from './run.js';
import { type EumOptions, eumLimits, eumParams } from './params.js';

/** The `details` of an eum forecast: the run, or nothing on an issue no actor takes part in. */
export type EumDetails = EumIssueDetails | NoDetails;

/** Whether eum details hold a run (every issue with an actor has one). */
export function hasEumRun(details: EumDetails): details is EumIssueDetails {
  return 'trajectory' in details;
}
type EumSettings = ParamSettings<typeof eumParams>;
import type { EumIssueDetails, EumRun } from './types.js';

export { explainEumRound, type EumExplainInput } from './explain.js';
export { eumDefaults, eumLimits, eumParams, variantRounds, type EumOptions } from './params.js';
export { netVotesProbabilityDirect, successProbabilities, successProbabilitiesDirect } from './probability.js';
export { runEum } from './run.js';
export { lowerWeightedMedian, riskExponents, utility } from './shared.js';
export { findMedianCycle } from './stopping.js';
export {
  eumVariants,
  type EumActor,
  type EumCycle,
  type EumIssueDetails,
  type EumMove,
  type EumRelation,
  type EumRelationKind,
  type EumRoundRelations,
  type EumRoundState,
  type EumRun,
  type EumShare,
  type EumStop,
  type EumVariant,
} from './types.js';

/** The run options the model's parameters describe (a parameter of the wrong type is its default). */
function optionsFromParams(params: ParamValues): EumSettings {
  return paramSettings('eum', eumParams, params);
}

/** runEum on an issue, its input errors naming the issue. */
function runIssue(issue: IssueInput, options: EumOptions): EumRun {
  try {
    return runEum(issue.actors, options);
  } catch (error) {
    if (error instanceof ParleyError) throw new ParleyError(error.code, `${error.message} (issue "${issue.id}")`);
    throw error;
  }
}

/**
 * The model on one issue. A single actor: the forecast is its position, zero rounds.
 * No actors: the status quo, if the issue has one; otherwise an input error.
 */
function forecastIssue(issue: IssueInput, options: EumSettings): IssueForecast<EumDetails> {
  if (issue.actors.length === 0) {
    if (issue.statusQuo === undefined) throw new ParleyError('eum-no-actors', `eum: issue "${issue.id}" has no actors`);
    return { issue: issue.id, forecast: issue.statusQuo, notes: ['no actor takes part in this issue: the status quo stands'], details: {} };
  }
  if (issue.actors.length === 1) {
    const only = issue.actors[0]!;
    const positions = { [only.id]: only.position };
    return {
      issue: issue.id,
      forecast: only.position,
      notes: [`${only.name} is the only actor on this issue: the forecast is its position`],
      details: {
        variant: options.variant,
        rounds: 0,
        stop: 'stable',
        cycle: null,
        trajectory: [{ round: 0, median: only.position, mean: only.position, positions }],
        finalPositions: positions,
        risk: [{ [only.id]: 1 }],
        weightedMean: only.position,
        median: only.position,
        delta: 0,
        actors: [{ id: only.id, name: only.name, weight: only.capability * only.salience }],
        ...(options.relations === false ? {} : { relations: [] }),
      },
    };
  }
  const tooManyForRelations = options.relations !== false && issue.actors.length > eumLimits.relationActors;
  const run = runIssue(issue, tooManyForRelations ? { ...options, relations: false } : options);
  const notes = tooManyForRelations
    ? [
        ...run.notes,
        `the relation map (n² entries a round) is kept for issues of at most ${eumLimits.relationActors} actors; this one has ${issue.actors.length.toLocaleString('en')}, so it is left out`,
      ]
    : run.notes;
  const details: EumIssueDetails = {
    variant: run.variant,
    rounds: run.rounds,
    stop: run.stop,
    cycle: run.cycle,
    trajectory: run.trajectory,
    finalPositions: run.finalPositions,
    risk: run.risk,
    weightedMean: run.weightedMean,
    median: run.median,
    delta: run.delta,
    actors: run.actors,
    ...(run.relations ? { relations: run.relations } : {}),
  };
  // The faithful variants reproduce published runs, which know no decision rules.
  const decided = run.variant === 'parley' ? decidersOutcome(issue, run.finalPositions) : undefined;
  if (decided) {
    return { issue: issue.id, forecast: decided.forecast, notes: [decided.note, ...notes], details: { ...details, bargained: run.forecast } };
  }
  return { issue: issue.id, forecast: run.forecast, notes, details };
}

export const eumModel: Model<EumDetails> = {
  id: 'eum',
  name: 'Expected utility model (Bueno de Mesquita)',
  summary:
    'Actors challenge one another, each weighing its chance of winning (the net votes of all actors, weighted by capability × salience) against what it risks; those expecting to lose give way, by conflict, compromise or capitulation. Rounds repeat until the weighted median settles or cycles; the forecast is the settled median, or the mean over the cycle.',
  references: [
    'Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In Bueno de Mesquita, B. & Stokman, F. N. (eds.), European Community Decision Making. Yale University Press.',
    'Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita’s group decision model. Journal of Theoretical Politics 23(4), 510–531.',
  ],
  params: eumParams,
  run(scenario: PointScenario, params: ParamValues, runOptions?: ModelRunOptions): IssueForecast<EumDetails>[] {
    const options = runOptions?.detail === 'forecast' ? { ...optionsFromParams(params), relations: false } : optionsFromParams(params);
    return scenario.issues.map((issue) => forecastIssue(issue, options));
  },
  /**
   * The contests of one round (default 1) in words, most consequential first (see
   * `explainEumRound`); without an issue, every issue's contests merged by consequence.
   * Issues with fewer than two actors, or that stopped before the round, have none.
   */
  explain(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[] {
    const runOptions = { ...optionsFromParams(params), relations: true };
    const round = options.round ?? 1;
    if (!Number.isInteger(round) || round < 1) {
      throw new ParleyError('eum-no-round', `eum: round ${round} is not a round of contests; rounds start at 1 (round 0 is the input)`);
    }
    const issues = options.issue === undefined ? scenario.issues : scenario.issues.filter((issue) => issue.id === options.issue);
    if (issues.length === 0) throw new ParleyError('unknown-issue', `unknown issue "${options.issue}"`);
    const contests: ExplainedContest[] = [];
    for (const issue of issues) {
      if (issue.actors.length < 2) continue;
      const run = runIssue(issue, runOptions);
      if (round > run.rounds) {
        if (options.issue === undefined) continue;
        throw new ParleyError('eum-no-round', `eum: issue "${issue.id}" stops after ${run.rounds} rounds (${run.stop}); explain round 1 to ${run.rounds}`);
      }
      contests.push(...explainedContests(run, round, issue.name));
    }
    return contests.sort(byConsequence).map((contest) => contest.line);
  },
};

/**
 * The spatial model of politics (SMP) of KTAB: actors hold positions in a space of several
 * issues at once. Each turn every actor weighs challenging every other one — its chance of
 * winning (its own and the third parties' votes) against what it risks — picks the most
 * rewarding target and offers it a bargain: both move to a point between them, weighted by
 * salience and the chance of winning. Each actor then holds an election among the bargains
 * that involve it (and staying put), in which every actor votes, and moves to the winner.
 * Turns repeat until the positions stop moving; the forecast is what the final positions
 * would win in a last election among them.
 *
 * References: KAPSARC discussion papers "An Introduction to the KAPSARC Toolkit for
 * Behavioral Analysis (KTAB)" and "Multidimensional Bargaining using KTAB"; the KTAB source
 * (MIT licence; lsyaseen/KTAB at 3b5b063, a fork of KAPSARC/KTAB), `apps/smpc`. The rules
 * follow `SMP-SPEC.md` of the reference folder (reference/ktab), whose section
 * numbers (§) are cited below. The model is split by concept: `types.ts` (options, input,
 * output), `world.ts` (constants and what a run holds fixed), `assessment.ts` (§5),
 * `challenges.ts` (§7), `bargains.ts` (§8–§10), `voting.ts` (§6, voting and elections),
 * `engine.ts` (the run, §4, §11–§12), `explain.ts` (a run in words), and this file (the
 * model on a scenario).
 *
 * # What KTAB does, and what is kept
 * `runSmp` is KTAB's model on KTAB's internal scale: positions and saliences in [0, 1]
 * (KTAB's CSV values divided by 100), capabilities raw. Deterministic runs reproduce KTAB's
 * reference runs at every turn. The nine options keep KTAB's names and value names (§3).
 * Where the spec marks an upstream bug (§13), KTAB's value keeps the bug and a value ending
 * in `Fixed` corrects it:
 * - `BigRAdjust=FullFixed` (§13.1): Full always fails KTAB's sanity check at state 0; the
 *   fixed value skips that check and runs with every actor knowing every risk attitude.
 * - `ThirdPartyCommit=…Fixed` (§13.2): KTAB weighs "m joins i" and "m joins j" with the same
 *   probabilities, so under NoCommit/FullCommit third parties never count and NoCommit
 *   equals FullCommit; the fixed values weigh each side by the probability that it wins
 *   with m's help, p(i+m > j) = (K_i + w)/(K_i + w + K_j), p(i > j+m) = K_i/(K_i + K_j + w).
 *   This changes SemiCommit results as well.
 * - `BargnModel=InitRcvrInterpFixed / PWCompInterpFixed` (§13.3, §13.4): the receiver's
 *   bargain uses j's estimate that i wins (φ) instead of i's expected utility gain, and the
 *   compromise weighs the receiver's bargain by the receiver's own capability.
 * - `DegenerateRisk=Neutral` (§13.8): when every position is equally likely (all actors at
 *   one point, or two camps of exactly equal capability facing each other), KTAB's risk
 *   attitudes are 0/0 = NaN and nobody moves again; the fixed value makes everybody risk
 *   neutral (and skips the sanity checks, which would fail) and the run goes on.
 * - `UtilityCheck=Skip`: KTAB also fails a run when ‖V − W‖ ≤ 1e-6 (§5.5 step 2), i.e. when
 *   risk attitudes cannot change any utility. That happens on ordinary data: an issue whose
 *   actors all sit at the two ends of its scale has every distance 0 or 1, where utility does
 *   not depend on risk (51 of the 188 DEU III development issues). Skip runs on, as the spec
 *   suggests for the same check under BigRAdjust=Full (§13.1).
 * Kept as in KTAB, as the spec asks: duplicate positions count separately in the risk
 * election (§13.5); the victory probability model does not reach the challenges (§13.10).
 * Zero capability or an all-zero salience vector are rejected before the run (§13.9).
 * Queues are filled in the canonical order of §9.3 and stochastic draws are made in actor
 * order (§13.6, §13.7), so every run here is reproducible, ASymProsp and Stochastic
 * included, which KTAB's threaded runs are not.
 *
 * # A scenario as KTAB input (`smpModel.run`)
 * - Dimensions are the scenario's issues, in order; actors are the union of the issues'
 *   participants keyed by id, in order of first appearance (issue by issue, file order),
 *   which is KTAB's actor order for a scenario imported from a KTAB file.
 * - Positions: issue scale [min, max] → (p − min)/(max − min) in [0, 1] and back.
 * - Salience: scenario saliences are 0..1 per issue, each independent; KTAB's per-actor
 *   vector sums to at most 1. An actor's vector is its saliences as given when they sum to
 *   at most 1 (a KTAB import is passed through unchanged), otherwise divided by their sum:
 *   the issues keep their relative weight (all the distances of §5.2 use) and the total
 *   σ_i, KTAB's share of attention that decides how readily an actor gives in (§7 step 5),
 *   is capped at 1.
 * - An actor without a stance on an issue enters that dimension with salience 0 — it does
 *   not care where the issue ends — and a neutral position: the issue's status quo if it
 *   has one, else the participants' mean position weighted by capability × salience (so
 *   its platform does not look extreme on an issue it has no view on). It is not listed
 *   among that issue's positions, but its platform stays a candidate outcome.
 * - Actors that care about nothing (all saliences 0) or have no capability are left out
 *   with a note: KTAB would abort on them (§13.9).
 * - The forecast on an issue is the probability-weighted mean of the final platforms'
 *   coordinates on it (probabilities of §12, summing to 1): the expected outcome, which
 *   moves smoothly with the input, where the most probable position jumps between groups
 *   when two are nearly tied. The most probable position group is in `details`.
 *
 * # Cost per turn (§14)
 * O(n²·D) for the distances; O(n³) for the risk election, the n(n−1) challenge evaluations
 * (O(n) each, from per-perspective risk estimates; the n perspective matrices U^h are never
 * stored) and the queue elections (each bargain's utilities once, O(n²), shared by both
 * queues it sits in); O(n²) memory. KTAB's logging work, O(n⁴) a turn, is not done.
 */
import { withDecidersOutcome } from '../../lobbying.js';
import { type ExplainOptions, type IssueForecast, type IssueInput, type Model, type ParamValues, type PointScenario, paramSettings } from '../../model.js';
import { ParleyError } from '../../errors.js';
import { explainSmpIssue } from './explain.js';
import { runSmp } from './engine.js';
import { type SmpOptions, smpDefaults, smpParams } from './params.js';
import { type IssueGroup, type SmpActor, type SmpDetails, type SmpRun, type SmpState, isFullSmpDetails } from './types.js';
import { positionTolerance } from './world.js';

export { runSmp } from './engine.js';
export { smpDefaults, smpParams, type SmpOptions } from './params.js';
export { isFullSmpDetails, type IssueGroup, type SmpDetails, type SmpIssueDetails } from './types.js';
export { pceModels, victoryProbModels, votingRules, type PceModel, type VictoryProbModel, type VotingRule } from './voting.js';
export { utility } from './world.js';
export {
  bargnModelValues,
  bigRAdjustValues,
  bigRRangeValues,
  degenerateRiskValues,
  interVecBrgnValues,
  stateTransitionsValues,
  thirdPartyCommitValues,
  utilityCheckValues,
  type BargnModel,
  type BigRAdjust,
  type BigRRange,
  type DegenerateRisk,
  type InterVecBrgn,
  type SmpActor,
  type SmpBargain,
  type SmpChallenge,
  type SmpElection,
  type SmpGroup,
  type SmpInput,
  type SmpRun,
  type SmpState,
  type SmpStop,
  type SmpTurn,
  type StateTransitions,
  type ThirdPartyCommit,
  type UtilityCheck,
} from './types.js';

/** One actor of a scenario as KTAB input (internal scale), and the issues it holds a stance on. */
export interface SmpScenarioActor extends SmpActor {
  name: string;
  position: number[];
  salience: number[];
  /** participates[k]: it holds a stance on issue k (otherwise salience 0 and a neutral position). */
  participates: boolean[];
}

/** The issue's scale mapped to [0, 1]. */
function toUnit(issue: IssueInput, position: number): number {
  const { min, max } = issue.scale;
  return (position - min) / (max - min);
}

function fromUnit(issue: IssueInput, coordinate: number): number {
  const { min, max } = issue.scale;
  return min + coordinate * (max - min);
}

/**
 * An actor's saliences as KTAB's vector: unchanged when they sum to at most 1, otherwise
 * divided by their sum (and nudged down if rounding leaves the sum a hair above 1).
 *
 * @example ktabSalience([0.8, 0.8]) // [0.5, 0.5]
 */
export function ktabSalience(saliences: readonly number[]): number[] {
  let vector = saliences.slice();
  for (let attempt = 0; attempt < 4; attempt++) {
    const sum = vector.reduce((total, value) => total + value, 0);
    if (sum <= 1) return vector;
    vector = vector.map((value) => value / sum);
  }
  return vector.map((value) => value * (1 - Number.EPSILON));
}

/**
 * Where an actor without a stance on an issue stands on it: the status quo, or else the
 * participants' mean position weighted by capability × salience (the plain mean when
 * nobody cares).
 */
function neutralPosition(issue: IssueInput): number {
  if (issue.statusQuo !== undefined) return issue.statusQuo;
  let weighted = 0;
  let totalWeight = 0;
  for (const actor of issue.actors) {
    weighted += actor.capability * actor.salience * actor.position;
    totalWeight += actor.capability * actor.salience;
  }
  if (totalWeight > 0) return weighted / totalWeight;
  return issue.actors.reduce((sum, actor) => sum + actor.position, 0) / Math.max(1, issue.actors.length);
}

/**
 * A scenario as KTAB's input (see "A scenario as KTAB input" above): the actors of all
 * issues in order of first appearance, positions mapped to [0, 1], saliences to KTAB's
 * vector, absent stances filled in; and, in plain words, the actors left out and why.
 * `exportKtabCsv` writes the same values, so a file and the scenario it came from run alike.
 *
 * Cost: O(n·D).
 */
export function smpActorsOf(scenario: PointScenario): { actors: SmpScenarioActor[]; excluded: string[] } {
  for (const issue of scenario.issues) {
    if (!(issue.scale.max > issue.scale.min)) throw new ParleyError('smp-input', `smp: issue "${issue.id}" has an empty scale`);
  }
  const dimensions = scenario.issues.length;
  const byId = new Map<string, SmpScenarioActor>();
  const neutral = scenario.issues.map(neutralPosition);
  scenario.issues.forEach((issue, k) => {
    for (const participant of issue.actors) {
      let actor = byId.get(participant.id);
      if (!actor) {
        actor = {
          id: participant.id,
          name: participant.name,
          capability: participant.capability,
          position: neutral.map((position, d) => toUnit(scenario.issues[d]!, position)),
          salience: new Array<number>(dimensions).fill(0),
          participates: new Array<boolean>(dimensions).fill(false),
        };
        byId.set(participant.id, actor);
      }
      actor.position[k] = toUnit(issue, participant.position);
      actor.salience[k] = participant.salience;
      actor.participates[k] = true;
    }
  });
  const actors: SmpScenarioActor[] = [];
  const excluded: string[] = [];
  for (const actor of byId.values()) {
    if (!(actor.capability > 0)) excluded.push(`${actor.name} has no capability and is left out (KTAB would abort on it)`);
    else if (actor.salience.every((value) => value === 0))
      excluded.push(`${actor.name} has salience 0 on every issue and is left out (KTAB would abort on it)`);
    else actors.push({ ...actor, salience: ktabSalience(actor.salience) });
  }
  return { actors, excluded };
}

/** The options the model's parameters describe, with the transitions' seed: `PrngSeed`, or else the run's seed, or else KTAB's. */
function optionsOf(params: ParamValues, runSeed: number | undefined): SmpOptions {
  const { PrngSeed, ...options } = paramSettings('smp', smpParams, params);
  return { ...options, seed: PrngSeed > 0 ? PrngSeed : (runSeed ?? smpDefaults.seed) };
}

/**
 * The forecast on one issue from a finished run: the outcome's distribution on this issue
 * (final platforms grouped by their coordinate here, within KTAB's position tolerance, each
 * group carrying the probability of the platforms in it), its mean (the forecast) and mode.
 */
function issueForecast(
  scenario: PointScenario,
  k: number,
  actors: readonly SmpScenarioActor[],
  run: SmpRun,
  notes: readonly string[],
  detail: 'full' | 'forecast' = 'full',
): IssueForecast<SmpDetails> {
  const issue = scenario.issues[k]!;
  const participants = actors.map((actor, index) => ({ actor, index })).filter(({ actor }) => actor.participates[k]);
  const finalState = run.states[run.states.length - 1]!;
  const coordinate = (index: number) => finalState.positions[index]![k]!;
  const onScale = (value: number) => fromUnit(issue, value);

  // Group every actor's final coordinate (first actor at a point represents it, as §5.1 does).
  const representatives: number[] = [];
  const groupOfActor = actors.map((_, index) => {
    const match = representatives.findIndex((r) => Math.abs(coordinate(index) - coordinate(r)) < positionTolerance);
    return match >= 0 ? match : representatives.push(index) - 1;
  });
  const groups: IssueGroup[] = representatives.map((r) => ({ position: onScale(coordinate(r)), actors: [], probability: 0 }));
  let mean = 0;
  for (const platform of run.groups) {
    groups[groupOfActor[platform.representative]!]!.probability += platform.probability;
    mean += platform.probability * coordinate(platform.representative);
  }
  for (const { actor, index } of participants) groups[groupOfActor[index]!]!.actors.push(actor.id);
  const mostProbable = groups.reduce((best, group) => (group.probability > best.probability ? group : best), groups[0]!);

  const idOf = (index: number) => actors[index]!.id;
  const positionsAt = (state: SmpState) => Object.fromEntries(participants.map(({ actor, index }) => [actor.id, onScale(state.positions[index]![k]!)]));
  const issueNotes = [...notes];
  const absent = actors.filter((actor) => !actor.participates[k]);
  if (absent.length > 0) {
    issueNotes.push(
      `${absent.map((actor) => actor.name).join(', ')} ${absent.length === 1 ? 'holds' : 'hold'} no stance here: salience 0 and a neutral position (${Number(onScale(absent[0]!.position[k]!).toPrecision(4))} at the start); their platforms still count as outcomes`,
    );
  }
  if (run.stop === 'max-turns') issueNotes.push(`positions were still moving after ${run.turnCount} turns`);
  if (finalState.riskAttitudes.some(Number.isNaN)) {
    issueNotes.push(
      'the run froze: every position was equally likely, so KTAB’s risk attitudes are undefined and nobody moves (DegenerateRisk=Neutral lets it go on)',
    );
  }
  // A Monte Carlo draw needs the forecast, and the final positions for a unilateral rule
  // (withDecidersOutcome); the rest explains the run.
  if (detail === 'forecast') return { issue: issue.id, forecast: onScale(mean), notes: issueNotes, details: { finalPositions: positionsAt(finalState) } };
  return {
    issue: issue.id,
    forecast: onScale(mean),
    notes: issueNotes,
    details: {
      forecastRule: 'probability-weighted mean of the final positions',
      mean: onScale(mean),
      mostProbable,
      rounds: run.turnCount,
      stop: run.stop,
      finalPositions: positionsAt(finalState),
      actorProbabilities: Object.fromEntries(participants.map(({ actor, index }) => [actor.id, run.actorProbabilities[index]!])),
      groups: groups.filter((group) => group.probability > 0 || group.actors.length > 0),
      salience: Object.fromEntries(participants.map(({ actor }) => [actor.id, actor.salience[k]!])),
      trajectory: run.states.map((state, round) => ({ round, positions: positionsAt(state) })),
      turns: run.turns.map((turn) => ({
        round: turn.round,
        challenges: turn.challenges.map((challenge) => ({
          challenger: idOf(challenge.initiator),
          target: idOf(challenge.target),
          winProbability: challenge.winProbability,
          gain: challenge.gain,
        })),
        took: turn.elections.map((election) => {
          const bargain = turn.bargains[election.queue[election.chosen]!]!;
          return {
            actor: idOf(election.actor),
            bargain: bargain.view === 'status-quo' ? 'status quo' : `${idOf(bargain.initiator)}>${idOf(bargain.receiver)}`,
            view: bargain.view,
            probability: election.probabilities[election.chosen]!,
            offers: election.queue.length,
          };
        }),
      })),
    },
  };
}

/**
 * The largest scenario the model runs. A turn evaluates every challenge from every third
 * party's view, n·(n − 1)·(n − 2) evaluations, and a run takes tens of turns: 250 actors
 * cost about 15 million evaluations a turn, some seconds a run on this machine (80 actors:
 * about 0.5 s), while 1,000 actors would take 64 times as long as 250 (issue 24: a
 * 1,000-actor forecast within 30 s). Memory is O(n²) and never the bound.
 */
export const smpLimits = { actors: 250 } as const;

export const smpModel: Model<SmpDetails> = {
  id: 'smp',
  name: 'Spatial model of politics (KTAB)',
  summary:
    'All issues at once: each turn every actor challenges the rival whose defeat it expects to gain most from, weighing its own, its target’s and third parties’ votes; the two are offered a bargain between their positions, and each actor moves to the bargain that wins an election among the offers it is part of. Turns repeat until positions settle; the forecast is the probability-weighted mean of the final positions. Reproduces KTAB’s SMP, with its nine options.',
  references: [
    'KAPSARC. An Introduction to the KAPSARC Toolkit for Behavioral Analysis (KTAB). KAPSARC discussion paper.',
    'KAPSARC. Multidimensional Bargaining using KTAB. KAPSARC discussion paper.',
    'KTAB: KAPSARC Toolkit for Behavioral Analysis, spatial model of politics (smpc), MIT licence. https://github.com/KAPSARC/KTAB (reproduced: the lsyaseen/KTAB fork at 3b5b063).',
  ],
  params: smpParams,
  run(scenario: PointScenario, params: ParamValues, options = {}): IssueForecast<SmpDetails>[] {
    const { actors, excluded } = smpActorsOf(scenario);
    if (actors.length < 2) {
      throw new ParleyError('smp-too-few-actors', `smp: needs at least two actors that care about some issue, got ${actors.length}`);
    }
    if (actors.length > smpLimits.actors) {
      const times = Math.round((actors.length / smpLimits.actors) ** 3);
      throw new ParleyError(
        'smp-too-large',
        `smp: the scenario is too large for this model: ${actors.length.toLocaleString('en')} actors, above the ${smpLimits.actors} it runs (its cost grows with the cube of the actors: about ${times.toLocaleString('en')} times that of ${smpLimits.actors}); run it on fewer actors (a variant), or forecast without the spatial model`,
      );
    }
    const detail = options.detail ?? 'full';
    const run = runSmp({ actors }, optionsOf(params, options.seed), detail === 'forecast' ? 'final' : 'all');
    return withDecidersOutcome(
      scenario.issues,
      scenario.issues.map((_, k) => issueForecast(scenario, k, actors, run, excluded, detail)),
    );
  },
  /** Per issue (or the one asked for): the outcome, the biggest moves, a turn's challenges and bargains (`explainSmpIssue`). */
  explain(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[] {
    if (options.issue !== undefined && !scenario.issues.some((issue) => issue.id === options.issue)) {
      throw new ParleyError('unknown-issue', `smp: unknown issue "${options.issue}"`);
    }
    const forecasts = smpModel.run(scenario, params, options.seed === undefined ? {} : { seed: options.seed });
    const names = Object.fromEntries(scenario.issues.flatMap((issue) => issue.actors.map((actor) => [actor.id, actor.name] as const)));
    return scenario.issues
      .filter((issue) => options.issue === undefined || issue.id === options.issue)
      .flatMap((issue) => {
        const details = forecasts.find((row) => row.issue === issue.id)?.details;
        if (details === undefined || !isFullSmpDetails(details)) return [];
        return explainSmpIssue(details, { issue: issue.name, scale: issue.scale, names, ...(options.round === undefined ? {} : { turn: options.round }) });
      });
  },
};

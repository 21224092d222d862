/**
 * §4, §11–§12 The run: turn after turn to a new state until the stopping rule holds, and the
 * probabilities of the final positions.
 */
import { electionScratch, scalarPce } from './voting.js';
import { type Assessment, assess, assessmentScratch, newAssessment } from './assessment.js';
import { bargainPosition, bargainWorkspace, electionCapacity, propose, resolveQueues } from './bargains.js';
import type { SmpOptions } from './params.js';
import type { SmpGroup, SmpInput, SmpRun, SmpState, SmpStop, SmpTurn } from './types.js';
import { type World, buildWorld, firstMovePadding, positionTolerance, resolveOptions } from './world.js';

/** §11.2 y'_i = Σ_j A_ij·x'_j + (1 − min(1, Σ_j A_ij))·y_i, written to `next`; the identity gives y' = x'. */
function nextIdeals(world: World, positions: Float64Array, ideals: Float64Array, next: Float64Array): void {
  const accommodation = world.accommodation;
  if (!accommodation) {
    next.set(positions);
    return;
  }
  const n = world.actorCount;
  const dimensions = world.dimensions;
  next.fill(0);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) {
      const share = accommodation[i * n + j]!;
      rowSum += share;
      for (let k = 0; k < dimensions; k++) next[i * dimensions + k] = next[i * dimensions + k]! + share * positions[j * dimensions + k]!;
    }
    const keep = 1 - Math.min(1, rowSum);
    for (let k = 0; k < dimensions; k++) next[i * dimensions + k] = next[i * dimensions + k]! + keep * ideals[i * dimensions + k]!;
  }
}

/** Euclidean distance between actor a's position in one state and actor b's in another. */
function separation(dimensions: number, left: Float64Array, a: number, right: Float64Array, b: number): number {
  let squareSum = 0;
  for (let k = 0; k < dimensions; k++) {
    const gap = left[a * dimensions + k]! - right[b * dimensions + k]!;
    squareSum += gap * gap;
  }
  return Math.sqrt(squareSum);
}

/** §11.3 dist(S, T): how far the actors moved between two states, summed. */
function movement(world: World, from: Float64Array, to: Float64Array): number {
  let total = 0;
  for (let i = 0; i < world.actorCount; i++) total += separation(world.dimensions, from, i, to, i);
  return total;
}

// ---------------------------------------------------------------------------------------
// §12 Probabilities of the final positions
// ---------------------------------------------------------------------------------------

/**
 * §5.1 and §12: the distinct positions of a state (the first actor at each, scanning in
 * order), the probability that each would win an election among them (every actor voting
 * with raw capability and its own risk-aware utilities), and the probability KTAB reports
 * for each actor: that of the *last* distinct position equivalent to its own.
 *
 * Cost: O(n²·D) + O(n·M²) for M distinct positions.
 */
function positionProbabilities(world: World, assessment: Assessment, positions: Float64Array): { groups: SmpGroup[]; actorProbabilities: number[] } {
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const representatives: number[] = [];
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const match = representatives.findIndex((r) => separation(dimensions, positions, i, positions, r) < positionTolerance);
    groupOf[i] = match >= 0 ? match : representatives.push(i) - 1;
  }
  const options = representatives.map((r) => assessment.utility.subarray(r * n, (r + 1) * n));
  const probability = scalarPce(world.rule, world.options.VictoryProbModel, world.options.PCEModel, world.capability, options);
  const groups: SmpGroup[] = representatives.map((representative, m) => ({ representative, members: [], probability: probability[m]! }));
  for (let i = 0; i < n; i++) groups[groupOf[i]!]!.members.push(i);
  const actorProbabilities = Array.from({ length: n }, (_, i) => {
    let last = -1;
    representatives.forEach((r, m) => {
      if (separation(dimensions, positions, i, positions, r) < positionTolerance) last = m;
    });
    return probability[last]!;
  });
  return { groups, actorProbabilities };
}

// ---------------------------------------------------------------------------------------
// §4 The run
// ---------------------------------------------------------------------------------------

function toRows(values: ArrayLike<number>, n: number, dimensions: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: dimensions }, (_, k) => values[i * dimensions + k]!));
}

/**
 * Runs KTAB's spatial model of politics (§4) on actors given on KTAB's internal scale.
 * Each turn: assess the state (§5), let every actor choose a target and queue bargains
 * (§8–§9), resolve every queue from the old state (§10), update ideals (§11.2); stop after
 * `MaxTurns` turns or when a turn moves the actors less than `StopRatio` times the first
 * turn did (§11.3, never before turn 2). Deterministic by default; with
 * `StateTransitions: 'Stochastic'` the bargains are drawn with a generator seeded by
 * `seed`, so the same seed gives the same run. KTAB's run errors (the §5.5 checks, a Markov
 * PCE that does not settle) throw a ParleyError with code `smp-failed`.
 *
 * `keep: 'final'` keeps no history: `states` holds the final state alone and `turns` is
 * empty (`turnCount` still counts them), for callers that need only the outcome (Monte
 * Carlo draws); the run itself is the same.
 *
 * Cost: O(n³ + n²·D) a turn, O(n²) memory (plus, unless `keep: 'final'`, the history of
 * states and turns).
 *
 * @example
 * const run = runSmp({ actors: [
 *   { id: 'a', capability: 100, position: [0.2], salience: [0.8] },
 *   { id: 'b', capability: 60, position: [0.6], salience: [0.5] },
 *   { id: 'c', capability: 30, position: [0.9], salience: [0.9] },
 * ] });
 * run.states.length // 4 (3 turns)
 * run.states[3]!.positions // [[0.3078], [0.6179], [0.6179]]: b and c settle together
 * run.groups.map((group) => group.probability) // ≈ [0.204, 0.796]
 */
export function runSmp(input: SmpInput, options: SmpOptions = {}, keep: 'all' | 'final' = 'all'): SmpRun {
  const resolved = resolveOptions(options);
  const world = buildWorld(input, resolved);
  const n = world.actorCount;
  const dimensions = world.dimensions;
  const history = keep === 'all';

  // Two buffers each for positions and ideals (a turn reads the old state while it writes the
  // new one) and one assessment, overwritten turn after turn: a turn allocates no typed array.
  const election = electionScratch(electionCapacity(world));
  const workspace = bargainWorkspace(world, election);
  const scratch = assessmentScratch(n, election);
  let positions: Float64Array = new Float64Array(n * dimensions);
  input.actors.forEach((actor, i) => positions.set(actor.position, i * dimensions));
  let spare: Float64Array = new Float64Array(n * dimensions);
  let ideals: Float64Array = positions.slice();
  let spareIdeals: Float64Array = new Float64Array(n * dimensions);
  const assessment: Assessment = assess(world, positions, ideals, newAssessment(n), scratch);
  // Turn 1 writes into `spare`, so the input positions stay until the first move is measured.
  const initialPositions = positions;
  const states: SmpState[] = [];
  const record = () =>
    states.push({
      positions: toRows(positions, n, dimensions),
      ideals: toRows(ideals, n, dimensions),
      riskProbabilities: Array.from(assessment.riskProbability),
      riskAttitudes: Array.from(assessment.risk),
    });
  if (history) record();

  const turns: SmpTurn[] = [];
  let turnCount = 0;
  let firstMove = 0;
  let stop: SmpStop | undefined;
  for (let turn = 1; stop === undefined; turn++) {
    const proposals = propose(world, assessment, positions, workspace, history);
    const elections = resolveQueues(world, assessment, positions, ideals, proposals, workspace, spare, history);
    const previous = positions;
    positions = spare;
    spare = previous;
    nextIdeals(world, positions, ideals, spareIdeals);
    [ideals, spareIdeals] = [spareIdeals, ideals];
    assess(world, positions, ideals, assessment, scratch);
    turnCount = turn;
    if (history) record();
    if (history)
      turns.push({
        round: turn,
        challenges: proposals.challenges,
        bargains: proposals.bargains.map((bargain) => ({
          initiator: bargain.initiator,
          receiver: bargain.receiver,
          view: bargain.view,
          initiatorPosition: bargainPosition(world, workspace, previous, bargain, 0),
          receiverPosition: bargainPosition(world, workspace, previous, bargain, 1),
        })),
        elections,
      });

    if (turn === 1) firstMove = movement(world, initialPositions, positions) + firstMovePadding;
    const lastMove = movement(world, positions, previous);
    if (turn >= 2 && lastMove / firstMove < resolved.StopRatio) stop = 'converged';
    else if (turn >= resolved.MaxTurns) stop = 'max-turns';
  }
  if (!history) record();
  return { states, turns, turnCount, stop, ...positionProbabilities(world, assessment, positions) };
}

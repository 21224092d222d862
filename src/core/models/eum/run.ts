/**
 * A run of the expected utility model: validation, rounds of the chosen variant, stopping,
 * and its record.
 */
import { correctlyRoundedPow } from '../../numerics/pow.js';
import { ParleyError } from '../../errors.js';
import { maxCachedActors, netVotesRound } from './net-votes.js';
import { scholzRound } from './scholz.js';
import { type Power, type RunContext, argminMedian, lowerWeightedMedian, weightedMean } from './shared.js';
import { findMedianCycle, isStable } from './stopping.js';
import { type EumOptions, eumDefaults, variantRounds } from './params.js';
import { type EumActor, type EumCycle, type EumRoundRelations, type EumRoundState, type EumRun, type EumStop, eumVariants } from './types.js';

function validate(actors: readonly EumActor[]): void {
  if (actors.length < 2) throw new ParleyError('eum-too-few-actors', 'eum requires at least two actors');
  const seen = new Set<string>();
  for (const actor of actors) {
    if (seen.has(actor.id)) throw new ParleyError('eum-duplicate-actor', `eum: actor "${actor.id}" appears twice`);
    seen.add(actor.id);
    if (!Number.isFinite(actor.position)) throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" has no finite position`);
    if (!(actor.capability >= 0) || !Number.isFinite(actor.capability)) {
      throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" needs a finite capability ≥ 0`);
    }
    if (!(actor.salience >= 0 && actor.salience <= 1)) {
      throw new ParleyError('eum-invalid-actor', `eum: actor "${actor.id}" needs a salience in 0..1`);
    }
  }
  if (!actors.some((actor) => actor.capability * actor.salience > 0)) {
    throw new ParleyError('eum-no-weight', 'eum: every actor has zero capability or zero salience');
  }
}

function positionRecord(ids: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const record: Record<string, number> = {};
  for (let k = 0; k < ids.length; k++) record[ids[k]!] = values[k]!;
  return record;
}

export function formatNumber(value: number, delta: number): string {
  const decimals = Math.max(0, 3 - Math.ceil(Math.log10(delta > 0 ? delta : 1)));
  return String(Number(value.toFixed(Math.min(decimals, 12))));
}

/**
 * Runs the expected utility model on one issue.
 *
 * Reference: Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011); EUM-SPEC §3 (net-votes),
 * §4 (scholz-code), §8 (parley).
 *
 * Cost per round: parley O(n²) after an O(n log n) sort; net-votes and scholz-code O(n³).
 * The relation map adds O(n²) memory a round; turn it off for large runs.
 *
 * @param actors the participants in input order (the order breaks ties)
 * @param options variant, round limit, stopping tolerances, Q and T, relation map on/off
 * @example
 * runEum(
 *   [
 *     { id: 'a', capability: 100, position: 0, salience: 0.4 },
 *     { id: 'b', capability: 70, position: 25, salience: 0.6 },
 *     { id: 'c', capability: 60, position: 55, salience: 0.75 },
 *     { id: 'd', capability: 20, position: 100, salience: 0.9 },
 *   ],
 *   { variant: 'net-votes', rounds: 1, fixedRounds: true },
 * ).trajectory[1]!.positions // { a: 100, b: 25, c: 55, d: 100 } (EUM-SPEC §6)
 */
export function runEum(actors: readonly EumActor[], options: EumOptions = {}): EumRun {
  validate(actors);
  const variant = options.variant ?? 'parley';
  if (!eumVariants.includes(variant)) throw new ParleyError('eum-invalid-option', `eum: unknown variant "${String(variant)}"`);
  const faithful = variant !== 'parley';
  // `rounds` 0 is the parameter's "the variant's default" (params.ts).
  const maxRounds = options.rounds === undefined || options.rounds === 0 ? (faithful ? variantRounds.faithful : variantRounds.parley) : options.rounds;
  // EUM-SPEC §5: the references stop early only in the degenerate state; "three equal
  // medians" and cycle stops are parley's rules (§8.5), so a faithful run prints every round.
  const fixedRounds = faithful || options.fixedRounds === true;
  if (!Number.isInteger(maxRounds) || maxRounds < 1) throw new ParleyError('eum-invalid-option', 'eum: rounds must be an integer ≥ 1');
  const stabilityTolerance = options.stabilityTolerance ?? eumDefaults.stabilityTolerance;
  const cycleTolerance = options.cycleTolerance ?? eumDefaults.cycleTolerance;
  const q = options.q ?? eumDefaults.q;
  const t = options.t ?? eumDefaults.t;
  for (const [name, value] of [
    ['stabilityTolerance', stabilityTolerance],
    ['cycleTolerance', cycleTolerance],
    ['q', q],
    ['t', t],
  ] as const) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new ParleyError('eum-invalid-option', `eum: ${name} must be a finite number ≥ 0`);
  }
  const keepRelations = options.relations ?? eumDefaults.relations;

  const ids = actors.map((actor) => actor.id);
  const weights = Float64Array.from(actors, (actor) => actor.capability * actor.salience);
  const saliences = Float64Array.from(actors, (actor) => actor.salience);
  let positions: Float64Array = Float64Array.from(actors, (actor) => actor.position);
  const delta = Math.max(...positions) - Math.min(...positions);
  const power: Power = variant === 'parley' ? Math.pow : correctlyRoundedPow;
  const probabilityCache = variant !== 'scholz-code' && ids.length <= maxCachedActors ? new Float64Array(ids.length * ids.length) : null;
  const context: RunContext = { variant, ids, weights, saliences, delta, q, t, relations: keepRelations, power, probabilityCache };
  const medianOf = (values: Float64Array): number => (variant === 'parley' ? lowerWeightedMedian(values, weights) : argminMedian(values, weights));
  const epsilon = stabilityTolerance * delta;
  const cycleWidth = cycleTolerance * delta;

  const medians = [medianOf(positions)];
  const trajectory: EumRoundState[] = [{ round: 0, median: medians[0]!, mean: weightedMean(positions, weights), positions: positionRecord(ids, positions) }];
  const risk: Array<Record<string, number>> = [positionRecord(ids, new Float64Array(ids.length).fill(1))];
  const relations: EumRoundRelations[] = [];
  const notes: string[] = [];
  let stop: EumStop = 'max-rounds';
  let cycle: EumCycle | null = null;

  if (delta === 0) {
    stop = 'stable';
    notes.push(`every actor holds one position (${formatNumber(positions[0]!, 1)}): the forecast is that position`);
  } else {
    for (let round = 1; round <= maxRounds; round++) {
      const outcome = variant === 'scholz-code' ? scholzRound(context, positions) : netVotesRound(context, positions);
      if (!outcome) {
        stop = 'stable';
        notes.push(
          `after round ${round - 1} every actor's danger level is equal${
            new Set(positions).size === 1 ? ' (all hold one position)' : ''
          }: the reference divides by zero in the next round, so the run stops here`,
        );
        break;
      }
      const moved = outcome.positions.some((position, k) => position !== positions[k]);
      positions = outcome.positions;
      medians.push(medianOf(positions));
      trajectory.push({ round, median: medians[round]!, mean: weightedMean(positions, weights), positions: positionRecord(ids, positions) });
      risk.push(positionRecord(ids, outcome.risk));
      if (outcome.relations) relations.push({ ...outcome.relations, round });
      if (fixedRounds) continue;
      if (isStable(medians, moved, epsilon)) {
        stop = 'stable';
        break;
      }
      cycle = findMedianCycle(medians, epsilon, cycleWidth);
      if (cycle) {
        stop = 'cycle';
        break;
      }
    }
  }
  const rounds = trajectory.length - 1;
  const lastMedian = medians[rounds]!;
  if (stop === 'max-rounds') {
    cycle = findMedianCycle(medians, epsilon, cycleWidth);
    notes.push(
      cycle
        ? `the run ends after ${rounds} rounds with the median cycling between ${cycle.medians.map((m) => formatNumber(m, delta)).join(' and ')}; the forecast is the last median`
        : fixedRounds
          ? `the run has a fixed ${rounds} rounds; the forecast is the last median`
          : `the median did not settle within ${rounds} rounds; the forecast is the last median`,
    );
  }
  if (stop === 'cycle' && cycle) {
    notes.push(
      `the median cycles between ${cycle.medians.map((m) => formatNumber(m, delta)).join(' and ')}; the forecast is the mean over the cycle (${formatNumber(cycle.mean, delta)})`,
    );
  }
  const run: EumRun = {
    variant,
    delta,
    actors: actors.map((actor, k) => ({ id: actor.id, name: actor.name ?? actor.id, weight: weights[k]! })),
    forecast: stop === 'cycle' && cycle ? cycle.mean : lastMedian,
    median: lastMedian,
    weightedMean: trajectory[rounds]!.mean,
    stop,
    rounds,
    cycle,
    trajectory,
    risk,
    finalPositions: trajectory[rounds]!.positions,
    notes,
  };
  if (keepRelations) run.relations = relations;
  return run;
}

// ---------------------------------------------------------------------------------------

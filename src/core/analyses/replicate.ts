/**
 * The replication suite: every claim that README.md and docs/ make about reproducing a
 * published tool or dataset, run against the reference data in `reference/`, one row per
 * claim with the largest deviation found and the tolerance it is held to. `parley
 * replicate` prints the rows; the tests run them. Pure: the io layer reads the files
 * (src/io/reference.ts) and passes the data in.
 *
 * The claims and their sources:
 * - eum: both faithful variants on all 25 reference trajectories (reference/bdm): every
 *   actor's position and risk exponent, the weighted median and mean, every round, to 1e-9;
 *   run with the model's defaults (20 rounds, no stopping rule), as a user would.
 * - smp: KTAB's reference runs (reference/ktab/README.md): every position every turn within
 *   0.01 on 0–100, and the final probabilities of dummyData_3Dim within 1e-3.
 * - exchange: Decide's CoP21 list (reference/decide/README.md): rows 1–36 with Python
 *   Decide's history rule, 1–56 and 124 of 128 exchanges with the original's; in both
 *   arithmetics. The worked cases of EXCHANGE-SPEC.md §9 and Copenhagen's 450 exchanges in
 *   10 rounds (EXCHANGE-SPEC.md, introduction), in decimals.
 * - deu: the baseline MAEs of reference/deu3/README.md, to the two decimals printed.
 */
import type { BacktestCase } from './backtest.js';
import type { IssueInput, Model, PointScenario } from '../model.js';
import { compromiseModel } from '../models/compromise.js';
import { runEum, type EumActor, type EumVariant } from '../models/eum/index.js';
import { runExchange, type Exchange } from '../models/exchange.js';
import { medianModel } from '../models/median.js';
import { runSmp, type SmpActor } from '../models/smp/index.js';

/** One claim checked: the largest deviation found against the tolerance it is held to. */
export interface ReplicationRow {
  model: 'eum' | 'smp' | 'exchange' | 'deu';
  variant: string;
  /** The dataset and where its numbers come from. */
  reference: string;
  /** What is compared. */
  measure: string;
  deviation: number;
  tolerance: number;
  pass: boolean;
}

export const replicationGroups = ['eum', 'smp', 'exchange', 'deu'] as const;
export type ReplicationGroup = (typeof replicationGroups)[number];

/** One round of an EUM reference run (reference/bdm/trajectories/*.json), values in input order. */
export interface EumReferenceRound {
  round: number;
  positions: number[];
  risk: number[];
  weightedMedian: number;
  weightedMean: number;
}

export interface EumReference {
  dataset: string;
  actors: EumActor[];
  variants: Record<string, { actors: string[]; rounds: EumReferenceRound[] }>;
}

export interface SmpReference {
  name: string;
  actors: SmpActor[];
  /** `[turn, actor, dimension, position on 0–100]` of the reference run. */
  positions: Array<[number, number, number, number]>;
  /** Each actor's final probability, when the reference prints them. */
  probabilities?: number[];
}

/** One row of Decide's CoP21.compare.csv. */
export interface ExchangeListRow {
  sides: Array<{ actor: string; issue: string; from: string; move: string; to: string }>;
  gain: string;
}

/** A printed value of EXCHANGE-SPEC.md §9 and where it is in a run. */
export interface WorkedValue {
  label: string;
  printed: string;
  value: (run: ReturnType<typeof runExchange>) => number | undefined;
}

export interface WorkedCase {
  name: string;
  scenario: PointScenario;
  rounds: number;
  values: WorkedValue[];
}

export interface ReplicationData {
  eum: EumReference[];
  smp: SmpReference[];
  exchange: { cop21: PointScenario; cop21List: ExchangeListRow[]; copenhagen: PointScenario };
  deu: { equal: BacktestCase[]; nice: BacktestCase[] };
}

/**
 * Runs the replications of the chosen groups (default: all). Cost: about 15 s for all, most
 * of it the decimal exchange runs.
 *
 * @example replicate(data, { only: ['deu'] })[0] // { model: 'deu', variant: 'compromise, equal capability', deviation: 0.002…, tolerance: 0.005, pass: true, … }
 */
export function replicate(data: ReplicationData, options: { only?: readonly ReplicationGroup[] } = {}): ReplicationRow[] {
  const chosen = new Set(options.only ?? replicationGroups);
  return [
    ...(chosen.has('eum') ? eumRows(data.eum) : []),
    ...(chosen.has('smp') ? smpRows(data.smp) : []),
    ...(chosen.has('exchange') ? exchangeRows(data.exchange) : []),
    ...(chosen.has('deu') ? deuRows(data.deu) : []),
  ];
}

/** A deviation that could not be measured (a missing round, a different exchange) is infinite. */
function row(fields: Omit<ReplicationRow, 'pass'>): ReplicationRow {
  const deviation = Number.isNaN(fields.deviation) ? Number.POSITIVE_INFINITY : fields.deviation;
  return { ...fields, deviation, pass: deviation <= fields.tolerance };
}

// ---------------------------------------------------------------------------------------
// eum
// ---------------------------------------------------------------------------------------

function eumRows(references: readonly EumReference[]): ReplicationRow[] {
  const rows: ReplicationRow[] = [];
  for (const reference of references) {
    for (const [variant, expected] of Object.entries(reference.variants)) {
      const run = runEum(reference.actors, { variant: variant as EumVariant, relations: false });
      let deviation =
        run.rounds === expected.rounds.length - 1 && reference.actors.every((actor, k) => actor.id === expected.actors[k]) ? 0 : Number.POSITIVE_INFINITY;
      for (const want of expected.rounds) {
        const got = run.trajectory[want.round];
        if (!got) {
          deviation = Number.POSITIVE_INFINITY;
          continue;
        }
        reference.actors.forEach((actor, k) => {
          deviation = Math.max(deviation, Math.abs(got.positions[actor.id]! - want.positions[k]!), Math.abs(run.risk[want.round]![actor.id]! - want.risk[k]!));
        });
        deviation = Math.max(deviation, Math.abs(got.median - want.weightedMedian), Math.abs(got.mean - want.weightedMean));
      }
      rows.push(
        row({
          model: 'eum',
          variant,
          reference: `${reference.dataset} (reference/bdm/trajectories)`,
          measure: `positions, risk, median and mean, every round (${expected.rounds.length - 1} round${expected.rounds.length === 2 ? '' : 's'})`,
          deviation,
          tolerance: 1e-9,
        }),
      );
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// smp
// ---------------------------------------------------------------------------------------

function smpRows(references: readonly SmpReference[]): ReplicationRow[] {
  const rows: ReplicationRow[] = [];
  for (const reference of references) {
    const run = runSmp({ actors: reference.actors });
    const states = Math.max(...reference.positions.map(([turn]) => turn)) + 1;
    let deviation = run.states.length === states ? 0 : Number.POSITIVE_INFINITY;
    for (const [turn, actor, dimension, want] of reference.positions) {
      const got = run.states[turn]?.positions[actor]?.[dimension];
      deviation = got === undefined ? Number.POSITIVE_INFINITY : Math.max(deviation, Math.abs(got * 100 - want));
    }
    rows.push(
      row({
        model: 'smp',
        variant: 'KTAB defaults',
        reference: `${reference.name} (reference/ktab, KTAB 3b5b063)`,
        measure: `every position every turn, 0–100 (${states} states)`,
        deviation,
        tolerance: 0.01,
      }),
    );
    if (reference.probabilities) {
      const probabilities = reference.probabilities;
      const probabilityDeviation =
        run.actorProbabilities.length === probabilities.length
          ? Math.max(...run.actorProbabilities.map((probability, actor) => Math.abs(probability - probabilities[actor]!)))
          : Number.POSITIVE_INFINITY;
      rows.push(
        row({
          model: 'smp',
          variant: 'KTAB defaults',
          reference: `${reference.name} (reference/ktab, ref-probs)`,
          measure: 'final probability of each actor’s position',
          deviation: probabilityDeviation,
          tolerance: 1e-3,
        }),
      );
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// exchange
// ---------------------------------------------------------------------------------------

const pairKey = (sides: ReadonlyArray<{ actor: string; issue: string }>) =>
  sides
    .map((side) => `${side.actor}/${side.issue}`)
    .sort()
    .join(' + ');

/** One unit of a printed value's last digit; a printed whole number is a scale end or a partner's position, reached exactly. */
function printedUnit(printed: string): number {
  return printed.includes('.') ? 10 ** -printed.split('.')[1]!.length : 1e-9;
}

/**
 * The CoP21 list's first `count` rows against a run: a row whose pair or issues differ is an
 * infinite deviation; else the gain's deviation, and for the first `strictCount` rows each
 * move and position's deviation in units of its last printed digit.
 */
function listDeviation(
  exchanges: readonly Exchange[],
  list: readonly ExchangeListRow[],
  count: number,
  strictCount: number,
): { gain: number; printedUnits: number } {
  const deviation = { gain: 0, printedUnits: 0 };
  list.slice(0, count).forEach((listRow, index) => {
    const exchange = exchanges[index];
    if (!exchange || pairKey(exchange.moves) !== pairKey(listRow.sides)) {
      deviation.gain = Number.POSITIVE_INFINITY;
      deviation.printedUnits = Number.POSITIVE_INFINITY;
      return;
    }
    deviation.gain = Math.max(deviation.gain, Math.abs(exchange.gain - Number(listRow.gain)));
    if (index >= strictCount) return;
    for (const side of listRow.sides) {
      const move = exchange.moves.find((candidate) => candidate.actor === side.actor && candidate.issue === side.issue)!;
      for (const field of ['from', 'move', 'to'] as const) {
        deviation.printedUnits = Math.max(deviation.printedUnits, Math.abs(move[field] - Number(side[field])) / printedUnit(side[field]));
      }
    }
  });
  return deviation;
}

function exchangeRows(data: ReplicationData['exchange']): ReplicationRow[] {
  const rows: ReplicationRow[] = [];
  const listReference = 'CoP21 round 1 (reference/decide/CoP21.compare.csv, the original Decide software)';
  for (const arithmetic of ['decimal', 'double'] as const) {
    const candidateRun = runExchange(data.cop21, { arithmetic, rounds: 1 });
    const candidate = listDeviation(candidateRun.exchanges, data.cop21List, 36, 36);
    const variant = `${arithmetic}, moveHistory=candidate`;
    rows.push(
      row({ model: 'exchange', variant, reference: listReference, measure: 'rows 1–36: pair, issues and gain', deviation: candidate.gain, tolerance: 1e-5 }),
    );
    rows.push(
      row({
        model: 'exchange',
        variant,
        reference: listReference,
        measure: 'rows 1–36: moves and positions, in units of the last printed digit',
        deviation: candidate.printedUnits,
        tolerance: 1,
      }),
    );

    const executedRun = runExchange(data.cop21, { arithmetic, rounds: 1, moveHistory: 'executed' });
    const executed = listDeviation(executedRun.exchanges, data.cop21List, 56, 36);
    const executedVariant = `${arithmetic}, moveHistory=executed`;
    rows.push(
      row({
        model: 'exchange',
        variant: executedVariant,
        reference: listReference,
        measure: 'rows 1–56: pair, issues and gain',
        deviation: executed.gain,
        tolerance: 1e-5,
      }),
    );
    const ours = new Set(executedRun.exchanges.map((exchange) => pairKey(exchange.moves)));
    const shared = data.cop21List.filter((listRow) => ours.has(pairKey(listRow.sides))).length;
    rows.push(
      row({
        model: 'exchange',
        variant: executedVariant,
        reference: listReference,
        measure: `listed exchanges that occur: ${shared} of ${data.cop21List.length} (README: 124)`,
        deviation: Math.abs(shared - 124),
        tolerance: 0,
      }),
    );
  }
  for (const worked of workedCases) {
    const run = runExchange(worked.scenario, { arithmetic: 'decimal', rounds: worked.rounds });
    let deviation = 0;
    for (const value of worked.values) {
      const got = value.value(run);
      const decimals = value.printed.includes('.') ? value.printed.split('.')[1]!.length : 0;
      const allowed = Math.max(1e-9 * Math.abs(Number(value.printed)), 0.5 * 10 ** -decimals);
      deviation = got === undefined ? Number.POSITIVE_INFINITY : Math.max(deviation, Math.abs(got - Number(value.printed)) / allowed);
    }
    rows.push(
      row({
        model: 'exchange',
        variant: 'decimal',
        reference: `${worked.name} (EXCHANGE-SPEC.md §9, Decide's code)`,
        measure: `${worked.values.length} printed values: worst error / allowed (1e-9 relative or half a unit of the last digit)`,
        deviation,
        tolerance: 1,
      }),
    );
  }
  const copenhagen = runExchange(data.copenhagen, { arithmetic: 'decimal', rounds: 10 });
  rows.push(
    row({
      model: 'exchange',
      variant: 'decimal',
      reference: 'Copenhagen, 10 rounds (reference/decide/copenhagen.csv; EXCHANGE-SPEC.md: Decide executes 450)',
      measure: `exchanges executed: ${copenhagen.exchanges.length} in ${copenhagen.rounds} rounds`,
      deviation: Math.abs(copenhagen.exchanges.length - 450) + Math.abs(copenhagen.rounds - 10),
      tolerance: 0,
    }),
  );
  return rows;
}

/** `actor: { issue: [position, salience, power] }` on 0..100 scales, in the order given. */
function tableScenario(table: Record<string, Record<string, [number, number, number]>>): PointScenario {
  const issueIds = [...new Set(Object.values(table).flatMap((entry) => Object.keys(entry)))];
  const issues: IssueInput[] = issueIds.map((id) => ({
    id,
    name: id,
    scale: { min: 0, max: 100 },
    actors: Object.entries(table)
      .filter(([, entry]) => entry[id] !== undefined)
      .map(([actor, entry]) => ({ id: actor, name: actor, position: entry[id]![0], salience: entry[id]![1], capability: entry[id]![2] })),
  }));
  return { id: 'worked-case', title: 'worked case', issues };
}

type Run = ReturnType<typeof runExchange>;
const exchangeOf = (run: Run, round: number, order: number) => run.exchanges.find((exchange) => exchange.round === round && exchange.order === order);
/** Where actor moved in the given exchange: `from`, `to`. */
const moved = (round: number, order: number, actor: string, field: 'from' | 'to') => (run: Run) =>
  exchangeOf(run, round, order)?.moves.find((move) => move.actor === actor)?.[field];
const gainOf = (round: number, order: number) => (run: Run) => exchangeOf(run, round, order)?.gain;
const outcome = (issue: number, round: number, which: 'start' | 'voting') => (run: Run) => run.issues[issue]?.trajectory[round - 1]?.[which];
const startOf = (issue: number, round: number, actor: string) => (run: Run) => run.issues[issue]?.trajectory[round - 1]?.startPositions[actor];
const value = (label: string, printed: string, read: WorkedValue['value']): WorkedValue => ({ label, printed, value: read });

/** EXCHANGE-SPEC.md §9: the worked cases, each value as printed there. */
const workedCases: WorkedCase[] = [
  {
    name: 'case 1, §9.1',
    rounds: 2,
    scenario: tableScenario({
      A1: { P1: [10, 0.8, 1], P2: [20, 0.3, 1] },
      A2: { P1: [90, 0.3, 1], P2: [80, 0.7, 1] },
      A3: { P1: [50, 0.5, 0.5], P2: [40, 0.5, 0.5] },
    }),
    values: [
      value('O(P1) round 1', '35.18518519', outcome(0, 1, 'start')),
      value('O(P2) round 1', '57.6', outcome(1, 1, 'start')),
      value('A2 to', '31.09090909', moved(1, 1, 'A2', 'to')),
      value('A1 to', '80', moved(1, 1, 'A1', 'to')),
      value('gain', '6.152727273', gainOf(1, 1)),
      value('voting O(P1)', '22.09427609', outcome(0, 1, 'voting')),
      value('voting O(P2)', '72', outcome(1, 1, 'voting')),
      value('A1/P2 round 2', '42.8', startOf(1, 2, 'A1')),
      value('A2/P1 round 2', '67.61454545', startOf(0, 2, 'A2')),
      value('O(P1) round 2', '30.21063973', outcome(0, 2, 'start')),
      value('O(P2) round 2', '63.072', outcome(1, 2, 'start')),
      value('gain round 2', '3.814690909', gainOf(2, 1)),
    ],
  },
  {
    name: 'case 2, §9.2',
    rounds: 3,
    scenario: tableScenario({
      A1: { P1: [30, 0.5, 0.2], P2: [60, 0.6, 0.2] },
      A2: { P1: [10, 0.2, 0.2], P2: [60, 0.8, 0.5] },
      A3: { P1: [0, 0.4, 1.0], P2: [80, 0.5, 0.5] },
      A4: { P1: [20, 0.2, 0.5], P2: [30, 0.2, 1.0] },
    }),
    values: [
      value('O(P1) round 1', '8.4375', outcome(0, 1, 'start')),
      value('O(P2) round 1', '58.96907216', outcome(1, 1, 'start')),
      value('A3 to', '18.5', moved(1, 1, 'A3', 'to')),
      value('A4 to', '78.06696429', moved(1, 1, 'A4', 'to')),
      value('gain', '0.3303571429', gainOf(1, 1)),
      value('voting O(P1)', '20', outcome(0, 1, 'voting')),
      value('voting O(P2)', '68.87978645', outcome(1, 1, 'voting')),
      value('A3/P1 round 2', '6.29', startOf(0, 2, 'A3')),
      value('A4/P2 round 2', '50.188125', startOf(1, 2, 'A4')),
      value('gain round 2, 1st', '0.2048926117', gainOf(2, 1)),
      value('A3 to, round 2, 1st', '17.76398625', moved(2, 1, 'A3', 'to')),
      value('gain round 2, 2nd', '0.02749140893', gainOf(2, 2)),
      value('A3 to, round 2, 2nd', '22.60247423', moved(2, 2, 'A3', 'to')),
      value('voting O(P1) round 2', '22.56404639', outcome(0, 2, 'voting')),
      value('voting O(P2) round 2', '71.75257732', outcome(1, 2, 'voting')),
      value('A3/P1 round 3', '11.83624124', startOf(0, 3, 'A3')),
      value('A1/P2 round 3', '65.2', startOf(1, 3, 'A1')),
      value('A4/P2 round 3', '62.7091125', startOf(1, 3, 'A4')),
    ],
  },
  {
    name: 'case 3, §9.3',
    rounds: 2,
    scenario: tableScenario({
      A1: { P1: [60, 0.6, 0.2], P2: [40, 0.8, 0.5], P3: [60, 0.5, 0.5] },
      A2: { P1: [50, 0.8, 0.2], P2: [80, 0.4, 0.5], P3: [20, 0.2, 1.0] },
      A3: { P1: [40, 0.8, 1.0], P2: [90, 0.4, 0.5], P3: [10, 1.0, 0.2] },
      A4: { P1: [100, 0.5, 0.5], P2: [80, 0.2, 0.5], P3: [60, 0.5, 1.0] },
    }),
    values: [
      value('O(P1)', '54.28571429', outcome(0, 1, 'start')),
      value('O(P2)', '64.44444444', outcome(1, 1, 'start')),
      value('O(P3)', '44.34782609', outcome(2, 1, 'start')),
      value('1: A1 to', '19.11111111', moved(1, 1, 'A1', 'to')),
      value('1: gain', '4.444444444', gainOf(1, 1)),
      value('2: A3 to', '81.70150502', moved(1, 2, 'A3', 'to')),
      value('2: gain', '1.672240803', gainOf(1, 2)),
      value('3: A4 to', '80.0722408', moved(1, 3, 'A4', 'to')),
      value('3: gain', '1.605351171', gainOf(1, 3)),
      value('4: A2 to', '77.16555184', moved(1, 4, 'A2', 'to')),
      value('4: A1 to', '54.01616499', moved(1, 4, 'A1', 'to')),
      value('4: gain', '0.1799649626', gainOf(1, 4)),
      value('voting O(P1)', '75.08361204', outcome(0, 1, 'voting')),
      value('voting O(P2)', '52.70345596', outcome(1, 1, 'voting')),
      value('voting O(P3)', '20.6763285', outcome(2, 1, 'voting')),
      value('P1 A1 round 2', '58.4442029', startOf(0, 2, 'A1')),
      value('P1 A3 round 2', '47.5062709', startOf(0, 2, 'A3')),
      value('P1 A4 round 2', '94.02167224', startOf(0, 2, 'A4')),
      value('P2 A2 round 2', '79.03628763', startOf(1, 2, 'A2')),
      value('P3 A1 round 2', '47.73333333', startOf(2, 2, 'A1')),
      value('P3 A2 round 2', '36.8', startOf(2, 2, 'A2')),
      value('round 2, 5th: A2 to', '47.73333333', moved(2, 5, 'A2', 'to')),
      value('round 2, 5th: A1 to', '40.62391304', moved(2, 5, 'A1', 'to')),
      value('round 2, 5th: gain', '0.01584541063', gainOf(2, 5)),
      value('voting O(P1) round 2', '73.56539845', outcome(0, 2, 'voting')),
      value('voting O(P2) round 2', '52.50760625', outcome(1, 2, 'voting')),
      value('voting O(P3) round 2', '18.89855072', outcome(2, 2, 'voting')),
    ],
  },
];

// ---------------------------------------------------------------------------------------
// deu
// ---------------------------------------------------------------------------------------

/** The README's "always 50" baseline. */
const middleOfScale: Model = {
  id: 'fifty',
  name: 'Always 50',
  summary: 'the middle of the 0–100 scale',
  references: [],
  params: [],
  run: (scenario) => scenario.issues.map((issue) => ({ issue: issue.id, forecast: 50, notes: [], details: {} })),
};

function meanAbsoluteError(cases: readonly BacktestCase[], model: Model): number {
  let total = 0;
  for (const testCase of cases) {
    const result = model.run(testCase.scenario, {}).find((issue) => issue.issue === testCase.scenario.issues[0]!.id);
    total += Math.abs((result?.forecast ?? Number.NaN) - testCase.outcome);
  }
  return total / cases.length;
}

function deuRows(data: ReplicationData['deu']): ReplicationRow[] {
  const reference = 'DEU III development half (reference/deu3/README.md, table)';
  // reference/deu3/README.md: "Scores of simple models on this half", printed to two decimals.
  const published: Array<[string, readonly BacktestCase[], Model, number]> = [
    ['compromise, equal capability', data.equal, compromiseModel, 22.91],
    ['compromise, Nice votes', data.nice, compromiseModel, 22.77],
    ['weighted median, equal capability', data.equal, medianModel, 28.06],
    ['always 50', data.equal, middleOfScale, 28.63],
  ];
  return published.map(([variant, cases, model, mae]) => {
    const ours = meanAbsoluteError(cases, model);
    return row({
      model: 'deu',
      variant,
      reference,
      measure: `MAE over ${cases.length} issues: ${ours.toFixed(4)} (published ${mae.toFixed(2)})`,
      deviation: Math.abs(ours - mae),
      tolerance: 0.005,
    });
  });
}

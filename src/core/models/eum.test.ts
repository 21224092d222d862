import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PointScenario } from '../model.js';
import { createRng } from '../rng.js';
import {
  eumModel,
  explainEumRound,
  findMedianCycle,
  lowerWeightedMedian,
  riskExponents,
  runEum,
  successProbabilities,
  successProbabilitiesDirect,
  type EumActor,
  type EumRun,
} from './eum/index.js';
import { randomActors } from '../testing/fixtures.js';

const referenceDir = fileURLToPath(new URL('../../../reference/bdm/', import.meta.url));

interface ReferenceRound {
  round: number;
  positions: number[];
  risk: number[];
  weightedMedian: number;
  weightedMean: number;
}
interface ReferenceFile {
  dataset: string;
  input: string;
  variants: Record<string, { actors: string[]; rounds: ReferenceRound[] }>;
}

/** `actor,capability,position,salience` rows, in file order. */
function readActors(dataset: string): EumActor[] {
  const [, ...rows] = readFileSync(`${referenceDir}data/${dataset}.csv`, 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => {
    const [id, capability, position, salience] = row.split(',');
    return { id: id!, capability: Number(capability), position: Number(position), salience: Number(salience) };
  });
}

function readReference(file: string): ReferenceFile {
  return JSON.parse(readFileSync(`${referenceDir}trajectories/${file}`, 'utf8')) as ReferenceFile;
}

function expectNoNaN(run: EumRun): void {
  const numbers = [
    run.forecast,
    run.median,
    run.weightedMean,
    ...run.trajectory.flatMap((state) => [state.median, state.mean, ...Object.values(state.positions)]),
    ...run.risk.flatMap((exponents) => Object.values(exponents)),
    ...(run.relations ?? []).flatMap((round) => round.pairs.flatMap((pair) => [pair.challengerUtility, pair.targetUtility, pair.probability, pair.to ?? 0])),
  ];
  expect(numbers.every(Number.isFinite)).toBe(true);
}

const columbus: EumActor[] = [
  { id: 'Ferdinand', capability: 100, position: 0, salience: 0.4 },
  { id: 'Isabella', capability: 70, position: 25, salience: 0.6 },
  { id: 'Santangel', capability: 60, position: 55, salience: 0.75 },
  { id: 'Columbus', capability: 20, position: 100, salience: 0.9 },
];

describe('eum: reference trajectories (reference/bdm), every round to 1e-9', () => {
  const files = readdirSync(`${referenceDir}trajectories`)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const file of files) {
    const reference = readReference(file);
    for (const [variant, expected] of Object.entries(reference.variants)) {
      it(`${reference.dataset} — ${variant}: ${expected.rounds.length - 1} rounds`, () => {
        const actors = readActors(reference.dataset);
        expect(actors.map((actor) => actor.id)).toEqual(expected.actors);
        const run = runEum(actors, { variant: variant as 'net-votes' | 'scholz-code', rounds: 20, fixedRounds: true, relations: false });
        expect(run.rounds).toBe(expected.rounds.length - 1);
        const misses: string[] = [];
        const check = (what: string, got: number | undefined, want: number): void => {
          if (got === undefined || !(Math.abs(got - want) <= 1e-9)) misses.push(`${what}: expected ${want}, got ${got}`);
        };
        for (const want of expected.rounds) {
          const got = run.trajectory[want.round]!;
          const where = `round ${want.round}`;
          actors.forEach((actor, k) => {
            check(`${where} position of ${actor.id}`, got.positions[actor.id], want.positions[k]!);
            check(`${where} risk of ${actor.id}`, run.risk[want.round]![actor.id], want.risk[k]!);
          });
          check(`${where} median`, got.median, want.weightedMedian);
          check(`${where} mean`, got.mean, want.weightedMean);
        }
        expect(misses.slice(0, 10), `${reference.dataset} ${variant}: ${misses.length} values off by more than 1e-9`).toEqual([]);
      });
    }
  }
});

describe('eum: the faithful variants run every requested round (EUM-SPEC §5)', () => {
  // Built for this test: a's weighted median (70) holds from round 0 while the others keep
  // moving, so parley's "three equal medians" stops after round 2; the references know no
  // such rule and print 20 rounds, every one different.
  const steadyMedian: EumActor[] = [
    { id: 'a', capability: 5, position: 70, salience: 0.7 },
    { id: 'b', capability: 7, position: 0, salience: 0.2 },
    { id: 'c', capability: 7, position: 30, salience: 0.1 },
    { id: 'd', capability: 2, position: 100, salience: 0.2 },
  ];

  for (const variant of ['net-votes', 'scholz-code'] as const) {
    it(`${variant}: 20 rounds by default while the median holds and positions keep moving`, () => {
      const run = runEum(steadyMedian, { variant });
      expect(run).toMatchObject({ rounds: 20, stop: 'max-rounds', forecast: 70 });
      expect(run.trajectory.map((state) => state.median)).toEqual(new Array(21).fill(70));
      const distinct = new Set(run.trajectory.map((state) => JSON.stringify(state.positions)));
      expect(distinct.size).toBe(21);
      expect(runEum(steadyMedian, { variant, rounds: 7 }).rounds).toBe(7);
    });
  }

  it('parley keeps its stability rule on the same case', () => {
    expect(runEum(steadyMedian, { variant: 'parley' })).toMatchObject({ rounds: 2, stop: 'stable', forecast: 70 });
  });

  // china's median holds for rounds 0–2 in both references, which still print 20 rounds.
  it('china, default options: every round of both references', () => {
    const reference = readReference('china.json');
    for (const variant of ['net-votes', 'scholz-code'] as const) {
      const expected = reference.variants[variant]!.rounds;
      const run = runEum(readActors('china'), { variant, relations: false });
      expect(run.rounds).toBe(20);
      expect(expected[0]!.weightedMedian).toBe(expected[2]!.weightedMedian);
      for (const want of expected) expect(run.trajectory[want.round]!.median).toBeCloseTo(want.weightedMedian, 9);
      const last = run.trajectory[20]!.positions;
      reference.variants[variant]!.actors.forEach((id, k) => expect(last[id]).toBeCloseTo(expected[20]!.positions[k]!, 9));
    }
  });

  it('the model: rounds 0 (the default) is 20 for a faithful variant, and a given rounds is run exactly', () => {
    const scenario: PointScenario = {
      id: 's',
      title: 's',
      issues: [{ id: 'X', name: 'X', scale: { min: 0, max: 100 }, actors: steadyMedian.map((actor) => ({ ...actor, name: actor.id })) }],
    };
    const defaults = Object.fromEntries(eumModel.params.map((spec) => [spec.name, spec.default]));
    expect(eumModel.run(scenario, { ...defaults, variant: 'net-votes' })[0]!.details).toMatchObject({ rounds: 20, stop: 'max-rounds' });
    expect(eumModel.run(scenario, { ...defaults, variant: 'scholz-code', rounds: 12 })[0]!.details).toMatchObject({ rounds: 12 });
    expect(eumModel.run(scenario, defaults)[0]!.details).toMatchObject({ rounds: 2, stop: 'stable' });
  });
});

describe('eum: worked example (EUM-SPEC §6, columbus round 1)', () => {
  it('net-votes: Ferdinand capitulates to Columbus; exponents as tabulated', () => {
    const run = runEum(columbus, { variant: 'net-votes', rounds: 1, fixedRounds: true });
    expect(Object.values(run.risk[1]!).map((r) => Number(r.toFixed(6)))).toEqual([0.535508, 1.340146, 2, 0.5]);
    expect(run.trajectory[1]!.positions).toEqual({ Ferdinand: 100, Isabella: 25, Santangel: 55, Columbus: 100 });
    expect(run.trajectory[1]!.median).toBe(55);
    const pairs = run.relations![0]!.pairs;
    const pair = (challenger: string, target: string) => pairs.find((p) => p.challenger === challenger && p.target === target)!;
    // §6 second-pass EU: Columbus→Ferdinand 1.228427, Ferdinand→Columbus 0.819542.
    expect(pair('Columbus', 'Ferdinand').challengerUtility).toBeCloseTo(1.228427, 6);
    expect(pair('Columbus', 'Ferdinand').targetUtility).toBeCloseTo(0.819542, 6);
    expect(pair('Columbus', 'Ferdinand')).toMatchObject({ kind: 'conflict', winner: 'challenger', to: 100, taken: true });
    // §6 P (computed once per round): Isabella→Columbus 0.669725.
    expect(pair('Isabella', 'Columbus').probability).toBeCloseTo(0.669725, 6);
    // Isabella takes Columbus's offer but expects to win: it holds.
    expect(pair('Columbus', 'Isabella')).toMatchObject({ kind: 'conflict', winner: 'target', taken: true });
    expect(pair('Columbus', 'Isabella').to).toBeUndefined();
    expect(run.relations![0]!.moves.map((move) => [move.actor, move.by, move.kind, move.to])).toEqual([['Ferdinand', 'Columbus', 'conflict', 100]]);
  });

  it('scholz-code: Ferdinand compromises toward Isabella at 8.730717', () => {
    const run = runEum(columbus, { variant: 'scholz-code', rounds: 1, fixedRounds: true });
    expect(Object.values(run.risk[1]!).map((r) => Number(r.toFixed(6)))).toEqual([0.5, 0.818111, 1.071392, 2]);
    expect(run.trajectory[1]!.positions.Ferdinand).toBeCloseTo(8.730717, 6);
    expect(run.trajectory[1]!.mean).toBeCloseTo(39.132612, 6);
    const move = run.relations![0]!.moves[0]!;
    expect(move).toMatchObject({ actor: 'Ferdinand', by: 'Isabella', kind: 'compromise' });
    // e_ab = −0.03717, e_ba = 0.106434 from Ferdinand's point of view.
    const pair = run.relations![0]!.pairs.find((p) => p.challenger === 'Isabella' && p.target === 'Ferdinand')!;
    expect(pair.challengerUtility).toBeCloseTo(0.106434, 6);
    expect(pair.targetUtility).toBeCloseTo(-0.03717, 5);
  });
});

describe('eum: parley variant', () => {
  it('detects the 2-cycle of EU emissions and forecasts the mean over it (EUM-SPEC §8.5)', () => {
    const run = runEum(readActors('eu_emissions'), { variant: 'parley' });
    expect(run.stop).toBe('cycle');
    expect(run.rounds).toBe(6);
    expect(run.cycle?.period).toBe(2);
    expect(run.cycle?.medians[0]).toBe(10);
    expect(run.cycle?.medians[1]).toBeCloseTo(7.1804, 4);
    expect(run.forecast).toBeCloseTo(8.5902, 4);
    expect(run.notes.join(' ')).toMatch(/cycles between 10 and 7\.18; the forecast is the mean over the cycle/);
    // The same rounds as the net-votes reference until the stop.
    const reference = readReference('eu_emissions.json').variants['net-votes']!.rounds;
    for (let round = 0; round <= 6; round++) expect(run.trajectory[round]!.median).toBeCloseTo(reference[round]!.weightedMedian, 9);
  });

  it('fixed rounds still report the cycle, with the last median as forecast', () => {
    const run = runEum(readActors('eu_emissions'), { variant: 'net-votes', rounds: 20, fixedRounds: true, relations: false });
    expect(run.stop).toBe('max-rounds');
    expect(run.cycle?.period).toBe(2);
    expect(run.forecast).toBe(run.trajectory[20]!.median);
  });

  it('stops as stable when nobody moves (EUM-SPEC §8.5)', () => {
    // b has no vote: a prevails, b gives way in round 1; in round 2 nobody has a contest left.
    const run = runEum(
      [
        { id: 'a', capability: 1, position: 0, salience: 1 },
        { id: 'b', capability: 0, position: 10, salience: 1 },
      ],
      { variant: 'parley' },
    );
    expect(run).toMatchObject({ stop: 'stable', rounds: 2, forecast: 0, finalPositions: { a: 0, b: 0 } });
  });

  it('stops at the round limit with the last median (EUM-SPEC §8.5)', () => {
    const run = runEum(readActors('eu_emissions'), { variant: 'parley', rounds: 3 });
    expect(run).toMatchObject({ stop: 'max-rounds', rounds: 3, cycle: null });
    expect(run.forecast).toBe(run.trajectory[3]!.median);
    expect(run.notes.join(' ')).toMatch(/did not settle within 3 rounds/);
  });

  it('finds cycles of period 2, 3 and 4, the shortest first, within the tolerance (EUM-SPEC §8.5)', () => {
    expect(findMedianCycle([7, 10, 7.1, 10, 7.15, 10], 1e-6, 0.12)).toMatchObject({ period: 2, medians: [7.15, 10] });
    expect(findMedianCycle([7, 10, 7.1, 10, 7.15], 1e-6, 0.12)).toBeNull(); // t = 4 < 3p − 1
    expect(findMedianCycle([3, 1, 2, 3, 1, 2, 3.01, 1, 2], 1e-6, 0.1)).toMatchObject({ period: 3, medians: [3.01, 1, 2] });
    expect(findMedianCycle([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 1e-6, 0.1)?.period).toBe(4);
    expect(findMedianCycle([5, 5, 5, 5, 5, 5], 1e-6, 0.1)).toBeNull(); // no spread: stable, not a cycle
    const cycle = findMedianCycle([3, 1, 2, 3, 1, 2, 3, 1, 2], 1e-6, 0.1)!;
    expect(cycle.mean).toBe(2);
  });

  it('equal danger levels: parley sets every r = 1 and goes on; net-votes stops (EUM-SPEC §5, §8.3)', () => {
    const mirror: EumActor[] = [
      { id: 'left', capability: 1, position: 0, salience: 0.5 },
      { id: 'right', capability: 1, position: 10, salience: 0.5 },
    ];
    const parley = runEum(mirror, { variant: 'parley' });
    expect(parley.risk[1]).toEqual({ left: 1, right: 1 });
    expectNoNaN(parley);
    const netVotes = runEum(mirror, { variant: 'net-votes' });
    expect(netVotes).toMatchObject({ rounds: 0, stop: 'stable' });
    expect(netVotes.notes.join(' ')).toMatch(/divides by zero/);
  });

  it('subtracts the (1 − Q) term, where net-votes adds it (EUM-SPEC §3.1 step 4, §8.4)', () => {
    // Columbus round 1, Ferdinand → Columbus, Q = 0.5, T = 1: EU = contest − Q·Usq ∓ (1 − Q)·Ub.
    const q = 0.5;
    const euOf = (variant: 'parley' | 'net-votes') =>
      runEum(columbus, { variant, q, rounds: 1, fixedRounds: true }).relations![0]!.pairs.find(
        (pair) => pair.challenger === 'Ferdinand' && pair.target === 'Columbus',
      )!;
    const parley = euOf('parley');
    const netVotes = euOf('net-votes');
    expect(parley.probability).toBeCloseTo(netVotes.probability, 12);
    const r = runEum(columbus, { variant: 'parley', q, rounds: 1, fixedRounds: true }).risk[1]!.Ferdinand!;
    const u = (v: number) => 2 - 4 * Math.pow(v, r);
    const gap = 100 / 100;
    const contest = 0.9 * (parley.probability * u(0.5 - 0.5 * gap) + (1 - parley.probability) * u(0.5 + 0.5 * gap)) + 0.1 * u(0.5 - 0.5 * gap);
    const median = 25; // the lower weighted median of the input: parley's μ in both passes
    const better = u(0.5 - 0.25 * ((Math.abs(0 - median) + 100) / 100));
    expect(parley.challengerUtility).toBeCloseTo(contest - q * u(0.5) - (1 - q) * better, 12);
    // net-votes: the plus sign, and μ = the weighted mean in the second pass (its quirks).
    const rNet = runEum(columbus, { variant: 'net-votes', q, rounds: 1, fixedRounds: true }).risk[1]!.Ferdinand!;
    const uNet = (v: number) => 2 - 4 * Math.pow(v, rNet);
    const contestNet = 0.9 * (netVotes.probability * uNet(0.5 - 0.5 * gap) + (1 - netVotes.probability) * uNet(0.5 + 0.5 * gap)) + 0.1 * uNet(0.5 - 0.5 * gap);
    const mean = 36.724137931034484; // EUM-SPEC §6
    const betterNet = uNet(0.5 - 0.25 * ((Math.abs(0 - mean) + 100) / 100));
    expect(netVotes.challengerUtility).toBeCloseTo(contestNet - q * uNet(0.5) + (1 - q) * betterNet, 12);
  });

  it('the lower weighted median takes the lower end on an exact half', () => {
    expect(lowerWeightedMedian(Float64Array.of(10, 0), Float64Array.of(1, 1))).toBe(0);
    expect(lowerWeightedMedian(Float64Array.of(0, 5, 9), Float64Array.of(1, 1, 3))).toBe(9);
    expect(lowerWeightedMedian(Float64Array.of(0, 5, 9), Float64Array.of(2, 0, 2))).toBe(0);
  });

  it('risk exponents span 0.5..2, and are undefined when every danger is equal', () => {
    const [secure, middle, endangered] = riskExponents([1, 0, -1])!;
    expect(secure).toBeCloseTo(0.5, 15);
    expect(middle).toBe(1);
    expect(endangered).toBeCloseTo(2, 15);
    expect(riskExponents([0.3, 0.3])).toBeNull();
  });
});

describe('eum: probability of success by prefix sums equals the direct sum', () => {
  it('on seeded random cases, to 1e-12', () => {
    const rng = createRng(20240611);
    const random = (): number => rng.next();
    let worst = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 60);
      // Some cases with coarse positions (many ties), some continuous; some zero weights.
      const coarse = trial % 3 === 0;
      const positions = Array.from({ length: n }, () => (coarse ? Math.round(random() * 10) : random() * 100));
      const weights = Array.from({ length: n }, () => (random() < 0.1 ? 0 : random() * 100));
      const fast = successProbabilities(positions, weights);
      const direct = successProbabilitiesDirect(positions, weights);
      for (let k = 0; k < n * n; k++) worst = Math.max(worst, Math.abs(fast[k]! - direct[k]!));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('a known value: two actors 3:1 on weight give the stronger P = 0.5 (net votes 2 of 4)', () => {
    expect(Array.from(successProbabilities([0, 10], [3, 1]))).toEqual([0, 0.5, 0, 0]);
  });
});

describe('eum: the fast offer pass (no relation map) changes nothing', () => {
  for (const variant of ['parley', 'net-votes'] as const) {
    it(`${variant}: the same trajectory, bit for bit, with and without the relation map`, () => {
      for (const [size, seed] of [
        [5, 1],
        [12, 2],
        [30, 3],
        [60, 4],
      ] as const) {
        const actors = randomActors(size, seed);
        const full = runEum(actors, { variant, rounds: 15, fixedRounds: true, relations: true });
        const fast = runEum(actors, { variant, rounds: 15, fixedRounds: true, relations: false });
        expect(fast.trajectory).toEqual(full.trajectory);
        expect(fast.risk).toEqual(full.risk);
      }
    });
  }
});

describe('eum: degenerate inputs give defined results, never NaN', () => {
  for (const variant of ['parley', 'net-votes', 'scholz-code'] as const) {
    it(`${variant}: two actors`, () => {
      const run = runEum(
        [
          { id: 'a', capability: 3, position: 0, salience: 1 },
          { id: 'b', capability: 1, position: 10, salience: 1 },
        ],
        { variant },
      );
      expectNoNaN(run);
      expect(run.forecast).toBeGreaterThanOrEqual(0);
      expect(run.forecast).toBeLessThanOrEqual(10);
    });

    it(`${variant}: every actor at one position`, () => {
      const run = runEum(
        [
          { id: 'a', capability: 3, position: 4, salience: 1 },
          { id: 'b', capability: 1, position: 4, salience: 0.5 },
          { id: 'c', capability: 2, position: 4, salience: 0.2 },
        ],
        { variant },
      );
      expect(run).toMatchObject({ forecast: 4, stop: 'stable', rounds: 0 });
      expectNoNaN(run);
    });

    it(`${variant}: an actor with zero salience votes with no weight but still moves`, () => {
      const run = runEum(
        [
          { id: 'a', capability: 3, position: 0, salience: 1 },
          { id: 'b', capability: 2, position: 3, salience: 0.8 },
          { id: 'z', capability: 5, position: 10, salience: 0 },
        ],
        { variant, rounds: 20 },
      );
      expectNoNaN(run);
    });

    it(`${variant}: one actor holds all the capability`, () => {
      const run = runEum(
        [
          { id: 'big', capability: 1, position: 2, salience: 0.9 },
          { id: 'x', capability: 0, position: 8, salience: 0.9 },
          { id: 'y', capability: 0, position: 5, salience: 0.5 },
        ],
        { variant, rounds: 20 },
      );
      expectNoNaN(run);
      expect(run.trajectory[0]!.median).toBe(2);
    });
  }

  it('parley: zero-salience actor is pulled to the weighted actors', () => {
    const run = runEum(
      [
        { id: 'a', capability: 3, position: 0, salience: 1 },
        { id: 'b', capability: 2, position: 1, salience: 1 },
        { id: 'z', capability: 5, position: 10, salience: 0 },
      ],
      { variant: 'parley' },
    );
    expect(run.finalPositions.z).toBeLessThan(10);
    expectNoNaN(run);
  });

  it('input errors: fewer than two actors, total weight 0, duplicate ids', () => {
    expect(() => runEum([{ id: 'a', capability: 1, position: 0, salience: 1 }])).toThrow('eum requires at least two actors');
    expect(() =>
      runEum([
        { id: 'a', capability: 0, position: 0, salience: 1 },
        { id: 'b', capability: 1, position: 1, salience: 0 },
      ]),
    ).toThrow(/zero capability or zero salience/);
    expect(() =>
      runEum([
        { id: 'a', capability: 1, position: 0, salience: 1 },
        { id: 'a', capability: 1, position: 1, salience: 1 },
      ]),
    ).toThrow(/appears twice/);
  });

  it('the faithful variants stop where the reference divides by zero (honduras after round 1)', () => {
    const run = runEum(readActors('honduras'), { variant: 'net-votes', rounds: 20, fixedRounds: true });
    expect(run).toMatchObject({ rounds: 1, stop: 'stable' });
    expect(run.notes.join(' ')).toMatch(/divides by zero/);
  });
});

describe('eum: model and explanations', () => {
  const scenario: PointScenario = {
    id: 'test',
    title: 'Test',
    issues: [
      {
        id: 'X',
        name: 'Columbus',
        scale: { min: 0, max: 100 },
        actors: columbus.map((actor) => ({ ...actor, name: actor.id })),
      },
      {
        id: 'Y',
        name: 'Alone',
        scale: { min: 0, max: 10 },
        actors: [{ id: 'a', name: 'A', capability: 1, position: 7, salience: 1 }],
      },
    ],
  };

  it('runs per issue; a single actor forecasts its own position', () => {
    const params = Object.fromEntries(eumModel.params.map((spec) => [spec.name, spec.default]));
    const [columbusForecast, alone] = eumModel.run(scenario, params);
    expect(columbusForecast!.issue).toBe('X');
    expect(Number.isFinite(columbusForecast!.forecast)).toBe(true);
    expect(columbusForecast!.details).toHaveProperty('trajectory');
    expect(columbusForecast!.details).toHaveProperty('relations');
    expect(['stable', 'cycle', 'max-rounds']).toContain(columbusForecast!.details.stop);
    expect(alone).toMatchObject({ issue: 'Y', forecast: 7, details: { rounds: 0, stop: 'stable' } });
    expect(alone!.notes[0]).toMatch(/only actor/);
  });

  it('describes its parameters once', () => {
    expect(eumModel.id).toBe('eum');
    const variant = eumModel.params.find((spec) => spec.name === 'variant');
    expect(variant).toMatchObject({ type: 'enum', default: 'parley', values: ['parley', 'net-votes', 'scholz-code'] });
    // 0 is "the variant's default": 100 for parley, 20 (the reference runs) for the faithful variants.
    expect(eumModel.params.find((spec) => spec.name === 'rounds')).toMatchObject({ type: 'integer', default: 0 });
  });

  it('explains a round in words, the largest expected move first (EUM-SPEC §6)', () => {
    const run = runEum(
      columbus.map((actor) => ({ ...actor, name: actor.id })),
      { variant: 'net-votes', rounds: 1, fixedRounds: true },
    );
    const lines = explainEumRound(run, 1, { issue: 'the voyage' });
    expect(lines[0]).toMatch(/^Columbus expects to prevail over Ferdinand on the voyage: Ferdinand is expected to give way to 100 \(it does/);
    expect(lines.some((line) => /Columbus challenges Isabella on the voyage, but Isabella expects to prevail and hold at 25/.test(line))).toBe(true);
    expect(explainEumRound(run, 1, { limit: 2 })).toHaveLength(2);
    expect(() => explainEumRound(runEum(columbus, { relations: false }), 1)).toThrow(/relation map/);
  });

  it('eumModel.explain: one issue and round, or every issue merged by consequence', () => {
    const params = Object.fromEntries(eumModel.params.map((spec) => [spec.name, spec.default]));
    const lines = eumModel.explain!(scenario, { ...params, variant: 'net-votes' }, { issue: 'X', round: 1 });
    expect(lines[0]).toMatch(/^Columbus expects to prevail over Ferdinand on Columbus: Ferdinand is expected to give way to 100/);
    // Issue Y has a single actor: nothing to explain there, the merged list is X's.
    expect(eumModel.explain!(scenario, { ...params, variant: 'net-votes' }, {})).toEqual(lines);
    expect(() => eumModel.explain!(scenario, params, { issue: 'X', round: 0 })).toThrow(/rounds start at 1/);
    expect(() => eumModel.explain!(scenario, params, { issue: 'X', round: 1000 })).toThrow(/stops after \d+ rounds/);
  });
});

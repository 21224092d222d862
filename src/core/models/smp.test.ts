import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importKtabCsv } from '../../io/ktab.js';
import { readKtabActors as readKtabCsvActors } from '../../io/reference.js';
import { resolveParams, type IssueForecast, type IssueInput, type PointScenario } from '../model.js';
import { pointScenario } from '../resolve.js';
import {
  isFullSmpDetails,
  ktabSalience,
  runSmp,
  smpActorsOf,
  smpModel,
  type SmpActor,
  type SmpDetails,
  type SmpIssueDetails,
  type SmpOptions,
  type SmpRun,
} from './smp/index.js';
import { coalitions, pce, ruleCode, vote } from './smp/voting.js';

/** A forecast's details as a full run gives them (every test here runs with the default detail). */
function fullDetails(result: IssueForecast<SmpDetails>): SmpIssueDetails {
  if (!isFullSmpDetails(result.details)) throw new Error(`smp gave no full run on ${result.issue}`);
  return result.details;
}

const referenceDir = fileURLToPath(new URL('../../../reference/ktab/', import.meta.url));

/** A reference KTAB CSV, read as KTAB reads it (the same reader as `parley replicate`). */
function readKtabActors(name: string): SmpActor[] {
  return readKtabCsvActors(readFileSync(`${referenceDir}${name}.csv`, 'utf8'));
}

/** `Turn_t,Act_i,Dim_k,Pos_Coord,…` rows as [turn, actor, dimension, position 0–100]. */
function readReferencePositions(name: string): Array<[number, number, number, number]> {
  const [, ...rows] = readFileSync(`${referenceDir}${name}.ref-positions.csv`, 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => {
    const [turn, actor, dimension, position] = row.split(',').map(Number);
    return [turn!, actor!, dimension!, position!];
  });
}

const references = [
  { name: 'dummyData_3Dim', states: 11 },
  { name: 'SOE-Pol-Comp', states: 28 },
];

describe('smp: KTAB reference runs (reference/ktab), default options', () => {
  for (const reference of references) {
    it(`${reference.name}: ${reference.states} states, every position every turn within 0.01`, () => {
      const run = runSmp({ actors: readKtabActors(reference.name) });
      const expected = readReferencePositions(reference.name);
      const referenceStates = Math.max(...expected.map(([turn]) => turn)) + 1;
      expect(referenceStates).toBe(reference.states);
      expect(run.states.length).toBe(referenceStates);
      expect(run.stop).toBe('converged');
      const misses: string[] = [];
      for (const [turn, actor, dimension, want] of expected) {
        const got = run.states[turn]!.positions[actor]![dimension]! * 100;
        if (!(Math.abs(got - want) <= 0.01)) misses.push(`turn ${turn}, actor ${actor}, dimension ${dimension}: expected ${want}, got ${got}`);
      }
      expect(misses.slice(0, 10), `${misses.length} positions off by more than 0.01`).toEqual([]);
    });

    it(`${reference.name}: the same through the KTAB import and smpModel`, () => {
      const imported = importKtabCsv(readFileSync(`${referenceDir}${reference.name}.csv`, 'utf8'), `${reference.name}.csv`);
      expect(imported.problems).toEqual([]);
      const results = smpModel.run(pointScenario(imported.scenario!), resolveParams(smpModel, {}).params);
      const [, ...finalRows] = readFileSync(`${referenceDir}${reference.name}.ref-final.csv`, 'utf8').trim().split(/\r?\n/);
      const actorIds = imported.scenario!.actors.map((actor) => actor.id);
      for (const row of finalRows) {
        const [actor, , dimension, position] = row.split(',');
        const result = results[Number(dimension)]!;
        expect(fullDetails(result).rounds).toBe(reference.states - 1);
        const finalPositions = result.details.finalPositions as Record<string, number>;
        expect(Math.abs(finalPositions[actorIds[Number(actor)]!]! - Number(position))).toBeLessThanOrEqual(0.01);
      }
    });
  }

  it('dummyData_3Dim: final position probabilities within 1e-3 (ref-probs.txt)', () => {
    const run = runSmp({ actors: readKtabActors('dummyData_3Dim') });
    const expected = readFileSync(`${referenceDir}dummyData_3Dim.ref-probs.txt`, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => Number(line.trim().split(/\s+/)[1]));
    expect(expected).toHaveLength(7);
    run.actorProbabilities.forEach((probability, actor) => expect(Math.abs(probability - expected[actor]!)).toBeLessThanOrEqual(1e-3));
    // Actors sharing a position report the whole probability of it; the groups sum to 1.
    expect(run.groups.map((group) => group.members)).toEqual([[0, 1], [2], [3], [4, 6], [5]]);
    expect(run.groups.reduce((sum, group) => sum + group.probability, 0)).toBeCloseTo(1, 12);
  });

  it('dummyData_3Dim, state 0 and turn 1: the worked numbers of SMP-SPEC Appendix A', () => {
    const run = runSmp({ actors: readKtabActors('dummyData_3Dim') });
    const round = (values: number[], digits: number) => values.map((value) => Number(value.toFixed(digits)));
    // Appendix A, "State 0, §5.4 risk-attitude election".
    expect(round(run.states[0]!.riskProbabilities, 6)).toEqual([0.001803, 0.020916, 0.002055, 0.107784, 0.705384, 0.127574, 0.034483]);
    expect(round(run.states[0]!.riskAttitudes, 6)).toEqual([-0.5, -0.459251, -0.499462, -0.274054, 1, -0.231862, -0.430327]);
    // Appendix A, "State 0, §8 targets".
    const turn = run.turns[0]!;
    expect(turn.challenges.map((c) => [c.initiator, c.target, Number(c.winProbability.toFixed(6)), Number(c.gain.toFixed(6))])).toEqual([
      [0, 6, 0.764309, 0.094735],
      [1, 0, 0.79642, 0.280999],
      [2, 6, 0.833442, 0.471133],
      [3, 0, 0.805608, 0.283872],
      [4, 0, 0.583594, 0.011577],
      [5, 1, 0.851036, 0.298633],
      [6, 1, 0.396973, 0.028584],
    ]);
    const bargainOf4 = turn.bargains.find((bargain) => bargain.initiator === 4 && bargain.view === 'initiator')!;
    expect(
      round(
        bargainOf4.initiatorPosition.map((x) => x * 100),
        2,
      ),
    ).toEqual([79.54, 44.72, 72.05]);
    expect(
      round(
        bargainOf4.receiverPosition.map((x) => x * 100),
        2,
      ),
    ).toEqual([79.54, 44.71, 72.05]);
    // Appendix A, "Queues in canonical order".
    const label = (index: number) => {
      const bargain = turn.bargains[index]!;
      return bargain.view === 'status-quo' ? 'SQ' : `${bargain.initiator}>${bargain.receiver}`;
    };
    expect(turn.elections.map((e) => [e.queue.map(label).join(', '), round(e.probabilities, 4), label(e.queue[e.chosen]!)])).toEqual([
      ['SQ, 0>6, 1>0, 3>0, 4>0', [0.0004, 0.2938, 0.0137, 0.1953, 0.4968], '4>0'],
      ['SQ, 1>0, 5>1, 6>1', [0.0249, 0.1609, 0.2445, 0.5696], '6>1'],
      ['SQ, 2>6', [0.6347, 0.3653], 'SQ'],
      ['SQ, 3>0', [0.1627, 0.8373], '3>0'],
      ['SQ, 4>0', [0.0716, 0.9284], '4>0'],
      ['SQ, 5>1', [0.3729, 0.6271], '5>1'],
      ['0>6, 2>6, SQ, 6>1', [0.6634, 0.0409, 0.0048, 0.2908], '0>6'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Small hand-checked cases
// ---------------------------------------------------------------------------------------

/**
 * Two actors on one dimension, salience 1: a (capability 2) at 0.2, b (capability 1) at 0.8.
 * d_ab = 0.6, so V_ab = 0.4; in the risk election a's position gets 2·0.6 = 1.2 of support,
 * b's 1·0.6 = 0.6 (plus the 1e-8 floors): Linear P = [2/3, 1/3], and under BigRRange=Mid
 * R_a = 1, R_b = −½.
 */
const pair: SmpActor[] = [
  { id: 'a', capability: 2, position: [0.2], salience: [1] },
  { id: 'b', capability: 1, position: [0.8], salience: [1] },
];

/** The pair and a third party c (capability 3, salience ½) at 0.25, next to a. */
const trio: SmpActor[] = [...pair, { id: 'c', capability: 3, position: [0.25], salience: [0.5] }];

const challengeOf = (run: SmpRun, initiator: number) => run.turns[0]!.challenges.find((challenge) => challenge.initiator === initiator);
const offersOf = (run: SmpRun) => run.turns[0]!.bargains.filter((bargain) => bargain.view !== 'status-quo');

describe('smp: the vote of one actor (§6.1), hand-checked', () => {
  it('weight 2, utilities 0.7 and 0.4 (Δ = 0.3) under every rule', () => {
    const ballot = (rule: Parameters<typeof ruleCode>[0], a: number, b: number) => vote(ruleCode(rule), 2, a, b);
    expect(ballot('Prop', 0.7, 0.4)).toBeCloseTo(0.6, 12);
    expect(ballot('Binary', 0.7, 0.4)).toBe(2);
    expect(ballot('PropBin', 0.7, 0.4)).toBeCloseTo(2 * (0.8 * 0.3 + 0.2), 12);
    // Cubic: a small difference barely counts (0.027 of the weight, against 0.3 under Prop).
    expect(ballot('Cubic', 0.7, 0.4)).toBeCloseTo(2 * 0.027, 12);
    expect(ballot('PropCbc', 0.7, 0.4)).toBeCloseTo(2 * (0.15 + 0.0135), 12);
    // ASymProsp: support for the first option counts two thirds, for the second fully.
    expect(ballot('ASymProsp', 0.7, 0.4)).toBeCloseTo(0.4, 12);
    expect(ballot('ASymProsp', 0.4, 0.7)).toBeCloseTo(-0.6, 12);
  });

  it('coalitions: under ASymProsp only "higher index over lower index" is cast (§6.2)', () => {
    // Voter 0 prefers option 1 by 0.3, voter 1 prefers option 0 by 0.3.
    const options = [Float64Array.of(0.4, 0.7), Float64Array.of(0.7, 0.4)];
    const proportional = coalitions(ruleCode('Prop'), [1, 1], options);
    expect([proportional[1]!, proportional[2]!]).toEqual([expect.closeTo(0.3 + 1e-8, 12), expect.closeTo(0.3 + 1e-8, 12)]);
    const asymmetric = coalitions(ruleCode('ASymProsp'), [1, 1], options);
    expect(asymmetric[2]).toBeCloseTo(0.2 + 1e-8, 12); // C_10: voter 0 for the higher-indexed option, ⅔
    expect(asymmetric[1]).toBeCloseTo(0.3 + 1e-8, 12); // C_01: voter 1 against it, in full
  });
});

describe('smp: every option moves the result the documented way (small hand-checked cases)', () => {
  it('VictoryProbModel: the stronger side wins more surely from Linear to Octic; Binary all but certainly', () => {
    // Support 1.2 against 0.6: Linear 2/3, Square 1.44/1.8 = 0.8, Quartic 16/17, Octic 256/257.
    const leader = (model: SmpOptions['VictoryProbModel']) => runSmp({ actors: pair }, { VictoryProbModel: model }).states[0]!.riskProbabilities[0]!;
    expect(leader('Linear')).toBeCloseTo(2 / 3, 7);
    expect(leader('Square')).toBeCloseTo(0.8, 7);
    expect(leader('Quartic')).toBeCloseTo(16 / 17, 7);
    expect(leader('Octic')).toBeCloseTo(256 / 257, 7);
    // 1.2 ≥ 1.1·0.6: the stronger side wins outright (1 against 1e-6).
    expect(leader('Binary')).toBeCloseTo(1 / (1 + 1e-6), 12);
  });

  it('PCEModel: Conditional (a product) favours the favourite more than the Markov chain does', () => {
    // pv_01 = 3/(3+2) = 0.6, pv_02 = 4/(4+1) = 0.8, pv_12 = 7/(7+3) = 0.7.
    const strength = Float64Array.from([1e-8, 3, 4, 2, 1e-8, 7, 1, 3, 1e-8]);
    // Conditional: ∝ (0.5·0.6·0.8, 0.4·0.5·0.7, 0.2·0.3·0.5) = (0.24, 0.14, 0.03) / 0.41.
    const conditional = Array.from(pce('Conditional', 'Linear', strength, 3));
    [0.24 / 0.41, 0.14 / 0.41, 0.03 / 0.41].forEach((want, i) => expect(conditional[i]).toBeCloseTo(want, 10));
    // MarkovUniform: the fixed point of 3·p_i = Σ_j pv_ij·(p_i + p_j) is (57, 37, 15)/109.
    const markov = Array.from(pce('MarkovUniform', 'Linear', strength, 3));
    [57 / 109, 37 / 109, 15 / 109].forEach((want, i) => expect(Math.abs(markov[i]! - want)).toBeLessThan(1e-5));
    expect(conditional[0]!).toBeGreaterThan(markov[0]!);
    expect(conditional[2]!).toBeLessThan(markov[2]!);
    const incentive = Array.from(pce('MarkovIncentive', 'Linear', strength, 3));
    expect(incentive.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 6);
    // On a whole run the choice of PCE changes the elections.
    const run = (model: SmpOptions['PCEModel']) => runSmp({ actors: trio }, { PCEModel: model }).turns[0]!.elections.map((e) => e.probabilities);
    expect(run('MarkovUniform')).not.toEqual(run('Conditional'));
  });

  // SMP-SPEC.md Appendix A works on dummyData_3Dim, which ships with the reference data.
  it('StateTransitions: Stochastic draws bargains by their probability, Deterministic takes the likeliest', () => {
    const actors = readKtabActors('dummyData_3Dim');
    const deterministic = runSmp({ actors });
    // Actor 2's first queue in Appendix A: status quo 0.6347, its own bargain 0.3653.
    expect(deterministic.turns[0]!.elections[2]!.chosen).toBe(0);
    const seeds = Array.from({ length: 40 }, (_, seed) => seed + 1);
    const tookOwnBargain = seeds.filter(
      (seed) => runSmp({ actors }, { StateTransitions: 'Stochastic', seed, MaxTurns: 1 }).turns[0]!.elections[2]!.chosen === 1,
    ).length;
    // Binomial(40, 0.3653): mean 14.6, sd 3.0; 6..24 is ±2.9 sd.
    expect(tookOwnBargain).toBeGreaterThanOrEqual(6);
    expect(tookOwnBargain).toBeLessThanOrEqual(24);
  });

  it('VotingRule: Binary counts heads, Cubic intensity; ASymProsp discounts support for the later option', () => {
    // Voter 0 (weight 1) prefers option 0 by 0.5; voter 1 (weight 2) prefers option 1 by 0.1.
    const options = [Float64Array.of(0.9, 0.5), Float64Array.of(0.4, 0.6)];
    const first = (rule: Parameters<typeof ruleCode>[0]) => pce('Conditional', 'Linear', coalitions(ruleCode(rule), [1, 2], options), 2)[0]!;
    expect(first('Prop')).toBeCloseTo(0.5 / 0.7, 6); // 0.5 against 2·0.1
    expect(first('Binary')).toBeCloseTo(1 / 3, 6); // 1 against 2
    expect(first('Cubic')).toBeCloseTo(0.125 / 0.127, 6); // 0.125 against 2·0.001
    expect(first('PropBin')).toBeCloseTo(0.6 / 1.16, 6); // 0.8·0.5 + 0.2 against 2·(0.8·0.1 + 0.2)
    expect(first('PropCbc')).toBeCloseTo(0.3125 / 0.4135, 6); // ½·0.5 + ½·0.125 against 2·(0.05 + 0.0005)
    expect(first('ASymProsp')).toBeCloseTo(0.5 / (0.5 + 0.4 / 3), 6); // voter 1 backs the later option: ⅔·0.2
  });

  it('VotingRule: changes who moves where (Cubic against Prop on the trio)', () => {
    const positions = (rule: SmpOptions['VotingRule']) => runSmp({ actors: trio }, { VotingRule: rule }).states.at(-1)!.positions;
    const proportional = positions('Prop');
    for (const rule of ['Binary', 'PropBin', 'PropCbc', 'Cubic', 'ASymProsp'] as const) {
      const run = runSmp({ actors: trio }, { VotingRule: rule });
      expect(run.states.length).toBeGreaterThanOrEqual(3);
    }
    expect(positions('Cubic')).not.toEqual(proportional);
  });

  it('BigRAdjust: the better a knows b’s true (risk-accepting) attitude, the lower it rates its chance', () => {
    // a's estimate r of R_b: None 1, OneThird ½, Half ¼, TwoThirds 0, Full −½.
    // U_ba = (1 − 0.6)(1 + 0.6·r); a votes 2·(1 − 0.64) = 0.72, b −(1 − U_ba): φ = 0.72 / (0.72 + 1 − U_ba).
    const phi = (adjust: SmpOptions['BigRAdjust']) => challengeOf(runSmp({ actors: pair }, { BigRAdjust: adjust }), 0)?.winProbability;
    expect(phi('None')).toBeCloseTo(0.72 / 1.08, 8);
    expect(phi('OneThird')).toBeCloseTo(0.72 / 1.2, 8);
    expect(phi('Half')).toBeCloseTo(0.72 / 1.26, 8);
    expect(phi('TwoThirds')).toBeCloseTo(0.72 / 1.32, 8);
    // Full: φ = ½ and Δ = 0.72·φ − 0.36 = 0: a no longer challenges. KTAB's Full fails its own check.
    expect(phi('FullFixed')).toBeUndefined();
    expect(() => runSmp({ actors: pair }, { BigRAdjust: 'Full' })).toThrow('SMPState::setAllAUtil: Estimate of change in utility by 0 out of valid range');
    expect(challengeOf(runSmp({ actors: pair }, { BigRAdjust: 'OneThird' }), 0)!.gain).toBeCloseTo(0.72 * 0.6 - 0.36, 8);
  });

  it('BigRRange: the likeliest position’s holder has R = 1; the least likely 0 (Min), −½ (Mid), −1 (Max)', () => {
    const attitudes = (range: SmpOptions['BigRRange']) => runSmp({ actors: pair }, { BigRRange: range }).states[0]!.riskAttitudes;
    expect(attitudes('Min')).toEqual([expect.closeTo(1, 12), expect.closeTo(0, 12)]);
    expect(attitudes('Mid')).toEqual([expect.closeTo(1, 12), expect.closeTo(-0.5, 12)]);
    expect(attitudes('Max')).toEqual([expect.closeTo(1, 12), expect.closeTo(-1, 12)]);
  });

  it('ThirdPartyCommit: NoCommit and FullCommit leave the principals alone (KTAB); the Fixed values let c back a', () => {
    const phi = (commit: SmpOptions['ThirdPartyCommit']) => {
      const run = runSmp({ actors: trio }, { ThirdPartyCommit: commit });
      return { run, phi: challengeOf(run, 0)!.winProbability };
    };
    const none = phi('NoCommit');
    expect(phi('FullCommit').phi).toBe(none.phi);
    // Principals only: a votes σ_a·c_a·(U_aa − U_ab), b votes σ_b·c_b·(U_ba − U_bb), U from a's perspective.
    const [riskA, riskB] = none.run.states[0]!.riskAttitudes as [number, number];
    const estimateB = (2 * riskA + riskB) / 3;
    const forA = 2 * (1 - 0.4 * (1 + 0.6 * riskA));
    const forB = 1 * (1 - 0.4 * (1 + 0.6 * estimateB));
    expect(none.phi).toBeCloseTo(forA / (forA + forB), 9);
    expect(phi('SemiCommit').phi).not.toBeCloseTo(none.phi, 3);
    // c (at 0.25) prefers a's position: with the corrected probabilities it backs a.
    expect(phi('FullCommitFixed').phi).toBeGreaterThan(none.phi);
    expect(phi('NoCommitFixed').phi).toBeGreaterThan(none.phi);
    expect(phi('SemiCommitFixed').phi).not.toBeCloseTo(phi('SemiCommit').phi, 3);
  });

  it('InterVecBrgn: S2P2 and S1P1 meet at one weighted point, S2PMax moves only the weaker side', () => {
    // a challenges b with φ = 0.6 (OneThird, above). S2P2: (0.36·0.2 + 0.16·0.8)/0.52 = 0.3846;
    // S1P1: (0.6·0.2 + 0.4·0.8)/1 = 0.44; S2PMax: a stays, b moves 0.2/(0.2 + 0.8) of the way.
    const offer = (method: SmpOptions['InterVecBrgn']) => offersOf(runSmp({ actors: pair }, { InterVecBrgn: method }))[0]!;
    expect(offer('S2P2')).toMatchObject({ initiatorPosition: [0.3846], receiverPosition: [0.3846] });
    expect(offer('S1P1')).toMatchObject({ initiatorPosition: [0.44], receiverPosition: [0.44] });
    expect(offer('S2PMax').initiatorPosition).toEqual([0.2]);
    expect(offer('S2PMax').receiverPosition[0]).toBeCloseTo(0.68, 5);
  });

  it('BargnModel: the receiver’s view from a utility gain (KTAB) or from its win estimate (Fixed)', () => {
    // From b's perspective (r_a = (2·(−½) + 1)/3 = 0): a votes 2·(1 − 0.4) = 1.2, b −(1 − 0.28) = −0.72,
    // so φ = 1.2/1.92 = 0.625 and Δ = 0.625·2 + 0.375·0.8 − 1.4 = 0.15.
    // KTAB interpolates with 0.15: (0.0225·0.2 + 0.7225·0.8)/0.745 = 0.7819, next to b.
    // Fixed with 0.625: (0.390625·0.2 + 0.140625·0.8)/0.53125 = 0.3588, next to a.
    const offers = (model: SmpOptions['BargnModel']) => offersOf(runSmp({ actors: pair }, { BargnModel: model })).filter((b) => b.initiator === 0);
    expect(offers('InitOnlyInterp').map((b) => [b.view, b.initiatorPosition[0]])).toEqual([['initiator', 0.3846]]);
    expect(offers('InitRcvrInterp').map((b) => [b.view, b.initiatorPosition[0]])).toEqual([
      ['initiator', 0.3846],
      ['receiver', 0.7819],
    ]);
    expect(offers('InitRcvrInterpFixed').map((b) => [b.view, b.initiatorPosition[0]])).toEqual([
      ['initiator', 0.3846],
      ['receiver', 0.3588],
    ]);
    // PWCompInterp: weights c_a·σ_a = 2 and (KTAB) c_a·σ_b = 2, (Fixed) c_b·σ_b = 1.
    expect(offers('PWCompInterp')[0]!.initiatorPosition[0]).toBeCloseTo((0.3846 + 0.7819) / 2, 12);
    expect(offers('PWCompInterpFixed')[0]!.initiatorPosition[0]).toBeCloseTo((2 * 0.3846 + 0.3588) / 3, 12);
  });

  it('DegenerateRisk: everyone at one point gives NaN attitudes in KTAB, neutral ones when fixed; nobody moves', () => {
    const together: SmpActor[] = [0, 1, 2].map((i) => ({ id: `x${i}`, capability: 1 + i, position: [0.5], salience: [0.5] }));
    for (const mode of ['NaN', 'Neutral'] as const) {
      const run = runSmp({ actors: together }, { DegenerateRisk: mode });
      expect(run.states[0]!.riskAttitudes.every((r) => (mode === 'NaN' ? Number.isNaN(r) : r === 0))).toBe(true);
      expect(run.states).toHaveLength(3);
      expect(run.states.at(-1)!.positions).toEqual([[0.5], [0.5], [0.5]]);
      expect(run.actorProbabilities).toEqual([1, 1, 1]);
    }
    // Two camps of equal weight are degenerate too: NaN utilities count for nobody, so each
    // camp's position gets ½ (§13.8), where NaN sums would make every probability NaN.
    const camps: SmpActor[] = [0.3, 0.3, 0.7, 0.7].map((x, i) => ({ id: `c${i}`, capability: 1, position: [x], salience: [0.5] }));
    const split = runSmp({ actors: camps });
    expect(split.states[0]!.riskAttitudes.every(Number.isNaN)).toBe(true);
    expect(split.turns.every((turn) => turn.challenges.length === 0)).toBe(true);
    expect(split.actorProbabilities).toEqual([0.5, 0.5, 0.5, 0.5]);
    const [frozen] = smpModel.run(pointScenarioOf(camps), resolveParams(smpModel, {}).params);
    expect(frozen!.notes.join(' ')).toContain('the run froze');
    expect(frozen!.forecast).toBeCloseTo(50, 9);
  });

  it('MaxTurns and StopRatio: a cap stops the run early; a looser ratio stops it sooner', () => {
    const capped = smpModel.run(pointScenarioOf(trio), resolveParams(smpModel, { MaxTurns: 2, StopRatio: 0 }).params);
    expect(capped[0]!.details).toMatchObject({ rounds: 2, stop: 'max-turns' });
    expect(capped[0]!.notes.join(' ')).toContain('still moving after 2 turns');
    const actors = readKtabActors('SOE-Pol-Comp');
    expect(runSmp({ actors }, { StopRatio: 0.2 }).turns.length).toBeLessThan(runSmp({ actors }).turns.length);
  });
});

describe('smp: ideals that lag behind positions (accommodation, §11.2)', () => {
  it('the identity is KTAB’s CSV default; ½ on a’s diagonal keeps half of a’s old ideal', () => {
    expect(
      runSmp({
        actors: trio,
        accommodation: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      }),
    ).toEqual(runSmp({ actors: trio }));
    const run = runSmp({
      actors: pair,
      accommodation: [
        [0.5, 0],
        [0, 1],
      ],
    });
    const [a, b] = run.states[1]!.positions as [number[], number[]];
    expect(a[0]).not.toBe(0.2);
    // y'_a = ½·x'_a + (1 − ½)·y_a with y_a = 0.2; b's ideal follows its position.
    expect(run.states[1]!.ideals).toEqual([[0.5 * a[0]! + 0.5 * 0.2], [b[0]]]);
    expect(() =>
      runSmp({
        actors: pair,
        accommodation: [
          [0.7, 0.7],
          [0, 1],
        ],
      }),
    ).toThrow('accommodation row 0 sums to 1.4');
  });
});

// ---------------------------------------------------------------------------------------
// Stochastic mode
// ---------------------------------------------------------------------------------------

describe('smp: stochastic transitions are reproducible from the seed', () => {
  const actors = readKtabActors('dummyData_3Dim');
  it('same seed twice: identical runs; different seeds: different runs', () => {
    const first = runSmp({ actors }, { StateTransitions: 'Stochastic', seed: 7 });
    const again = runSmp({ actors }, { StateTransitions: 'Stochastic', seed: 7 });
    expect(again).toEqual(first);
    const trajectories = [1, 2, 3, 4, 5].map((seed) =>
      JSON.stringify(runSmp({ actors }, { StateTransitions: 'Stochastic', seed }).states.map((s) => s.positions)),
    );
    expect(new Set(trajectories).size).toBeGreaterThan(1);
  });

  it('the model takes the run seed, or PrngSeed when given', () => {
    const scenario = pointScenarioOf(actors);
    const params = resolveParams(smpModel, { StateTransitions: 'Stochastic' }).params;
    const bySeed = (seed: number) => JSON.stringify(smpModel.run(scenario, params, { seed }).map((result) => fullDetails(result).trajectory));
    expect(bySeed(11)).toBe(bySeed(11));
    expect([11, 12, 13, 14].map(bySeed).some((run) => run !== bySeed(11))).toBe(true);
    const pinned = resolveParams(smpModel, { StateTransitions: 'Stochastic', PrngSeed: 99 }).params;
    const withPinned = (seed: number) => JSON.stringify(smpModel.run(scenario, pinned, { seed }).map((result) => fullDetails(result).trajectory));
    expect(withPinned(1)).toBe(withPinned(2));
  });
});

// ---------------------------------------------------------------------------------------
// Scenarios: several issues, scales, absent stances
// ---------------------------------------------------------------------------------------

/** One issue per dimension on 0–100, every actor on every issue. */
function pointScenarioOf(actors: readonly SmpActor[]): PointScenario {
  const dimensions = actors[0]!.position.length;
  return {
    id: 'test',
    title: 'test',
    issues: Array.from({ length: dimensions }, (_, k) => ({
      id: `d${k}`,
      name: `Dimension ${k}`,
      scale: { min: 0, max: 100 },
      actors: actors.map((actor) => ({
        id: actor.id,
        name: actor.id,
        capability: actor.capability,
        position: actor.position[k]! * 100,
        salience: actor.salience[k]!,
      })),
    })),
  };
}

describe('smp: a scenario as KTAB input', () => {
  it('saliences that sum to more than 1 are divided by their sum; others pass unchanged', () => {
    expect(ktabSalience([0.8, 0.8])).toEqual([0.5, 0.5]);
    expect(ktabSalience([0.3, 0.2])).toEqual([0.3, 0.2]);
    const many = ktabSalience([0.7, 0.9, 0.3, 1]);
    expect(many.reduce((sum, s) => sum + s, 0)).toBeLessThanOrEqual(1);
    expect(many[1]! / many[0]!).toBeCloseTo(0.9 / 0.7, 12);
  });

  it('an actor without a stance gets salience 0 and the status quo (or the weighted mean) as position', () => {
    const tax: IssueInput = {
      id: 'tax',
      name: 'Tax',
      scale: { min: 0, max: 10 },
      statusQuo: 4,
      actors: [
        { id: 'a', name: 'A', capability: 2, position: 2, salience: 0.9 },
        { id: 'b', name: 'B', capability: 1, position: 8, salience: 0.5 },
      ],
    };
    const trade: IssueInput = {
      id: 'trade',
      name: 'Trade',
      scale: { min: -1, max: 1 },
      actors: [
        { id: 'b', name: 'B', capability: 1, position: 1, salience: 0.7 },
        { id: 'c', name: 'C', capability: 3, position: -1, salience: 0.6 },
      ],
    };
    const { actors } = smpActorsOf({ id: 's', title: 's', issues: [tax, trade] });
    expect(actors.map((actor) => actor.id)).toEqual(['a', 'b', 'c']);
    // a has no stance on trade: weighted mean (1·0.7·1 + 3·0.6·(−1))/(0.7 + 1.8) = −0.44 → (−0.44 + 1)/2 = 0.28.
    expect(actors[0]).toMatchObject({ salience: [0.9, 0], participates: [true, false] });
    expect(actors[0]!.position[1]).toBeCloseTo(0.28, 12);
    // b's saliences 0.5 + 0.7 > 1: divided by 1.2. c has no stance on tax: the status quo 4 → 0.4.
    expect(actors[1]!.salience).toEqual([0.5 / 1.2, 0.7 / 1.2]);
    expect(actors[2]).toMatchObject({ position: [0.4, 0], salience: [0, 0.6], participates: [false, true] });
  });

  it('issues on any scale: the same run on 0–10 and 0–100 gives the same forecast, scaled', () => {
    const onScale = (max: number): PointScenario => ({
      id: 's',
      title: 's',
      issues: [
        {
          id: 'x',
          name: 'X',
          scale: { min: 0, max },
          actors: trio.map((actor) => ({
            id: actor.id,
            name: actor.id,
            capability: actor.capability,
            position: actor.position[0]! * max,
            salience: actor.salience[0]!,
          })),
        },
      ],
    });
    const params = resolveParams(smpModel, {}).params;
    const [small] = smpModel.run(onScale(10), params);
    const [large] = smpModel.run(onScale(100), params);
    expect(small!.forecast * 10).toBeCloseTo(large!.forecast, 9);
    expect(fullDetails(small!).rounds).toBe(fullDetails(large!).rounds);
  });

  it('details: forecast = probability-weighted mean of the groups; groups sum to 1; turns explain moves', () => {
    const [result] = smpModel.run(pointScenarioOf(trio), resolveParams(smpModel, {}).params);
    const details = result!.details as {
      mean: number;
      mostProbable: { position: number; probability: number };
      groups: Array<{ position: number; actors: string[]; probability: number }>;
      trajectory: Array<{ round: number; positions: Record<string, number> }>;
      turns: Array<{ round: number; challenges: Array<{ challenger: string; target: string }>; took: Array<{ actor: string; bargain: string }> }>;
      finalPositions: Record<string, number>;
      rounds: number;
      stop: string;
    };
    expect(result!.forecast).toBe(details.mean);
    expect(details.groups.reduce((sum, group) => sum + group.probability, 0)).toBeCloseTo(1, 12);
    expect(details.groups.reduce((sum, group) => sum + group.probability * group.position, 0)).toBeCloseTo(result!.forecast, 6);
    expect(Math.max(...details.groups.map((group) => group.probability))).toBe(details.mostProbable.probability);
    expect(details.groups.flatMap((group) => group.actors).sort()).toEqual(['a', 'b', 'c']);
    expect(details.trajectory).toHaveLength(details.rounds + 1);
    expect(details.trajectory[0]!.positions).toEqual({ a: 20, b: 80, c: 25 });
    expect(details.trajectory.at(-1)!.positions).toEqual(details.finalPositions);
    expect(details.turns[0]!.round).toBe(1);
    expect(details.turns[0]!.challenges[0]).toMatchObject({ challenger: 'a', target: 'b' });
    expect(details.turns[0]!.took.map((took) => took.actor)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('an actor that cares about nothing is left out with a note; fewer than two actors is an error', () => {
    const scenario = pointScenarioOf(trio);
    scenario.issues[0]!.actors.push({ id: 'z', name: 'Z', capability: 5, position: 50, salience: 0 });
    const [result] = smpModel.run(scenario, resolveParams(smpModel, {}).params);
    expect(result!.notes.join(' ')).toContain('Z has salience 0 on every issue');
    const lonely: PointScenario = {
      id: 's',
      title: 's',
      issues: [{ id: 'x', name: 'X', scale: { min: 0, max: 1 }, actors: [{ id: 'a', name: 'A', capability: 1, position: 0.5, salience: 1 }] }],
    };
    expect(() => smpModel.run(lonely, {})).toThrow('at least two actors');
  });

  it('every parameter is KTAB’s option name with KTAB’s value names, defaults as KTAB’s', () => {
    const specs = Object.fromEntries(smpModel.params.map((spec) => [spec.name, spec]));
    expect(Object.keys(specs).slice(0, 9)).toEqual([
      'VictoryProbModel',
      'PCEModel',
      'StateTransitions',
      'VotingRule',
      'BigRAdjust',
      'BigRRange',
      'ThirdPartyCommit',
      'InterVecBrgn',
      'BargnModel',
    ]);
    expect(Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.default]))).toMatchObject({
      VictoryProbModel: 'Linear',
      PCEModel: 'Conditional',
      StateTransitions: 'Deterministic',
      VotingRule: 'Prop',
      BigRAdjust: 'OneThird',
      BigRRange: 'Mid',
      ThirdPartyCommit: 'SemiCommit',
      InterVecBrgn: 'S2P2',
      BargnModel: 'InitOnlyInterp',
      MaxTurns: 100,
      StopRatio: 0.02,
    });
    const { params, problems } = resolveParams(smpModel, { VotingRule: 'Cubic', PCEModel: 'MarkovUniform' });
    expect(problems).toEqual([]);
    expect(params).toMatchObject({ VotingRule: 'Cubic', PCEModel: 'MarkovUniform' });
    expect(resolveParams(smpModel, { VotingRule: 'Quadratic' }).problems[0]).toContain('expected one of Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp');
  });
});

describe('smp: KTAB’s utility sanity check (§5.5 step 2) on an issue whose actors sit at its two ends', () => {
  // Every distance is 0 or 1, where u(d, R) does not depend on R, so V = W and KTAB fails the run.
  const twoEnds = (): SmpActor[] => [
    { id: 'com', capability: 1, position: [1], salience: [0.85] },
    { id: 'ep', capability: 1, position: [1], salience: [0.7] },
    { id: 'at', capability: 1, position: [0], salience: [0.6] },
    { id: 'be', capability: 1, position: [0], salience: [0.6] },
    { id: 'de', capability: 1, position: [0], salience: [0.85] },
  ];

  it('UtilityCheck=Fail (KTAB) fails with KTAB’s message', () => {
    expect(() => runSmp({ actors: twoEnds() })).toThrow(/SMPState::setAllAUtil: utility values not in valid range/);
  });

  it('UtilityCheck=Skip runs on to a finite result', () => {
    const run = runSmp({ actors: twoEnds() }, { UtilityCheck: 'Skip' });
    const finalPositions = run.states.at(-1)!.positions;
    for (const position of finalPositions) expect(Number.isFinite(position[0])).toBe(true);
    expect(run.groups.reduce((sum, group) => sum + group.probability, 0)).toBeCloseTo(1, 12);
  });
});

/**
 * The spatial model's parameters, described once (name, meaning, values, default), with
 * KTAB's names (SMP-SPEC §3): the CLI's flags, the web form, validation and the options
 * `runSmp` takes are all built from `smpParams`.
 */
import { type ParamOptions, type ParamSpec, paramDefaults } from '../../model.js';
import {
  bargnModelValues,
  bigRAdjustValues,
  bigRRangeValues,
  degenerateRiskValues,
  interVecBrgnValues,
  stateTransitionsValues,
  thirdPartyCommitValues,
  utilityCheckValues,
} from './types.js';
import { pceModels, victoryProbModels, votingRules } from './voting.js';

/** Every parameter of the model, KTAB's defaults (§3, §11.3) among them. */
export const smpParams = [
  {
    name: 'VictoryProbModel',
    description:
      'how two coalition strengths become the chance that one side wins, in the elections among positions and bargains (not in challenges, as in KTAB): Linear s₁/(s₁+s₂); Square, Quartic, Octic raise strengths to the 2nd, 4th, 8th power (the stronger side wins more surely); Binary: a side 10% stronger wins outright',
    type: 'enum',
    default: 'Linear',
    values: victoryProbModels,
  },
  {
    name: 'PCEModel',
    description:
      'how pairwise victory chances become one probability per option: Conditional, the product of its chances against every other option; MarkovUniform, the long-run share of a challenge process with challengers drawn uniformly; MarkovIncentive, challengers drawn by their incentive (can fail to settle, as in KTAB)',
    type: 'enum',
    default: 'Conditional',
    values: pceModels,
  },
  {
    name: 'StateTransitions',
    description:
      'Deterministic: each actor takes the likeliest bargain of its queue; Stochastic: it draws one by probability (seeded: the run seed, or PrngSeed)',
    type: 'enum',
    default: 'Deterministic',
    values: stateTransitionsValues,
  },
  {
    name: 'VotingRule',
    description:
      'how an actor’s utility difference Δ becomes a vote: Prop w·Δ; Binary w·sign(Δ); PropBin 0.8 Prop + 0.2 Binary; Cubic w·Δ³ (small differences barely count); PropCbc half Prop, half Cubic; ASymProsp w·Δ against the higher-listed option, ⅔·w·Δ for it (order-dependent, as in KTAB)',
    type: 'enum',
    default: 'Prop',
    values: votingRules,
  },
  {
    name: 'BigRAdjust',
    description:
      'how well actors know each other’s risk attitude: None (each assumes the others share its own), OneThird, Half, TwoThirds, Full (the true one); KTAB’s Full always fails its own sanity check, FullFixed runs it',
    type: 'enum',
    default: 'OneThird',
    values: bigRAdjustValues,
  },
  {
    name: 'BigRRange',
    description:
      'the range of risk attitudes, from risk accepting (−) to averse (+), the holder of the likeliest position being the most averse: Min 0…1, Mid −½…1, Max −1…1',
    type: 'enum',
    default: 'Mid',
    values: bigRRangeValues,
  },
  {
    name: 'ThirdPartyCommit',
    description:
      'what a third party expects to keep after joining a side: SemiCommit keeps its position unless it loses; FullCommit adopts the side’s position; NoCommit always keeps its own. In KTAB NoCommit and FullCommit give third parties no say at all (one probability for both sides); the …Fixed values weigh each side by its own chance with the third party’s help',
    type: 'enum',
    default: 'SemiCommit',
    values: thirdPartyCommitValues,
  },
  {
    name: 'InterVecBrgn',
    description:
      'where a bargain puts the two parties: S2P2 between them, weighted by salience² × win probability² (both end near one point); S1P1 weighted by salience × probability; S2PMax only the weaker side moves toward the stronger',
    type: 'enum',
    default: 'S2P2',
    values: interVecBrgnValues,
  },
  {
    name: 'BargnModel',
    description:
      'which bargains a challenge queues: InitOnlyInterp the initiator’s view; InitRcvrInterp the initiator’s and the receiver’s views; PWCompInterp their capability-weighted compromise. KTAB builds the receiver’s view from a utility gain used as a probability and weighs the compromise with the initiator’s capability twice; the …Fixed values use the receiver’s win estimate and capability',
    type: 'enum',
    default: 'InitOnlyInterp',
    values: bargnModelValues,
  },
  {
    name: 'DegenerateRisk',
    description:
      'risk attitudes when every position is equally likely (all actors at one point, or two camps of exactly equal capability): NaN as in KTAB (nobody moves again); Neutral makes everybody risk neutral and the run goes on',
    type: 'enum',
    default: 'NaN',
    values: degenerateRiskValues,
  },
  {
    name: 'UtilityCheck',
    description:
      'KTAB’s sanity checks of the risk-aware utilities (§5.5): Fail as in KTAB (a run fails when risk attitudes cannot change any utility, e.g. an issue whose actors all sit at its two ends, so every distance is 0 or 1); Skip treats them as the diagnostics they are and runs on',
    type: 'enum',
    default: 'Fail',
    values: utilityCheckValues,
  },
  { name: 'MaxTurns', description: 'stop after this many turns at the latest (KTAB: 100)', type: 'integer', default: 100, min: 1 },
  {
    name: 'StopRatio',
    description: 'stop when a turn moves the actors less than this fraction of what the first turn moved (KTAB: 0.02; checked from turn 2)',
    type: 'number',
    default: 0.02,
    min: 0,
  },
  {
    name: 'PrngSeed',
    description:
      'seed of the stochastic transitions (KTAB’s prngSeed); 0: the run’s seed (--seed), or a fixed default when none is given. Deterministic runs ignore it',
    type: 'integer',
    default: 0,
    min: 0,
    max: 0xffffffff,
  },
] as const satisfies readonly ParamSpec[];

/**
 * What `runSmp` takes: the model's parameters, each optional, and the seed of the
 * stochastic transitions itself in place of `PrngSeed` (whose 0 means "the run's seed",
 * resolved by the model before a run).
 */
export type SmpOptions = Omit<ParamOptions<typeof smpParams>, 'PrngSeed'> & {
  /** Seed of the stochastic transitions; ignored in deterministic mode. */
  seed?: number;
};

const { PrngSeed: _runSeed, ...parameterDefaults } = paramDefaults(smpParams);

/** KTAB's defaults (§3, §11.3): the parameters' defaults, and the seed when none is given. */
export const smpDefaults: Required<SmpOptions> = {
  ...parameterDefaults,
  /** The low 32 bits of KTAB's default seed 0xD67CC16FE69C185C (our generator takes 32 bits). */
  seed: 0xe69c185c,
};

/**
 * §7 Evaluating a challenge: each actor's view, coalition strengths after third parties, and
 * the expected gain of challenging.
 */
import { type RuleCode, ruleCode, smpFailure, vote } from './voting.js';
import { type Assessment, estimatedRisk } from './assessment.js';
import { type World, challengeFloor, utility } from './world.js';

/**
 * Actor h's view of the state, for evaluating challenges of principal i from it:
 * U^h_ab = u(d_ab, r^h_a) is read from these vectors instead of an n × n matrix.
 */
export interface Perspective {
  /** r^h_m: h's estimate of every actor's risk attitude. */
  risk: Float64Array;
  /** U^h_mm. */
  own: Float64Array;
  /** U^h_mi for the principal i it was prepared for. */
  ofPrincipal: Float64Array;
}

export function newPerspective(n: number): Perspective {
  return { risk: new Float64Array(n), own: new Float64Array(n), ofPrincipal: new Float64Array(n) };
}

/** Fill `view` with h's estimates, for challenges whose initiator is i. O(n). */
export function preparePerspective(world: World, assessment: Assessment, view: Perspective, h: number, i: number): void {
  const n = world.actorCount;
  const { distance, risk } = assessment;
  for (let m = 0; m < n; m++) {
    const estimate = estimatedRisk(world.options.BigRAdjust, risk[h]!, risk[m]!);
    view.risk[m] = estimate;
    view.own[m] = utility(distance[m * n + m]!, estimate);
    view.ofPrincipal[m] = utility(distance[i * n + m]!, estimate);
  }
}

/** The result of one evaluation, reused to keep the O(n²) evaluations a turn allocation-free. */
export interface ChallengeValue {
  winProbability: number;
  gain: number;
}

/**
 * Whether `value` lies outside [low, high], written so that NaN passes, as in KTAB (§7 step
 * 1, §13.8); the error is made apart (`outOfRange`), so this stays small enough for V8 to
 * inline and the double is not boxed on every challenge.
 */
function outside(value: number, low: number, high: number): boolean {
  return value < low || value > high;
}

function outOfRange(value: number, low: number, high: number, what: string): Error {
  return smpFailure(`${what} = ${value} is outside [${low}, ${high}]`);
}

/**
 * Coalition strengths [for i, for j] of one challenge: the principals' when
 * `semiCommitSupport` is called, the totals after the third parties when it returns. The
 * running sums live here rather than in local variables because V8 kept those boxed, one
 * heap number per third party (7.7 MB of garbage a Monte Carlo draw of the default
 * scenario), and passes no double to the call.
 */
const support = new Float64Array(2);

/**
 * §7 step 3 under SemiCommit, the default and the hot loop of a turn: each third party m
 * weighs joining i against joining j. m keeps its own position unless it is on the losing
 * side. `distance[toJ + m]` is d_mj. Reads the principals' strengths from `support` and
 * adds the third parties' votes to them there, in order of m.
 *
 * Under Prop the loop avoids the two data-dependent branches per third party (which the
 * processor mispredicts half the time): for a finite v, (v + |v|)·½ is exactly "v if
 * positive, else 0" and (|v| − v)·½ exactly "−v if negative, else 0", and adding +0
 * changes nothing. NaN (the degenerate state of §13.8) would spread where KTAB ignores it,
 * so a NaN result is recomputed the literal way.
 *
 * Cost: O(n).
 */
function semiCommitSupport(rule: RuleCode, weights: Float64Array, distance: Float64Array, toJ: number, view: Perspective, i: number, j: number): void {
  const n = weights.length;
  const estimate = view.risk;
  const ofI = view.ofPrincipal;
  const own = view.own;
  const principalI = support[0]!;
  const principalJ = support[1]!;
  if (rule === ruleCode('Prop')) {
    for (let m = 0; m < n; m++) {
      if (m === i || m === j) continue;
      const weight = weights[m]!;
      const mOfI = ofI[m]!;
      const dj = distance[toJ + m]!;
      const mOfJ = dj <= 1 ? (1 - dj) * (1 + dj * estimate[m]!) : (1 - dj) * (1 + estimate[m]!);
      const mOfM = own[m]!;
      const littleVote = weight * (mOfI - mOfJ);
      const littleSize = Math.abs(littleVote);
      const strengthI = principalI + (littleVote + littleSize) * 0.5;
      const strengthJ = principalJ + (littleSize - littleVote) * 0.5;
      const iWins = strengthI / (strengthI + strengthJ);
      const jWins = 1 - iWins;
      const joinI = iWins * (mOfI + mOfI + mOfM) + jWins * (mOfJ + mOfJ + mOfJ);
      const joinJ = iWins * (mOfI + mOfI + mOfI) + jWins * (mOfJ + mOfJ + mOfM);
      const ballot = weight * (joinI - joinJ);
      const ballotSize = Math.abs(ballot);
      support[0] = support[0]! + (ballot + ballotSize) * 0.5;
      support[1] = support[1]! + (ballotSize - ballot) * 0.5;
    }
    if (!Number.isNaN(support[0]! + support[1]!)) return;
    support[0] = principalI;
    support[1] = principalJ;
  }
  for (let m = 0; m < n; m++) {
    if (m === i || m === j) continue;
    const weight = weights[m]!;
    const mOfI = ofI[m]!;
    const mOfJ = utility(distance[toJ + m]!, estimate[m]!);
    const mOfM = own[m]!;
    // The little contest: how likely i wins if m backs the side it prefers (always linear, §13.10).
    const littleVote = vote(rule, weight, mOfI, mOfJ);
    const strengthI = littleVote > 0 ? principalI + littleVote : principalI;
    const strengthJ = littleVote < 0 ? principalJ - littleVote : principalJ;
    const iWins = strengthI / (strengthI + strengthJ);
    const jWins = 1 - iWins;
    const joinI = iWins * (mOfI + mOfI + mOfM) + jWins * (mOfJ + mOfJ + mOfJ);
    const joinJ = iWins * (mOfI + mOfI + mOfI) + jWins * (mOfJ + mOfJ + mOfM);
    const ballot = vote(rule, weight, joinI, joinJ);
    if (ballot > 0) support[0] = support[0]! + ballot;
    if (ballot < 0) support[1] = support[1]! - ballot;
  }
}

/** The margin of `evaluateChallenge`'s bound on the gain (see there). */
const gainBoundSlack = 1e-12;

/**
 * evalChallenge(h, k, i, j) of §7: h's estimate of the probability that i beats j if i
 * challenges j, and of the expected change in utility to k. Principals vote with weight
 * c·σ; each third party m votes for the side it expects to serve it best, given its
 * little contest with the principals' strengths and what it keeps after each outcome
 * (ThirdPartyCommit). j gives in without a fight with probability 1 − σ_j.
 *
 * `floor`: the gain the caller needs to beat. With u_V = 2·U_ki, u_D = 2·U_kj and u_SQ =
 * U_ki + U_kj, the gain is (U_ki − U_kj)·(1 − 2σ_j·(1 − P)) for the contest's P in [0, 1],
 * so it is at most U_ki − U_kj when U_ki ≥ U_kj and at most (U_kj − U_ki)·max(0, 2σ_j − 1)
 * otherwise. When that bound, plus 1e-12 (far above the rounding of the dozen operations on
 * terms of at most 2 that make the gain), is at most `floor`, the computed gain could not
 * beat it either: the O(n) steps are skipped and `out.gain` is −∞. The checks of step 1 are
 * made first, so a run fails where it failed before. In `propose` this skips about a third
 * of the evaluations on the default scenario; the challenge chosen is the same.
 *
 * Cost: O(n), O(1) when skipped.
 */
export function evaluateChallenge(
  world: World,
  assessment: Assessment,
  view: Perspective,
  k: number,
  i: number,
  j: number,
  out: ChallengeValue,
  floor = Number.NEGATIVE_INFINITY,
): void {
  const n = world.actorCount;
  const rule = world.rule;
  const { distance } = assessment;
  const estimate = view.risk;
  const ofI = view.ofPrincipal;

  // Step 1: k's utility of the status quo, of i's victory and of i's defeat.
  const kOfI = utility(distance[i * n + k]!, estimate[k]!);
  const kOfJ = utility(distance[j * n + k]!, estimate[k]!);
  const utilityStatusQuo = kOfI + kOfJ;
  const utilityVictory = kOfI + kOfI;
  const utilityDefeat = kOfJ + kOfJ;
  if (outside(utilityStatusQuo, 0, 2)) throw outOfRange(utilityStatusQuo, 0, 2, 'expected utility of the status quo');
  if (outside(utilityVictory, 0, 2)) throw outOfRange(utilityVictory, 0, 2, 'utility of victory');
  if (outside(utilityDefeat, 0, 2)) throw outOfRange(utilityDefeat, 0, 2, 'utility of defeat');
  const sigmaJ = world.totalSalience[j]!;
  if (sigmaJ <= 0 || sigmaJ > 1) throw smpFailure(`total salience of actor ${j} = ${sigmaJ} is outside (0, 1]`);
  const gainBound = kOfI >= kOfJ ? kOfI - kOfJ : (kOfJ - kOfI) * Math.max(0, 2 * sigmaJ - 1);
  if (gainBound + gainBoundSlack <= floor) {
    out.winProbability = Number.NaN;
    out.gain = Number.NEGATIVE_INFINITY;
    return;
  }

  // Step 2: the principals' own strengths.
  const voteOfI = vote(rule, world.challengeWeight[i]!, ofI[i]!, utility(distance[j * n + i]!, estimate[i]!));
  const voteOfJ = vote(rule, world.challengeWeight[j]!, utility(distance[i * n + j]!, estimate[j]!), view.own[j]!);
  let forI = challengeFloor;
  let forJ = challengeFloor;
  if (voteOfI > 0) forI += voteOfI;
  if (voteOfI < 0) forJ -= voteOfI;
  if (voteOfJ > 0) forI += voteOfJ;
  if (voteOfJ < 0) forJ -= voteOfJ;
  const principalI = forI;
  const principalJ = forJ;

  // Step 3: third parties. Under NoCommit and FullCommit every third-party vote is exactly
  // 0 (the two expectations are the same sums, §13.2), so the loop is skipped.
  const commit = world.options.ThirdPartyCommit;
  if (commit === 'SemiCommit') {
    support[0] = principalI;
    support[1] = principalJ;
    semiCommitSupport(rule, world.challengeWeight, distance, j * n, view, i, j);
    forI = support[0]!;
    forJ = support[1]!;
  } else if (commit === 'NoCommitFixed' || commit === 'SemiCommitFixed' || commit === 'FullCommitFixed') {
    // A third party on the winning side keeps its own position unless it fully commits; on
    // the losing side it keeps it only when not committed at all.
    const keepsWhenWinning = commit !== 'FullCommitFixed';
    const keepsWhenLosing = commit === 'NoCommitFixed';
    for (let m = 0; m < n; m++) {
      if (m === i || m === j) continue;
      const weight = world.challengeWeight[m]!;
      const mOfI = ofI[m]!;
      const mOfJ = utility(distance[j * n + m]!, estimate[m]!);
      const mOfM = view.own[m]!;
      const littleVote = vote(rule, weight, mOfI, mOfJ);
      const help = Math.abs(littleVote);
      // The corrected §13.2: each side m can join wins with its own probability.
      const iWinsWithM = (principalI + help) / (principalI + help + principalJ);
      const iWinsAgainstM = principalI / (principalI + principalJ + help);
      // m's utility summed over the three positions after each outcome (the table of §7).
      const iAndMWin = mOfI + mOfI + (keepsWhenWinning ? mOfM : mOfI);
      const jBeatsIAndM = mOfJ + mOfJ + (keepsWhenLosing ? mOfM : mOfJ);
      const iBeatsJAndM = mOfI + mOfI + (keepsWhenLosing ? mOfM : mOfI);
      const jAndMWin = mOfJ + mOfJ + (keepsWhenWinning ? mOfM : mOfJ);
      const joinI = iWinsWithM * iAndMWin + (1 - iWinsWithM) * jBeatsIAndM;
      const joinJ = iWinsAgainstM * iBeatsJAndM + (1 - iWinsAgainstM) * jAndMWin;
      const ballot = vote(rule, weight, joinI, joinJ);
      if (ballot > 0) forI += ballot;
      if (ballot < 0) forJ -= ballot;
    }
  }

  // Steps 4–5: the contest, and the challenge, which j concedes with probability 1 − σ_j.
  const winProbability = forI / (forI + forJ);
  const loseProbability = forJ / (forI + forJ);
  const utilityContest = winProbability * utilityVictory + loseProbability * utilityDefeat;
  const utilityChallenge = (1 - sigmaJ) * utilityVictory + sigmaJ * utilityContest;
  out.winProbability = winProbability;
  out.gain = utilityChallenge - utilityStatusQuo;
}

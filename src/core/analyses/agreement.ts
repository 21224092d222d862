/**
 * Deal or no deal: the agreement analysis, model-free. Per issue, the win-set of the status
 * quo under the issue's decision rule (`win-set.ts`): empty means deadlock — the status quo
 * stands — and the deciders who block are named. Across issues, a package: a point in the
 * space of every issue with a status quo that every veto player prefers to the status quo
 * with salience-weighted utilities, even where no single issue has one. Issue linkage is how
 * such deals are made (Tsebelis 2002, *Veto Players*, ch. 1 on multidimensional win-sets;
 * Stokman & Van Oosten 1994 on exchanges across issues).
 *
 * Agreement probability: the share of Monte Carlo draws of the inputs whose win-set is not
 * empty (the same draws as `monteCarlo` with the same seed).
 *
 * Pure: no I/O.
 */
import type { IssueInput, PointScenario } from '../model.js';
import { createRng, deriveSeed } from '../rng.js';
import { ParleyError } from '../errors.js';
import type { DecisionRule, Scenario } from '../scenario.js';
import { decisionOf, winSet } from '../win-set.js';
import { pointWith, withVariant } from './request.js';
import { maximise } from './simplex.js';
import { triangularQuantile } from './triangular.js';

/** The agreement analysis of one issue at one point of the inputs. */
export interface IssueAgreement {
  issue: string;
  rule: DecisionRule;
  /** True when the scenario gives no rule and a majority of all participants is assumed. */
  implicit: boolean;
  statusQuo: number | null;
  /** Deadlock: no outcome beats the status quo under the rule. `null` without a status quo (no "no deal" to compare with). */
  deadlock: boolean | null;
  /** The open interval of outcomes that beat the status quo; null when empty or without a status quo. */
  winSet: { low: number; high: number } | null;
  /** Deciders needed by the rule who prefer the status quo to every move the others want. */
  blockers: string[];
  deciders: string[];
}

/** A package across issues that every veto player prefers to the status quo. */
export interface PackageDeal {
  /** True when some point of the package space beats the status quo for every veto player. */
  possible: boolean;
  /** Actors holding a veto on some issue of the package (unanimity, unilateral, consent). */
  vetoPlayers: string[];
  /** The package that maximises the smallest gain of a veto player, by issue; null when none is possible. */
  point: Record<string, number> | null;
  /** Issues the package moves off their status quo. */
  moves: string[];
  /** Issues deadlocked alone that the package moves: where linking issues opens a deal. */
  opens: string[];
  /** The smallest veto player's gain at the package (salience-weighted, scale-normalised utility). */
  minimumGain: number;
}

export interface Agreement {
  issues: IssueAgreement[];
  /** Null when no issue with a status quo gives anybody a veto. */
  package: PackageDeal | null;
}

/**
 * The agreement analysis of every issue at one point of the inputs, and the package.
 *
 * Cost: O(issues · n log n) for the win-sets, plus one linear program of
 * O(veto players · issues) rows for the package.
 */
export function agreementAt(point: PointScenario): Agreement {
  const issues = point.issues.map(issueAgreement);
  return { issues, package: packageDeal(point.issues, issues) };
}

function issueAgreement(issue: IssueInput): IssueAgreement {
  const decision = decisionOf(issue);
  const common = { issue: issue.id, rule: decision.rule, implicit: decision.implicit === true };
  if (issue.statusQuo === undefined) {
    return { ...common, statusQuo: null, deadlock: null, winSet: null, blockers: [], deciders: decision.by };
  }
  const result = winSet(issue);
  return {
    ...common,
    statusQuo: issue.statusQuo,
    deadlock: result.empty,
    winSet: result.interval ?? null,
    blockers: result.blockers,
    deciders: result.deciders,
  };
}

/** Who holds a veto on an issue: every decider under unanimity and unilateral rules, and every consenting actor. */
function vetoPlayersOf(issue: IssueInput): string[] {
  const decision = decisionOf(issue);
  const vetoes = decision.rule === 'unanimity' || decision.rule === 'unilateral' ? [...decision.by] : [];
  for (const id of decision.consent ?? []) if (!vetoes.includes(id)) vetoes.push(id);
  return vetoes.filter((id) => (issue.actors.find((actor) => actor.id === id)?.salience ?? 0) > 0);
}

/**
 * The package: maximise t subject to gainᵢ(x) ≥ t for every veto player i, where
 * gainᵢ(x) = Σₖ sᵢₖ (|qₖ − xᵢₖ| − |xₖ − xᵢₖ|) / rangeₖ over the issues with a status quo. An
 * issue without vetoes may move only within its own win-set (a move its rule can pass);
 * issues with vetoes may move anywhere on their scale. A package exists when t > 0. Linear
 * after the usual split of |xₖ − xᵢₖ| into a variable bounded below by both signs.
 */
function packageDeal(issues: readonly IssueInput[], agreements: readonly IssueAgreement[]): PackageDeal | null {
  const dims = issues.flatMap((issue, index) => {
    if (issue.statusQuo === undefined) return [];
    const agreement = agreements[index]!;
    const vetoes = vetoPlayersOf(issue);
    const q = issue.statusQuo;
    const [low, high] =
      vetoes.length > 0
        ? [issue.scale.min, issue.scale.max]
        : agreement.winSet
          ? [Math.min(q, agreement.winSet.low), Math.max(q, agreement.winSet.high)]
          : [q, q];
    return [{ issue, q, low, high, vetoes, deadlock: agreement.deadlock === true }];
  });
  const vetoPlayers = [...new Set(dims.flatMap((dim) => dim.vetoes))];
  if (vetoPlayers.length === 0) return null;

  // Variables: x'ₖ = xₖ − lowₖ for each dimension, then one e per (player, issue) where the
  // player's ideal lies inside [low, high], then t' = t + M.
  type Term = { player: number; dim: number; a: number; b: number; e: number | null; weight: number; sqDistance: number };
  const terms: Term[] = [];
  let variables = dims.length;
  vetoPlayers.forEach((id, player) => {
    dims.forEach((dim, d) => {
      const actor = dim.issue.actors.find((candidate) => candidate.id === id);
      if (!actor || !(actor.salience > 0)) return;
      const range = dim.issue.scale.max - dim.issue.scale.min;
      const ideal = actor.position;
      const weight = actor.salience / range;
      const sqDistance = Math.abs(dim.q - ideal);
      // |xₖ − ideal| = a + b·x'ₖ (+ e where the ideal is inside the box).
      if (ideal <= dim.low) terms.push({ player, dim: d, a: dim.low - ideal, b: 1, e: null, weight, sqDistance });
      else if (ideal >= dim.high) terms.push({ player, dim: d, a: ideal - dim.low, b: -1, e: null, weight, sqDistance });
      else terms.push({ player, dim: d, a: ideal - dim.low, b: -1, e: variables++, weight, sqDistance });
    });
  });
  const tVariable = variables++;
  const totalWeights = vetoPlayers.map((_, player) =>
    terms
      .filter((term) => term.player === player)
      .reduce((sum, term) => sum + term.weight * (dims[term.dim]!.issue.scale.max - dims[term.dim]!.issue.scale.min), 0),
  );
  const shift = Math.max(...totalWeights) + 1;
  const rows: number[][] = [];
  const bounds: number[] = [];
  const row = () => new Array<number>(variables).fill(0);
  dims.forEach((dim, d) => {
    const line = row();
    line[d] = 1;
    rows.push(line);
    bounds.push(dim.high - dim.low);
  });
  for (const term of terms) {
    if (term.e === null) continue;
    // |x − ideal| ≥ x − ideal: 2x'ₖ − e ≤ 2(ideal − low).
    const line = row();
    line[term.dim] = 2;
    line[term.e] = -1;
    rows.push(line);
    bounds.push(2 * term.a);
  }
  vetoPlayers.forEach((_, player) => {
    // t' − M ≤ Σ w (|q − ideal| − a − b x' − e)  ⇔  t' + Σ w b x' + Σ w e ≤ M + Σ w (|q − ideal| − a).
    const line = row();
    line[tVariable] = 1;
    let bound = shift;
    for (const term of terms) {
      if (term.player !== player) continue;
      line[term.dim]! += term.weight * term.b;
      if (term.e !== null) line[term.e]! += term.weight;
      bound += term.weight * (term.sqDistance - term.a);
    }
    rows.push(line);
    bounds.push(Math.max(0, bound));
  });
  const objective = row();
  objective[tVariable] = 1;
  const result = maximise({ objective, rows, bounds });
  if (result.status !== 'optimal') throw new Error('agreement: the package program is unbounded, which its bounds rule out');
  const minimumGain = result.solution[tVariable]! - shift;
  const scaleTolerance = (dim: (typeof dims)[number]) => 1e-9 * (dim.issue.scale.max - dim.issue.scale.min);
  // A gain this close to 0 is a tie with the status quo, not a preference.
  const possible = minimumGain > 1e-9;
  const point = possible ? Object.fromEntries(dims.map((dim, d) => [dim.issue.id, dim.low + result.solution[d]!])) : null;
  const moves = point ? dims.filter((dim) => Math.abs(point[dim.issue.id]! - dim.q) > scaleTolerance(dim)).map((dim) => dim.issue.id) : [];
  const opens = moves.filter((id) => dims.find((dim) => dim.issue.id === id)!.deadlock);
  return { possible, vetoPlayers, point, moves, opens, minimumGain };
}

/** Per issue, the share of draws whose win-set is not empty; null for an issue without a status quo. */
export interface AgreementProbability {
  issue: string;
  probability: number | null;
}

export interface AgreementRequest {
  draws: number;
  seed: number;
  variant?: string;
}

/**
 * The agreement probability of every issue: the share of `draws` Monte Carlo draws of the
 * ranged inputs (draw k from `createRng(deriveSeed(seed, k))`, as `monteCarlo` draws them)
 * whose win-set is not empty. A scenario without ranges gives 0 or 1.
 *
 * Cost: O(draws · issues · n log n).
 */
export function agreementProbabilities(scenario: Scenario, request: AgreementRequest): AgreementProbability[] {
  if (!Number.isSafeInteger(request.draws) || request.draws <= 0) {
    throw new ParleyError('bad-request', `draws must be a whole number above 0, got ${request.draws}`);
  }
  const resolved = withVariant(scenario, request.variant);
  const counts = new Map<string, number>();
  let issueIds: { id: string; hasStatusQuo: boolean }[] = [];
  for (let draw = 0; draw < request.draws; draw++) {
    const rng = createRng(deriveSeed(request.seed, draw));
    const point = pointWith(resolved, request.variant, (range) => triangularQuantile(range, rng.next()));
    if (draw === 0) issueIds = point.issues.map((issue) => ({ id: issue.id, hasStatusQuo: issue.statusQuo !== undefined }));
    for (const issue of point.issues) {
      if (issue.statusQuo === undefined) continue;
      if (!winSet(issue).empty) counts.set(issue.id, (counts.get(issue.id) ?? 0) + 1);
    }
  }
  return issueIds.map(({ id, hasStatusQuo }) => ({ issue: id, probability: hasStatusQuo ? (counts.get(id) ?? 0) / request.draws : null }));
}

/**
 * Strategy advice for one actor (the client): the changes that would move the forecast
 * closest to its goal. Every piece of advice is a set of ordinary variant changes, so it can
 * be saved as a variant and compared; `before` and `after` are the forecasts the one-answer
 * summary (`headline`) gives without and with them.
 *
 * The client's utility is the salience-weighted closeness of the forecast to its goal:
 *   U = Σᵢ sᵢ · (1 − |fᵢ − gᵢ| / rangeᵢ) / Σᵢ sᵢ
 * over the goal's issues, sᵢ the client's salience in the file (its true priorities, which a
 * focus move announces differently), gᵢ its goal (default its position), rangeᵢ the width of
 * the issue's scale. A gain is a change of U, so 0.01 is one point of a 0–100 scale on an
 * issue that carries all the weight.
 *
 * The search (docs/advise.md): every single intervention (`interventions.ts`) is evaluated;
 * then the best `beam` singles that help are paired, every pair within the budget whose
 * changes touch different values. A pair is kept when it beats both of its parts. The list
 * is ranked by gain, then cost, then the changes' text, so it is the same for a seed
 * whatever the number of workers; no value (an actor's position on an issue, a capability,
 * a rule) is set by two items of it. Cost in model runs: 1 + singles + beam·(beam − 1)/2, and
 * with draws (1 + top) · draws more, and (1 + top) for each other model compared.
 */
import { modelIds } from '../models/index.js';
import { ParleyError } from '../errors.js';
import { pointScenario } from '../resolve.js';
import { modeOf, stanceOf, type Change, type Scenario, type Variant } from '../scenario.js';
import { inProcessAdvice, type AdviceExecutor, type AdviceModel, type AdviceTask } from './advice-tasks.js';
import { interventions, type GoalTerm, type InterventionKind } from './interventions.js';
import { checkSeed, prepareModels, withVariant } from './request.js';
import { quantileSorted } from './statistics.js';

export interface AdviceRequest {
  /** The client's actor id. */
  actor: string;
  /** The goal's issues; default every issue the client holds a stance on (or every issue of `goal`). */
  issues?: readonly string[];
  /** Targets per issue; default the client's own position. */
  goal?: Readonly<Record<string, number>>;
  /** The model whose forecast is scored; default `ensemble`, the one-answer summary. */
  model?: string;
  params?: Record<string, Record<string, string | number | boolean>>;
  /** Leave out advice that costs more (docs/advise.md: budget units); default no bound. */
  budget?: number;
  /** 1: single changes only; 2 (default): pairs of the best singles too. */
  depth?: 1 | 2;
  /** Singles that are paired; default 16. */
  beam?: number;
  /** Longest persuasion step as a share of the scale; default 0.1. */
  step?: number;
  /** Pieces of advice returned; default 5. */
  top?: number;
  /** Monte Carlo draws for robustness (none by default). */
  draws?: number;
  /** Root seed of the draws and stochastic models; default 1. */
  seed?: number;
  variant?: string;
}

export interface AdviceRobustness {
  draws: number;
  seed: number;
  /** Share of draws in which the advice raises the client's utility. */
  helps: number;
  medianGain: number;
  /** The gain at the modes under each model (null where a model cannot forecast every goal issue). */
  models: Record<string, number | null>;
  /** The models under which the advice helps. */
  agree: string[];
}

export interface AdviceItem {
  kinds: InterventionKind[];
  description: string;
  changes: Change[];
  /** Forecast per issue id without and with the changes. */
  before: Record<string, number>;
  after: Record<string, number>;
  gain: number;
  cost: number;
  robustness?: AdviceRobustness;
}

export interface Advice {
  actor: string;
  model: string;
  goal: Record<string, number>;
  /** The goal's weights (the client's saliences). */
  weights: Record<string, number>;
  utility: number;
  advice: AdviceItem[];
  /** Candidates evaluated: single changes, pairs of them, and every model run the search took. */
  search: { singles: number; pairs: number; runs: number; budget: number | null; depth: 1 | 2 };
}

/** The shape `parley advise --json` prints: the issue's, nothing else. */
export function adviceJson(advice: Advice): {
  actor: string;
  goal: Record<string, number>;
  advice: Array<Pick<AdviceItem, 'description' | 'changes' | 'before' | 'after' | 'gain' | 'robustness'>>;
} {
  return {
    actor: advice.actor,
    goal: advice.goal,
    advice: advice.advice.map((item) => ({
      description: item.description,
      changes: item.changes,
      before: item.before,
      after: item.after,
      gain: item.gain,
      ...(item.robustness === undefined ? {} : { robustness: item.robustness }),
    })),
  };
}

/**
 * The piece of advice at `index` as a variant `advice-ACTOR-k` (k = index + 1, made unique
 * among the scenario's variants), its changes after those of `under` when the advice was for
 * a variant, so applying it to the base gives the item's `after`.
 */
export function adviceVariant(scenario: Scenario, advice: Advice, index: number, under?: string): Variant {
  const item = advice.advice[index];
  if (!item) throw new ParleyError('bad-request', `there is no piece of advice ${index + 1}; the list has ${advice.advice.length}`);
  const existing = scenario.variants ?? [];
  const taken = new Set(existing.map((variant) => variant.id));
  let id = `advice-${advice.actor}-${index + 1}`;
  for (let suffix = 2; taken.has(id); suffix++) id = `advice-${advice.actor}-${index + 1}-${suffix}`;
  const first = under === undefined ? [] : (existing.find((variant) => variant.id === under)?.changes ?? []);
  return { id, description: `${item.description} (parley advise, gain ${item.gain.toFixed(4)} on ${advice.model})`, changes: [...first, ...item.changes] };
}

export const defaultAdviceTop = 5;
export const defaultAdviceBeam = 16;

interface Scored {
  kinds: InterventionKind[];
  description: string;
  changes: Change[];
  cost: number;
  forecasts: Float64Array;
  gain: number;
  key: string;
  /** The values it sets (`touched`). */
  parts: string[];
}

/**
 * The ranked advice for the request's actor.
 *
 * Cost: see the file comment; the runs go to `executor` in tasks (default this thread).
 */
export async function advise(scenario: Scenario, request: AdviceRequest, executor: AdviceExecutor = inProcessAdvice): Promise<Advice> {
  const resolved = withVariant(scenario, request.variant);
  const seed = request.seed ?? 1;
  checkSeed(seed);
  const depth = request.depth ?? 2;
  const top = request.top ?? defaultAdviceTop;
  const beam = request.beam ?? defaultAdviceBeam;
  checkWhole('top', top, 1);
  checkWhole('beam', beam, 2);
  if (request.draws !== undefined) checkWhole('draws', request.draws, 1);
  if (request.budget !== undefined && !(Number.isFinite(request.budget) && request.budget >= 0)) {
    throw new ParleyError('advise-budget', `budget must be a number of at least 0, got ${request.budget}`);
  }
  if (request.step !== undefined && !(request.step > 0 && request.step <= 1)) {
    throw new ParleyError('bad-request', `step must be a share of the scale above 0 and at most 1, got ${request.step}`);
  }
  const modelId = request.model ?? 'ensemble';
  const model = adviceModel(modelId, request.params, seed);
  const goal = goalTerms(resolved, request);
  const point = pointScenario(resolved);

  const candidates = interventions(resolved, point, request.actor, goal, {
    ...(request.step === undefined ? {} : { step: request.step }),
    ...(request.budget === undefined ? {} : { budget: request.budget }),
  });
  const chunks = Math.max(1, Math.ceil(candidates.length / 64));
  const singleSets = [[], ...candidates.map((candidate) => candidate.changes)];
  const singleForecasts = await pointForecasts(resolved, executor, model, singleSets, chunks);
  const base = singleForecasts[0]!;
  const baseUtility = utilityOf(base, goal);
  if (!Number.isFinite(baseUtility)) {
    throw new ParleyError(
      'advise-no-forecast',
      `${modelId} cannot forecast every issue of the goal (${goal.map((term) => term.issue).join(', ')}), so there is nothing to score advice on`,
    );
  }
  const singles: Scored[] = candidates.map((candidate, index) => {
    const forecasts = singleForecasts[index + 1]!;
    return {
      kinds: [candidate.kind],
      description: candidate.description,
      changes: candidate.changes,
      cost: candidate.cost,
      forecasts,
      gain: utilityOf(forecasts, goal) - baseUtility,
      key: JSON.stringify(candidate.changes),
      parts: touched(candidate.changes),
    };
  });
  const helpful = singles.filter((single) => single.gain > 0).sort(byRank);

  let pairs: Scored[] = [];
  let pairsRun = 0;
  if (depth === 2) {
    const seeds = helpful.slice(0, beam);
    const combos: Array<[Scored, Scored]> = [];
    for (let a = 0; a < seeds.length; a++) {
      for (let b = a + 1; b < seeds.length; b++) {
        const first = seeds[a]!;
        const second = seeds[b]!;
        if (first.cost + second.cost > (request.budget ?? Number.POSITIVE_INFINITY)) continue;
        if (overlaps(first.changes, second.changes)) continue;
        combos.push([first, second]);
      }
    }
    pairsRun = combos.length;
    const pairForecasts = await pointForecasts(
      resolved,
      executor,
      model,
      combos.map(([a, b]) => [...a.changes, ...b.changes]),
      Math.max(1, Math.ceil(combos.length / 32)),
    );
    pairs = combos
      .map(([first, second], index) => {
        const forecasts = pairForecasts[index]!;
        const changes = [...first.changes, ...second.changes];
        return {
          kinds: [...first.kinds, ...second.kinds],
          description: `${first.description}; and ${lowerFirst(second.description)}`,
          changes,
          cost: Math.round((first.cost + second.cost) * 100) / 100,
          forecasts,
          gain: utilityOf(forecasts, goal) - baseUtility,
          key: JSON.stringify(changes),
          parts: [...first.parts, ...second.parts],
        };
      })
      .filter((pair, index) => pair.gain > Math.max(combos[index]![0].gain, combos[index]![1].gain));
  }

  const ranked = distinct([...helpful, ...pairs].sort(byRank), top);
  const issueIds = resolved.issues.map((issue) => issue.id);
  const byIssue = (forecasts: Float64Array) => Object.fromEntries(issueIds.map((id, index) => [id, forecasts[index]!]));
  const items: AdviceItem[] = ranked.map((item) => ({
    kinds: item.kinds,
    description: item.description,
    changes: item.changes,
    before: byIssue(base),
    after: byIssue(item.forecasts),
    gain: item.gain,
    cost: item.cost,
  }));

  let runs = singleSets.length + pairsRun;
  if (request.draws !== undefined && items.length > 0) {
    runs += await addRobustness(resolved, executor, model, goal, items, request.draws, seed, request.params);
  }
  return {
    actor: request.actor,
    model: modelId,
    goal: Object.fromEntries(goal.map((term) => [term.issue, term.target])),
    weights: Object.fromEntries(goal.map((term) => [term.issue, term.weight])),
    utility: baseUtility,
    advice: items,
    search: { singles: candidates.length, pairs: pairsRun, runs, budget: request.budget ?? null, depth },
  };
}

/** Utility U of the file comment; NaN when a goal issue has no forecast. */
export function utilityOf(forecasts: ArrayLike<number>, goal: readonly GoalTerm[]): number {
  let weighted = 0;
  let total = 0;
  for (const term of goal) {
    const forecast = forecasts[term.index]!;
    weighted += term.weight * (1 - Math.abs(forecast - term.target) / term.range);
    total += term.weight;
  }
  return weighted / total;
}

/** The goal's terms, or a ParleyError naming what is wrong (`advise-actor`, `advise-issue`, `advise-goal`, `advise-nothing`). */
export function goalTerms(scenario: Scenario, request: Pick<AdviceRequest, 'actor' | 'issues' | 'goal'>): GoalTerm[] {
  const client = scenario.actors.find((actor) => actor.id === request.actor);
  if (!client) {
    throw new ParleyError('advise-actor', `unknown actor "${request.actor}"; the actors are: ${scenario.actors.map((actor) => actor.id).join(', ')}`);
  }
  const held = scenario.issues.filter((issue) => stanceOf(client, issue.id));
  if (held.length === 0) throw new ParleyError('advise-nothing', `${client.name} holds no stance on any issue: there is nothing to advise`);
  const known = (id: string) => scenario.issues.some((issue) => issue.id === id);
  for (const id of request.issues ?? []) {
    if (!known(id)) throw new ParleyError('advise-issue', `unknown issue "${id}"; the issues are: ${scenario.issues.map((issue) => issue.id).join(', ')}`);
  }
  for (const [id, target] of Object.entries(request.goal ?? {})) {
    const issue = scenario.issues.find((candidate) => candidate.id === id);
    if (!issue) throw new ParleyError('advise-goal', `unknown issue "${id}"; the issues are: ${scenario.issues.map((candidate) => candidate.id).join(', ')}`);
    if (!Number.isFinite(target) || target < issue.scale.min || target > issue.scale.max) {
      throw new ParleyError('advise-goal', `${id}=${target} is off the scale ${issue.scale.min}..${issue.scale.max}; give a target on it`);
    }
    if (!stanceOf(client, id))
      throw new ParleyError(
        'advise-goal',
        `${client.name} holds no stance on ${id}, so its goal there has no weight; leave ${id} out or give ${client.id} a stance on it`,
      );
  }
  // A target given with --goal counts even where --issue leaves its issue out.
  const chosen =
    request.issues === undefined
      ? held.map((issue) => issue.id)
      : scenario.issues.map((issue) => issue.id).filter((id) => request.issues!.includes(id) || Object.hasOwn(request.goal ?? {}, id));
  const terms = chosen.map((id): GoalTerm => {
    const index = scenario.issues.findIndex((issue) => issue.id === id);
    const issue = scenario.issues[index]!;
    const stance = stanceOf(client, id);
    if (!stance)
      throw new ParleyError('advise-issue', `${client.name} holds no stance on ${id}; choose among ${held.map((candidate) => candidate.id).join(', ')}`);
    const target = request.goal !== undefined && Object.hasOwn(request.goal, id) ? request.goal[id]! : modeOf(stance.position);
    return { issue: id, index, target, weight: modeOf(stance.salience), range: issue.scale.max - issue.scale.min };
  });
  if (terms.every((term) => term.weight <= 0)) {
    throw new ParleyError('advise-nothing', `${client.name} has salience 0 on every issue of the goal: there is nothing to advise`);
  }
  return terms;
}

function adviceModel(id: string, params: AdviceRequest['params'], seed: number): AdviceModel {
  const prepared = prepareModels({ models: [id], ...(params === undefined ? {} : { params }) });
  return { id, params: prepared.params[id]!, seed };
}

/** Forecasts of each change set at the modes, in `chunks` tasks. */
async function pointForecasts(scenario: Scenario, executor: AdviceExecutor, model: AdviceModel, sets: Change[][], chunks: number): Promise<Float64Array[]> {
  if (sets.length === 0) return [];
  const size = Math.ceil(sets.length / chunks);
  const tasks: AdviceTask[] = [];
  for (let from = 0; from < sets.length; from += size) tasks.push({ kind: 'point', model, changeSets: sets.slice(from, from + size) });
  const results = await executor.runAdviceTasks(scenario, tasks);
  const issues = scenario.issues.length;
  return results.flatMap((result) => Array.from({ length: result.length / issues }, (_, s) => result.subarray(s * issues, (s + 1) * issues)));
}

/** Robustness of each item over draws and across models; returns the model runs it took. */
async function addRobustness(
  scenario: Scenario,
  executor: AdviceExecutor,
  model: AdviceModel,
  goal: readonly GoalTerm[],
  items: AdviceItem[],
  draws: number,
  seed: number,
  params: AdviceRequest['params'],
): Promise<number> {
  const sets: Change[][] = [[], ...items.map((item) => item.changes)];
  const issues = scenario.issues.length;
  const chunk = Math.max(1, Math.ceil(draws / 16));
  const tasks: AdviceTask[] = [];
  for (let from = 0; from < draws; from += chunk)
    tasks.push({ kind: 'draws', model, changeSets: sets, seed, fromDraw: from, toDraw: Math.min(draws, from + chunk) });
  const others = modelIds.filter((id) => id !== model.id);
  for (const id of others) {
    const own = params?.[id];
    tasks.push({ kind: 'point', model: adviceModel(id, own === undefined ? undefined : { [id]: own }, seed), changeSets: sets });
  }
  const results = await executor.runAdviceTasks(scenario, tasks);
  const drawResults = results.slice(0, tasks.length - others.length);
  const gains = items.map(() => [] as number[]);
  for (const result of drawResults) {
    const count = result.length / (sets.length * issues);
    for (let d = 0; d < count; d++) {
      const at = (s: number) => result.subarray((d * sets.length + s) * issues, (d * sets.length + s + 1) * issues);
      const baseUtility = utilityOf(at(0), goal);
      items.forEach((_, k) => gains[k]!.push(utilityOf(at(k + 1), goal) - baseUtility));
    }
  }
  const modelGains = others.map((id, m) => {
    const result = results[drawResults.length + m]!;
    const baseUtility = utilityOf(result.subarray(0, issues), goal);
    return items.map((_, k) => {
      const gain = utilityOf(result.subarray((k + 1) * issues, (k + 2) * issues), goal) - baseUtility;
      return { id, gain: Number.isFinite(gain) ? gain : null };
    });
  });
  items.forEach((item, k) => {
    const finite = gains[k]!.filter(Number.isFinite);
    const sorted = [...finite].sort((a, b) => a - b);
    const byModel: Record<string, number | null> = { [model.id]: item.gain };
    for (const perModel of modelGains) byModel[perModel[k]!.id] = perModel[k]!.gain;
    item.robustness = {
      draws,
      seed,
      helps: finite.length === 0 ? 0 : finite.filter((gain) => gain > 0).length / draws,
      medianGain: quantileSorted(sorted, 0.5),
      models: byModel,
      agree: modelIds.filter((id) => (byModel[id] ?? 0) > 0),
    };
  });
  return draws * sets.length + others.length * sets.length;
}

/**
 * The first `top` items of a ranked list in which no value is set twice: one strong move
 * would otherwise head every pair (and the grid of one position fill the list), and the list
 * would say one thing five times.
 */
function distinct(ranked: readonly Scored[], top: number): Scored[] {
  const used = new Set<string>();
  const out: Scored[] = [];
  for (const item of ranked) {
    if (out.length >= top) break;
    if (item.parts.some((part) => used.has(part))) continue;
    for (const part of item.parts) used.add(part);
    out.push(item);
  }
  return out;
}

/** Higher gain first, then lower cost, then the changes' text: a total order, so ties never depend on evaluation order. */
function byRank(a: Scored, b: Scored): number {
  if (a.gain !== b.gain) return b.gain - a.gain;
  if (a.cost !== b.cost) return a.cost - b.cost;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The values a set of changes sets, one key each (`position:russia:TERR`, `decision:TERR`). */
function touched(changes: readonly Change[]): string[] {
  return changes.flatMap((change) => {
    const where = [change.actor ?? '', change.issue ?? ''].join(':');
    return (['position', 'salience', 'capability', 'active', 'statusQuo', 'decision'] as const)
      .filter((field) => change[field] !== undefined)
      .map((field) => `${field}:${field === 'active' ? change.actor : where}`);
  });
}

/** Two change sets overlap when they set the same value, or one sets an actor's capability and the other its clout on an issue. */
function overlaps(first: readonly Change[], second: readonly Change[]): boolean {
  const keys = new Set(touched(first));
  if (touched(second).some((key) => keys.has(key))) return true;
  const actorCapability = (changes: readonly Change[]) => new Set(changes.filter((change) => change.capability !== undefined).map((change) => change.actor));
  const a = actorCapability(first);
  return [...actorCapability(second)].some((actor) => a.has(actor));
}

function checkWhole(what: string, value: number, least: number): void {
  if (!Number.isSafeInteger(value) || value < least) throw new ParleyError('bad-request', `${what} must be a whole number of at least ${least}, got ${value}`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

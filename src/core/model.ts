/**
 * What every model shares: the resolved numeric input it reads, the description of its
 * parameters, and the shape of what it returns. Models are registered in
 * `models/index.ts`; the CLI, analyses and (later) the web app find them there only.
 */
import { ParleyError } from './errors.js';
import type { DecisionRule, Scale } from './scenario.js';

/** One actor on one issue, with every uncertain value resolved to a number. */
export interface IssueActor {
  id: string;
  name: string;
  capability: number;
  position: number;
  salience: number;
}

/**
 * Who decides an issue, resolved: the rule and the participants it names as deciders
 * (`by` of the scenario, active participants only, in participant order; every participant
 * when the scenario names none). Deciders named in the file who take no part this time (an
 * inactive seat) are left out.
 */
export interface IssueDecision {
  rule: DecisionRule;
  by: string[];
  /** Share of the deciders' capability needed (`qualified`); `majority` needs more than half. */
  threshold?: number;
  /** Participants whose consent is needed besides the rule's (a second chamber). */
  consent?: string[];
  /** True when the scenario gives no rule and the default (a majority of all) applies. */
  implicit?: boolean;
}

/** One issue with its participants (actors that hold a stance on it and are active). */
export interface IssueInput {
  id: string;
  name: string;
  scale: Scale;
  statusQuo?: number;
  anchors?: Record<string, string>;
  /** Who decides; absent in hand-built inputs, where each model keeps its classic assumption. */
  decision?: IssueDecision;
  actors: IssueActor[];
}

/**
 * A scenario resolved to numbers (modes, or one Monte Carlo draw) with a variant applied:
 * what models read. Issue order and actor order follow the scenario file.
 */
export interface PointScenario {
  id: string;
  title: string;
  variant?: string;
  issues: IssueInput[];
}

/** One parameter of a model, described once; flags, forms and validation are built from it. */
export type ParamSpec =
  | { name: string; description: string; type: 'number' | 'integer'; default: number; min?: number; max?: number }
  | { name: string; description: string; type: 'enum'; default: string; values: readonly string[] }
  | { name: string; description: string; type: 'boolean'; default: boolean };

export type ParamValues = Record<string, number | string | boolean>;

/**
 * The value a parameter's description admits: one of its enum's values, a boolean, or a
 * number. With the description written `as const`, the enum's values are their literals.
 */
export type ParamValue<Spec extends ParamSpec> = Spec extends { type: 'enum'; values: readonly (infer Value extends string)[] }
  ? Value
  : Spec extends { type: 'boolean' }
    ? boolean
    : number;

/**
 * Every parameter of a model's description by name, with its value type: what
 * `paramDefaults` and `paramSettings` return. A model's options type is this (or
 * `Partial` of it), derived from the description instead of written again.
 *
 * @example ParamSettings<typeof eumParams> // { variant: 'parley' | 'net-votes' | 'scholz-code'; rounds: number; … }
 */
export type ParamSettings<Specs extends readonly ParamSpec[]> = { [Spec in Specs[number] as Spec['name']]: ParamValue<Spec> };

/** `ParamSettings` with every parameter optional: the options a model's run function takes. */
export type ParamOptions<Specs extends readonly ParamSpec[]> = Partial<ParamSettings<Specs>>;

/**
 * Each parameter's default, by name, from its description.
 *
 * Cost: O(parameters).
 *
 * @example paramDefaults([{ name: 'q', description: '…', type: 'number', default: 1 }] as const) // { q: 1 }
 */
export function paramDefaults<const Specs extends readonly ParamSpec[]>(specs: Specs): ParamSettings<Specs> {
  return Object.fromEntries(specs.map((spec) => [spec.name, spec.default])) as ParamSettings<Specs>;
}

/**
 * A model's parameter values (as `resolveParams` gives them, or as a caller of `run`
 * passes them) typed by its description: a number or boolean of the wrong type, or a
 * parameter not given, is its default; an enum value not among the values is a `bad-param`
 * ParleyError naming the model, the parameter and the values there are.
 *
 * Cost: O(parameters).
 *
 * @example paramSettings('eum', eumParams, { q: 0.5 }).q // 0.5
 */
export function paramSettings<const Specs extends readonly ParamSpec[]>(model: string, specs: Specs, values: Readonly<ParamValues>): ParamSettings<Specs> {
  const settings: Record<string, number | string | boolean> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    switch (spec.type) {
      case 'enum':
        if (value === undefined) settings[spec.name] = spec.default;
        else if (typeof value === 'string' && spec.values.includes(value)) settings[spec.name] = value;
        else throw new ParleyError('bad-param', `${model}: ${spec.name} must be one of ${spec.values.join(', ')}, got "${String(value)}"`);
        break;
      case 'boolean':
        settings[spec.name] = typeof value === 'boolean' ? value : spec.default;
        break;
      case 'number':
      case 'integer':
        settings[spec.name] = typeof value === 'number' ? value : spec.default;
        break;
    }
  }
  return settings as ParamSettings<Specs>;
}

/**
 * What one model forecasts on one issue. `details` is model-specific and JSON-serialisable:
 * each model declares its type (`EumDetails`, `SmpDetails`, …; `ModelDetails` in
 * `models/index.ts` lists them by model id), so readers need not cast it.
 */
export interface IssueForecast<Details extends object = Record<string, unknown>> {
  issue: string;
  forecast: number;
  /** Plain-words remarks a reader must see (e.g. "no agreement beats the status quo"). */
  notes: string[];
  details: Details;
}

/** The details of an issue on which the model had nothing to run (no actor takes part): `{}`. */
export type NoDetails = { [field: string]: never };

export interface ModelRunOptions {
  /** Root seed for stochastic models; deterministic models ignore it. */
  seed?: number;
  /**
   * `full` (default): everything that explains the run. `forecast`: only what the forecast
   * needs — for Monte Carlo draws and sweeps, where models skip costly explanation data
   * (e.g. the expected utility model's relation map). The forecast itself must not change.
   */
  detail?: 'full' | 'forecast';
}

export interface ExplainOptions {
  /** Only this issue (models that run per issue need it). */
  issue?: string;
  /** Only this round (models that run in rounds); default: the model's choice, e.g. the first. */
  round?: number;
  seed?: number;
}

/** A model; `Details` is the type of its forecasts' `details`. */
export interface Model<Details extends object = Record<string, unknown>> {
  /** Short id used on the command line and in JSON (`compromise`, `eum`, ...). */
  id: string;
  name: string;
  /** One paragraph: what the model computes. */
  summary: string;
  /** The literature it implements. */
  references: string[];
  params: readonly ParamSpec[];
  run(scenario: PointScenario, params: ParamValues, options?: ModelRunOptions): IssueForecast<Details>[];
  /**
   * The run in words, most consequential first (`parley explain`): who challenges whom,
   * who trades what. Models without dynamics need not explain.
   */
  explain?(scenario: PointScenario, params: ParamValues, options: ExplainOptions): string[];
}

/** How much an actor counts in the baseline models: capability × salience. */
export function influence(actor: Pick<IssueActor, 'capability' | 'salience'>): number {
  return actor.capability * actor.salience;
}

/** One actor's part in a baseline forecast: its weight (capability × salience) and share of the total. */
export interface Contribution {
  actor: string;
  position: number;
  weight: number;
  share: number;
}

/** Each participant's weight and share of the issue's total weight, in input order. */
export function contributions(actors: readonly IssueActor[]): Contribution[] {
  const totalWeight = actors.reduce((sum, actor) => sum + influence(actor), 0);
  return actors.map((actor) => ({
    actor: actor.id,
    position: actor.position,
    weight: influence(actor),
    share: totalWeight > 0 ? influence(actor) / totalWeight : 0,
  }));
}

/**
 * The defaults of a model's parameters overlaid with the given values, each checked
 * against its description. Problems are returned as fragments naming the parameter.
 */
export function resolveParams(model: Model, given: Record<string, string | number | boolean>): { params: ParamValues; problems: string[] } {
  const params: ParamValues = {};
  const problems: string[] = [];
  for (const spec of model.params) params[spec.name] = spec.default;
  for (const [name, raw] of Object.entries(given)) {
    const spec = model.params.find((candidate) => candidate.name === name);
    if (!spec) {
      const known = model.params.map((candidate) => candidate.name);
      problems.push(`${model.id} has no parameter "${name}"${known.length ? ` (it has: ${known.join(', ')})` : ' (it takes no parameters)'}`);
      continue;
    }
    const value = coerceParam(spec, raw);
    if (typeof value === 'string' && spec.type !== 'enum') {
      problems.push(`${model.id} ${name}: ${value}`);
      continue;
    }
    if (spec.type === 'enum' && !spec.values.includes(String(value))) {
      problems.push(`${model.id} ${name}: expected one of ${spec.values.join(', ')}, got "${String(raw)}"`);
      continue;
    }
    params[name] = value;
  }
  return { params, problems };
}

/** A raw flag value as the parameter's type; for a non-enum parameter a string result is a problem text. */
function coerceParam(spec: ParamSpec, raw: string | number | boolean): number | string | boolean {
  switch (spec.type) {
    case 'enum':
      return String(raw);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return `expected true or false, got "${String(raw)}"`;
    case 'number':
    case 'integer': {
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (typeof raw === 'boolean' || (typeof raw === 'string' && raw.trim() === '') || !Number.isFinite(value)) {
        return `expected a number, got "${String(raw)}"`;
      }
      if (spec.type === 'integer' && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
      if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}, got ${value}`;
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}, got ${value}`;
      return value;
    }
  }
}

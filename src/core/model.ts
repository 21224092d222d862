/**
 * What every model shares: the resolved numeric input it reads, the description of its
 * parameters, and the shape of what it returns. Models are registered in
 * `models/index.ts`; the CLI, analyses and (later) the web app find them there only.
 */
import type { Scale } from './scenario.js';

/** One actor on one issue, with every uncertain value resolved to a number. */
export interface IssueActor {
  id: string;
  name: string;
  capability: number;
  position: number;
  salience: number;
}

/** One issue with its participants (actors that hold a stance on it and are active). */
export interface IssueInput {
  id: string;
  name: string;
  scale: Scale;
  statusQuo?: number;
  anchors?: Record<string, string>;
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

/** What one model forecasts on one issue. `details` is model-specific and JSON-serialisable. */
export interface IssueForecast {
  issue: string;
  forecast: number;
  /** Plain-words remarks a reader must see (e.g. "no agreement beats the status quo"). */
  notes: string[];
  details: Record<string, unknown>;
}

export interface ModelRunOptions {
  /** Root seed for stochastic models; deterministic models ignore it. */
  seed?: number;
}

export interface Model {
  /** Short id used on the command line and in JSON (`compromise`, `eum`, ...). */
  id: string;
  name: string;
  /** One paragraph: what the model computes. */
  summary: string;
  /** The literature it implements. */
  references: string[];
  params: readonly ParamSpec[];
  run(scenario: PointScenario, params: ParamValues, options?: ModelRunOptions): IssueForecast[];
}

/** How much an actor counts in the baseline models: capability × salience. */
export function influence(actor: IssueActor): number {
  return actor.capability * actor.salience;
}

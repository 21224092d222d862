/**
 * The scenario: who the actors are, where each stands on each issue, how much each cares
 * (salience) and how much clout each has (capability). This is the shape analysts write in
 * YAML files (see `src/io/`) and the shape every analysis reads.
 *
 * Values an analyst is unsure of may be given as a triangular range `{ low, mode, high }`;
 * point forecasts use the mode, Monte Carlo draws from the range.
 */

/** A triangular range: the analyst's lowest plausible value, best guess and highest. */
export interface Range {
  low: number;
  mode: number;
  high: number;
}

/** A number, or a range when the analyst is unsure. */
export type Uncertain = number | Range;

/** Where a coding comes from: a document, statement or data set. */
export interface Source {
  id: string;
  title?: string;
  author?: string;
  /** ISO date, `YYYY-MM-DD`. */
  date?: string;
  url?: string;
  /** `opinion`, `news`, `official`, `dataset`, `analysis`, ... (free text). */
  kind?: string;
  publisher?: string;
  note?: string;
}

/** Support for a coding: a citation of a source, optionally with paragraph and short quote. */
export interface Evidence {
  /** Id of a source in `scenario.sources`. */
  source: string;
  /** Paragraph of the source (paragraphs are separated by blank lines; the first is 1). */
  paragraph?: number;
  /** A short verbatim quote (at most 20 words). */
  quote?: string;
  /** The analyst's reasoning; `est:` marks an estimate rather than a stated position. */
  note?: string;
}

export interface Scale {
  min: number;
  max: number;
}

/** How an issue is decided (see `Decision`). */
export const decisionRules = ['unilateral', 'unanimity', 'majority', 'qualified'] as const;
export type DecisionRule = (typeof decisionRules)[number];

/**
 * Who decides an issue and how:
 * - `unilateral`: the actors in `by` decide; the others can only lobby them;
 * - `unanimity`: every actor in `by` (default: all participants) must prefer the outcome to
 *   the status quo;
 * - `majority`: more than half of the capability of `by` (default all);
 * - `qualified`: at least `threshold` (in (0.5, 1]) of the capability of `by`.
 * `consent` names actors that must agree as well, whatever the rule (a second chamber).
 */
export interface Decision {
  rule: DecisionRule;
  /** Actor ids; for `unilateral` required, else default every participant. */
  by?: string[];
  /** Share of the deciders' capability needed, for `qualified` only. */
  threshold?: number;
  /**
   * Actors whose consent is needed besides the rule's (a second chamber, e.g. the European
   * Parliament under co-decision): each must also prefer the outcome to the status quo.
   */
  consent?: string[];
  /** Why the rule is read so (treaty article, constitution). */
  evidence?: Evidence[];
}

export interface Issue {
  id: string;
  name: string;
  description?: string;
  scale: Scale;
  /** Labelled points of the scale, e.g. `{ 0: "...", 50: "...", 100: "..." }`. */
  anchors?: Record<string, string>;
  /** Where the issue stands if no agreement is reached. */
  statusQuo?: number;
  /** Who decides; default the scenario's `decision`, else a majority of all participants. */
  decision?: Decision;
}

/** One actor's stance on one issue. */
export interface Stance {
  position: Uncertain;
  /** How much the issue matters to the actor, 0..1. */
  salience: Uncertain;
  /** The actor's clout on this issue, overriding the actor's capability. */
  capability?: Uncertain;
  evidence?: Evidence[];
}

export interface Actor {
  id: string;
  name: string;
  description?: string;
  /** Relative clout, any positive scale (models normalise). */
  capability: Uncertain;
  /** Support for the capability coding (stances carry their own evidence). */
  evidence?: Evidence[];
  /**
   * `false` keeps an actor in the file without taking part in the base scenario (a seat
   * that a variant fills, e.g. an outgoing administration). Default `true`.
   */
  active?: boolean;
  /** Stances keyed by issue id. An actor with no stance on an issue takes no part in it. */
  stances: Record<string, Stance>;
}

/**
 * One change a variant makes to the base scenario. Exactly one target:
 * - `{ actor, capability?, active? }` changes an actor;
 * - `{ actor, issue, position?, salience?, capability? }` changes (or, given position and
 *   salience, adds) a stance; `capability` is the actor's clout on that issue alone;
 * - `{ issue, statusQuo?, decision? }` changes an issue's status quo, or who decides it
 *   (the decision replaces the issue's own, or the scenario's default, whole).
 */
export interface Change {
  actor?: string;
  issue?: string;
  capability?: Uncertain;
  active?: boolean;
  position?: Uncertain;
  salience?: Uncertain;
  statusQuo?: number;
  decision?: Decision;
  note?: string;
}

export interface Variant {
  id: string;
  description?: string;
  changes: Change[];
}

export interface Scenario {
  /** File format version. */
  parley: 1;
  id: string;
  title: string;
  description?: string;
  /** ISO date the scenario describes, `YYYY-MM-DD`. */
  asOf?: string;
  sources?: Source[];
  /** How issues without a `decision` of their own are decided; default a majority of all participants. */
  decision?: Decision;
  issues: Issue[];
  actors: Actor[];
  variants?: Variant[];
}

/**
 * The actor's stance on an issue, if it holds one. Ids are the user's text, so an issue may
 * be called `constructor` or `toString`: only the actor's own keys count, never what every
 * object inherits.
 */
export function stanceOf(actor: Pick<Actor, 'stances'>, issueId: string): Stance | undefined {
  return Object.hasOwn(actor.stances, issueId) ? actor.stances[issueId] : undefined;
}

/** The value a point forecast uses: the number itself, or a range's mode. */
export function modeOf(value: Uncertain): number {
  return typeof value === 'number' ? value : value.mode;
}

export function isRange(value: Uncertain): value is Range {
  return typeof value !== 'number';
}

/** A labelled point of an issue's scale. */
export interface Anchor {
  point: number;
  label: string;
}

/**
 * An issue's anchors as points, ascending. Keys that are not numbers are left out, and so,
 * when a scale is given, are points off it.
 *
 * @example anchorPoints({ 100: 'all', 0: 'none' }) // [{ point: 0, label: 'none' }, { point: 100, label: 'all' }]
 */
export function anchorPoints(anchors: Record<string, string> | undefined, scale?: Scale): Anchor[] {
  return Object.entries(anchors ?? {})
    .map(([key, label]) => ({ point: key.trim() === '' ? Number.NaN : Number(key), label }))
    .filter(({ point }) => Number.isFinite(point) && (scale === undefined || (point >= scale.min && point <= scale.max)))
    .sort((a, b) => a.point - b.point);
}

/**
 * The anchor closest to a value, the lower one on a tie; undefined without anchors.
 *
 * @example nearestAnchor({ 0: 'none', 50: 'half', 100: 'all' }, 75)?.label // 'half'
 */
export function nearestAnchor(anchors: Record<string, string> | undefined, value: number, scale?: Scale): Anchor | undefined {
  let best: Anchor | undefined;
  for (const anchor of anchorPoints(anchors, scale)) {
    if (!best || Math.abs(anchor.point - value) < Math.abs(best.point - value)) best = anchor;
  }
  return best;
}

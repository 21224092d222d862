/**
 * The rules of a scenario that compare values with each other (ids that must exist or be
 * unique, positions inside their issue's scale, ranges in order, variant changes that make
 * sense): the second pass of `validate.ts`. It reads the raw data defensively, so it runs
 * even where the shape is broken elsewhere. Apart from the shape's zod schema, so that a
 * valid file can be checked without loading zod (`validate-quick.ts`).
 *
 * Pure: no I/O, runs in a browser.
 */
import { LIMITS, shortText } from './limits.js';
import { closestMatch, describeValue, formatPath, type Problem } from './problems.js';
import type { Scale } from './scenario.js';

export type Path = (string | number)[];
type Fields = Record<string, unknown>;

export const RANGE_KEYS = new Set(['low', 'mode', 'high']);

export function problem(code: string, path: Path, message: string, hint?: string): Problem {
  return hint === undefined ? { code, path, message } : { code, path, message, hint };
}

/** What the rules look values up in: the ids defined in the file. */
interface Defined {
  // Sets, so that checking every reference costs time linear in the file's size.
  issueIds: Set<string>;
  actorIds: Set<string>;
  sourceIds: Set<string>;
  /** Scales that are well formed (min < max), by issue id. */
  scales: Map<string, Scale>;
  /** The issues each actor holds a stance on, by actor id. */
  stances: Map<string, Set<string>>;
  /** Ids of the issues that have a status quo. */
  statusQuos: Set<string>;
}

/** Every problem of the rules between values in `data` (parsed, not yet checked for shape). */
export function ruleProblems(data: unknown): Problem[] {
  if (!isFields(data)) return [];
  const issues = listAt(data, 'issues');
  const actors = listAt(data, 'actors');
  const sources = listAt(data, 'sources');
  const variants = listAt(data, 'variants');
  const defined: Defined = {
    issueIds: new Set(idsOf(issues)),
    actorIds: new Set(idsOf(actors)),
    sourceIds: new Set(idsOf(sources)),
    scales: new Map(
      issues.flatMap((issue) => {
        const scale = isFields(issue) ? wellFormedScale(issue.scale) : undefined;
        return isFields(issue) && typeof issue.id === 'string' && scale !== undefined ? [[issue.id, scale] as const] : [];
      }),
    ),
    stances: new Map(
      actors.flatMap((actor) =>
        isFields(actor) && typeof actor.id === 'string' && isFields(actor.stances) ? [[actor.id, new Set(Object.keys(actor.stances))] as const] : [],
      ),
    ),
    statusQuos: new Set(issues.flatMap((issue) => (isFields(issue) && typeof issue.id === 'string' && typeof issue.statusQuo === 'number' ? [issue.id] : []))),
  };
  return [
    ...reservedNames(issues, actors, sources, variants),
    ...duplicateIds(issues, 'issues', 'issue'),
    ...duplicateIds(actors, 'actors', 'actor'),
    ...duplicateIds(sources, 'sources', 'source'),
    ...duplicateIds(variants, 'variants', 'variant'),
    ...issues.flatMap((issue, index) => issueRules(issue, ['issues', index])),
    ...decisionRules(data, issues, defined),
    ...actors.flatMap((actor, index) => actorRules(actor, ['actors', index], defined)),
    ...(Array.isArray(data.actors) ? participationRules(issues, actors) : []),
    ...variants.flatMap((variant, v) => listAt(variant, 'changes').flatMap((change, c) => changeRules(change, ['variants', v, 'changes', c], defined))),
  ];
}

/**
 * `__proto__` cannot be a key of a JavaScript object without changing what the object is
 * (schema parsing drops it, assignment replaces the prototype), so it is refused wherever
 * a name becomes a key: ids and the keys of stances and anchors. Every other name, such as
 * `constructor` or `toString`, is an ordinary id.
 */
const RESERVED_NAME = '__proto__';

function reservedNames(issues: unknown[], actors: unknown[], sources: unknown[], variants: unknown[]): Problem[] {
  const reserved = (path: Path, what: string) => problem('reserved-id', path, `${what} \`${RESERVED_NAME}\` is reserved`, 'choose another name, e.g. `proto`');
  const problems: Problem[] = [];
  const lists: [string, unknown[]][] = [
    ['issues', issues],
    ['actors', actors],
    ['sources', sources],
    ['variants', variants],
  ];
  for (const [listName, list] of lists) {
    list.forEach((item, index) => {
      if (isFields(item) && item.id === RESERVED_NAME) problems.push(reserved([listName, index, 'id'], 'the id'));
    });
  }
  issues.forEach((issue, index) => {
    if (isFields(issue) && isFields(issue.anchors) && Object.hasOwn(issue.anchors, RESERVED_NAME)) {
      problems.push(reserved(['issues', index, 'anchors', RESERVED_NAME], 'the anchor'));
    }
  });
  actors.forEach((actor, index) => {
    if (isFields(actor) && isFields(actor.stances) && Object.hasOwn(actor.stances, RESERVED_NAME)) {
      problems.push(reserved(['actors', index, 'stances', RESERVED_NAME], 'the stance key'));
    }
  });
  return problems;
}

function duplicateIds(list: unknown[], listName: string, noun: string): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  list.forEach((item, index) => {
    const id = isFields(item) && typeof item.id === 'string' ? item.id : undefined;
    if (id === undefined) return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else {
      const message = `duplicate ${noun} id \`${shortText(id)}\`, already used by ${formatPath([listName, first])}`;
      problems.push(problem('duplicate-id', [listName, index, 'id'], message, `give each ${noun} its own id`));
    }
  });
  return problems;
}

function issueRules(issue: unknown, path: Path): Problem[] {
  if (!isFields(issue)) return [];
  const problems: Problem[] = [];
  const { scale } = issue;
  if (isFields(scale) && typeof scale.min === 'number' && typeof scale.max === 'number' && scale.min >= scale.max) {
    const message = `scale min must be less than max, got min ${scale.min} and max ${scale.max}`;
    problems.push(problem('scale', [...path, 'scale'], message, 'min is the low end of the scale, max the high end'));
  } else if (isFields(scale) && typeof scale.min === 'number' && typeof scale.max === 'number' && scale.max - scale.min < LIMITS.scaleWidth) {
    const message = `scale is ${scale.max - scale.min} wide; it must be at least ${LIMITS.scaleWidth} wide`;
    problems.push(problem('scale', [...path, 'scale'], message, 'use a wider scale, e.g. 0..100, and move the positions onto it'));
  }
  const wellFormed = wellFormedScale(scale);
  if (wellFormed === undefined) return problems;
  const issueId = String(issue.id);
  if (typeof issue.statusQuo === 'number') {
    problems.push(...outsideScale(issue.statusQuo, [...path, 'statusQuo'], 'statusQuo', wellFormed, issueId));
  }
  if (isFields(issue.anchors)) {
    for (const key of Object.keys(issue.anchors)) {
      const point = Number(key);
      const anchorPath = [...path, 'anchors', key];
      const scaleText = `${wellFormed.min}..${wellFormed.max}`;
      if (key.trim() === '' || !Number.isFinite(point)) {
        problems.push(problem('anchor', anchorPath, `anchor \`${shortText(key)}\` is not a point of the scale`, `use numbers in ${scaleText} as anchor keys`));
      } else if (point < wellFormed.min || point > wellFormed.max) {
        problems.push(problem('anchor', anchorPath, `anchor ${shortText(key)} is outside the scale ${scaleText}`, 'move it onto the scale, or widen `scale`'));
      }
    }
  }
  return problems;
}

function actorRules(actor: unknown, path: Path, defined: Defined): Problem[] {
  if (!isFields(actor)) return [];
  const problems = rangeOrder(actor.capability, [...path, 'capability'], 'capability');
  listAt(actor, 'evidence').forEach((evidence, index) => {
    problems.push(...evidenceRules(evidence, [...path, 'evidence', index], defined.sourceIds));
  });
  if (!isFields(actor.stances)) return problems;
  for (const [issueId, stance] of Object.entries(actor.stances)) {
    const stancePath = [...path, 'stances', issueId];
    if (!defined.issueIds.has(issueId)) {
      problems.push(unknownReference('unknown-issue', stancePath, 'issue', issueId, defined.issueIds));
    }
    if (!isFields(stance)) continue;
    problems.push(...stanceValueRules(stance, stancePath, defined.scales.get(issueId), issueId));
    listAt(stance, 'evidence').forEach((evidence, index) => {
      problems.push(...evidenceRules(evidence, [...stancePath, 'evidence', index], defined.sourceIds));
    });
  }
  return problems;
}

/** Position inside the scale, and ranges in order: for a stance and for a change to one. */
function stanceValueRules(stance: Fields, path: Path, scale: Scale | undefined, issueId: string): Problem[] {
  return [
    ...(scale === undefined ? [] : outsideScale(stance.position, [...path, 'position'], 'position', scale, issueId)),
    ...rangeOrder(stance.position, [...path, 'position'], 'position'),
    ...rangeOrder(stance.salience, [...path, 'salience'], 'salience'),
    ...rangeOrder(stance.capability, [...path, 'capability'], 'capability'),
  ];
}

// ---------------------------------------------------------------------------------------
// Decision rules

/** The lowest qualified-majority threshold is above one half: at one half, two sides could both pass. */
const THRESHOLD_HINT = "a share of the deciders' capability above 0.5 and at most 1, e.g. 0.65 for the EU Council's 65%";

/**
 * The scenario-wide `decision` and each issue's: deciders that exist, a threshold for
 * `qualified` only and inside (0.5, 1], deciders named for `unilateral`, and a status quo
 * wherever the rule is `unanimity` or `qualified` (both ask who prefers a move to it).
 */
function decisionRules(data: Fields, issues: unknown[], defined: Defined): Problem[] {
  const problems: Problem[] = [];
  const fallback = isFields(data.decision) ? data.decision : undefined;
  if (fallback !== undefined) problems.push(...decisionShapeRules(fallback, ['decision'], defined, undefined));
  issues.forEach((issue, index) => {
    if (!isFields(issue)) return;
    const path: Path = ['issues', index];
    const own = isFields(issue.decision) ? issue.decision : undefined;
    const issueId = typeof issue.id === 'string' ? issue.id : undefined;
    if (own !== undefined) problems.push(...decisionShapeRules(own, [...path, 'decision'], defined, issueId));
    const decision = own ?? fallback;
    const rule = decision?.rule;
    if ((rule === 'unanimity' || rule === 'qualified') && typeof issue.statusQuo !== 'number') {
      const where = own === undefined ? "the scenario's default decision" : 'its decision';
      const message = `issue \`${issueId ?? index}\` is decided by ${rule} (${where}) but has no \`statusQuo\``;
      problems.push(problem('decision-status-quo', path, message, 'add `statusQuo:` (what stands if there is no agreement), or use `rule: majority`'));
    }
  });
  return problems;
}

function decisionShapeRules(decision: Fields, path: Path, defined: Defined, issueId: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const by = Array.isArray(decision.by) ? decision.by : undefined;
  for (const field of ['by', 'consent'] as const) {
    listAt(decision, field).forEach((actorId, index) => {
      if (typeof actorId !== 'string') return;
      if (!defined.actorIds.has(actorId)) {
        problems.push(unknownReference('unknown-actor', [...path, field, index], 'actor', actorId, defined.actorIds));
      } else if (issueId !== undefined && defined.stances.get(actorId)?.has(issueId) === false) {
        const message = `decider \`${actorId}\` holds no stance on \`${issueId}\``;
        problems.push(
          problem(
            'decider-no-stance',
            [...path, field, index],
            message,
            `give \`${actorId}\` a stance on \`${issueId}\`: a decider needs a position to weigh a deal`,
          ),
        );
      }
    });
  }
  if (decision.rule === 'unilateral' && by === undefined) {
    problems.push(problem('decision-by', path, 'a unilateral decision needs `by`, the actors who decide', 'add `by: [ACTOR_ID]`'));
  }
  listAt(decision, 'evidence').forEach((evidence, index) => {
    problems.push(...evidenceRules(evidence, [...path, 'evidence', index], defined.sourceIds));
  });
  const threshold = decision.threshold;
  if (decision.rule === 'qualified') {
    if (threshold === undefined) {
      problems.push(
        problem('decision-threshold', [...path, 'threshold'], 'a qualified majority needs `threshold`', `add \`threshold:\` with ${THRESHOLD_HINT}`),
      );
    } else if (typeof threshold === 'number' && !(threshold > 0.5 && threshold <= 1)) {
      problems.push(
        problem(
          'decision-threshold',
          [...path, 'threshold'],
          `threshold must be above 0.5 and at most 1, got ${describeValue(threshold)}`,
          `use ${THRESHOLD_HINT}`,
        ),
      );
    }
  } else if (threshold !== undefined && typeof decision.rule === 'string') {
    problems.push(
      problem(
        'decision-threshold',
        [...path, 'threshold'],
        `\`threshold\` applies to \`rule: qualified\` only, not ${decision.rule}`,
        'remove `threshold:`, or write `rule: qualified`',
      ),
    );
  }
  return problems;
}

const MAX_QUOTE_WORDS = 20;

function evidenceRules(evidence: unknown, path: Path, sourceIds: Set<string>): Problem[] {
  if (!isFields(evidence)) return [];
  const problems: Problem[] = [];
  if (typeof evidence.source === 'string' && !sourceIds.has(evidence.source)) {
    problems.push(unknownReference('unknown-source', [...path, 'source'], 'source', evidence.source, sourceIds));
  }
  if (typeof evidence.quote === 'string') {
    const words = evidence.quote.trim().split(/\s+/).length;
    if (words > MAX_QUOTE_WORDS) {
      const message = `quote has ${words} words; at most ${MAX_QUOTE_WORDS} are allowed`;
      problems.push(problem('quote-too-long', [...path, 'quote'], message, 'keep the key words and cite the paragraph'));
    }
  }
  return problems;
}

function participationRules(issues: unknown[], actors: unknown[]): Problem[] {
  // One pass over the stances, not one per issue: linear in the file's size.
  const participantCounts = new Map<string, number>();
  for (const actor of actors) {
    if (!isFields(actor) || actor.active === false || !isFields(actor.stances)) continue;
    for (const issueId of Object.keys(actor.stances)) participantCounts.set(issueId, (participantCounts.get(issueId) ?? 0) + 1);
  }
  const problems: Problem[] = [];
  issues.forEach((issue, index) => {
    if (!isFields(issue) || typeof issue.id !== 'string') return;
    const issueId = issue.id;
    const participants = participantCounts.get(issueId) ?? 0;
    if (participants >= 2) return;
    const shownId = shortText(issueId);
    const message = `issue \`${shownId}\` has ${participants === 0 ? 'no' : 'only one'} active actor with a stance; it needs at least two`;
    problems.push(problem('too-few-actors', ['issues', index], message, `add a stance on \`${shownId}\` to another actor, or remove the issue`));
  });
  return problems;
}

// ---------------------------------------------------------------------------------------
// Variant changes

/** Which fields each kind of change may set (see `Change` in scenario.ts). */
const CHANGE_FIELDS: Record<'actor' | 'stance' | 'issue', readonly string[]> = {
  actor: ['capability', 'active'],
  stance: ['position', 'salience', 'capability'],
  issue: ['statusQuo', 'decision'],
};

type ChangeTarget = keyof typeof CHANGE_FIELDS;

function changeRules(change: unknown, path: Path, defined: Defined): Problem[] {
  if (!isFields(change)) return [];
  const names = (key: string) => change[key] !== undefined && change[key] !== null;
  if (!names('actor') && !names('issue')) {
    const hint = 'name `actor:` to change an actor, `actor:` and `issue:` for a stance, or `issue:` for its status quo or decision';
    return [problem('change-target', path, 'change names no actor or issue', hint)];
  }
  const target: ChangeTarget = names('actor') ? (names('issue') ? 'stance' : 'actor') : 'issue';
  const actorId = typeof change.actor === 'string' ? change.actor : undefined;
  const issueId = typeof change.issue === 'string' ? change.issue : undefined;
  const problems: Problem[] = [];

  const actorKnown = actorId !== undefined && defined.actorIds.has(actorId);
  const issueKnown = issueId !== undefined && defined.issueIds.has(issueId);
  if (actorId !== undefined && !actorKnown) {
    problems.push(unknownReference('unknown-actor', [...path, 'actor'], 'actor', actorId, defined.actorIds));
  }
  if (issueId !== undefined && !issueKnown) {
    problems.push(unknownReference('unknown-issue', [...path, 'issue'], 'issue', issueId, defined.issueIds));
  }

  const targets = Object.keys(CHANGE_FIELDS) as ChangeTarget[];
  // `capability` belongs to both an actor and a stance: a misplaced field is reported once.
  const reported = new Set<string>();
  const misplaced = targets
    .filter((other) => other !== target)
    .flatMap((other) =>
      CHANGE_FIELDS[other]
        .filter((field) => names(field) && !CHANGE_FIELDS[target].includes(field) && !reported.has(field) && reported.add(field))
        .map((field) => misplacedField(field, other, target, [...path, field])),
    );
  problems.push(...misplaced);
  const changed: string[] = CHANGE_FIELDS[target].filter(names);
  if (changed.length === 0 && misplaced.length === 0) problems.push(nothingToChange(target, path, actorId, issueId));

  const scale = issueId === undefined ? undefined : defined.scales.get(issueId);
  if (target === 'actor') problems.push(...rangeOrder(change.capability, [...path, 'capability'], 'capability'));
  if (target === 'issue' && scale !== undefined && typeof change.statusQuo === 'number') {
    problems.push(...outsideScale(change.statusQuo, [...path, 'statusQuo'], 'statusQuo', scale, String(issueId)));
  }
  if (target === 'issue' && isFields(change.decision)) {
    problems.push(...decisionShapeRules(change.decision, [...path, 'decision'], defined, issueKnown ? issueId : undefined));
    const rule = change.decision.rule;
    const statusQuo = typeof change.statusQuo === 'number' || (issueKnown && defined.statusQuos.has(String(issueId)));
    if ((rule === 'unanimity' || rule === 'qualified') && !statusQuo) {
      const message = `the change makes \`${shortText(String(issueId))}\` decided by ${rule}, but the issue has no \`statusQuo\``;
      problems.push(problem('decision-status-quo', [...path, 'decision'], message, 'add `statusQuo:` to the issue or to this change, or use `rule: majority`'));
    }
  }
  if (target === 'stance') {
    problems.push(...stanceValueRules(change, path, scale, String(issueId)));
    const holdsStance = actorId !== undefined && issueId !== undefined && defined.stances.get(actorId)?.has(issueId);
    const addsStance = names('position') && names('salience');
    if (actorKnown && issueKnown && !holdsStance && !addsStance && changed.length > 0) {
      const message = `actor \`${shortText(String(actorId))}\` holds no stance on \`${shortText(String(issueId))}\` to change`;
      problems.push(problem('change-no-stance', path, message, 'give both `position:` and `salience:` to add a stance'));
    }
  }
  return problems;
}

function misplacedField(field: string, fieldTarget: ChangeTarget, changeTarget: ChangeTarget, path: Path): Problem {
  switch (fieldTarget) {
    case 'stance': {
      const missing = changeTarget === 'actor' ? 'issue' : 'actor';
      return problem('change-mixed', path, `\`${field}\` changes a stance, which needs both \`actor\` and \`issue\``, `add \`${missing}:\``);
    }
    case 'actor': {
      const message =
        changeTarget === 'issue'
          ? `\`${field}\` changes an actor, but this change names no actor`
          : `\`${field}\` changes an actor as a whole, not its stance on one issue`;
      return problem('change-mixed', path, message, `put it in a change of its own: \`{ actor, ${field} }\``);
    }
    case 'issue':
      return problem('change-mixed', path, `\`${field}\` changes an issue, not an actor`, `put it in a change of its own: \`{ issue, ${field} }\``);
  }
}

function nothingToChange(target: ChangeTarget, path: Path, actorId?: string, issueId?: string): Problem {
  switch (target) {
    case 'actor':
      return problem(
        'change-empty',
        path,
        `change to actor \`${shortText(String(actorId))}\` changes nothing`,
        'add `capability:` or `active:`, or `issue:` with `position:` or `salience:`',
      );
    case 'stance':
      return problem(
        'change-empty',
        path,
        `change to \`${shortText(String(actorId))}\` on \`${shortText(String(issueId))}\` changes nothing`,
        'add `position:`, `salience:` or `capability:`',
      );
    case 'issue':
      return problem('change-empty', path, `change to issue \`${shortText(String(issueId))}\` changes nothing`, 'add `statusQuo:` or `decision:`');
  }
}

// ---------------------------------------------------------------------------------------
// Shared rules and helpers

function unknownReference(code: string, path: Path, noun: string, id: string, ids: Set<string>): Problem {
  const known = [...ids];
  const suggestion = closestMatch(id, known);
  const message = `unknown ${noun} \`${shortText(id)}\`${suggestion === undefined ? '' : `; did you mean \`${suggestion}\`?`}`;
  const shown =
    known
      .slice(0, 8)
      .map((k) => `\`${shortText(k)}\``)
      .join(', ') + (known.length > 8 ? ', ...' : '');
  const hint = known.length === 0 ? `define it under \`${noun}s:\`` : `use one of ${shown}, or define it under \`${noun}s:\``;
  return problem(code, path, message, hint);
}

/** Each number of a value outside the scale (a range's low, mode and high separately). */
function outsideScale(value: unknown, path: Path, label: string, scale: Scale, issueId: string): Problem[] {
  const points: [number, Path][] =
    typeof value === 'number'
      ? [[value, path]]
      : isFields(value)
        ? [...RANGE_KEYS].flatMap((key) => (typeof value[key] === 'number' ? [[value[key], [...path, key]] as [number, Path]] : []))
        : [];
  return points
    .filter(([point]) => point < scale.min || point > scale.max)
    .map(([point, pointPath]) =>
      problem(
        'out-of-scale',
        pointPath,
        `${label} must be within the scale ${scale.min}..${scale.max}, got ${point}`,
        `use a point on the scale of issue \`${shortText(String(issueId))}\`, or widen its \`scale\``,
      ),
    );
}

function rangeOrder(value: unknown, path: Path, label: string): Problem[] {
  if (!isFields(value)) return [];
  const { low, mode, high } = value;
  if (typeof low !== 'number' || typeof mode !== 'number' || typeof high !== 'number') return [];
  if (low <= mode && mode <= high) return [];
  const message = `${label} range must have low ≤ mode ≤ high, got ${low}, ${mode}, ${high}`;
  return [problem('range-order', path, message, 'put the lowest plausible value in `low`, the best guess in `mode`, the highest in `high`')];
}

function wellFormedScale(scale: unknown): Scale | undefined {
  if (!isFields(scale) || typeof scale.min !== 'number' || typeof scale.max !== 'number') return undefined;
  return scale.min < scale.max ? { min: scale.min, max: scale.max } : undefined;
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listAt(value: unknown, key: string): unknown[] {
  const list = isFields(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : [];
}

function idsOf(list: unknown[]): string[] {
  return list.flatMap((item) => (isFields(item) && typeof item.id === 'string' ? [item.id] : []));
}

export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isFields(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

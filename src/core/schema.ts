/**
 * The shape of a scenario file, described once. Validation (`validate.ts`) checks data
 * against it and `scenarioJsonSchema()` turns it into a JSON Schema for editors. It holds
 * what a JSON Schema can say (types, required and allowed fields, simple bounds); rules
 * that compare one value with another (a position against its issue's scale, an evidence
 * source against the source list) live in `validate.ts`.
 *
 * The field order here is the order `scenarioToYaml` writes fields in.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import type { Scenario } from './scenario.js';

const id = z.string().min(1).max(LIMITS.idLength);
const isoDate = z.iso.date();
/** One-line text (names, titles) and longer text (descriptions, notes, quotes); see limits.ts. */
const name = z.string().max(LIMITS.nameLength);
const text = z.string().max(LIMITS.textLength);
/** A point on a scale: finite and within ±LIMITS.scaleMagnitude, so no model overflows. */
const point = z.number().min(-LIMITS.scaleMagnitude).max(LIMITS.scaleMagnitude);
const capability = z.number().min(LIMITS.capabilityMin).max(LIMITS.capabilityMax);

/** A number, or a triangular range `{ low, mode, high }` whose three values obey `value`. */
function uncertain(value: z.ZodNumber) {
  return z.union([value, z.strictObject({ low: value, mode: value, high: value })]);
}

const sourceSchema = z.strictObject({
  id,
  title: name.optional(),
  author: name.optional(),
  date: isoDate.optional(),
  url: name.optional(),
  kind: name.optional().describe('opinion, news, official, dataset, analysis, ...'),
  publisher: name.optional(),
  note: text.optional(),
});

const evidenceSchema = z.strictObject({
  source: id.describe('Id of a source in `sources`'),
  paragraph: z.int().min(1).optional().describe('Paragraph of the source; the first is 1'),
  quote: text.optional().describe('A short verbatim quote, at most 20 words'),
  note: text.optional().describe("The analyst's reasoning; `est:` marks an estimate"),
});

const decisionSchema = z
  .strictObject({
    rule: z.enum(['unilateral', 'unanimity', 'majority', 'qualified']).describe('unilateral | unanimity | majority | qualified'),
    by: z.array(id).min(1).max(LIMITS.actors).optional().describe('Ids of the deciding actors; default every participant (required for unilateral)'),
    threshold: z.number().optional().describe("Share of the deciders' capability needed, in (0.5, 1]; qualified only"),
    consent: z.array(id).min(1).max(LIMITS.actors).optional().describe('Actors whose consent is needed besides the rule (a second chamber)'),
    evidence: z.array(evidenceSchema).optional(),
  })
  .describe('Who decides: { rule, by?, threshold? }');

const issueSchema = z.strictObject({
  id,
  name,
  description: text.optional(),
  scale: z.strictObject({ min: point, max: point }),
  anchors: z.record(z.string().max(LIMITS.idLength), name).optional().describe('Labelled points of the scale'),
  statusQuo: point.optional().describe('Where the issue stands if no agreement is reached'),
  decision: decisionSchema.optional(),
});

const stanceSchema = z.strictObject({
  position: uncertain(point).describe("A point on the issue's scale"),
  salience: uncertain(z.number().min(0).max(1)).describe('How much the issue matters, 0..1'),
  capability: uncertain(capability).optional().describe("The actor's clout on this issue, overriding its capability"),
  evidence: z.array(evidenceSchema).max(LIMITS.evidence).optional(),
});

const actorSchema = z.strictObject({
  id,
  name,
  description: text.optional(),
  capability: uncertain(capability).describe('Relative clout, any positive scale from 1e-9 to 1e9'),
  evidence: z.array(evidenceSchema).max(LIMITS.evidence).optional().describe('Support for the capability coding'),
  active: z.boolean().optional().describe('false keeps the actor out of the base scenario'),
  stances: z.record(z.string().max(LIMITS.idLength), stanceSchema).describe('Stances keyed by issue id'),
});

const changeSchema = z
  .strictObject({
    actor: id.optional(),
    issue: id.optional(),
    capability: uncertain(capability).optional(),
    active: z.boolean().optional(),
    position: uncertain(point).optional(),
    salience: uncertain(z.number().min(0).max(1)).optional(),
    statusQuo: point.optional(),
    decision: decisionSchema.optional(),
    note: text.optional(),
  })
  .describe('{ actor, capability?, active? } | { actor, issue, position?, salience?, capability? } | { issue, statusQuo?, decision? }');

const variantSchema = z.strictObject({
  id,
  description: text.optional(),
  changes: z.array(changeSchema).min(1).max(LIMITS.changes),
});

/** A whole scenario file. */
export const scenarioSchema = z
  .strictObject({
    parley: z.literal(1).describe('File format version'),
    id,
    title: name,
    description: text.optional(),
    asOf: isoDate.optional().describe('The date the scenario describes, YYYY-MM-DD'),
    sources: z.array(sourceSchema).max(LIMITS.sources).optional(),
    decision: decisionSchema.optional().describe('How issues without a decision of their own are decided'),
    issues: z.array(issueSchema).min(1).max(LIMITS.issues),
    actors: z.array(actorSchema).min(1).max(LIMITS.actors),
    variants: z.array(variantSchema).max(LIMITS.variants).optional(),
  })
  .meta({ title: 'Parley scenario' });

// The schema and the types in scenario.ts must describe the same shape; this fails to
// compile when one of them changes without the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof scenarioSchema>, Scenario> = true;
void schemaMatchesTypes;

/** The scenario file's JSON Schema (draft 2020-12), for editors and other tools. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema);
}

/**
 * The schema of the value at `path` inside a scenario (`['actors', 0, 'capability']`), or
 * `undefined` when the path leaves the shape. Inside a union (a number or a range) the
 * path follows the branch that has the next field.
 */
export function schemaAt(path: readonly (string | number)[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = scenarioSchema;
  for (const segment of path) {
    current = stepInto(unwrap(current), segment);
    if (current === undefined) return undefined;
  }
  return unwrap(current);
}

/** The fields an object at `path` may have, in schema order; `undefined` if it is not an object. */
export function fieldsAt(path: readonly (string | number)[]): string[] | undefined {
  const schema = schemaAt(path);
  const object = schema instanceof z.ZodUnion ? objectOption(schema) : schema;
  return object instanceof z.ZodObject ? Object.keys(object.shape) : undefined;
}

function stepInto(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodArray) return typeof segment === 'number' ? (schema.element as z.ZodType) : undefined;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  const object = schema instanceof z.ZodUnion ? objectOption(schema) : schema;
  if (object instanceof z.ZodObject) return (object.shape as Record<string, z.ZodType>)[segment];
  return undefined;
}

function objectOption(union: z.ZodUnion): z.ZodObject | undefined {
  const options = union.options as readonly z.ZodType[];
  return options.find((option): option is z.ZodObject => option instanceof z.ZodObject);
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

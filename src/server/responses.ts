/**
 * The API's answers as zod schemas, for its OpenAPI description (`openapi.ts`): what a
 * Python or R client is generated from. The TypeScript types of `protocol.ts` stay the
 * source; each schema below is checked at compile time to infer exactly that type, so the
 * description cannot drift from what the handlers return.
 */
import { z } from 'zod';
import type { ParamSpec } from '../core/model.js';
import {
  scenarioField,
  type ApiError,
  type ChangesResponse,
  type ImportResponse,
  type MeResponse,
  type ModelsResponse,
  type RunResponse,
  type RunsResponse,
  type ScenarioResponse,
  type SweepState,
  type VersionsResponse,
  type WorkspaceRecord,
  type WorkspaceResponse,
  type WorkspacesResponse,
} from './protocol.js';

/** Compiles only when `Schema` infers exactly `Type` (in both directions). */
type Same<Schema, Type> = [Schema] extends [Type] ? ([Type] extends [Schema] ? true : false) : false;
function exactly<Type>() {
  return <S extends z.ZodType>(schema: S & (Same<z.infer<S>, Type> extends true ? unknown : never)): S => schema;
}

const timestamp = z.string().describe('ISO 8601 time, UTC');

export const apiErrorSchema = exactly<ApiError>()(
  z.object({
    error: z.enum(['invalid-request', 'invalid-scenario', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'too-large', 'unsupported-media-type', 'internal']),
    message: z.string(),
    problems: z
      .array(
        z.object({
          code: z.string(),
          path: z.array(z.union([z.string(), z.number()])),
          message: z.string(),
          hint: z.string().optional(),
          file: z.string().optional(),
          line: z.number().optional(),
          column: z.number().optional(),
        }),
      )
      .optional()
      .describe('invalid-request: paths into the request body; invalid-scenario: paths into the scenario'),
  }),
);

export const workspaceSchema = exactly<WorkspaceRecord>()(z.object({ id: z.string(), name: z.string(), createdAt: timestamp }));

const versionSchema = z.object({
  version: z.int(),
  author: z.string(),
  summary: z.string().describe('what changed, in words'),
  createdAt: timestamp,
  restoredFrom: z.int().nullable().describe('set when this version restored an earlier one (undo)'),
});

const scenarioSummarySchema = z.object({
  id: z.string().describe("the storage's id"),
  workspaceId: z.string(),
  title: z.string(),
  scenarioId: z.string().describe("the scenario file's own id"),
  version: z.int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  updatedBy: z.string(),
});


export const storedScenarioSchema = exactly<Omit<ScenarioResponse, 'document'> & { document: { scenario: unknown; texts: Record<string, string> } }>()(
  scenarioSummarySchema.extend({
    document: z.object({ scenario: scenarioField, texts: z.record(z.string(), z.string()).describe('full texts of sources, by source id') }),
    shown: versionSchema.describe('the version shown (the newest unless an older one was asked for)'),
  }),
);

const runSummarySchema = z.object({
  id: z.string(),
  scenario: z.string(),
  version: z.int(),
  kind: z.enum(['forecast', 'monte-carlo', 'sensitivity', 'compare']),
  models: z.array(z.string()),
  variant: z.string().nullable(),
  inputsHash: z.string().describe('SHA-256 (hex) of the RFC 8785 canonical JSON of { scenario, request }'),
  seed: z.number().nullable(),
  author: z.string(),
  createdAt: timestamp,
});

export const runSchema = exactly<RunResponse>()(
  runSummarySchema.extend({
    request: z.unknown().describe('the request as made, without author and version'),
    outputs: z
      .unknown()
      .describe(
        'by kind — forecast: { scenario, params, results: [{ model, issue, forecast, notes, details }] } (what `parley forecast --json` prints); monte-carlo: { draws, results }; sensitivity: { tornadoes, sweeps, … }; compare: { variants, results }',
      ),
  }),
);

const paramSpecSchema = exactly<ParamSpec>()(
  z.union([
    z.object({ name: z.string(), description: z.string(), type: z.enum(['number', 'integer']), default: z.number(), min: z.number().optional(), max: z.number().optional() }),
    z.object({ name: z.string(), description: z.string(), type: z.literal('enum'), default: z.string(), values: z.array(z.string()).readonly() }),
    z.object({ name: z.string(), description: z.string(), type: z.literal('boolean'), default: z.boolean() }),
  ]),
);

const sweepWhere = z.enum(['pool', 'queue']);

export const sweepStateSchema = exactly<SweepState>()(
  z.object({
    id: z.string(),
    scenario: z.string(),
    version: z.int(),
    state: z.enum(['running', 'done', 'failed']),
    where: sweepWhere,
    total: z.int().describe('draws asked for'),
    done: z.int().describe('draws finished so far'),
    drawsPerSecond: z.number(),
    workers: z.array(z.string()),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
    run: z.string().nullable().describe('the recorded Monte Carlo run, once done'),
    error: z.string().nullable(),
  }),
);

export const meSchema = exactly<MeResponse>()(
  z.object({ auth: z.enum(['none', 'tokens']), user: z.object({ name: z.string() }).nullable(), sweeps: sweepWhere.nullable() }),
);

export const modelsSchema = exactly<ModelsResponse>()(
  z.object({
    models: z.array(z.object({ id: z.string(), name: z.string(), summary: z.string(), references: z.array(z.string()), params: z.array(paramSpecSchema).readonly() })),
  }),
);

export const workspacesSchema = exactly<WorkspacesResponse>()(z.object({ workspaces: z.array(workspaceSchema) }));
export const workspaceResponseSchema = exactly<WorkspaceResponse>()(z.object({ workspace: workspaceSchema, scenarios: z.array(scenarioSummarySchema) }));
export const changesSchema = exactly<ChangesResponse>()(z.object({ from: z.number(), to: z.number(), changes: z.array(z.string()) }));
export const versionsSchema = exactly<VersionsResponse>()(z.object({ versions: z.array(versionSchema) }));
export const importResponseSchema = exactly<Omit<ImportResponse, 'scenario'> & { scenario: z.infer<typeof storedScenarioSchema> }>()(
  z.object({ scenario: storedScenarioSchema, notes: z.array(z.string()).describe('what the import decided on the user’s behalf') }),
);
export const runsSchema = exactly<RunsResponse>()(z.object({ runs: z.array(runSummarySchema) }));
export const deletedSchema = z.object({ deleted: z.literal(true) });

/**
 * The API's answers as zod schemas, for its OpenAPI description (`openapi.ts`): what a
 * Python or R client is generated from. The TypeScript types of `protocol.ts` stay the
 * source; each schema below is checked at compile time to infer exactly that type, so the
 * description cannot drift from what the handlers return.
 */
import { z } from 'zod';
import type { ModelScore } from '../core/analyses/backtest.js';
import type { ParamSpec } from '../core/model.js';
import {
  scenarioField,
  type ApiError,
  type ChainReport,
  type DigestResponse,
  type LedgerEntry,
  type LedgerEntryResponse,
  type LedgerResponse,
  type TrackRecordResponse,
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
    error: z.enum([
      'invalid-request',
      'invalid-scenario',
      'unauthorized',
      'forbidden',
      'not-found',
      'conflict',
      'too-large',
      'unsupported-media-type',
      'too-many-requests',
      'unavailable',
      'internal',
    ]),
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
    z.object({
      name: z.string(),
      description: z.string(),
      type: z.enum(['number', 'integer']),
      default: z.number(),
      min: z.number().optional(),
      max: z.number().optional(),
    }),
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
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
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
    models: z.array(
      z.object({ id: z.string(), name: z.string(), summary: z.string(), references: z.array(z.string()), params: z.array(paramSpecSchema).readonly() }),
    ),
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

const chainHeadSchema = z.object({ seq: z.int(), hash: z.string() }).nullable().describe('the newest entry: its number and hash; null for an empty ledger');

const forecastBodySchema = z.object({
  kind: z.literal('forecast'),
  scenario: z.object({
    id: z.string(),
    title: z.string(),
    inputsHash: z.string().describe("SHA-256 (hex) of the scenario's RFC 8785 canonical JSON"),
    yaml: z.string().describe('the scenario file, as YAML'),
  }),
  variant: z.string().nullable(),
  issues: z.array(z.object({ id: z.string(), name: z.string(), scale: z.object({ min: z.number(), max: z.number() }), statusQuo: z.number().nullable() })),
  request: z.object({
    models: z.array(z.string()),
    params: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
    seed: z.number(),
    draws: z.number(),
  }),
  models: z.array(z.object({ model: z.string(), issue: z.string(), forecast: z.number() })),
  notApplicable: z.array(z.object({ model: z.string(), issue: z.string(), reason: z.string() })),
  summary: z.array(
    z.object({
      issue: z.string(),
      forecast: z.number(),
      interval: z.object({ level: z.number(), low: z.number(), high: z.number() }).nullable(),
      agreementProbability: z.number().nullable().describe('1 − P(the status quo stands)'),
    }),
  ),
  note: z.string().nullable(),
  resolveBy: z.string().nullable(),
});

const resolutionBodySchema = z.object({
  kind: z.literal('resolution'),
  entry: z.object({ seq: z.int(), hash: z.string() }).describe('the forecast entry resolved'),
  issue: z.string(),
  outcome: z.union([
    z.object({ agreement: z.literal(true), observed: z.number() }),
    z.object({ agreement: z.literal(false), observed: z.number().describe("the issue's status quo") }),
  ]),
  date: z.string(),
  source: z.string(),
  quote: z.string().nullable(),
});

const ledgerEntrySchema = exactly<LedgerEntry>()(
  z
    .object({
      format: z.literal('parley-ledger/1'),
      seq: z.int(),
      previous: z.string().nullable(),
      recordedAt: timestamp,
      workspace: z.string(),
      author: z.string(),
      parley: z.string(),
      body: z.discriminatedUnion('kind', [forecastBodySchema, resolutionBodySchema]),
      hash: z.string(),
    })
    .describe('an entry of the forecast ledger (docs/ledger.md): hash = SHA-256 of the RFC 8785 canonical JSON of the entry without hash'),
);

export const chainReportSchema = exactly<ChainReport>()(
  z.object({
    ok: z.boolean(),
    verified: z.int().describe('entries that verified before any break'),
    head: chainHeadSchema,
    firstBreak: z.object({ seq: z.int(), line: z.int().nullable(), message: z.string() }).nullable(),
  }),
);

const intervalScoreSchema = z.object({ level: z.number(), coverage: z.number(), meanWidth: z.number() });

const modelScoreSchema = exactly<ModelScore>()(
  z.object({
    model: z.string().describe('a model, summary (the one answer) or status-quo (the baseline)'),
    n: z.int(),
    mae: z.number().describe("mean absolute error, % of the issue's range"),
    rmse: z.number(),
    medae: z.number(),
    maeLow: z.number(),
    maeHigh: z.number(),
    interval: intervalScoreSchema.optional(),
    intervals: z.array(intervalScoreSchema).optional(),
    noChange: z.object({ n: z.int(), brier: z.number(), baseRateBrier: z.number() }).optional(),
  }),
);

const trackRecordGroupSchema = z.object({ key: z.string(), scores: z.array(modelScoreSchema) });

export const ledgerSchema = exactly<LedgerResponse>()(z.object({ entries: z.array(ledgerEntrySchema), verify: chainReportSchema }));
export const ledgerEntryResponseSchema = exactly<LedgerEntryResponse>()(z.object({ entry: ledgerEntrySchema }));
export const digestSchema = exactly<DigestResponse>()(z.object({ head: chainHeadSchema }));
export const trackRecordSchema = exactly<TrackRecordResponse>()(
  z.object({
    head: chainHeadSchema,
    resolved: z.int(),
    open: z.int(),
    overall: z.array(modelScoreSchema),
    byScenario: z.array(trackRecordGroupSchema),
    overTime: z.array(trackRecordGroupSchema),
    rows: z.array(
      z.object({
        entry: z.int(),
        resolution: z.int(),
        scenario: z.string(),
        variant: z.string().nullable(),
        issue: z.string(),
        recordedAt: timestamp,
        date: z.string(),
        observed: z.number(),
        agreement: z.boolean(),
        scale: z.object({ min: z.number(), max: z.number() }),
        summary: z.object({ forecast: z.number(), error: z.number(), covered: z.boolean().nullable(), agreementProbability: z.number().nullable() }),
        statusQuo: z.object({ forecast: z.number(), error: z.number() }).nullable(),
        models: z.array(z.object({ model: z.string(), forecast: z.number(), error: z.number() })),
      }),
    ),
  }),
);

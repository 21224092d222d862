/**
 * The HTTP API's request and response shapes, defined once: the server validates requests
 * with these schemas and the web app imports the types, so both sides agree by
 * construction. Scenarios inside requests are checked with the same validation as scenario
 * files (`validateScenario`), so the API and `parley validate` report the same problems.
 *
 * Errors are data: `{ error, message, problems? }`, with a status that says which kind —
 * 400 invalid request or scenario (with the problems), 404 not found, 409 conflict (someone
 * saved in between), 413 body too large, 415 not JSON, 429 too much heavy work under way
 * (with Retry-After), 503 the server is stopping. Never 500 for anything a request
 * can contain. On a shared server (`AuthMode` tokens): 401 without a valid token, and 403
 * for a workspace, scenario or run the user may not see — the same answer whether or not it
 * exists, so a refusal tells nothing about other workspaces.
 */
import { z } from 'zod';
import type { ForecastDistribution } from '../core/analyses/summary.js';
import type { Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';
import type { ParamSpec } from '../core/model.js';
import type { ChainReport } from '../core/ledger/chain.js';
import type { ChainHead, LedgerEntry } from '../core/ledger/entry.js';
import type { TrackRecord } from '../core/ledger/score.js';
import type { RunKind, RunRecord, RunSummary, ScenarioSummary, StoredScenario, VersionRecord, WorkspaceRecord } from '../storage/storage.js';

export type { Problem, RunKind, RunRecord, RunSummary, Scenario, ScenarioSummary, StoredScenario, VersionRecord, WorkspaceRecord };

/** The most Monte Carlo draws one API request may ask for (they run on the server's thread). */
export const maxServerDraws = 5000;

const author = z.string().trim().min(1).max(80).optional().describe('who makes the change; default "anonymous"');
const summary = z.string().trim().min(1).max(500).optional().describe('what the change is; default: made from the difference');
const version = z.int().min(1);
const params = z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])));
const analysis = {
  models: z.array(z.string().min(1)).min(1).optional(),
  params: params.optional(),
  /** Run on this version of the scenario; default the newest. */
  version: version.optional(),
  author,
};

/** A scenario inside a request or an answer: checked as a scenario file is (`validateScenario`), so typed loosely here. */
export const scenarioField = z.unknown().describe('a scenario, as in a scenario file (parley schema prints its JSON Schema)');

export const createWorkspaceRequest = z.strictObject({
  // No control characters: PostgreSQL stores no NUL in text, and a name is shown on one line.
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'a workspace name holds no control characters (tabs, new lines, NUL)'),
});

export const createScenarioRequest = z.strictObject({
  /** Checked as a scenario file is. */
  scenario: scenarioField,
  texts: z.record(z.string(), z.string()).optional(),
  author,
  summary,
});

export const saveScenarioRequest = z.strictObject({
  baseVersion: version,
  scenario: scenarioField,
  /** A text sets a source's text, null removes it; sources not named keep theirs. */
  texts: z.record(z.string(), z.string().nullable()).optional(),
  author,
  summary,
});

export const restoreRequest = z.strictObject({ version, baseVersion: version.optional(), author });

export const duplicateRequest = z.strictObject({ title: z.string().trim().min(1).max(200).optional(), author });

export const importFormats = ['yaml', 'ktab', 'bdm'] as const;
export type ImportFormat = (typeof importFormats)[number];

export const importRequest = z.strictObject({
  format: z.enum(importFormats),
  text: z.string(),
  /** How problems name the file. */
  fileName: z.string().trim().min(1).max(200).optional(),
  /** BDM only: the issue's scale; default the range of the positions. */
  scale: z
    .strictObject({ min: z.number(), max: z.number() })
    .refine((scale) => scale.min < scale.max, 'min must be below max')
    .optional(),
  author,
});

export const runRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('forecast'), variant: z.string().min(1).optional(), seed: z.int().optional(), ...analysis }),
  z.strictObject({
    kind: z.literal('monte-carlo'),
    draws: z.int().min(1).max(maxServerDraws),
    seed: z.int(),
    bins: z.int().min(1).max(100).optional(),
    variant: z.string().min(1).optional(),
    ...analysis,
  }),
  z.strictObject({ kind: z.literal('sensitivity'), variant: z.string().min(1).optional(), seed: z.int().optional(), ...analysis }),
  z.strictObject({ kind: z.literal('compare'), variants: z.array(z.string().min(1)).optional(), seed: z.int().optional(), ...analysis }),
]);

/** The most draws one sweep may ask for (they run in the background, on the pool or the queue). */
export const maxSweepDraws = 1_000_000;

/** A Monte Carlo run in the background (a sweep): as a Monte Carlo run request, with more draws allowed. */
export const sweepRequest = z.strictObject({
  draws: z.int().min(1).max(maxSweepDraws),
  seed: z.int(),
  bins: z.int().min(1).max(100).optional(),
  variant: z.string().min(1).optional(),
  ...analysis,
});

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/** "Record this forecast": a saved scenario (a version of it) forecast and put on the workspace's ledger. */
export const recordForecastRequest = z.strictObject({
  /** The storage id of a scenario of this workspace. */
  scenario: z.string().min(1),
  version: version.optional(),
  variant: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).min(1).optional(),
  params: params.optional(),
  seed: z.int().optional(),
  note: z.string().max(20_000).optional(),
  resolveBy: calendarDate.optional(),
  author,
});

/** What happened on an issue of a recorded forecast (`parley ledger resolve`). */
export const resolveForecastRequest = z.strictObject({
  /** The forecast entry: its number, or 8 or more hex digits of its hash. */
  entry: z.union([z.int().min(1), z.string().min(1).max(64)]),
  issue: z.string().min(1).max(100),
  /** A value on the issue's scale, or "status-quo" when no agreement was reached. */
  observed: z.union([z.number(), z.literal('status-quo')]),
  date: z.string().min(1).max(40),
  source: z.string().min(1).max(1_000),
  quote: z.string().max(20_000).optional(),
  author,
});

export type CreateWorkspaceRequest = z.infer<typeof createWorkspaceRequest>;
/** `scenario` is a `Scenario`; it is typed loosely because the server checks it as a file. */
export type CreateScenarioRequest = Omit<z.infer<typeof createScenarioRequest>, 'scenario'> & { scenario: Scenario };
export type SaveScenarioRequest = Omit<z.infer<typeof saveScenarioRequest>, 'scenario'> & { scenario: Scenario };
export type RestoreRequest = z.infer<typeof restoreRequest>;
export type DuplicateRequest = z.infer<typeof duplicateRequest>;
export type ImportRequest = z.infer<typeof importRequest>;
export type RunRequest = z.infer<typeof runRequest>;
export type SweepRequest = z.infer<typeof sweepRequest>;
export type RecordForecastRequest = z.infer<typeof recordForecastRequest>;
export type ResolveForecastRequest = z.infer<typeof resolveForecastRequest>;

/** Where a server runs sweeps: its own worker threads, or workers on a Redis queue. */
export type SweepWhere = 'pool' | 'queue';

/** A sweep as the page polls it. */
export interface SweepState {
  id: string;
  scenario: string;
  version: number;
  /** `cancelled`: stopped on the user's asking (`POST /api/sweeps/:sweep/cancel`), not recorded. */
  state: 'running' | 'done' | 'failed' | 'cancelled';
  where: SweepWhere;
  /** Draws asked for, and finished so far. */
  total: number;
  done: number;
  drawsPerSecond: number;
  /** Workers that took part so far (queue), or the server's threads (pool). */
  workers: string[];
  startedAt: string;
  finishedAt: string | null;
  /** The recorded Monte Carlo run, once done. */
  run: string | null;
  error: string | null;
}

export type ApiErrorCode =
  | 'invalid-request'
  | 'invalid-scenario'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'unavailable'
  | 'internal';

/**
 * How the server knows who asks. `none`: one person on their own machine; no sign-in, every
 * workspace is theirs. `tokens`: a shared server; every API request carries a user's token
 * (`Authorization: Bearer parley_…`, made with `parley users add NAME`) and sees only the
 * workspaces that user is a member of.
 */
export type AuthMode = 'none' | 'tokens';

/** Who the server takes the caller for. */
export interface MeResponse {
  auth: AuthMode;
  /** The signed-in user; null without sign-in (`auth: none`). */
  user: { name: string } | null;
  /** Where sweeps run; null when this server runs none. */
  sweeps: SweepWhere | null;
}

export interface ApiError {
  error: ApiErrorCode;
  message: string;
  /** For `invalid-request`: paths into the request body; for `invalid-scenario`: paths into the scenario. */
  problems?: Problem[];
}

export interface ModelInfo {
  id: string;
  name: string;
  summary: string;
  references: string[];
  params: readonly ParamSpec[];
}

export interface ModelsResponse {
  models: ModelInfo[];
}
export interface WorkspacesResponse {
  workspaces: WorkspaceRecord[];
}
export interface WorkspaceResponse {
  workspace: WorkspaceRecord;
  scenarios: ScenarioSummary[];
}
export type ScenarioResponse = StoredScenario;
export interface VersionsResponse {
  versions: VersionRecord[];
}
export interface ImportResponse {
  scenario: StoredScenario;
  /** What the import decided on the user's behalf. */
  notes: string[];
}
/** Every change from one version to another, in words (the page's "Compare two versions"). */
export interface ChangesResponse {
  from: number;
  to: number;
  changes: string[];
}
export interface RunsResponse {
  runs: RunSummary[];
}
export type RunResponse = RunRecord;
/** A Monte Carlo run's outputs: the summary without the draws themselves. */
export interface MonteCarloOutputs {
  draws: { requested: number; finished: number };
  results: ForecastDistribution[];
}

export type { ChainHead, ChainReport, LedgerEntry, TrackRecord };

/** A workspace's ledger: the entries that verify, and the check of the whole chain. */
export interface LedgerResponse {
  entries: LedgerEntry[];
  verify: ChainReport;
}
export interface LedgerEntryResponse {
  entry: LedgerEntry;
}
/** The head of the chain to publish (null for an empty ledger). */
export interface DigestResponse {
  head: ChainHead;
}
/** The track record, with the head it was scored at. */
export interface TrackRecordResponse extends TrackRecord {
  head: ChainHead;
}

/**
 * Every route: method and path → what it takes and returns. `params` are the path's
 * `:names`, `query` its query string.
 */
export interface Routes {
  'GET /api/me': { response: MeResponse };
  'GET /api/models': { response: ModelsResponse };
  'GET /api/workspaces': { response: WorkspacesResponse };
  'POST /api/workspaces': { body: CreateWorkspaceRequest; response: WorkspaceRecord };
  'GET /api/workspaces/:workspace': { response: WorkspaceResponse };
  'POST /api/workspaces/:workspace/scenarios': { body: CreateScenarioRequest; response: ScenarioResponse };
  'POST /api/workspaces/:workspace/imports': { body: ImportRequest; response: ImportResponse };
  'GET /api/scenarios/:scenario': { query: { version?: number }; response: ScenarioResponse };
  'PUT /api/scenarios/:scenario': { body: SaveScenarioRequest; response: ScenarioResponse };
  'DELETE /api/scenarios/:scenario': { response: { deleted: true } };
  'POST /api/scenarios/:scenario/duplicate': { body: DuplicateRequest; response: ScenarioResponse };
  'GET /api/scenarios/:scenario/versions': { response: VersionsResponse };
  'POST /api/scenarios/:scenario/restore': { body: RestoreRequest; response: ScenarioResponse };
  'GET /api/scenarios/:scenario/export.yaml': { query: { version?: number }; response: string };
  'GET /api/scenarios/:scenario/changes': { query: { from: number; to: number }; response: ChangesResponse };
  'GET /api/scenarios/:scenario/report.html': { query: { version?: number; variant?: string; draws?: number }; response: string };
  'POST /api/scenarios/:scenario/runs': { body: RunRequest; response: RunResponse };
  'GET /api/scenarios/:scenario/runs': { response: RunsResponse };
  'GET /api/runs/:run': { response: RunResponse };
  'POST /api/scenarios/:scenario/sweeps': { body: SweepRequest; response: SweepState };
  'GET /api/sweeps/:sweep': { response: SweepState };
  'POST /api/sweeps/:sweep/cancel': { response: SweepState };
  'GET /api/workspaces/:workspace/ledger': { response: LedgerResponse };
  'POST /api/workspaces/:workspace/ledger': { body: RecordForecastRequest; response: LedgerEntryResponse };
  'POST /api/workspaces/:workspace/ledger/resolutions': { body: ResolveForecastRequest; response: LedgerEntryResponse };
  'GET /api/workspaces/:workspace/ledger/verify': { query: { digest?: string }; response: ChainReport };
  'GET /api/workspaces/:workspace/ledger/score': { response: TrackRecordResponse };
  'GET /api/workspaces/:workspace/ledger/digest': { response: DigestResponse };
  'GET /api/workspaces/:workspace/ledger/export.jsonl': { response: string };
  /** This API described in OpenAPI 3.1 (`openapi.ts`). */
  'GET /api/openapi.json': { response: Record<string, unknown> };
}

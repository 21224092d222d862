/**
 * The HTTP API described in OpenAPI 3.1 (`GET /api/openapi.json`), so a Python or R user can
 * generate a typed client. Made from the same zod schemas the handlers check requests with
 * (`protocol.ts`) and the answers' schemas (`responses.ts`), converted by zod's own
 * `z.toJSONSchema` to JSON Schema 2020-12, the dialect of OpenAPI 3.1: no second description
 * to keep in step. A scenario is described by the scenario file's JSON Schema (`parley schema`).
 *
 * Every route of `Routes` has an entry below (the compiler insists), and a test checks that
 * the document lists exactly the routes the server registers.
 */
import { z } from 'zod';
import { scenarioJsonSchema } from '../core/schema.js';
import {
  createScenarioRequest,
  createWorkspaceRequest,
  duplicateRequest,
  recordForecastRequest,
  resolveForecastRequest,
  importRequest,
  restoreRequest,
  runRequest,
  saveScenarioRequest,
  scenarioField,
  sweepRequest,
  type Routes,
} from './protocol.js';
import {
  apiErrorSchema,
  chainReportSchema,
  changesSchema,
  deletedSchema,
  digestSchema,
  importResponseSchema,
  ledgerEntryResponseSchema,
  ledgerSchema,
  meSchema,
  modelsSchema,
  runSchema,
  runsSchema,
  storedScenarioSchema,
  sweepStateSchema,
  trackRecordSchema,
  versionsSchema,
  workspaceResponseSchema,
  workspaceSchema,
  workspacesSchema,
} from './responses.js';

/** What the document says of one route. */
interface RouteDoc {
  summary: string;
  tag: 'meta' | 'workspaces' | 'scenarios' | 'runs' | 'sweeps' | 'ledger';
  body?: z.ZodType;
  /** Takes `?version=N` (an older version of the scenario). */
  versionQuery?: true;
  /** Query parameters besides `version`: name, meaning, whether required. */
  query?: ReadonlyArray<{ name: string; description: string; type: 'integer' | 'string'; required?: true }>;
  /** The success status and its answer: a schema, YAML text, an HTML page, JSON Lines, or the OpenAPI document itself. */
  status: 200 | 201 | 202;
  response: z.ZodType | 'yaml' | 'html' | 'jsonl' | 'openapi';
  /** Refusals besides 401/403 (and 400 for a body, 404 for a path with an id). */
  conflict?: true;
  /** Heavy work bounded per server and per user: 429 with Retry-After beyond it, 503 while the server stops. */
  limited?: true;
}

const routeDocs: Record<keyof Routes, RouteDoc> = {
  'GET /api/me': { summary: 'Who the server takes the caller for', tag: 'meta', status: 200, response: meSchema },
  'GET /api/models': { summary: 'The models, their parameters and references', tag: 'meta', status: 200, response: modelsSchema },
  'GET /api/openapi.json': { summary: 'This description of the API (OpenAPI 3.1)', tag: 'meta', status: 200, response: 'openapi' },
  'GET /api/workspaces': { summary: "The caller's workspaces", tag: 'workspaces', status: 200, response: workspacesSchema },
  'POST /api/workspaces': { summary: 'Create a workspace', tag: 'workspaces', body: createWorkspaceRequest, status: 201, response: workspaceSchema },
  'GET /api/workspaces/:workspace': { summary: 'A workspace and its scenarios', tag: 'workspaces', status: 200, response: workspaceResponseSchema },
  'POST /api/workspaces/:workspace/scenarios': {
    summary: 'Create a scenario (checked as a scenario file is)',
    tag: 'workspaces',
    body: createScenarioRequest,
    status: 201,
    response: storedScenarioSchema,
  },
  'POST /api/workspaces/:workspace/imports': {
    summary: 'Import a scenario from YAML, KTAB CSV or a BDM table',
    tag: 'workspaces',
    body: importRequest,
    status: 201,
    response: importResponseSchema,
  },
  'GET /api/scenarios/:scenario': {
    summary: 'A scenario (the newest version, or ?version=N)',
    tag: 'scenarios',
    versionQuery: true,
    status: 200,
    response: storedScenarioSchema,
  },
  'PUT /api/scenarios/:scenario': {
    summary:
      'Save a new version (409 when someone saved since baseVersion); the same one value changed again by its author within 30 s replaces the newest unnamed version',
    tag: 'scenarios',
    body: saveScenarioRequest,
    status: 200,
    response: storedScenarioSchema,
    conflict: true,
  },
  'DELETE /api/scenarios/:scenario': { summary: 'Delete a scenario with its versions and runs', tag: 'scenarios', status: 200, response: deletedSchema },
  'POST /api/scenarios/:scenario/duplicate': {
    summary: 'Copy a scenario',
    tag: 'scenarios',
    body: duplicateRequest,
    status: 201,
    response: storedScenarioSchema,
  },
  'GET /api/scenarios/:scenario/versions': { summary: 'Every saved version: who, what, when', tag: 'scenarios', status: 200, response: versionsSchema },
  'POST /api/scenarios/:scenario/restore': {
    summary: 'Undo to an earlier version (written as a new version)',
    tag: 'scenarios',
    body: restoreRequest,
    status: 200,
    response: storedScenarioSchema,
    conflict: true,
  },
  'GET /api/scenarios/:scenario/export.yaml': {
    summary: 'The scenario as a YAML scenario file',
    tag: 'scenarios',
    versionQuery: true,
    status: 200,
    response: 'yaml',
  },
  'GET /api/scenarios/:scenario/changes': {
    summary: 'Every change from one version to another, in words',
    tag: 'scenarios',
    query: [
      { name: 'from', description: 'the earlier version', type: 'integer', required: true },
      { name: 'to', description: 'the later version', type: 'integer', required: true },
    ],
    status: 200,
    response: changesSchema,
  },
  'GET /api/scenarios/:scenario/report.html': {
    summary: 'The brief `parley report` writes (seed 1), as a download',
    tag: 'scenarios',
    versionQuery: true,
    query: [
      { name: 'variant', description: 'report on this variant of the scenario', type: 'string' },
      { name: 'draws', description: 'Monte Carlo draws; default 100, at most 5000', type: 'integer' },
    ],
    status: 200,
    response: 'html',
  },
  'POST /api/scenarios/:scenario/runs': {
    summary: 'Run a forecast, Monte Carlo, sensitivity or comparison and record it',
    tag: 'runs',
    body: runRequest,
    limited: true,
    status: 201,
    response: runSchema,
  },
  'GET /api/scenarios/:scenario/runs': { summary: "The scenario's recorded runs", tag: 'runs', status: 200, response: runsSchema },
  'GET /api/runs/:run': { summary: 'A recorded run with its request and outputs', tag: 'runs', status: 200, response: runSchema },
  'POST /api/scenarios/:scenario/sweeps': {
    summary: 'Start a large Monte Carlo run in the background (404 when the server runs none)',
    tag: 'sweeps',
    body: sweepRequest,
    limited: true,
    status: 202,
    response: sweepStateSchema,
  },
  'GET /api/sweeps/:sweep': { summary: "A sweep's progress, and its run once done", tag: 'sweeps', status: 200, response: sweepStateSchema },
  'POST /api/sweeps/:sweep/cancel': {
    summary: 'Stop a running sweep (its draws stop, nothing is recorded); answered once it has stopped',
    tag: 'sweeps',
    status: 200,
    response: sweepStateSchema,
  },
  'GET /api/workspaces/:workspace/ledger': {
    summary: "The workspace's forecast ledger: the entries that verify, and the check of the chain",
    tag: 'ledger',
    status: 200,
    response: ledgerSchema,
  },
  'POST /api/workspaces/:workspace/ledger': {
    summary: "Record this forecast: a saved scenario's forecast put on the ledger (409 when the ledger does not verify)",
    tag: 'ledger',
    body: recordForecastRequest,
    status: 201,
    response: ledgerEntryResponseSchema,
    conflict: true,
  },
  'POST /api/workspaces/:workspace/ledger/resolutions': {
    summary: 'What happened on an issue of a recorded forecast, appended as a resolution (the forecast is never edited)',
    tag: 'ledger',
    body: resolveForecastRequest,
    status: 201,
    response: ledgerEntryResponseSchema,
    conflict: true,
  },
  'GET /api/workspaces/:workspace/ledger/verify': {
    summary: 'Recompute the hash chain and report the first entry that breaks it',
    tag: 'ledger',
    query: [{ name: 'digest', description: 'a head published earlier: it must still be in the chain', type: 'string' }],
    status: 200,
    response: chainReportSchema,
  },
  'GET /api/workspaces/:workspace/ledger/score': {
    summary: 'The track record: every resolved forecast scored, by forecaster, scenario and month (409 when the ledger does not verify)',
    tag: 'ledger',
    status: 200,
    response: trackRecordSchema,
    conflict: true,
  },
  'GET /api/workspaces/:workspace/ledger/digest': {
    summary: "The hash of the ledger's newest entry, to publish",
    tag: 'ledger',
    status: 200,
    response: digestSchema,
    conflict: true,
  },
  'GET /api/workspaces/:workspace/ledger/export.jsonl': {
    summary: 'The ledger as JSON Lines, one entry a line, as stored (docs/ledger.md)',
    tag: 'ledger',
    status: 200,
    response: 'jsonl',
  },
};

type JsonSchema = Record<string, unknown>;

const scenarioRef = { $ref: '#/components/schemas/Scenario' };

/** The JSON Schema of a zod schema, with a scenario field pointing at the scenario file's schema. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...converted } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    override: (context) => {
      if (context.zodSchema !== scenarioField) return;
      for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as JsonSchema)[key];
      Object.assign(context.jsonSchema, scenarioRef);
    },
  }) as JsonSchema;
  return converted;
}

/** `/api/scenarios/:scenario` → `/api/scenarios/{scenario}`, and the names of its parameters. */
function openApiPath(path: string): { path: string; names: string[] } {
  const names = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  return { path: path.replace(/:(\w+)/g, '{$1}'), names };
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });

function operation(key: string, doc: RouteDoc): { path: string; method: string; operation: JsonSchema } {
  const [method, rawPath] = key.split(' ') as [string, string];
  const { path, names } = openApiPath(rawPath);
  const parameters: JsonSchema[] = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (doc.versionQuery) {
    parameters.push({
      name: 'version',
      in: 'query',
      required: false,
      description: 'an older version of the scenario; default the newest',
      schema: { type: 'integer', minimum: 1 },
    });
  }
  for (const entry of doc.query ?? []) {
    parameters.push({
      name: entry.name,
      in: 'query',
      required: entry.required === true,
      description: entry.description,
      schema: entry.type === 'integer' ? { type: 'integer', minimum: 1 } : { type: 'string' },
    });
  }
  const success =
    doc.response === 'yaml'
      ? { description: 'a YAML scenario file', content: { 'text/yaml': { schema: { type: 'string' } } } }
      : doc.response === 'html'
        ? { description: 'a self-contained HTML page', content: { 'text/html': { schema: { type: 'string' } } } }
        : doc.response === 'jsonl'
          ? { description: 'JSON Lines: one ledger entry a line', content: { 'application/jsonl': { schema: { type: 'string' } } } }
          : doc.response === 'openapi'
            ? { description: 'this document', content: { 'application/json': { schema: { type: 'object' } } } }
            : { description: doc.summary, content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } };
  const responses: Record<string, unknown> = { [doc.status]: success };
  if (doc.body || doc.versionQuery || doc.query) responses['400'] = errorResponse('invalid request or scenario: every problem, with its path');
  responses['401'] = errorResponse('a shared server: no valid token');
  if (names.length > 0) responses['403'] = errorResponse('a shared server: not in a workspace of the caller (the same answer whether or not it exists)');
  if (names.length > 0) responses['404'] = errorResponse('no such thing (without sign-in)');
  if (doc.conflict)
    responses['409'] = errorResponse(
      doc.tag === 'ledger'
        ? 'the ledger does not verify (parley ledger verify says where it breaks)'
        : 'someone saved in between: reload and apply the change again',
    );
  if (doc.limited) {
    responses['429'] = errorResponse('too many Monte Carlo runs or sweeps under way, on the server or for this user: try again after Retry-After seconds');
    responses['503'] = errorResponse('the server is stopping');
  }
  if (doc.body) {
    responses['413'] = errorResponse('the body is too large');
    responses['415'] = errorResponse('the body is not JSON');
  }
  return {
    path,
    method: method.toLowerCase(),
    operation: {
      operationId: `${method.toLowerCase()}${rawPath.replace(/^\/api/, '').replace(/[/:.]+(\w)/g, (_match, letter: string) => letter.toUpperCase())}`,
      summary: doc.summary,
      tags: [doc.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
      responses,
    },
  };
}

/**
 * The OpenAPI 3.1 document of this API. Tokens are optional in the document because a
 * server without sign-in (`--auth none`) takes none; a shared server refuses a request
 * without one (401).
 */
export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [key, doc] of Object.entries(routeDocs)) {
    const described = operation(key, doc);
    paths[described.path] ??= {};
    paths[described.path]![described.method] = described.operation;
  }
  const { $schema: _dialect, ...scenario } = scenarioJsonSchema();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley',
      version,
      description: 'Model a contested negotiation and forecast how it settles. Errors are { error, message, problems? } with a 4xx status; see docs/api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ token: [] }, {}],
    tags: ['meta', 'workspaces', 'scenarios', 'runs', 'sweeps', 'ledger'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Scenario: scenario, ApiError: jsonSchema(apiErrorSchema, 'output') },
      securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'a user token (parley users add NAME), on a shared server' } },
    },
  };
}

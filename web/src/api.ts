/**
 * The server's API, typed by the shapes the server itself is checked against
 * (`src/server/protocol.ts`). The only way the web app talks to the server.
 */
import type {
  ApiError,
  ChainReport,
  ChangesResponse,
  CreateScenarioRequest,
  DigestResponse,
  DuplicateRequest,
  ImportRequest,
  ImportResponse,
  LedgerEntryResponse,
  LedgerResponse,
  MeResponse,
  RecordForecastRequest,
  ResolveForecastRequest,
  ModelsResponse,
  RestoreRequest,
  RunRequest,
  RunResponse,
  RunsResponse,
  SaveScenarioRequest,
  ScenarioResponse,
  SweepRequest,
  SweepState,
  TrackRecordResponse,
  VersionsResponse,
  WorkspaceResponse,
  WorkspacesResponse,
} from '@parley/server/protocol.js';

/** A refusal from the server, with its status and body (problems included). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

/**
 * The server did not answer at all (stopped, restarted, or the network is down): said in
 * words instead of the browser's "Failed to fetch"; callers retry.
 */
export class ServerGoneError extends Error {
  constructor() {
    super('The Parley server is not answering: it may have stopped or be restarting. Nothing you did here is lost; the page keeps trying.');
  }
}

/** How long the page waits before trying a server that did not answer again. */
export const retryMilliseconds = 3000;

const tokenKey = 'parley.token';

/**
 * The sign-in token of a shared server, kept in this browser's local storage (per origin);
 * sent with every request as `Authorization: Bearer …`.
 */
export const signIn = {
  token: (): string | null => window.localStorage.getItem(tokenKey),
  set: (token: string) => window.localStorage.setItem(tokenKey, token.trim()),
  clear: () => window.localStorage.removeItem(tokenKey),
};

/**
 * Sends a request with the sign-in token; a refusal (not 2xx) as an `ApiRequestError`. A
 * request aborted through `signal` rejects with the abort's own error, not as a server gone.
 */
async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const token = signIn.token();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ServerGoneError();
  }
  if (!response.ok) {
    const text = await response.text();
    let parsed: ApiError | undefined;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as ApiError);
    } catch {
      parsed = undefined;
    }
    throw new ApiRequestError(response.status, parsed ?? { error: 'internal', message: `the server answered ${response.status}` });
  }
  return response;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const text = await (await send(method, path, body, signal)).text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const path = encodeURIComponent;

export const api = {
  me: () => request<MeResponse>('GET', '/api/me'),
  models: () => request<ModelsResponse>('GET', '/api/models'),
  workspaces: () => request<WorkspacesResponse>('GET', '/api/workspaces'),
  workspace: (id: string) => request<WorkspaceResponse>('GET', `/api/workspaces/${path(id)}`),
  createScenario: (workspace: string, body: CreateScenarioRequest) => request<ScenarioResponse>('POST', `/api/workspaces/${path(workspace)}/scenarios`, body),
  importScenario: (workspace: string, body: ImportRequest) => request<ImportResponse>('POST', `/api/workspaces/${path(workspace)}/imports`, body),
  scenario: (id: string) => request<ScenarioResponse>('GET', `/api/scenarios/${path(id)}`),
  /** The scenario as it was at one version. */
  scenarioAt: (id: string, version: number) => request<ScenarioResponse>('GET', `/api/scenarios/${path(id)}?version=${version}`),
  save: (id: string, body: SaveScenarioRequest) => request<ScenarioResponse>('PUT', `/api/scenarios/${path(id)}`, body),
  remove: (id: string) => request<{ deleted: true }>('DELETE', `/api/scenarios/${path(id)}`),
  duplicate: (id: string, body: DuplicateRequest) => request<ScenarioResponse>('POST', `/api/scenarios/${path(id)}/duplicate`, body),
  versions: (id: string) => request<VersionsResponse>('GET', `/api/scenarios/${path(id)}/versions`),
  restore: (id: string, body: RestoreRequest) => request<ScenarioResponse>('POST', `/api/scenarios/${path(id)}/restore`, body),
  /** The scenario file's text and the name the server gives it. */
  exportYaml: async (id: string) => {
    const response = await send('GET', `/api/scenarios/${path(id)}/export.yaml`);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'scenario.yaml';
    return { fileName, text: await response.text() };
  },
  /** Every change from one version to another, in words. */
  changes: (id: string, from: number, to: number) => request<ChangesResponse>('GET', `/api/scenarios/${path(id)}/changes?from=${from}&to=${to}`),
  /** The brief `parley report` writes, of the saved scenario (or a variant of it), and the name the server gives it. */
  report: async (id: string, variant: string | undefined) => {
    const response = await send('GET', `/api/scenarios/${path(id)}/report.html${variant ? `?variant=${encodeURIComponent(variant)}` : ''}`);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'brief.html';
    return { fileName, text: await response.text() };
  },
  /** Computes the run on the server and records it; aborting `signal` (Cancel) stops a Monte Carlo run's draws there. */
  recordRun: (id: string, body: RunRequest, signal?: AbortSignal) => request<RunResponse>('POST', `/api/scenarios/${path(id)}/runs`, body, signal),
  runs: (id: string) => request<RunsResponse>('GET', `/api/scenarios/${path(id)}/runs`),
  run: (id: string) => request<RunResponse>('GET', `/api/runs/${path(id)}`),
  startSweep: (id: string, body: SweepRequest) => request<SweepState>('POST', `/api/scenarios/${path(id)}/sweeps`, body),
  sweep: (id: string) => request<SweepState>('GET', `/api/sweeps/${path(id)}`),
  cancelSweep: (id: string) => request<SweepState>('POST', `/api/sweeps/${path(id)}/cancel`),
  /** The workspace's forecast ledger (docs/ledger.md). */
  ledger: (workspace: string) => request<LedgerResponse>('GET', `/api/workspaces/${path(workspace)}/ledger`),
  recordForecast: (workspace: string, body: RecordForecastRequest) => request<LedgerEntryResponse>('POST', `/api/workspaces/${path(workspace)}/ledger`, body),
  resolveForecast: (workspace: string, body: ResolveForecastRequest) =>
    request<LedgerEntryResponse>('POST', `/api/workspaces/${path(workspace)}/ledger/resolutions`, body),
  verifyLedger: (workspace: string) => request<ChainReport>('GET', `/api/workspaces/${path(workspace)}/ledger/verify`),
  trackRecord: (workspace: string) => request<TrackRecordResponse>('GET', `/api/workspaces/${path(workspace)}/ledger/score`),
  digest: (workspace: string) => request<DigestResponse>('GET', `/api/workspaces/${path(workspace)}/ledger/digest`),
  exportLedger: async (workspace: string) => (await send('GET', `/api/workspaces/${path(workspace)}/ledger/export.jsonl`)).text(),
};

/** A refusal in words, for a message line. */
export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.body.message;
  return error instanceof Error ? error.message : String(error);
}

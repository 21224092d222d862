/**
 * The server's API, typed by the shapes the server itself is checked against
 * (`src/server/protocol.ts`). The only way the web app talks to the server.
 */
import type {
  ApiError,
  DuplicateRequest,
  ImportRequest,
  ImportResponse,
  ModelsResponse,
  RestoreRequest,
  RunRequest,
  RunResponse,
  RunsResponse,
  SaveScenarioRequest,
  ScenarioResponse,
  VersionsResponse,
  WorkspaceResponse,
  WorkspacesResponse,
} from '../../src/server/protocol.js';

/** A refusal from the server, with its status and body (problems included). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as ApiError | undefined) ?? { error: 'internal', message: `the server answered ${response.status}` };
    throw new ApiRequestError(response.status, error);
  }
  return parsed as T;
}

const path = encodeURIComponent;

export const api = {
  models: () => request<ModelsResponse>('GET', '/api/models'),
  workspaces: () => request<WorkspacesResponse>('GET', '/api/workspaces'),
  workspace: (id: string) => request<WorkspaceResponse>('GET', `/api/workspaces/${path(id)}`),
  importScenario: (workspace: string, body: ImportRequest) => request<ImportResponse>('POST', `/api/workspaces/${path(workspace)}/imports`, body),
  scenario: (id: string) => request<ScenarioResponse>('GET', `/api/scenarios/${path(id)}`),
  save: (id: string, body: SaveScenarioRequest) => request<ScenarioResponse>('PUT', `/api/scenarios/${path(id)}`, body),
  remove: (id: string) => request<{ deleted: true }>('DELETE', `/api/scenarios/${path(id)}`),
  duplicate: (id: string, body: DuplicateRequest) => request<ScenarioResponse>('POST', `/api/scenarios/${path(id)}/duplicate`, body),
  versions: (id: string) => request<VersionsResponse>('GET', `/api/scenarios/${path(id)}/versions`),
  restore: (id: string, body: RestoreRequest) => request<ScenarioResponse>('POST', `/api/scenarios/${path(id)}/restore`, body),
  exportUrl: (id: string) => `/api/scenarios/${path(id)}/export.yaml`,
  recordRun: (id: string, body: RunRequest) => request<RunResponse>('POST', `/api/scenarios/${path(id)}/runs`, body),
  runs: (id: string) => request<RunsResponse>('GET', `/api/scenarios/${path(id)}/runs`),
};

/** A refusal in words, for a message line. */
export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.body.message;
  return error instanceof Error ? error.message : String(error);
}

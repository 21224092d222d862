/**
 * Load on a server over loopback, as many clients at once would put it: Monte Carlo runs
 * while someone keeps asking `GET /api/me`, and forecasts and saves to one scenario and to
 * many. Each function counts what came back — statuses, versions, conflicts — for the load
 * test (`test/server-load.test.ts`, small and bounded) and the load bench
 * (`bench/server-load.ts`, the sizes of issue 24). Times are measured, never judged here.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { quantileSorted } from '../../core/analyses/statistics.js';
import type { Scenario } from '../../core/scenario.js';
import type { RunRequest, ScenarioResponse, VersionsResponse, WorkspaceResponse, WorkspacesResponse } from '../protocol.js';

export interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
  milliseconds: number;
}

/** One request; a refused connection or a reset is status 0 with the error's text as body. */
export async function call(address: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${address}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after'), milliseconds: performance.now() - started };
  } catch (error) {
    return {
      status: 0,
      body: error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error),
      retryAfter: null,
      milliseconds: performance.now() - started,
    };
  }
}

/** How many answers had each status: `{ "201": 4, "429": 46 }`. */
export function countStatuses(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** p50, p99 and max of times in milliseconds (Hyndman & Fan type 7 quantiles). */
export function latencies(milliseconds: readonly number[]): Latencies {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  return { count: sorted.length, p50: quantileSorted(sorted, 0.5), p99: quantileSorted(sorted, 0.99), max: sorted[sorted.length - 1]! };
}

/** The first scenario of the first workspace (the default one `parley serve` creates). */
export async function firstScenario(address: string): Promise<{ workspace: string; scenario: ScenarioResponse }> {
  const { workspaces } = (await call(address, 'GET', '/api/workspaces')).body as WorkspacesResponse;
  const { scenarios } = (await call(address, 'GET', `/api/workspaces/${workspaces[0]!.id}`)).body as WorkspaceResponse;
  const scenario = (await call(address, 'GET', `/api/scenarios/${scenarios[0]!.id}`)).body as ScenarioResponse;
  return { workspace: workspaces[0]!.id, scenario };
}

/**
 * The prober's code, a thread of its own: `GET /api/me` again and again, `interval` ms apart,
 * until told to stop; then every answer, timed by its own clock. Its own event loop, so that
 * what the load makes this process do (reading and parsing megabytes of answers) never
 * delays a probe or the reading of its time.
 */
const proberCode = `
const { parentPort, workerData } = require('node:worker_threads');
let stopping = false;
parentPort.once('message', () => { stopping = true; });
(async () => {
  const answers = [];
  while (!stopping) {
    const started = performance.now();
    let status = 0;
    let body = null;
    try {
      const response = await fetch(workerData.url);
      status = response.status;
      const text = await response.text();
      try { body = JSON.parse(text); } catch { body = text; }
    } catch (error) {
      body = String(error);
    }
    answers.push({ status, body, retryAfter: null, milliseconds: performance.now() - started });
    await new Promise((resolve) => setTimeout(resolve, workerData.interval));
  }
  parentPort.postMessage(answers);
})();
`;

/** `GET /api/me` every 10 ms from a thread of its own (`proberCode`), until `stop()`, which answers them all. */
export function probeMe(address: string, intervalMilliseconds = 10): { stop(): Promise<Answer[]> } {
  const worker = new Worker(proberCode, { eval: true, workerData: { url: `${address}/api/me`, interval: intervalMilliseconds } });
  const answers = new Promise<Answer[]>((resolve, reject) => {
    worker.once('message', (message: Answer[]) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the GET /api/me prober ended (exit ${code}) before it answered`)));
  });
  return {
    async stop() {
      worker.postMessage('stop');
      try {
        return await answers;
      } finally {
        await worker.terminate();
      }
    },
  };
}

/**
 * `requests` POSTs of `run` at once to the scenario's runs, while one client asks `GET
 * /api/me` again and again (10 ms apart, from a thread of its own: `probeMe`) until every
 * POST is answered: how the API answers someone else while the heavy runs are under way.
 */
export async function runsUnderLoad(address: string, scenario: string, run: RunRequest, requests: number): Promise<{ runs: Answer[]; me: Answer[] }> {
  const prober = probeMe(address);
  const runs = await Promise.all(Array.from({ length: requests }, () => call(address, 'POST', `/api/scenarios/${scenario}/runs`, run)));
  return { runs, me: await prober.stop() };
}

export interface MixedLoad {
  /** The Monte Carlo runs' answers; those still under way when the window closed answer once the caller stops the server. */
  monteCarlo: Promise<Answer[]>;
  /** Every forecast asked for in the window, answered. */
  forecasts: Answer[];
  /** `GET /api/me` every 10 ms through the window (`probeMe`). */
  me: Answer[];
}

/**
 * A window of `seconds` under mixed load: `monteCarloRuns` Monte Carlo runs of `draws`
 * draws asked for at once at its start, and `forecastClients` clients each asking for a
 * forecast again as soon as the last is answered (after a 429, once Retry-After has passed), while one client asks `GET /api/me` every
 * 10 ms from a thread of its own (`probeMe`). How the API answers someone else while heavy runs are in flight, whether or not
 * they would finish within the window.
 */
export async function mixedLoad(
  address: string,
  scenario: string,
  options: { monteCarloRuns: number; draws: number; forecastClients: number; seconds: number },
): Promise<MixedLoad> {
  const deadline = performance.now() + options.seconds * 1000;
  const monteCarlo = Promise.all(
    Array.from({ length: options.monteCarloRuns }, (_, run) =>
      call(address, 'POST', `/api/scenarios/${scenario}/runs`, { kind: 'monte-carlo', draws: options.draws, seed: run + 1 }),
    ),
  );
  const forecasts: Answer[] = [];
  const clients = Promise.all(
    Array.from({ length: options.forecastClients }, async () => {
      while (performance.now() < deadline) {
        const answer = await call(address, 'POST', `/api/scenarios/${scenario}/runs`, { kind: 'forecast' });
        forecasts.push(answer);
        // As a client should: after a 429, wait as long as Retry-After says (or the window's end).
        if (answer.status === 429)
          await new Promise((resolve) => setTimeout(resolve, Math.min(Number(answer.retryAfter ?? 1) * 1000, Math.max(0, deadline - performance.now()))));
      }
    }),
  );
  const prober = probeMe(address);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())));
  const me = await prober.stop();
  await clients;
  return { monteCarlo, forecasts, me };
}

/** The scenario with its title marked `save N`, so each saved version says which save made it. */
function marked(scenario: Scenario, save: number): Scenario {
  return { ...scenario, title: `${scenario.title.replace(/ \(save \d+\)$/, '')} (save ${save})` };
}

export interface SaveCounts {
  answers: Answer[];
  /** Saves answered 200. */
  saved: number;
  conflicts: number;
  /** Saves answered 200 whose version is not in the history with that save's title, or is there twice. */
  lost: number;
  /** Versions in the history that no 200 answered, or two saves answered with one number. */
  duplicated: number;
  /** The versions answered, in the order of their numbers, are 1 apart from the base on: none skipped. */
  inOrder: boolean;
}

/**
 * `saves` PUTs at once to one scenario, each from the same base version (as many people
 * saving the page they all loaded): one should be saved and every other answered 409.
 * Each save's version is then checked against the history.
 */
export async function concurrentSaves(address: string, stored: ScenarioResponse, saves: number): Promise<SaveCounts> {
  const answers = await Promise.all(
    Array.from({ length: saves }, (_, save) =>
      call(address, 'PUT', `/api/scenarios/${stored.id}`, {
        baseVersion: stored.version,
        scenario: marked(stored.document.scenario, save),
        summary: `save ${save}`,
      }),
    ),
  );
  return checkSaves(
    address,
    stored,
    answers.map((answer, save) => ({ answer, save })),
  );
}

/**
 * `clients` at once, each saving one scenario `savesEach` times one after another, reading
 * the newest version and saving again after each 409 (as the page does on reload): every
 * save should land, in order, none lost.
 */
export async function retriedSaves(address: string, stored: ScenarioResponse, clients: number, savesEach: number): Promise<SaveCounts & { attempts: number }> {
  let attempts = 0;
  const made: Array<{ answer: Answer; save: number }> = [];
  const conflictAnswers: Answer[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let round = 0; round < savesEach; round += 1) {
        const save = client * savesEach + round;
        for (;;) {
          const newest = (await call(address, 'GET', `/api/scenarios/${stored.id}`)).body as ScenarioResponse;
          attempts += 1;
          const answer = await call(address, 'PUT', `/api/scenarios/${stored.id}`, {
            baseVersion: newest.version,
            scenario: marked(newest.document.scenario, save),
            summary: `save ${save}`,
          });
          if (answer.status === 409) {
            conflictAnswers.push(answer);
            continue;
          }
          made.push({ answer, save });
          break;
        }
      }
    }),
  );
  const counts = await checkSaves(address, stored, made);
  return { ...counts, answers: [...counts.answers, ...conflictAnswers], conflicts: conflictAnswers.length, attempts };
}

/** Holds each 200 against the scenario's history after `stored`'s version. */
async function checkSaves(address: string, stored: ScenarioResponse, made: ReadonlyArray<{ answer: Answer; save: number }>): Promise<SaveCounts> {
  const { versions } = (await call(address, 'GET', `/api/scenarios/${stored.id}/versions`)).body as VersionsResponse;
  const after = versions.filter((version) => version.version > stored.version);
  const bySummary = new Map<string, number[]>();
  for (const version of after) bySummary.set(version.summary, [...(bySummary.get(version.summary) ?? []), version.version]);
  const answered = new Map<number, number>();
  let saved = 0;
  let lost = 0;
  let duplicated = 0;
  for (const { answer, save } of made) {
    if (answer.status !== 200) continue;
    saved += 1;
    const version = (answer.body as ScenarioResponse).version;
    answered.set(version, (answered.get(version) ?? 0) + 1);
    const inHistory = bySummary.get(`save ${save}`) ?? [];
    if (inHistory.length !== 1 || inHistory[0] !== version) lost += 1;
  }
  for (const count of answered.values()) if (count > 1) duplicated += count - 1;
  duplicated += after.filter((version) => !answered.has(version.version)).length;
  const numbers = [...answered.keys()].sort((a, b) => a - b);
  const inOrder = numbers.every((number, index) => number === stored.version + index + 1);
  return { answers: made.map(({ answer }) => answer), saved, conflicts: made.filter(({ answer }) => answer.status === 409).length, lost, duplicated, inOrder };
}

/** Copies of the scenario, `count` of them, for saves to many scenarios at once. */
export async function copies(address: string, stored: ScenarioResponse, count: number): Promise<ScenarioResponse[]> {
  const made: ScenarioResponse[] = [];
  for (let copy = 0; copy < count; copy += 1) {
    made.push((await call(address, 'POST', `/api/scenarios/${stored.id}/duplicate`, { title: `copy ${copy}` })).body as ScenarioResponse);
  }
  return made;
}

/** One save to each scenario, all at once: every one should land as its scenario's next version. */
export async function savesToMany(address: string, scenarios: readonly ScenarioResponse[]): Promise<SaveCounts> {
  const results = await Promise.all(
    scenarios.map(async (stored, save) => {
      const answer = await call(address, 'PUT', `/api/scenarios/${stored.id}`, {
        baseVersion: stored.version,
        scenario: marked(stored.document.scenario, save),
        summary: `save ${save}`,
      });
      return checkSaves(address, stored, [{ answer, save }]);
    }),
  );
  return {
    answers: results.flatMap((result) => result.answers),
    saved: results.reduce((sum, result) => sum + result.saved, 0),
    conflicts: results.reduce((sum, result) => sum + result.conflicts, 0),
    lost: results.reduce((sum, result) => sum + result.lost, 0),
    duplicated: results.reduce((sum, result) => sum + result.duplicated, 0),
    inOrder: results.every((result) => result.inOrder),
  };
}

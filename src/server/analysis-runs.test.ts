/**
 * Forecasts, sensitivity analyses and comparisons of `POST /runs` on the server's analysis
 * threads: the recorded outputs are byte-identical JSON to those computed on the event loop,
 * the API answers while they run, and a stop answers the ones under way 503. The workers run
 * `dist/` (built once by test/global-setup.ts).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../cli/shared.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { createAnalysisPool, type AnalysisPool } from '../runtime/pool-analyses.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import type { RunRequest, RunResponse } from './protocol.js';
import { ensureDefaultWorkspace } from './seed.js';

const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

interface Served {
  app: FastifyInstance;
  storage: SqliteStorage;
  scenario: string;
}

async function serve(pool?: AnalysisPool): Promise<Served> {
  const storage = openSqliteStorage({ path: ':memory:' });
  await ensureDefaultWorkspace(storage, { scenario: scenario! });
  const app = await buildServer({ storage, ...(pool ? { analysisExecutor: pool } : {}) });
  const [workspace] = await storage.listWorkspaces();
  const [stored] = await storage.listScenarios(workspace!.id);
  return { app, storage, scenario: stored!.id };
}

async function closeAll(...served: Served[]): Promise<void> {
  for (const { app, storage } of served) {
    await app.close();
    await storage.close();
  }
}

const pool = createAnalysisPool({ workers: 2 });
let direct: Served;
let pooled: Served;
beforeAll(async () => {
  [direct, pooled] = await Promise.all([serve(), serve(pool)]);
});
afterAll(async () => {
  await closeAll(direct, pooled);
  await pool.close();
});

/** Each kind the analysis threads take; the tornado with quicker models (every model: 14 s of CPU on the default scenario). */
const requests: RunRequest[] = [
  { kind: 'forecast' },
  { kind: 'forecast', variant: 'us-walks-away', seed: 9, models: ['smp', 'eum'] },
  { kind: 'sensitivity', seed: 4, models: ['eum', 'compromise', 'median'] },
  { kind: 'compare', seed: 2 },
];

describe('analyses of POST /runs on the analysis threads', () => {
  it.each(requests)("$kind $variant: the recorded outputs are byte-identical JSON to the event loop's", async (request) => {
    const answers = await Promise.all(
      [direct, pooled].map(({ app, scenario: id }) => app.inject({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: request })),
    );
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(201);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      // The outputs are sent as the thread wrote them: the text JSON.stringify gives for the answer.
      expect(answer.body).toBe(JSON.stringify(answer.json()));
    }
    const [here, there] = answers.map((answer) => answer.json() as RunResponse);
    expect(JSON.stringify(there!.outputs)).toBe(JSON.stringify(here!.outputs));
    expect(there!.inputsHash).toBe(here!.inputsHash);
    // And as stored, read back: the same run, byte for byte.
    const stored = await Promise.all([direct, pooled].map(({ app }, index) => app.inject({ method: 'GET', url: `/api/runs/${[here, there][index]!.id}` })));
    expect(JSON.stringify(stored[1]!.json().outputs)).toBe(JSON.stringify(stored[0]!.json().outputs));
    stored.forEach((answer, index) => expect(answer.body).toBe(answers[index]!.body));
  });

  it('a bad request is the same 400 either way', async () => {
    const answers = await Promise.all(
      [direct, pooled].map(({ app, scenario: id }) =>
        app.inject({ method: 'POST', url: `/api/scenarios/${id}/runs`, payload: { kind: 'forecast', variant: 'nope' } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400]);
    expect(answers[1]!.json()).toEqual(answers[0]!.json());
  });

  it('GET /api/me is answered while a forecast computes on the threads', async () => {
    const run = pooled.app.inject({ method: 'POST', url: `/api/scenarios/${pooled.scenario}/runs`, payload: { kind: 'forecast' } });
    while (pool.pending === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const me = await pooled.app.inject({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(200);
    expect(pool.pending).toBe(1);
    expect((await run).statusCode).toBe(201);
    expect(pool.pending).toBe(0);
  });

  it('stopping the server answers an analysis under way 503 and records nothing', async () => {
    const own = createAnalysisPool({ workers: 1 });
    const served = await serve(own);
    try {
      const answer = served.app.inject({
        method: 'POST',
        url: `/api/scenarios/${served.scenario}/runs`,
        payload: { kind: 'sensitivity', models: ['compromise', 'median', 'eum'] },
      });
      while (own.pending === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await served.app.close();
      const stopped = await answer;
      expect(stopped.statusCode, stopped.body).toBe(503);
      expect(stopped.json()).toMatchObject({
        error: 'unavailable',
        message: expect.stringMatching(/^the server is stopping; the analysis was not finished or recorded/),
      });
      expect(own.pending).toBe(0);
      expect(await served.storage.listRuns(served.scenario)).toEqual([]);
    } finally {
      await served.storage.close();
      await own.close();
    }
  });
});

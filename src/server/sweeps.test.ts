/**
 * Sweeps through the API: a background Monte Carlo run whose progress the page polls, and
 * which ends as a recorded run equal to the same request run synchronously.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessExecutor, type DrawExecutor } from '../core/analyses/monte-carlo.js';
import type { Scenario } from '../core/scenario.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';
import { type ApiError, type MeResponse, maxServerDraws, maxSweepDraws, type RunResponse, type ScenarioResponse, type SweepState } from './protocol.js';
import type { SweepProgress, SweepRunner } from './sweeps.js';

function budget(): Scenario {
  return {
    parley: 1,
    id: 'budget',
    title: 'Budget',
    issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 }, statusQuo: 0 }],
    actors: [
      {
        id: 'treasurer',
        name: 'Treasurer',
        capability: { low: 0.5, mode: 0.6, high: 0.7 },
        stances: { CUT: { position: { low: 8, mode: 10, high: 12 }, salience: 0.9 } },
      },
      { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
      { id: 'board', name: 'Board', capability: 0.4, stances: { CUT: { position: 15, salience: 0.5 } } },
    ],
  };
}

/** Runs draws in this thread, reporting progress as the queue's executor would, with named workers. */
function inProcessRunner(opened: { count: number; closed: number }): SweepRunner {
  return {
    where: 'pool',
    workers: ['this test'],
    open(onProgress: (progress: SweepProgress) => void) {
      opened.count++;
      const executor: DrawExecutor = {
        runDraws: (scenario, request, control) =>
          inProcessExecutor.runDraws(scenario, request, {
            ...control,
            onProgress: (done) => {
              control.onProgress?.(done);
              onProgress({ done, workers: ['worker-a', 'worker-b'] });
            },
          }),
      };
      return { executor, close: async () => void opened.closed++ };
    },
  };
}

let storage: SqliteStorage;
let app: FastifyInstance;
let scenarioId: string;
let opened: { count: number; closed: number };

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  opened = { count: 0, closed: 0 };
  app = await buildServer({ storage, sweeps: inProcessRunner(opened) });
  const workspace = await storage.createWorkspace('Team');
  scenarioId = (await storage.createScenario(workspace.id, { scenario: budget(), author: 'ana' })).id;
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

async function call<T>(options: InjectOptions, status: number): Promise<T> {
  const response = await app.inject(options);
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

async function finished(id: string): Promise<SweepState> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const state = await call<SweepState>({ method: 'GET', url: `/api/sweeps/${id}` }, 200);
    if (state.state !== 'running') return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sweep ${id} did not finish`);
}

describe('sweeps', () => {
  it('runs in the background, reports progress and workers, and records the same run as a synchronous request', async () => {
    expect((await call<MeResponse>({ method: 'GET', url: '/api/me' }, 200)).sweeps).toBe('pool');
    const request = { draws: 400, seed: 11, models: ['compromise', 'median'] };
    const started = await call<SweepState>({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { ...request, author: 'ben' } }, 202);
    expect(started).toMatchObject({ scenario: scenarioId, version: 1, state: 'running', where: 'pool', total: 400, run: null, error: null });
    const done = await finished(started.id);
    expect(done).toMatchObject({ state: 'done', total: 400, done: 400, workers: ['worker-a', 'worker-b'], error: null });
    expect(done.drawsPerSecond).toBeGreaterThan(0);
    expect(opened).toEqual({ count: 1, closed: 1 });

    const recorded = await call<RunResponse>({ method: 'GET', url: `/api/runs/${done.run}` }, 200);
    const direct = await call<RunResponse>({ method: 'POST', url: `/api/scenarios/${scenarioId}/runs`, payload: { kind: 'monte-carlo', ...request } }, 201);
    expect(recorded).toMatchObject({ kind: 'monte-carlo', author: 'ben', seed: 11, models: ['compromise', 'median'] });
    expect(recorded.inputsHash).toBe(direct.inputsHash);
    expect(JSON.stringify(recorded.outputs)).toBe(JSON.stringify(direct.outputs));
    expect(recorded.request).toEqual(direct.request);
  });

  it('cancels a running sweep: its draws stop, nothing is recorded, and the slot is free again', async () => {
    const bounded = await buildServer({ storage, sweeps: inProcessRunner(opened), limits: { sweeps: { perServer: 8, perUser: 1 } } });
    try {
      const ask = async <T>(options: InjectOptions, status: number): Promise<T> => {
        const response = await bounded.inject(options);
        expect(response.statusCode, response.body).toBe(status);
        return response.json() as T;
      };
      const started = await ask<SweepState>(
        { method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 1_000_000, seed: 1, models: ['median'] } },
        202,
      );
      let state = started;
      for (let attempt = 0; attempt < 400 && state.done === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        state = await ask<SweepState>({ method: 'GET', url: `/api/sweeps/${started.id}` }, 200);
      }
      expect(state).toMatchObject({ state: 'running' });
      const cancelled = await ask<SweepState>({ method: 'POST', url: `/api/sweeps/${started.id}/cancel` }, 200);
      expect(cancelled).toMatchObject({ state: 'cancelled', run: null, error: null });
      expect(cancelled.done).toBeGreaterThan(0);
      expect(cancelled.done).toBeLessThan(1_000_000);
      expect(cancelled.finishedAt).not.toBeNull();
      expect(opened.closed).toBe(opened.count);
      // Stopped: no draw is done after the answer.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await ask<SweepState>({ method: 'GET', url: `/api/sweeps/${started.id}` }, 200)).done).toBe(cancelled.done);
      const runs = await storage.listRuns(scenarioId);
      expect(runs).toEqual([]);
      // A finished sweep is answered as it is; the user's one slot is free for the next.
      expect(await ask<SweepState>({ method: 'POST', url: `/api/sweeps/${started.id}/cancel` }, 200)).toMatchObject({
        state: 'cancelled',
        done: cancelled.done,
      });
      await ask<SweepState>({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1, models: ['median'] } }, 202);
      expect((await ask<ApiError>({ method: 'POST', url: '/api/sweeps/nope/cancel' }, 404)).error).toBe('not-found');
    } finally {
      await bounded.close();
    }
  });

  it('allows more draws than a synchronous run, and refuses a bad request before it starts', async () => {
    expect(
      (await call<ApiError>({ method: 'POST', url: `/api/scenarios/${scenarioId}/runs`, payload: { kind: 'monte-carlo', draws: 6000, seed: 1 } }, 400)).error,
    ).toBe('invalid-request');
    const started = await call<SweepState>(
      { method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 6000, seed: 1, models: ['median'] } },
      202,
    );
    expect((await finished(started.id)).done).toBe(6000);

    const unknownModel = await call<ApiError>(
      { method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1, models: ['oracle'] } },
      400,
    );
    expect(unknownModel.message).toMatch(/oracle/);
    expect((await call<ApiError>({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 0, seed: 1 } }, 400)).error).toBe(
      'invalid-request',
    );
    expect(
      (await call<ApiError>({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1, variant: 'nope' } }, 400)).message,
    ).toMatch(/nope/);
    expect((await call<ApiError>({ method: 'POST', url: '/api/scenarios/nope/sweeps', payload: { draws: 10, seed: 1 } }, 404)).error).toBe('not-found');
    expect((await call<ApiError>({ method: 'GET', url: '/api/sweeps/nope' }, 404)).error).toBe('not-found');
    expect(opened.count).toBe(1);
  });

  it('bounds the draws of one request: 5,000 for a Monte Carlo run, 1,000,000 for a sweep; one more is a 400 naming draws', async () => {
    const run = await call<RunResponse>(
      { method: 'POST', url: `/api/scenarios/${scenarioId}/runs`, payload: { kind: 'monte-carlo', draws: maxServerDraws, seed: 1, models: ['median'] } },
      201,
    );
    expect(run.kind).toBe('monte-carlo');
    const overRun = await call<ApiError>(
      { method: 'POST', url: `/api/scenarios/${scenarioId}/runs`, payload: { kind: 'monte-carlo', draws: maxServerDraws + 1, seed: 1 } },
      400,
    );
    const overSweep = await call<ApiError>({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: maxSweepDraws + 1, seed: 1 } }, 400);
    for (const refused of [overRun, overSweep]) {
      expect(refused.error).toBe('invalid-request');
      expect(refused.problems?.map((problem) => problem.path)).toContainEqual(expect.arrayContaining(['draws']));
    }
    expect(opened.count).toBe(0);
  });

  it('runs on the version asked for', async () => {
    const changed = budget();
    changed.actors[1]!.stances.CUT!.position = 5;
    await call<ScenarioResponse>({ method: 'PUT', url: `/api/scenarios/${scenarioId}`, payload: { baseVersion: 1, scenario: changed } }, 200);
    const started = await call<SweepState>(
      { method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 20, seed: 1, models: ['median'], version: 1 } },
      202,
    );
    const done = await finished(started.id);
    expect(done.version).toBe(1);
    expect((await call<RunResponse>({ method: 'GET', url: `/api/runs/${done.run}` }, 200)).version).toBe(1);
  });

  it('takes at most perUser sweeps at once from one user: a 429 with Retry-After beyond, and a slot again once one ends', async () => {
    const bounded = await buildServer({ storage, sweeps: inProcessRunner(opened), limits: { sweeps: { perServer: 8, perUser: 1 } } });
    try {
      const first = await bounded.inject({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 3000, seed: 1, models: ['median'] } });
      expect(first.statusCode).toBe(202);
      const second = await bounded.inject({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1, models: ['median'] } });
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('5');
      expect(second.json()).toEqual({
        error: 'too-many-requests',
        message: 'sweeps under way for you: 1, the most one user may have at once; try again in about 5 s',
      });
      for (let attempt = 0; attempt < 400; attempt++) {
        const state = (await bounded.inject({ method: 'GET', url: `/api/sweeps/${(first.json() as SweepState).id}` })).json() as SweepState;
        if (state.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(
        (await bounded.inject({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1, models: ['median'] } })).statusCode,
      ).toBe(202);
    } finally {
      await bounded.close();
    }
  });

  it('takes at most perUser Monte Carlo runs at once: a 429 with Retry-After beyond', async () => {
    const bounded = await buildServer({ storage, limits: { runs: { perServer: 4, perUser: 1 } } });
    try {
      const [first, second] = await Promise.all(
        [0, 1].map(() =>
          bounded.inject({
            method: 'POST',
            url: `/api/scenarios/${scenarioId}/runs`,
            payload: { kind: 'monte-carlo', draws: 2000, seed: 1, models: ['median'] },
          }),
        ),
      );
      expect([first!.statusCode, second!.statusCode].sort()).toEqual([201, 429]);
      const refused = first!.statusCode === 429 ? first! : second!;
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json()).toMatchObject({
        error: 'too-many-requests',
        message: expect.stringContaining('Monte Carlo runs under way for you: 1, the most one user may have at once'),
      });
    } finally {
      await bounded.close();
    }
  });

  it('says so when the server runs no sweeps', async () => {
    const plain = await buildServer({ storage });
    try {
      expect((await plain.inject({ method: 'GET', url: '/api/me' })).json()).toMatchObject({ sweeps: null });
      const refused = await plain.inject({ method: 'POST', url: `/api/scenarios/${scenarioId}/sweeps`, payload: { draws: 10, seed: 1 } });
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ message: 'this server runs no sweeps' });
    } finally {
      await plain.close();
    }
  });
});

describe('sweeps on a shared server', () => {
  it("refuses another workspace's sweep with 403, as one that does not exist", async () => {
    const anaToken = await storage.createUser('ana');
    const benToken = await storage.createUser('ben');
    const space = (await storage.listWorkspaces())[0]!;
    await storage.addMember(space.id, anaToken.user.id);
    const shared = await buildServer({ storage, auth: 'tokens', sweeps: inProcessRunner(opened) });
    try {
      const as = (token: string) => ({ authorization: `Bearer ${token}` });
      const started = await shared.inject({
        method: 'POST',
        url: `/api/scenarios/${scenarioId}/sweeps`,
        payload: { draws: 20, seed: 1, models: ['median'] },
        headers: as(anaToken.token),
      });
      expect(started.statusCode).toBe(202);
      const id = (started.json() as SweepState).id;
      const ben = await shared.inject({ method: 'GET', url: `/api/sweeps/${id}`, headers: as(benToken.token) });
      const missing = await shared.inject({ method: 'GET', url: '/api/sweeps/00000000-0000-4000-8000-000000000000', headers: as(benToken.token) });
      expect(ben.statusCode).toBe(403);
      expect(ben.body.replace(id, 'ID')).toBe(missing.body.replace('00000000-0000-4000-8000-000000000000', 'ID'));
      expect((await shared.inject({ method: 'GET', url: `/api/sweeps/${id}` })).statusCode).toBe(401);
      expect((await shared.inject({ method: 'GET', url: `/api/sweeps/${id}`, headers: as(anaToken.token) })).statusCode).toBe(200);
      expect((await shared.inject({ method: 'POST', url: `/api/sweeps/${id}/cancel`, headers: as(benToken.token) })).statusCode).toBe(403);
    } finally {
      await shared.close();
    }
  });
});

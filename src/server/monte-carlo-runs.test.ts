/**
 * A synchronous Monte Carlo run (`POST /runs`) whose caller goes away — the page's Cancel
 * aborts its request — stops its draws, records nothing and frees its slot. Over a real
 * loopback connection, since only a closed socket says the caller left.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessExecutor, type DrawExecutor } from '../core/analyses/monte-carlo.js';
import type { Scenario } from '../core/scenario.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { buildServer } from './app.js';

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

/** What the draws did: the newest progress, whether they were told to stop, and when they ended. */
interface Watched {
  done: number;
  aborted: boolean;
  ended?: Promise<unknown>;
}

let storage: SqliteStorage;
let app: FastifyInstance;
let base: string;
let scenarioId: string;
let watched: Watched;

beforeEach(async () => {
  storage = openSqliteStorage({ path: ':memory:' });
  watched = { done: 0, aborted: false };
  // Draws paced at 10 per 10 ms, so a 5,000-draw run takes seconds whatever the machine; the
  // draws themselves are computed at the end, over the draws the pace reached.
  const slow: DrawExecutor = {
    runDraws(scenario, request, control) {
      const ended = (async () => {
        while (watched.done < request.draws && !control.signal?.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          watched.done = Math.min(request.draws, watched.done + 10);
          control.onProgress?.(watched.done);
        }
        watched.aborted = control.signal?.aborted === true;
        return inProcessExecutor.runDraws(scenario, { ...request, draws: watched.done }, {});
      })();
      watched.ended = ended;
      return ended;
    },
  };
  app = await buildServer({ storage, runExecutor: slow, limits: { runs: { perServer: 1, perUser: 1 } } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  const workspace = await storage.createWorkspace('Team');
  scenarioId = (await storage.createScenario(workspace.id, { scenario: budget(), author: 'ana' })).id;
});
afterEach(async () => {
  await app.close();
  await storage.close();
});

const post = (body: unknown, signal?: AbortSignal) =>
  fetch(`${base}/api/scenarios/${scenarioId}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

describe('a Monte Carlo run whose caller goes away', () => {
  it('stops its draws, records nothing, and frees its slot', async () => {
    const cancel = new AbortController();
    const asked = post({ kind: 'monte-carlo', draws: 5000, seed: 1 }, cancel.signal);
    for (let wait = 0; wait < 400 && watched.done < 20; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(watched.done).toBeGreaterThanOrEqual(20);
    cancel.abort();
    await expect(asked).rejects.toThrow();
    await watched.ended;
    expect(watched.aborted).toBe(true);
    expect(watched.done).toBeLessThan(5000);
    expect(await storage.listRuns(scenarioId)).toEqual([]);
    // One run at a time here: the cancelled one no longer holds the slot.
    watched.done = 0;
    const next = await post({ kind: 'monte-carlo', draws: 20, seed: 1 });
    expect(next.status, await next.clone().text()).toBe(201);
    expect(watched.aborted).toBe(false);
    expect((await storage.listRuns(scenarioId))?.length).toBe(1);
  });

  it('a run whose caller waits is recorded in full', async () => {
    const answered = await post({ kind: 'monte-carlo', draws: 30, seed: 2 });
    expect(answered.status).toBe(201);
    expect(watched.aborted).toBe(false);
    expect(watched.done).toBe(30);
  });
});

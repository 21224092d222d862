/**
 * `parley serve` as a real process under load, on loopback (issue 24): Monte Carlo runs and
 * forecasts beyond the server's bounds are refused with 429 and Retry-After while the API
 * keeps answering (both compute on threads of their own, off the event loop); a stop in the
 * middle of them is clean; concurrent saves to one scenario are saved in order or refused
 * with 409, never lost. Small sizes, so the test stays bounded; `bench/server-load.ts` runs
 * the sizes of the issue and prints the times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunsResponse } from '../src/server/protocol.js';
import { call, concurrentSaves, copies, countStatuses, firstScenario, retriedSaves, runsUnderLoad, savesToMany } from '../src/server/testing/load.js';
import { startServe, type ServeProcess } from '../src/server/testing/serve-process.js';

let server: ServeProcess | undefined;

afterEach(() => {
  server?.cleanUp();
  server = undefined;
});

describe('parley serve under load', () => {
  it('answers every one of 30 concurrent Monte Carlo runs: run and recorded, or 429 with Retry-After; never a 5xx', async () => {
    server = await startServe();
    const { scenario } = await firstScenario(server.address);
    const { runs, me } = await runsUnderLoad(server.address, scenario.id, { kind: 'monte-carlo', draws: 60, seed: 7 }, 30);

    const statuses = countStatuses(runs);
    expect(Object.keys(statuses).sort(), JSON.stringify(statuses)).toEqual(['201', '429']);
    // Without sign-in everyone is one user: two runs at once (defaultRunLimits.perUser).
    expect(statuses['201']).toBeGreaterThanOrEqual(2);
    for (const refused of runs.filter((answer) => answer.status === 429)) {
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({
        error: 'too-many-requests',
        message: expect.stringMatching(/the most one user may have at once; try again in about \d+ s$/),
      });
    }
    // Every run answered 201 was recorded, and nothing else was.
    const recorded = (await call(server.address, 'GET', `/api/scenarios/${scenario.id}/runs`)).body as RunsResponse;
    expect(recorded.runs.filter((run) => run.kind === 'monte-carlo')).toHaveLength(statuses['201']!);
    expect(me.length).toBeGreaterThan(0);
    expect(countStatuses(me)).toEqual({ 200: me.length });
  }, 120_000);

  it('answers every one of 30 concurrent forecasts: run and recorded, or 429; never a 5xx', async () => {
    server = await startServe();
    const { scenario } = await firstScenario(server.address);
    const { runs, me } = await runsUnderLoad(server.address, scenario.id, { kind: 'forecast' }, 30);
    const statuses = countStatuses(runs);
    // The forecasts compute on the analysis threads, so they overlap and the bound is met
    // (4 per user without sign-in); how many are refused depends on the machine's pace.
    expect(
      Object.keys(statuses).filter((status) => status !== '201' && status !== '429'),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses['201']).toBeGreaterThanOrEqual(4);
    for (const refused of runs.filter((answer) => answer.status === 429)) {
      expect(refused.body).toMatchObject({
        error: 'too-many-requests',
        message: expect.stringMatching(
          /^forecasts, sensitivity analyses and comparisons under way for you: 4, the most one user may have at once; try again in about \d+ s$/,
        ),
      });
    }
    const recorded = (await call(server.address, 'GET', `/api/scenarios/${scenario.id}/runs`)).body as RunsResponse;
    expect(recorded.runs.filter((run) => run.kind === 'forecast')).toHaveLength(statuses['201']!);
    expect(countStatuses(me)).toEqual({ 200: me.length });
  }, 120_000);

  it('stops cleanly (exit 0, before its 5 s deadline) on SIGTERM while Monte Carlo runs are under way; the runs under way answer 503', async () => {
    server = await startServe();
    const { scenario } = await firstScenario(server.address);
    const address = server.address;
    const runs = Promise.all(
      Array.from({ length: 10 }, () => call(address, 'POST', `/api/scenarios/${scenario.id}/runs`, { kind: 'monte-carlo', draws: 5000, seed: 3 })),
    );
    // The refusals come back at once; then the two admitted runs are computing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const code = await server.stop('SIGTERM');
    expect(code, server.stderr()).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: stopping');
    const statuses = countStatuses(await runs);
    expect(statuses, JSON.stringify(statuses)).toEqual({ 429: 8, 503: 2 });
  }, 120_000);

  it('stops cleanly on SIGTERM while a sensitivity analysis computes on its thread: the API answers meanwhile, the analysis answers 503', async () => {
    server = await startServe();
    const { scenario } = await firstScenario(server.address);
    const address = server.address;
    // Every model's tornado on the default scenario is many seconds of CPU: on the event loop
    // it would hold the signal until it ended and answer 201.
    const analysis = call(address, 'POST', `/api/scenarios/${scenario.id}/runs`, { kind: 'sensitivity' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const me = await call(address, 'GET', '/api/me');
    expect(me.status).toBe(200);
    const code = await server.stop('SIGTERM');
    expect(code, server.stderr()).toBe(0);
    const answer = await analysis;
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body).toMatchObject({ error: 'unavailable', message: expect.stringMatching(/the analysis was not finished or recorded/) });
  }, 120_000);

  it('saves 40 concurrent saves from one base version once and answers the rest 409; retried saves all land in order; saves to many scenarios all land', async () => {
    server = await startServe();
    const { scenario } = await firstScenario(server.address);

    const once = await concurrentSaves(server.address, scenario, 40);
    expect(countStatuses(once.answers)).toEqual({ 200: 1, 409: 39 });
    expect(once).toMatchObject({ saved: 1, conflicts: 39, lost: 0, duplicated: 0, inOrder: true });

    const newest = (await call(server.address, 'GET', `/api/scenarios/${scenario.id}`)).body as typeof scenario;
    const retried = await retriedSaves(server.address, newest, 8, 3);
    expect(retried).toMatchObject({ saved: 24, lost: 0, duplicated: 0, inOrder: true });
    expect(Object.keys(countStatuses(retried.answers)).sort()).toEqual(retried.conflicts > 0 ? ['200', '409'] : ['200']);

    const many = await savesToMany(server.address, await copies(server.address, newest, 20));
    expect(countStatuses(many.answers)).toEqual({ 200: 20 });
    expect(many).toMatchObject({ saved: 20, conflicts: 0, lost: 0, duplicated: 0, inOrder: true });
  }, 120_000);
});

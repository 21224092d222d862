/**
 * The worker pool against the in-process executor. The workers run `dist/` (built once by
 * test/global-setup.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { monteCarlo } from '../core/analyses/monte-carlo.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { defaultScenarioPath } from '../cli/shared.js';
import { createWorkerPool, defaultBatchSize } from './pool.js';

const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

// Small batches so the two workers interleave and finish out of order.
const onePool = createWorkerPool({ workers: 1, batchSize: 7 });
const twoPool = createWorkerPool({ workers: 2, batchSize: 7 });
afterAll(async () => {
  await Promise.all([onePool.close(), twoPool.close()]);
});

describe('worker pool', () => {
  it('same seed → byte-identical JSON in-process, on 1 worker and on 2 (default scenario, every model)', async () => {
    const request = { draws: 45, seed: 2024, variant: 'us-walks-away' };
    const inProcess = JSON.stringify((await monteCarlo(scenario, request)).summary);
    const progress: number[] = [];
    const one = JSON.stringify((await monteCarlo(scenario, request, { executor: onePool })).summary);
    const two = JSON.stringify((await monteCarlo(scenario, request, { executor: twoPool, onProgress: (finished) => progress.push(finished) })).summary);
    expect(one).toBe(inProcess);
    expect(two).toBe(inProcess);
    expect(JSON.parse(two).draws).toEqual({ requested: 45, finished: 45 });
    expect(progress.at(-1)).toBe(45);
  });

  it('the long-format rows are the same too', async () => {
    const request = { draws: 20, seed: 3, models: ['compromise', 'median'] };
    const inProcess = (await monteCarlo(scenario, request)).batches;
    const pooled = (await monteCarlo(scenario, request, { executor: twoPool })).batches;
    const columns = (batches: typeof inProcess) => [batches.flatMap((batch) => [...batch.forecasts]), batches.flatMap((batch) => [...batch.inputValues])];
    expect(columns(pooled)).toEqual(columns(inProcess));
  });

  it('an aborted run stops and reports the draws finished, the same as asking for that many', async () => {
    const controller = new AbortController();
    const request = { draws: 1_000_000, seed: 8, models: ['compromise'] };
    const pool = createWorkerPool({ workers: 2 });
    try {
      const run = await monteCarlo(scenario, request, {
        executor: pool,
        signal: controller.signal,
        onProgress: (finished) => finished > 0 && controller.abort(),
      });
      const { finished } = run.summary.draws;
      expect(run.summary.complete).toBe(false);
      expect(finished).toBeGreaterThan(0);
      expect(finished).toBeLessThan(request.draws);
      const again = await monteCarlo(scenario, { ...request, draws: finished });
      expect(JSON.stringify(run.summary.results)).toBe(JSON.stringify(again.summary.results));
      // The pool is free for another run afterwards.
      const next = await monteCarlo(scenario, { ...request, draws: 10 }, { executor: pool });
      expect(next.summary.complete).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('an already aborted signal runs nothing', async () => {
    const run = await monteCarlo(scenario, { draws: 100, seed: 1 }, { executor: twoPool, signal: AbortSignal.abort() });
    expect(run.summary.draws.finished).toBe(0);
    expect(run.summary.results).toEqual([]);
  });

  it('bad requests are refused before any worker starts', async () => {
    const pool = createWorkerPool({ workers: 2 });
    await expect(monteCarlo(scenario, { draws: 0, seed: 1 }, { executor: pool })).rejects.toThrow(/draws must be a whole number above 0, got 0/);
    await expect(monteCarlo(scenario, { draws: 5, seed: 1, variant: 'nope' }, { executor: pool })).rejects.toThrow(
      /unknown variant "nope"; this scenario has: /,
    );
    await pool.close();
    expect(() => createWorkerPool({ workers: 0 })).toThrow(/workers must be a whole number above 0/);
  });

  it('batches: about eight per worker, 1 to 250 draws', () => {
    expect(defaultBatchSize(10_000, 2)).toBe(250);
    expect(defaultBatchSize(160, 2)).toBe(10);
    expect(defaultBatchSize(3, 4)).toBe(1);
  });
});

/**
 * The pools' `niceness`: their threads run that much lower than the process (Linux's nice
 * value is per thread, read here from /proc/self/task), the thread that made them does not,
 * and a pool without it leaves its threads as they were. Linux only, as the option is. The
 * workers run `dist/` (built once by test/global-setup.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../core/analyses/monte-carlo.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { defaultScenarioPath } from '../cli/shared.js';
import { createAnalysisPool } from './pool-analyses.js';
import { createWorkerPool } from './pool.js';
import { serveNiceness } from './protocol.js';

const { scenario } = loadScenarioFile(defaultScenarioPath());
if (!scenario) throw new Error('the default scenario does not load');

/** Every thread of this process with its nice value (field 19 of its stat, after the name in parentheses). */
function niceByThread(): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), Number(fields[16]));
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return threads;
}

/** The nice values of the threads that are new since `before`. */
function newThreads(before: Map<number, number>): number[] {
  return [...niceByThread()].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
}

describe.runIf(process.platform === 'linux')('niceness of the pools’ threads', () => {
  const mine = niceByThread().get(process.pid)!;

  it('lowers the analysis pool’s threads, and only them', async () => {
    const before = niceByThread();
    const pool = createAnalysisPool({ workers: 2, niceness: 7 });
    try {
      const task = { kind: 'forecast' as const, request: { models: ['median'] } };
      // Two at once, so that both threads start.
      await Promise.all([pool.runAnalysis(scenario, task), pool.runAnalysis(scenario, task)]);
      expect(newThreads(before).filter((nice) => nice === Math.min(19, mine + 7)).length).toBeGreaterThanOrEqual(2);
      expect(niceByThread().get(process.pid)).toBe(mine);
    } finally {
      await pool.close();
    }
  });

  it('lowers the draw pool’s threads by parley serve’s niceness', async () => {
    const before = niceByThread();
    const pool = createWorkerPool({ workers: 2, batchSize: 5, niceness: serveNiceness });
    try {
      await monteCarlo(scenario, { draws: 20, seed: 1, models: ['median'] }, { executor: pool });
      expect(newThreads(before).filter((nice) => nice === Math.min(19, mine + serveNiceness)).length).toBeGreaterThanOrEqual(2);
      expect(niceByThread().get(process.pid)).toBe(mine);
    } finally {
      await pool.close();
    }
  });

  it('leaves a pool without niceness at the process’s priority', async () => {
    const before = niceByThread();
    const pool = createAnalysisPool({ workers: 1 });
    try {
      await pool.runAnalysis(scenario, { kind: 'forecast', request: { models: ['median'] } });
      const added = newThreads(before);
      expect(added.length).toBeGreaterThanOrEqual(1);
      expect(added.every((nice) => nice === mine)).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

/**
 * The analysis pool against this thread: every kind of analysis task on every shipped
 * scenario gives byte-identical JSON on the pool. The workers run `dist/` (built once by
 * test/global-setup.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalysisTask, type AnalysisTask } from '../core/analyses/analysis-tasks.js';
import { ParleyError } from '../core/errors.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { defaultScenarioPath, packageRoot } from '../cli/shared.js';
import { createAnalysisPool } from './pool-analyses.js';

function load(path: string) {
  const { scenario } = loadScenarioFile(path);
  if (!scenario) throw new Error(`${path} does not load`);
  return scenario;
}

const shipped = readdirSync(join(packageRoot(), 'scenarios'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, scenario: load(join(packageRoot(), 'scenarios', name)) }));
const defaultScenario = load(defaultScenarioPath());

const pool = createAnalysisPool({ workers: 2 });
afterAll(() => pool.close());

/**
 * Each kind of task on the scenario: the forecast of the base and of each variant (every
 * model), the tornado and every comparison. The tornado runs two forecasts per ranged input
 * (14 s of CPU with every model on the default scenario), so it asks for the quicker models.
 */
function tasksFor(variants: readonly string[]): AnalysisTask[] {
  return [
    { kind: 'forecast', request: {} },
    ...variants.map((variant): AnalysisTask => ({ kind: 'forecast', request: { variant, seed: 5 } })),
    { kind: 'sensitivity', request: { seed: 3, models: ['eum', 'compromise', 'median'] } },
    { kind: 'compare', request: { seed: 11 } },
  ];
}

describe('analysis pool', () => {
  it.each(shipped)('$name: forecasts, sensitivity and comparison give byte-identical JSON on the pool and in this thread', async ({ scenario }) => {
    const tasks = tasksFor((scenario.variants ?? []).map((variant) => variant.id));
    const pooled = await Promise.all(tasks.map((task) => pool.runAnalysis(scenario, task)));
    const pooledJson = await Promise.all(tasks.map((task) => pool.runAnalysisJson(scenario, task)));
    tasks.forEach((task, index) => {
      const here = JSON.stringify(runAnalysisTask(scenario, task));
      expect(JSON.stringify(pooled[index]), `${task.kind} ${JSON.stringify(task.request)}`).toBe(here);
      // Written in the thread: the same text, byte for byte.
      expect(pooledJson[index], `${task.kind} ${JSON.stringify(task.request)} as JSON text`).toBe(here);
    });
  });

  it('the event loop turns while a task computes on the pool (it never does while one computes here)', async () => {
    const task: AnalysisTask = { kind: 'forecast', request: { seed: 1 } };
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 1);
    try {
      runAnalysisTask(defaultScenario, task);
      expect(turns).toBe(0);
      await pool.runAnalysis(defaultScenario, task);
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it('a bad request is refused with the ParleyError this thread gives, code and message', async () => {
    const task: AnalysisTask = { kind: 'forecast', request: { variant: 'nope' } };
    const here = (() => {
      try {
        runAnalysisTask(defaultScenario, task);
      } catch (error) {
        return error as ParleyError;
      }
      throw new Error('expected the unknown variant to be refused');
    })();
    const there = (await pool.runAnalysis(defaultScenario, task).then(
      () => undefined,
      (error: unknown) => error,
    )) as ParleyError;
    expect(there).toBeInstanceOf(ParleyError);
    expect({ code: there.code, message: there.message }).toEqual({ code: here.code, message: here.message });
  });

  it('an abort ends the task running (its thread too) and the waiting ones; the pool then runs the next task as before', async () => {
    const small = createAnalysisPool({ workers: 1 });
    try {
      const controller = new AbortController();
      const task: AnalysisTask = { kind: 'sensitivity', request: { seed: 2, models: ['compromise'] } };
      const running = small.runAnalysis(defaultScenario, task, controller.signal);
      const waiting = small.runAnalysis(defaultScenario, task, controller.signal);
      expect(small.pending).toBe(2);
      controller.abort(new Error('stopped by the test'));
      await expect(running).rejects.toThrow('stopped by the test');
      await expect(waiting).rejects.toThrow('stopped by the test');
      await expect(small.runAnalysis(defaultScenario, task, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
      const next = await small.runAnalysis(defaultScenario, { kind: 'forecast', request: {} });
      expect(JSON.stringify(next)).toBe(JSON.stringify(runAnalysisTask(defaultScenario, { kind: 'forecast', request: {} })));
      expect(small.pending).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('closing refuses the tasks waiting and any new one', async () => {
    const small = createAnalysisPool({ workers: 1 });
    const refused = Promise.allSettled([
      small.runAnalysis(defaultScenario, { kind: 'sensitivity', request: {} }),
      small.runAnalysis(defaultScenario, { kind: 'forecast', request: {} }),
    ]);
    await small.close();
    const reasons = (await refused).map((settled) => (settled.status === 'rejected' ? String(settled.reason) : settled.status));
    expect(reasons).toEqual(['Error: the analysis pool is closed', 'Error: the analysis pool is closed']);
    await expect(small.runAnalysis(defaultScenario, { kind: 'forecast', request: {} })).rejects.toThrow('the analysis pool is closed');
    expect(() => createAnalysisPool({ workers: 0 })).toThrow(/workers must be a whole number above 0/);
  });
});

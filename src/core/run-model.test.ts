/**
 * Degenerate but valid scenarios from issue 24: each model answers per issue, a model that
 * cannot run says why, and the other models' forecasts stand.
 */
import { describe, expect, it } from 'vitest';
import { forecast, issuesWithoutForecast } from './forecast.js';
import type { Model } from './model.js';
import { eumModel } from './models/index.js';
import { ParleyError } from './errors.js';
import { pointScenario } from './resolve.js';
import { runModel } from './run-model.js';
import type { Actor, Scenario } from './scenario.js';

function scenarioOf(actors: Actor[], issueIds = ['X', 'Y']): Scenario {
  return {
    parley: 1,
    id: 'degenerate',
    title: 'Degenerate',
    issues: issueIds.map((id) => ({ id, name: id, scale: { min: 0, max: 100 } })),
    actors,
  };
}

const actor = (id: string, stances: Actor['stances'], capability = 1): Actor => ({ id, name: id, capability, stances });

describe('a model that cannot run on an issue', () => {
  it('every actor at zero salience on one issue: eum says so there and forecasts the other issue', () => {
    const scenario = scenarioOf([
      actor('a', { X: { position: 10, salience: 0 }, Y: { position: 10, salience: 1 } }),
      actor('b', { X: { position: 90, salience: 0 }, Y: { position: 70, salience: 0.5 } }, 2),
    ]);
    const result = forecast(scenario);
    expect(result.notApplicable).toEqual([
      { model: 'eum', issue: 'X', forecast: null, status: 'not-applicable', reason: 'eum: every actor has zero capability or zero salience (issue "X")' },
    ]);
    const eumOnY = result.results.find((row) => row.model === 'eum' && row.issue === 'Y');
    expect(eumOnY?.forecast).toBe(eumModel.run(pointScenario({ ...scenario, issues: [scenario.issues[1]!] }), { ...defaults(eumModel) })[0]!.forecast);
    // Every other model answers on X (the baseline models' zero-salience rule).
    expect(result.results.filter((row) => row.issue === 'X').map((row) => row.model)).toEqual([
      'compromise',
      'median',
      'nash',
      'smp',
      'exchange',
      'calibrated',
      'ensemble',
    ]);
    expect(issuesWithoutForecast(scenario, result)).toEqual([]);
  });

  it('a variant that leaves one active actor: smp says it needs two, the baseline models give that actor’s position', () => {
    const scenario: Scenario = {
      ...scenarioOf([actor('a', { X: { position: 30, salience: 1 } }), actor('b', { X: { position: 80, salience: 1 } })], ['X']),
      variants: [{ id: 'alone', changes: [{ actor: 'b', active: false }] }],
    };
    const result = forecast(scenario, { variant: 'alone' });
    expect(result.notApplicable.map((row) => [row.model, row.reason])).toEqual([['smp', 'smp: needs at least two actors that care about some issue, got 1']]);
    expect(result.results.find((row) => row.model === 'compromise')?.forecast).toBe(30);
  });

  it('a model that throws on every issue of a joint run fails on each issue with its message; one that runs per issue is retried per issue', () => {
    const point = pointScenario(
      scenarioOf([
        actor('a', { X: { position: 10, salience: 1 }, Y: { position: 20, salience: 1 } }),
        actor('b', { X: { position: 50, salience: 1 }, Y: { position: 60, salience: 1 } }),
      ]),
    );
    const failing = (id: string): Model => ({
      id,
      name: id,
      summary: '',
      references: [],
      params: [],
      run: (scenario) => {
        if (scenario.issues.some((issue) => issue.id === 'X')) throw new ParleyError('model-failed', `${id}: cannot run on X`);
        return scenario.issues.map((issue) => ({ issue: issue.id, forecast: 42, notes: [], details: {} }));
      },
    });
    expect(runModel(failing('smp'), point, {})).toEqual([
      { issue: 'X', status: 'not-applicable', reason: 'smp: cannot run on X' },
      { issue: 'Y', status: 'not-applicable', reason: 'smp: cannot run on X' },
    ]);
    expect(runModel(failing('median'), point, {})).toEqual([
      { issue: 'X', status: 'not-applicable', reason: 'median: cannot run on X' },
      { issue: 'Y', forecast: 42, notes: [], details: {} },
    ]);
  });

  it('a forecast that is not a finite number on the scale is refused, never printed', () => {
    const point = pointScenario(scenarioOf([actor('a', { X: { position: 10, salience: 1 } }), actor('b', { X: { position: 50, salience: 1 } })], ['X']));
    const giving = (value: number): Model => ({
      id: 'broken',
      name: 'broken',
      summary: '',
      references: [],
      params: [],
      run: () => [{ issue: 'X', forecast: value, notes: [], details: {} }],
    });
    expect(runModel(giving(Number.NaN), point, {})).toMatchObject([
      { status: 'not-applicable', reason: 'broken: the computation gave NaN, not a number on the scale' },
    ]);
    expect(runModel(giving(Infinity), point, {})).toMatchObject([{ status: 'not-applicable' }]);
    expect(runModel(giving(101), point, {})).toMatchObject([
      { status: 'not-applicable', reason: 'broken: the computation gave 101, outside the scale 0..100' },
    ]);
    expect(runModel(giving(100), point, {})).toMatchObject([{ forecast: 100 }]);
  });

  it('two groups of actors on disjoint issues: every issue gets answers, smp included or excused', () => {
    const scenario = scenarioOf([
      actor('a', { X: { position: 0, salience: 1 } }),
      actor('b', { X: { position: 100, salience: 0.5 } }),
      actor('c', { Y: { position: -0, salience: 1 } }),
      actor('d', { Y: { position: 100, salience: 1 } }),
    ]);
    const result = forecast(scenario);
    expect(issuesWithoutForecast(scenario, result)).toEqual([]);
    for (const row of result.results) expect(Number.isFinite(row.forecast)).toBe(true);
    for (const row of result.notApplicable) expect(row.reason).toMatch(new RegExp(`^${row.model}: `));
    // Every registered model (eight with the ensemble of issue #18) on both issues.
    expect(result.results.length + result.notApplicable.length).toBe(8 * 2);
  });
});

function defaults(model: Model) {
  return Object.fromEntries(model.params.map((spec) => [spec.name, spec.default]));
}

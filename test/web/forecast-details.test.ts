/** What a forecast row's details hold for the Forecast tab's reasoning charts (web/src/forecast-results.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/core/forecast.js';
import { loadScenarioFile } from '../../src/io/scenario-file.js';
import { outcomeGroups, roundByRound } from '../../web/src/forecast-results.js';

const { scenario } = loadScenarioFile(join(import.meta.dirname, '..', '..', 'scenarios', 'eu-emissions-1994.yaml'));
const models = ['eum', 'smp', 'median'];

describe("the reasoning charts' data in a forecast's rows", () => {
  const full = forecast(scenario!, { models });
  const rowOf = (result: typeof full, model: string) => result.results.find((row) => row.model === model)!;

  it("finds the expected utility model's rounds on its own rows only", () => {
    const rounds = roundByRound(rowOf(full, 'eum'));
    expect(rounds?.trajectory.length).toBeGreaterThan(1);
    expect(roundByRound(rowOf(full, 'smp'))).toBeUndefined();
    expect(roundByRound(rowOf(full, 'median'))).toBeUndefined();
  });

  it("finds the spatial model's outcome groups on its own rows only, and none in a forecast asked for the numbers alone", () => {
    const groups = outcomeGroups(rowOf(full, 'smp'));
    expect(groups?.length).toBeGreaterThan(0);
    expect(outcomeGroups(rowOf(full, 'eum'))).toBeUndefined();
    const numbersOnly = forecast(scenario!, { models, detail: 'forecast' });
    expect(outcomeGroups(rowOf(numbersOnly, 'smp'))).toBeUndefined();
    expect(rowOf(numbersOnly, 'smp').forecast).toBe(rowOf(full, 'smp').forecast);
  });
});

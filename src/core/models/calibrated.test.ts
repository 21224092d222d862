import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../io/scenario-file.js';
import { resolveParams } from '../model.js';
import { pointScenario } from '../resolve.js';
import { issueOf } from '../testing/fixtures.js';
import { calibratedForecast, calibratedMeanWeight, calibratedModel } from './calibrated.js';
import { compromiseForecast } from './compromise.js';

const scenariosDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

describe('calibrated model', () => {
  it('blends the compromise with the capability-weighted mean (doc example)', () => {
    // compromise (1·1·0 + 1·0.25·100) / 1.25 = 20; capability-weighted mean 50; λ = 0.5 → 35
    const issue = issueOf([
      [0, 1, 1],
      [100, 1, 0.25],
    ]);
    expect(calibratedForecast(issue, 0.5).forecast).toBe(35);
    expect(calibratedForecast(issue).forecast).toBeCloseTo(0.305 * 20 + 0.695 * 50, 12);
  });

  it('meanWeight 0 is the compromise model, 1 ignores salience', () => {
    const issue = issueOf(
      [
        [10, 2, 0.9],
        [60, 1, 0.2],
        [90, 1, 0.5],
      ],
      { statusQuo: 0 },
    );
    expect(calibratedForecast(issue, 0).forecast).toBeCloseTo(compromiseForecast(issue).forecast, 12);
    expect(calibratedForecast(issue, 1).forecast).toBeCloseTo((2 * 10 + 60 + 90) / 4, 12);
  });

  it('falls back like the compromise model: no actors, or nobody attaching salience', () => {
    const empty = calibratedForecast({ ...issueOf([]), statusQuo: 30 });
    expect(empty.forecast).toBe(30);
    expect(empty.notes).toEqual(['no actor takes part in this issue']);
    const indifferent = calibratedForecast(
      issueOf(
        [
          [10, 1, 0],
          [90, 1, 0],
        ],
        { statusQuo: 70 },
      ),
    );
    expect(indifferent.forecast).toBe(70);
    expect(indifferent.notes[0]).toMatch(/status quo stands/);
    expect(
      calibratedForecast(
        issueOf([
          [10, 1, 0],
          [90, 1, 0],
        ]),
      ).forecast,
    ).toBe(50);
  });

  it('its parameter defaults to the fitted constant and is bounded to 0..1', () => {
    expect(resolveParams(calibratedModel, {}).params).toEqual({ meanWeight: calibratedMeanWeight });
    expect(resolveParams(calibratedModel, { meanWeight: '1.5' }).problems).toEqual(['calibrated meanWeight: must be at most 1, got 1.5']);
  });

  it('gives a finite forecast on every issue of every shipped scenario', () => {
    const files = readdirSync(scenariosDir).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { scenario } = loadScenarioFile(`${scenariosDir}${file}`, file);
      const point = pointScenario(scenario!);
      const results = calibratedModel.run(point, { meanWeight: calibratedMeanWeight });
      expect(results.map((result) => result.issue)).toEqual(point.issues.map((issue) => issue.id));
      for (const [index, result] of results.entries()) {
        const scale = point.issues[index]!.scale;
        expect(result.forecast).toBeGreaterThanOrEqual(scale.min);
        expect(result.forecast).toBeLessThanOrEqual(scale.max);
      }
    }
  });
});

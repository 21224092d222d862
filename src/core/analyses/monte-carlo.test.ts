import { describe, expect, it } from 'vitest';
import { forecast } from '../forecast.js';
import { modelIds } from '../models/index.js';
import { ParleyError } from '../errors.js';
import { drawRows, runDraws } from './draws.js';
import { monteCarlo } from './monte-carlo.js';
import { actor, issue, scenarioOf } from './testing.js';
import { triangularDensity, triangularMean, triangularQuantile, triangularVariance } from './triangular.js';

/** Three actors on two issues with a status quo, ranges on some inputs; every model can run it. */
const ranged = scenarioOf(
  [issue('X', { statusQuo: 40 }), issue('Y', { statusQuo: 60 })],
  [
    actor('a', { low: 0.5, mode: 1, high: 1.5 }, { X: [{ low: 0, mode: 10, high: 30 }, 0.9], Y: [80, { low: 0.2, mode: 0.5, high: 0.9 }] }),
    actor('b', 1, { X: [60, 0.6], Y: [{ low: 10, mode: 30, high: 40 }, 0.7] }),
    actor('c', 0.8, { X: [90, 0.4], Y: [50, 0.8] }),
  ],
  [{ id: 'b-cares-more', changes: [{ actor: 'b', issue: 'X', salience: 1 }] }],
);

/** The same scenario with every range at its mode. */
const fixed = scenarioOf(ranged.issues, [
  actor('a', 1, { X: [10, 0.9], Y: [80, 0.5] }),
  actor('b', 1, { X: [60, 0.6], Y: [30, 0.7] }),
  actor('c', 0.8, { X: [90, 0.4], Y: [50, 0.8] }),
]);

describe('monteCarlo', () => {
  it('a scenario with no ranges gives zero spread, at the point forecast, for every model', async () => {
    const { summary } = await monteCarlo(fixed, { draws: 25, seed: 7 });
    const point = forecast(fixed);
    expect(summary.inputs).toEqual([]);
    expect(summary.results).toHaveLength(modelIds.length * 2);
    for (const result of summary.results) {
      const expected = point.results.find((row) => row.model === result.model && row.issue === result.issue)!.forecast;
      expect(result.sd, `${result.model} ${result.issue}`).toBe(0);
      for (const statistic of [result.min, result.p5, result.p10, result.median, result.p90, result.p95, result.max]) {
        expect(statistic).toBe(expected);
      }
      expect(result.mean).toBe(expected);
    }
  });

  it('a known triangular draw: one actor, so the compromise is its drawn position', async () => {
    // Position ~ Triangular(0, 2, 10) on a 0..10 scale. 20 000 draws; each tolerance is 4
    // standard errors: σ/√n for the mean, √(p(1−p)/n)/f(Q(p)) for a quantile (the asymptotic
    // standard error of a sample quantile, Serfling 1980 §2.3), √(p(1−p)/n) for a probability.
    const range = { low: 0, mode: 2, high: 10 };
    const draws = 20_000;
    const single = scenarioOf(
      [issue('Z', { scale: { min: 0, max: 10 }, anchors: { 0: 'zero', 5: 'five', 10: 'ten' } })],
      [actor('solo', 1, { Z: [range, 1] })],
    );
    const { summary } = await monteCarlo(single, { draws, seed: 11, models: ['compromise'] });
    const [result] = summary.results;
    expect(Math.abs(result!.mean - triangularMean(range))).toBeLessThan(4 * Math.sqrt(triangularVariance(range) / draws));
    for (const [probability, value] of [
      [0.05, result!.p5],
      [0.1, result!.p10],
      [0.5, result!.median],
      [0.9, result!.p90],
      [0.95, result!.p95],
    ] as const) {
      const exact = triangularQuantile(range, probability);
      const standardError = Math.sqrt((probability * (1 - probability)) / draws) / triangularDensity(range, exact);
      expect(Math.abs(value - exact), `quantile ${probability}`).toBeLessThan(4 * standardError);
    }
    // P(Z ≥ 5) = (10 − 5)² / ((10 − 0)(10 − 2)) = 25/80.
    const atFive = result!.atLeast.find((tail) => tail.anchor === 5)!;
    expect(Math.abs(atFive.probability - 25 / 80)).toBeLessThan(4 * Math.sqrt(((25 / 80) * (55 / 80)) / draws));
    expect(result!.bands.map((band) => [band.from, band.to])).toEqual([
      [0, 5],
      [5, 10],
    ]);
    expect(result!.bands[0]!.probability + result!.bands[1]!.probability).toBeCloseTo(1, 12);
    expect(result!.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(draws);
    expect(summary.inputs).toEqual([{ name: 'solo.Z.position', field: 'position', actor: 'solo', issue: 'Z', ...range }]);
  });

  it('same seed, same bytes; another seed, other numbers', async () => {
    const request = { draws: 60, seed: 42 };
    const first = JSON.stringify((await monteCarlo(ranged, request)).summary);
    const second = JSON.stringify((await monteCarlo(ranged, request)).summary);
    const other = JSON.stringify((await monteCarlo(ranged, { ...request, seed: 43 })).summary);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it('a draw depends on the root seed and its index alone, not on how the draws are split', () => {
    const request = { draws: 40, seed: 5 };
    const whole = runDraws(ranged, request, 0, 40);
    const parts = [runDraws(ranged, request, 25, 40), runDraws(ranged, request, 0, 9), runDraws(ranged, request, 9, 25)];
    const joined = [...parts].sort((a, b) => a.fromDraw - b.fromDraw);
    expect(Float64Array.from(joined.flatMap((batch) => [...batch.forecasts]))).toEqual(whole.forecasts);
    expect(Float64Array.from(joined.flatMap((batch) => [...batch.inputValues]))).toEqual(whole.inputValues);
  });

  it('leaves the inputs out when asked (large runs), with the same draws and the same summary', async () => {
    const request = { draws: 50, seed: 9 };
    const kept = runDraws(ranged, request, 0, 50);
    const dropped = runDraws(ranged, { ...request, keepInputs: false }, 0, 50);
    expect(kept.inputs.length).toBe(4);
    expect(kept.inputValues.length).toBe(50 * 4);
    expect(dropped.inputs).toEqual([]);
    expect(dropped.inputValues.length).toBe(0);
    expect(dropped.forecasts).toEqual(kept.forecasts);
    expect(JSON.stringify((await monteCarlo(ranged, { ...request, keepInputs: false })).summary)).toBe(
      JSON.stringify((await monteCarlo(ranged, request)).summary),
    );
    expect(Object.keys([...drawRows(dropped)][0]!)).toEqual(['draw', 'model', 'issue', 'forecast']);
  });

  it('long-format rows: draw, model, issue, forecast, then every drawn input', () => {
    const batch = runDraws(ranged, { draws: 3, seed: 1, models: ['compromise', 'median'] }, 1, 3);
    const rows = [...drawRows(batch)];
    expect(rows).toHaveLength(2 * 2 * 2);
    expect(Object.keys(rows[0]!)).toEqual(['draw', 'model', 'issue', 'forecast', 'a.capability', 'a.X.position', 'a.Y.salience', 'b.Y.position']);
    expect(rows.map((row) => `${row.draw}${row.model[0]}${row.issue}`)).toEqual(['1cX', '1cY', '1mX', '1mY', '2cX', '2cY', '2mX', '2mY']);
    // Inputs stay inside their ranges and are the same on every row of a draw.
    for (const row of rows) {
      expect(row['a.capability']).toBeGreaterThanOrEqual(0.5);
      expect(row['a.capability']).toBeLessThanOrEqual(1.5);
      expect(row['a.capability']).toBe(rows.find((other) => other.draw === row.draw)!['a.capability']);
    }
  });

  it('a variant is drawn with its own changes', async () => {
    const { summary } = await monteCarlo(ranged, { draws: 10, seed: 3, variant: 'b-cares-more', models: ['compromise'] });
    expect(summary.scenario.variant).toBe('b-cares-more');
    const base = await monteCarlo(ranged, { draws: 10, seed: 3, models: ['compromise'] });
    expect(summary.results[0]!.mean).not.toBe(base.summary.results[0]!.mean);
    expect(summary.results[1]).toEqual(base.summary.results[1]);
  });

  it('an aborted run keeps the draws finished from 0, the same as asking for that many', async () => {
    const controller = new AbortController();
    const request = { draws: 1_000_000, seed: 9, models: ['compromise'] };
    const run = await monteCarlo(ranged, request, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(run.summary.complete).toBe(false);
    const finished = run.summary.draws.finished;
    expect(finished).toBeGreaterThan(0);
    expect(finished).toBeLessThan(request.draws);
    const again = await monteCarlo(ranged, { ...request, draws: finished });
    expect(JSON.stringify(run.summary.results)).toBe(JSON.stringify(again.summary.results));
  });

  describe('bad requests', () => {
    it.each([0, -5, 1.5, Number.NaN])('draws %s', async (draws) => {
      await expect(monteCarlo(ranged, { draws, seed: 1 })).rejects.toThrow(/draws must be a whole number above 0/);
    });

    it('unknown variant names the variants there are', async () => {
      await expect(monteCarlo(ranged, { draws: 5, seed: 1, variant: 'nope' })).rejects.toThrow(
        new ParleyError('unknown-variant', 'unknown variant "nope"; this scenario has: b-cares-more'),
      );
    });

    it('unknown model names the models there are', async () => {
      await expect(monteCarlo(ranged, { draws: 5, seed: 1, models: ['compromise', 'oracle'] })).rejects.toThrow(
        `unknown model "oracle"; the models are: ${modelIds.join(', ')}`,
      );
    });

    it('a bad parameter and a bad seed', async () => {
      await expect(monteCarlo(ranged, { draws: 5, seed: 1, models: ['compromise'], params: { compromise: { speed: 3 } } })).rejects.toThrow(
        /compromise has no parameter "speed"/,
      );
      await expect(monteCarlo(ranged, { draws: 5, seed: 0.5 })).rejects.toThrow(/seed must be a whole number/);
    });
  });
});

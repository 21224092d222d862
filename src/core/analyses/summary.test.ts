import { describe, expect, it } from 'vitest';
import type { Issue } from '../scenario.js';
import type { DrawBatch } from './draws.js';
import { summariseDraws } from './summary.js';

const terr: Issue = { id: 'TERR', name: 'TERR', scale: { min: 0, max: 100 }, anchors: { 0: 'a', 25: 'b', 50: 'c', 75: 'd', 100: 'e' } };

function batchOf(values: number[]): DrawBatch {
  return {
    fromDraw: 0,
    toDraw: values.length,
    models: ['eum'],
    issues: ['TERR'],
    inputs: [],
    forecasts: Float64Array.from(values),
    inputValues: new Float64Array(0),
  };
}

describe('summariseDraws: bands and anchors', () => {
  // Issue #18: eum gives TERR = 25 in 90% of draws; the old rule reported P(25–50) = 0.91 because
  // a draw on an anchor counted in the band above it. An anchor is now a point of its own.
  const values = [...Array(90).fill(25), 30, ...Array(9).fill(60)];
  const [result] = summariseDraws([terr], [batchOf(values)]);

  it('a draw exactly on an anchor counts on the anchor, in neither band beside it', () => {
    expect(result!.atAnchors.find((mass) => mass.anchor === 25)!.probability).toBe(0.9);
    expect(result!.bands.map((band) => [band.from, band.to, band.probability])).toEqual([
      [0, 25, 0],
      [25, 50, 0.01],
      [50, 75, 0.09],
      [75, 100, 0],
    ]);
  });

  it('bands and anchors together hold every draw', () => {
    const total = [...result!.bands, ...result!.atAnchors].reduce((sum, part) => sum + part.probability, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('P(≥ anchor) still includes the anchor', () => {
    expect(result!.atLeast.find((tail) => tail.anchor === 25)!.probability).toBe(1);
  });

  it('gives the modes of multi-modal draws', () => {
    expect(result!.modes.map((mode) => [mode.value, mode.share])).toEqual([
      [25, 0.91],
      [60, 0.09],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { modesOf } from './modes.js';

describe('modesOf', () => {
  it('finds the three places bimodal draws pile up, most draws first, with their shares', () => {
    // The shape of issue #18's example: eum on MILCAP, 95 in 52% of draws, 50 in 37%, 10 in 9%,
    // and 2% spread elsewhere (each alone, under the 5% floor).
    const draws = [...Array(52).fill(95), ...Array(37).fill(50), ...Array(9).fill(10), 30, 72];
    const modes = modesOf(draws, 100);
    expect(modes.map((mode) => [mode.value, mode.share])).toEqual([
      [95, 0.52],
      [50, 0.37],
      [10, 0.09],
    ]);
  });

  it('gives one mode for draws that form one cluster, at their median when no value repeats', () => {
    const modes = modesOf([40, 41, 42, 43, 44], 100);
    expect(modes).toEqual([{ value: 42, share: 1, low: 40, high: 44 }]);
  });

  it('cuts where neighbours lie more than the gap apart (5% of the scale by default)', () => {
    expect(modesOf([0, 5, 10, 15], 100)).toHaveLength(1);
    expect(modesOf([0, 0, 6, 6], 100)).toHaveLength(2);
    expect(modesOf([], 100)).toEqual([]);
  });
});

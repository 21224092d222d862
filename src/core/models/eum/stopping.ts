/** When a run stops (EUM-SPEC §8.5): stable medians and cycles of the median. */
import type { EumCycle } from './types.js';

/**
 * The cycle rule of §8.5 at the last round t = medians.length − 1 (medians[0] is the
 * input's): period p ∈ {2, 3, 4}, smallest first, when t ≥ 3p − 1, every median of rounds
 * t − 2p + 1 … t is within `cycleWidth` of the one p rounds earlier, and the last p medians
 * span more than `epsilon`. O(1).
 *
 * @example findMedianCycle([3, 1, 2, 3, 1, 2, 3.01, 1, 2], 1e-6, 0.1)?.period // 3
 */
export function findMedianCycle(medians: readonly number[], epsilon: number, cycleWidth: number): EumCycle | null {
  const t = medians.length - 1;
  for (const period of [2, 3, 4]) {
    if (t < 3 * period - 1) continue;
    let repeats = true;
    for (let u = t - 2 * period + 1; u <= t && repeats; u++) {
      repeats = Math.abs(medians[u]! - medians[u - period]!) <= cycleWidth;
    }
    if (!repeats) continue;
    const last = medians.slice(t - period + 1);
    if (Math.max(...last) - Math.min(...last) <= epsilon) continue;
    return { period, medians: last, mean: last.reduce((sum, median) => sum + median, 0) / period };
  }
  return null;
}

/** `stable` (§8.5): nobody moved, or the last three medians agree within ε. */
export function isStable(medians: readonly number[], moved: boolean, epsilon: number): boolean {
  if (!moved) return true;
  const t = medians.length - 1;
  return t >= 2 && Math.abs(medians[t]! - medians[t - 1]!) <= epsilon && Math.abs(medians[t - 1]! - medians[t - 2]!) <= epsilon;
}

// ---------------------------------------------------------------------------------------

import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { createQueue, insert, peek, rekey, remove, reset, retain, shift } from './exchange-queue.js';

/** Decide's list (EXCHANGE-SPEC.md §4.5): a stable sort by gain, descending, before every pick. */
function stableSorted(list: readonly number[], gain: Float64Array): number[] {
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => gain[b.item]! - gain[a.item]! || a.index - b.index)
    .map(({ item }) => item);
}

describe('exchange queue: the order of a list stable-sorted before every pick', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random gains with many ties, changes, removals and moves to the end (seed %i)', (seed) => {
    const rng = createRng(seed);
    const gainOf = () => rng.int(6) / 2; // few distinct gains: many ties
    const size = 60;
    const gain = Float64Array.from({ length: size }, gainOf);
    const key = new Float64Array(size);
    const place = new Int32Array(size);
    const queue = createQueue(gain, key, place, 0);
    reset(queue, size);
    let list = Array.from({ length: size }, (_, item) => item);
    const batch = new Int32Array(size);
    const previousGain = new Float64Array(size);
    const previousKey = new Float64Array(size);
    while (list.length > 0) {
      list = stableSorted(list, gain);
      expect(peek(queue)).toBe(list[0]);
      let taken = list.shift()!;
      expect(shift(queue)).toBe(taken);
      let movedToEnd = -1;
      if (list.length > 0 && rng.next() < 0.2) {
        // the tie-break of §4.6: the first goes to the end, the second is taken
        movedToEnd = taken;
        list.push(taken);
        taken = list.shift()!;
        expect(shift(queue)).toBe(taken);
      }
      const changed = list.filter((item) => item !== movedToEnd && rng.next() < 0.3);
      const previous = [...changed, ...(movedToEnd >= 0 ? [movedToEnd] : [])];
      previous.forEach((item, at) => {
        batch[at] = item;
        previousGain[at] = gain[item]!;
        previousKey[at] = key[item]!;
      });
      for (const item of changed) remove(queue, item);
      for (const item of changed) gain[item] = gainOf();
      if (movedToEnd >= 0 && rng.next() < 0.5) gain[movedToEnd] = gainOf();
      rekey(queue, batch, previousGain, previousKey, previous.length, movedToEnd);
      for (const item of changed) insert(queue, item);
      if (movedToEnd >= 0) insert(queue, movedToEnd);
      if (rng.next() < 0.2) {
        const dropped = new Set(list.filter(() => rng.next() < 0.2));
        list = list.filter((item) => !dropped.has(item));
        retain(queue, (item) => !dropped.has(item));
      }
      expect(queue.size).toBe(list.length);
    }
    expect(shift(queue)).toBe(-1);
  });
});

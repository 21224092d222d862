import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { createQueue, insert, peek, rekey, remove, retain, shift, type QueueItem } from './exchange-queue.js';

interface Item extends QueueItem {
  id: number;
}

/** Decide's list (EXCHANGE-SPEC.md §4.5): a stable sort by gain, descending, before every pick. */
function stableSorted(list: readonly Item[]): Item[] {
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.gain - a.item.gain || a.index - b.index)
    .map(({ item }) => item);
}

describe('exchange queue: the order of a list stable-sorted before every pick', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random gains with many ties, changes, removals and moves to the end (seed %i)', (seed) => {
    const rng = createRng(seed);
    const gainOf = () => rng.int(6) / 2; // few distinct gains: many ties
    const items: Item[] = Array.from({ length: 60 }, (_, id) => ({ id, gain: gainOf(), key: 0, place: -1 }));
    const queue = createQueue(items, 0);
    let list = [...items];
    while (list.length > 0) {
      list = stableSorted(list);
      expect(peek(queue)?.id).toBe(list[0]!.id);
      let taken = list.shift()!;
      expect(shift(queue)).toBe(taken);
      let movedToEnd: Item | undefined;
      if (list.length > 0 && rng.next() < 0.2) {
        // the tie-break of §4.6: the first goes to the end, the second is taken
        movedToEnd = taken;
        list.push(taken);
        taken = list.shift()!;
        expect(shift(queue)).toBe(taken);
      }
      const changed = list.filter((item) => item !== movedToEnd && rng.next() < 0.3);
      const previous = [...changed, ...(movedToEnd ? [movedToEnd] : [])].map((item) => ({ item, gain: item.gain, key: item.key }));
      for (const item of changed) remove(queue, item);
      for (const item of changed) item.gain = gainOf();
      if (movedToEnd && rng.next() < 0.5) movedToEnd.gain = gainOf();
      rekey(queue, previous, movedToEnd);
      for (const item of changed) insert(queue, item);
      if (movedToEnd) insert(queue, movedToEnd);
      if (rng.next() < 0.2) {
        const dropped = new Set(list.filter(() => rng.next() < 0.2));
        list = list.filter((item) => !dropped.has(item));
        retain(queue, (item) => !dropped.has(item));
      }
      expect(queue.heap).toHaveLength(list.length);
    }
    expect(shift(queue)).toBeUndefined();
  });
});

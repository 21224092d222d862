/**
 * The candidate list of the exchange model (EXCHANGE-SPEC.md §4.5) as an indexed binary
 * heap of candidate numbers. Decide keeps a list, stable-sorts it by gain before every pick
 * and re-sorts after each executed exchange, so candidates with equal gains keep their
 * current relative order. Re-sorting a list of c candidates after each of k exchanges costs
 * O(k·c); the heap gives the same order in O(log c) per change.
 *
 * How the order is kept: each item carries a `key` such that the list order is always
 * "gain descending, then key ascending" (gains within the relative tolerance count as
 * equal). Initially the key is the generation place. When a batch of items changes gain
 * (`rekey`), a stable sort would place each changed item among the items of its new gain by
 * where it stood before: an item whose gain fell stood before all of them (it gets a key
 * below every key), one whose gain rose stood after all of them (a key above every key),
 * one whose gain stayed keeps its key. Changed items going the same way keep their previous
 * order among themselves. An item moved to the end of the list (Decide's random tie-break,
 * §4.6) stood after everything.
 *
 * Items are numbers 0..c−1; their gains, keys and heap places live in typed arrays the
 * caller owns (the exchange model's candidate store), so the heap allocates nothing per
 * change. Because "equal within the tolerance" is not transitive, the order of a near-tie
 * depends on the heap's exact shape: the operations below are the ones the model has always
 * made, step for step.
 */

export interface CandidateQueue {
  /** Heap of item numbers; `size` of them are in use. */
  heap: Int32Array;
  size: number;
  /** Per item: its gain, its key and its place in the heap (−1 when not queued). */
  gain: Float64Array;
  key: Float64Array;
  place: Int32Array;
  tolerance: number;
  /** The next key below every key handed out. */
  lowKey: number;
  /** The next key above every key handed out. */
  highKey: number;
  /** Scratch of `rekey`: batch places in their previous list order. */
  order: number[];
}

function nearlyEqual(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** True when item `a` comes before item `b` in the list. */
function before(queue: CandidateQueue, a: number, b: number): boolean {
  const gainA = queue.gain[a]!;
  const gainB = queue.gain[b]!;
  return nearlyEqual(gainA, gainB, queue.tolerance) ? queue.key[a]! < queue.key[b]! : gainA > gainB;
}

/**
 * An empty queue over the caller's arrays, room for `capacity` items; `reset` fills it.
 */
export function createQueue(gain: Float64Array, key: Float64Array, place: Int32Array, tolerance: number): CandidateQueue {
  return { heap: new Int32Array(place.length), size: 0, gain, key, place, tolerance, lowKey: 0, highKey: 0, order: [] };
}

/**
 * Fills the queue with items 0..count−1 in list order; their keys become their places (a
 * stable sort of the list by gain). O(c).
 */
export function reset(queue: CandidateQueue, count: number): void {
  if (queue.heap.length < count) queue.heap = new Int32Array(count);
  for (let item = 0; item < count; item++) {
    queue.heap[item] = item;
    queue.key[item] = item;
    queue.place[item] = item;
  }
  queue.size = count;
  queue.lowKey = 0;
  queue.highKey = count;
  for (let index = (count >> 1) - 1; index >= 0; index--) siftDown(queue, index);
}

/** The first item of the list, or −1. O(1). */
export function peek(queue: CandidateQueue): number {
  return queue.size > 0 ? queue.heap[0]! : -1;
}

/** Takes the first item off the list; −1 when empty. O(log c). */
export function shift(queue: CandidateQueue): number {
  if (queue.size === 0) return -1;
  const first = queue.heap[0]!;
  remove(queue, first);
  return first;
}

/** Takes an item off the list wherever it is. O(log c). */
export function remove(queue: CandidateQueue, item: number): void {
  const index = queue.place[item]!;
  if (index < 0) return;
  const last = queue.heap[--queue.size]!;
  queue.place[item] = -1;
  if (last === item) return;
  queue.heap[index] = last;
  queue.place[last] = index;
  siftUp(queue, index);
  siftDown(queue, queue.place[last]!);
}

/** Puts an item (with its gain and key set) into the list. O(log c). */
export function insert(queue: CandidateQueue, item: number): void {
  const index = queue.size++;
  queue.place[item] = index;
  queue.heap[index] = item;
  siftUp(queue, index);
}

/** Keeps only the items that pass `keep`, in heap order, and re-heapifies. O(c). */
export function retain(queue: CandidateQueue, keep: (item: number) => boolean): void {
  let kept = 0;
  for (let index = 0; index < queue.size; index++) {
    const item = queue.heap[index]!;
    if (keep(item)) {
      queue.place[item] = kept;
      queue.heap[kept++] = item;
    } else {
      queue.place[item] = -1;
    }
  }
  queue.size = kept;
  for (let index = (kept >> 1) - 1; index >= 0; index--) siftDown(queue, index);
}

/**
 * New keys for a batch of items whose gains changed while they were out of the queue, so that
 * re-inserting them gives the list a stable sort would. `items[b]` had gain `previousGain[b]`
 * and key `previousKey[b]` before the change (b < count); `movedToEnd` (or −1) is an item that
 * stood after everything. O(b log b).
 */
export function rekey(
  queue: CandidateQueue,
  items: Int32Array,
  previousGain: Float64Array,
  previousKey: Float64Array,
  count: number,
  movedToEnd: number,
): void {
  const { gain, key, tolerance } = queue;
  const order = queue.order;
  // The previous order decides only the order of the new keys among the items that fell
  // and among those that rose: with at most one of each, batch order gives the same keys.
  let falling = 0;
  let rising = 0;
  for (let b = 0; b < count; b++) {
    const item = items[b]!;
    if (item === movedToEnd || nearlyEqual(gain[item]!, previousGain[b]!, tolerance)) continue;
    if (gain[item]! < previousGain[b]!) falling++;
    else if (gain[item]! > previousGain[b]!) rising++;
  }
  if (falling <= 1 && rising <= 1) {
    order.length = count;
    for (let b = 0; b < count; b++) order[b] = b;
  } else if (count > 1 && !sortedStrictly(order, previousGain, previousKey, count, tolerance))
    sortedAsAlways(order, previousGain, previousKey, count, tolerance);
  else if (count === 1) order[0] = 0;
  let fell = 0;
  for (let rank = 0; rank < count; rank++) {
    const b = order[rank]!;
    const item = items[b]!;
    if (item !== movedToEnd && gain[item]! < previousGain[b]! && !nearlyEqual(gain[item]!, previousGain[b]!, tolerance)) fell++;
  }
  let lowKey = queue.lowKey - fell;
  queue.lowKey = lowKey;
  for (let rank = 0; rank < count; rank++) {
    const b = order[rank]!;
    const item = items[b]!;
    if (item !== movedToEnd && gain[item]! < previousGain[b]! && !nearlyEqual(gain[item]!, previousGain[b]!, tolerance)) key[item] = lowKey++;
  }
  for (let rank = 0; rank < count; rank++) {
    const b = order[rank]!;
    const item = items[b]!;
    if (item !== movedToEnd && gain[item]! > previousGain[b]! && !nearlyEqual(gain[item]!, previousGain[b]!, tolerance)) key[item] = queue.highKey++;
  }
  if (movedToEnd >= 0) key[movedToEnd] = queue.highKey++;
}

/**
 * Batch places 0..count−1 sorted by the comparator the list has always been sorted with, by
 * the same sort: where "equal within the tolerance" is not transitive, only that keeps the
 * same order. O(b log b).
 */
function sortedAsAlways(order: number[], gain: Float64Array, key: Float64Array, count: number, tolerance: number): void {
  order.length = count;
  for (let b = 0; b < count; b++) order[b] = b;
  order.sort((a, b) => (nearlyEqual(gain[a]!, gain[b]!, tolerance) ? key[a]! - key[b]! : gain[b]! - gain[a]!));
}

/** Largest batch `sortedStrictly` insertion-sorts; larger ones take the general sort. */
const insertionSortLimit = 128;

/**
 * Sorts batch places 0..count−1 into `order` by (gain descending, key ascending) with an
 * insertion sort, and says whether that is the order the list's comparator gives. It is when
 * every two gains are either the same double or not within the tolerance: then the
 * comparator is that strict total order (keys are unique; for gains ≥ 0, adjacent gains not
 * within the tolerance mean no two are), so every correct sort agrees with it. False for a
 * near-tie of gains, a gain that is not finite, or a batch too large. O(b²), b ≤ 128.
 */
function sortedStrictly(order: number[], gain: Float64Array, key: Float64Array, count: number, tolerance: number): boolean {
  if (count > insertionSortLimit) return false;
  for (let b = 0; b < count; b++) {
    const gainB = gain[b]!;
    if (!(gainB >= 0 && gainB < Infinity)) return false;
    const keyB = key[b]!;
    let at = b;
    while (at > 0) {
      const previous = order[at - 1]!;
      const gainPrevious = gain[previous]!;
      if (gainPrevious > gainB || (gainPrevious === gainB && key[previous]! < keyB)) break;
      order[at] = previous;
      at--;
    }
    order[at] = b;
  }
  for (let rank = 1; rank < count; rank++) {
    const higher = gain[order[rank - 1]!]!;
    const lower = gain[order[rank]!]!;
    if (higher !== lower && nearlyEqual(higher, lower, tolerance)) return false;
  }
  return true;
}

function siftUp(queue: CandidateQueue, start: number): void {
  const { heap, place } = queue;
  let index = start;
  const item = heap[index]!;
  while (index > 0) {
    const parentIndex = (index - 1) >> 1;
    const parent = heap[parentIndex]!;
    if (!before(queue, item, parent)) break;
    heap[index] = parent;
    place[parent] = index;
    index = parentIndex;
  }
  heap[index] = item;
  place[item] = index;
}

function siftDown(queue: CandidateQueue, start: number): void {
  const { heap, place } = queue;
  const size = queue.size;
  let index = start;
  const item = heap[index]!;
  for (;;) {
    const leftIndex = 2 * index + 1;
    if (leftIndex >= size) break;
    const rightIndex = leftIndex + 1;
    const childIndex = rightIndex < size && before(queue, heap[rightIndex]!, heap[leftIndex]!) ? rightIndex : leftIndex;
    const child = heap[childIndex]!;
    if (!before(queue, child, item)) break;
    heap[index] = child;
    place[child] = index;
    index = childIndex;
  }
  heap[index] = item;
  place[item] = index;
}

/** A frozen copy of exchange-queue.ts (main 6cd49a5) for exchange-reference.ts; test-only. */
/**
 * The candidate list of the exchange model (EXCHANGE-SPEC.md §4.5) as an indexed binary
 * heap. Decide keeps a list, stable-sorts it by gain before every pick and re-sorts after
 * each executed exchange, so candidates with equal gains keep their current relative order.
 * Re-sorting a list of c candidates after each of k exchanges costs O(k·c); the heap gives
 * the same order in O(log c) per change.
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
 */

/** What the queue needs of an item. `place` is the queue's bookkeeping: −1 when not queued. */
export interface QueueItem {
  gain: number;
  key: number;
  place: number;
}

export interface CandidateQueue<T extends QueueItem> {
  heap: T[];
  tolerance: number;
  /** The next key below every key handed out. */
  lowKey: number;
  /** The next key above every key handed out. */
  highKey: number;
}

function nearlyEqual(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** True when `a` comes before `b` in the list. */
function before<T extends QueueItem>(queue: CandidateQueue<T>, a: T, b: T): boolean {
  return nearlyEqual(a.gain, b.gain, queue.tolerance) ? a.key < b.key : a.gain > b.gain;
}

/**
 * A queue of the items in list order; their keys become their places (a stable sort of the
 * list by gain). O(c).
 */
export function createQueue<T extends QueueItem>(items: readonly T[], tolerance: number): CandidateQueue<T> {
  const queue: CandidateQueue<T> = { heap: [...items], tolerance, lowKey: 0, highKey: items.length };
  queue.heap.forEach((item, index) => {
    item.key = index;
    item.place = index;
  });
  for (let index = (queue.heap.length >> 1) - 1; index >= 0; index--) siftDown(queue, index);
  return queue;
}

/** The first item of the list, if any. O(1). */
export function peek<T extends QueueItem>(queue: CandidateQueue<T>): T | undefined {
  return queue.heap[0];
}

/** Takes the first item off the list. O(log c). */
export function shift<T extends QueueItem>(queue: CandidateQueue<T>): T | undefined {
  const first = queue.heap[0];
  if (first) remove(queue, first);
  return first;
}

/** Takes an item off the list wherever it is. O(log c). */
export function remove<T extends QueueItem>(queue: CandidateQueue<T>, item: T): void {
  const index = item.place;
  if (index < 0) return;
  const last = queue.heap.pop()!;
  item.place = -1;
  if (last === item) return;
  queue.heap[index] = last;
  last.place = index;
  siftUp(queue, index);
  siftDown(queue, last.place);
}

/** Puts an item (with its gain and key set) into the list. O(log c). */
export function insert<T extends QueueItem>(queue: CandidateQueue<T>, item: T): void {
  item.place = queue.heap.length;
  queue.heap.push(item);
  siftUp(queue, item.place);
}

/** Keeps only the items that pass `keep`. O(c). */
export function retain<T extends QueueItem>(queue: CandidateQueue<T>, keep: (item: T) => boolean): void {
  const kept: T[] = [];
  for (const item of queue.heap) {
    if (keep(item)) {
      item.place = kept.length;
      kept.push(item);
    } else {
      item.place = -1;
    }
  }
  queue.heap = kept;
  for (let index = (kept.length >> 1) - 1; index >= 0; index--) siftDown(queue, index);
}

/**
 * New keys for a batch of items whose gains changed while they were out of the queue, so that
 * re-inserting them gives the list a stable sort would. `previous` holds each item's gain and
 * key before the change; `movedToEnd` is an item that stood after everything. O(b log b).
 */
export function rekey<T extends QueueItem>(queue: CandidateQueue<T>, batch: ReadonlyArray<{ item: T; gain: number; key: number }>, movedToEnd?: T): void {
  const inPreviousOrder = [...batch].sort((a, b) => (nearlyEqual(a.gain, b.gain, queue.tolerance) ? a.key - b.key : b.gain - a.gain));
  const fell = inPreviousOrder.filter(({ item, gain }) => item !== movedToEnd && item.gain < gain && !nearlyEqual(item.gain, gain, queue.tolerance));
  const rose = inPreviousOrder.filter(({ item, gain }) => item !== movedToEnd && item.gain > gain && !nearlyEqual(item.gain, gain, queue.tolerance));
  const firstLowKey = queue.lowKey - fell.length;
  fell.forEach(({ item }, index) => (item.key = firstLowKey + index));
  queue.lowKey = firstLowKey;
  for (const { item } of rose) item.key = queue.highKey++;
  if (movedToEnd) movedToEnd.key = queue.highKey++;
}

function siftUp<T extends QueueItem>(queue: CandidateQueue<T>, start: number): void {
  const { heap } = queue;
  let index = start;
  const item = heap[index]!;
  while (index > 0) {
    const parentIndex = (index - 1) >> 1;
    const parent = heap[parentIndex]!;
    if (!before(queue, item, parent)) break;
    heap[index] = parent;
    parent.place = index;
    index = parentIndex;
  }
  heap[index] = item;
  item.place = index;
}

function siftDown<T extends QueueItem>(queue: CandidateQueue<T>, start: number): void {
  const { heap } = queue;
  let index = start;
  const item = heap[index]!;
  for (;;) {
    const leftIndex = 2 * index + 1;
    if (leftIndex >= heap.length) break;
    const rightIndex = leftIndex + 1;
    const childIndex = rightIndex < heap.length && before(queue, heap[rightIndex]!, heap[leftIndex]!) ? rightIndex : leftIndex;
    const child = heap[childIndex]!;
    if (!before(queue, child, item)) break;
    heap[index] = child;
    child.place = index;
    index = childIndex;
  }
  heap[index] = item;
  item.place = index;
}

/**
 * Where the exchange model keeps a round's candidate exchanges: a structure of typed arrays
 * indexed by candidate number c (and by role number 2c for role i, 2c + 1 for role j), so
 * that generating, recomputing and ordering ~10⁴ candidates a run allocates nothing per
 * candidate. The store is reused from round to round and from run to run, and grows (by
 * doubling) only when a round has more candidates than it has room for.
 *
 * Two pieces of a candidate are lists in the rules (EXCHANGE-SPEC.md §4.3.4, §4.4), kept
 * here so that every number read from them is the one the list gives:
 * - A role's move history H is only ever pushed, popped right after a push, or has its last
 *   move replaced. It is kept as the sum of all moves but the last (summed in list order,
 *   left to right, as §4.3.2 sums H), whether they all point down or all up, and the last
 *   move; the state before the latest push is kept too, so that a pop restores it exactly.
 *   O(1) per operation instead of O(|H|) per validity check.
 * - The positions R a candidate records from executed exchanges, per issue of the candidate
 *   (the issue role r supplies), are a list in insertion order (a later record of the same
 *   actor replaces its value in place, as a Map would), chained through a node pool.
 */
import { createQueue, type CandidateQueue } from './exchange-queue.js';

/** History sign flags: every move of the prefix is < 0, every move is > 0 (both when empty). */
export const allDown = 1;
export const allUp = 2;

export interface CandidateStore {
  /** Candidates in use this round, and room. */
  count: number;
  capacity: number;

  // Per role (2c: role i, 2c + 1: role j), §4.2.
  actor: Int32Array;
  supply: Int32Array;
  demand: Int32Array;
  /** X, S, T of §4.2: current and round-start positions on the supply issue, the partner's round-start position there. */
  x: Float64Array;
  start: Float64Array;
  target: Float64Array;
  sSupply: Float64Array;
  sDemand: Float64Array;
  cSupply: Float64Array;
  move: Float64Array;
  /** The voting position X + move, and as the equal-gain rule gave it before the outcome check. */
  y: Float64Array;
  equalGainY: Float64Array;
  /** H: Σ of every move but the last, their signs, the last move, the number of moves. */
  historyPrefix: Float64Array;
  historySigns: Uint8Array;
  historyLast: Float64Array;
  historyLength: Int32Array;
  /** H before the latest push. */
  savedPrefix: Float64Array;
  savedSigns: Uint8Array;
  savedLast: Float64Array;
  savedLength: Int32Array;
  /** R of the issue this role supplies: first and last node of its list, −1 when empty. */
  recordedHead: Int32Array;
  recordedTail: Int32Array;

  // Per candidate.
  gain: Float64Array;
  valid: Uint8Array;
  adjusted: Uint8Array;
  /** Order among equal gains and place in the heap (exchange-queue.ts). */
  key: Float64Array;
  place: Int32Array;
  /** The last execution that looked at this candidate (to visit it once). */
  visited: Int32Array;

  // The node pool of R.
  nodeCount: number;
  nodeActor: Int32Array;
  nodePosition: Float64Array;
  nodeNext: Int32Array;

  queue: CandidateQueue;
}

function roleArrays(capacity: number) {
  const roles = 2 * capacity;
  return {
    actor: new Int32Array(roles),
    supply: new Int32Array(roles),
    demand: new Int32Array(roles),
    x: new Float64Array(roles),
    start: new Float64Array(roles),
    target: new Float64Array(roles),
    sSupply: new Float64Array(roles),
    sDemand: new Float64Array(roles),
    cSupply: new Float64Array(roles),
    move: new Float64Array(roles),
    y: new Float64Array(roles),
    equalGainY: new Float64Array(roles),
    historyPrefix: new Float64Array(roles),
    historySigns: new Uint8Array(roles),
    historyLast: new Float64Array(roles),
    historyLength: new Int32Array(roles),
    savedPrefix: new Float64Array(roles),
    savedSigns: new Uint8Array(roles),
    savedLast: new Float64Array(roles),
    savedLength: new Int32Array(roles),
    recordedHead: new Int32Array(roles),
    recordedTail: new Int32Array(roles),
  };
}

function candidateArrays(capacity: number) {
  return {
    gain: new Float64Array(capacity),
    valid: new Uint8Array(capacity),
    adjusted: new Uint8Array(capacity),
    key: new Float64Array(capacity),
    place: new Int32Array(capacity),
    visited: new Int32Array(capacity),
  };
}

/** An empty store with room for `capacity` candidates. */
export function createStore(capacity: number, tolerance: number): CandidateStore {
  const perCandidate = candidateArrays(capacity);
  const nodes = Math.max(16, capacity);
  return {
    count: 0,
    capacity,
    ...roleArrays(capacity),
    ...perCandidate,
    nodeCount: 0,
    nodeActor: new Int32Array(nodes),
    nodePosition: new Float64Array(nodes),
    nodeNext: new Int32Array(nodes),
    queue: createQueue(perCandidate.gain, perCandidate.key, perCandidate.place, tolerance),
  };
}

type ArrayFields<T> = { [K in keyof T]: T[K] extends Int32Array | Float64Array | Uint8Array ? K : never }[keyof T];

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/** Room for at least `capacity` candidates, keeping what the store holds. O(capacity). */
export function ensureCapacity(store: CandidateStore, capacity: number): void {
  if (capacity <= store.capacity) return;
  const size = Math.max(capacity, 2 * store.capacity);
  const roleFields = Object.keys(roleArrays(0)) as Array<ArrayFields<CandidateStore>>;
  const candidateFields = Object.keys(candidateArrays(0)) as Array<ArrayFields<CandidateStore>>;
  const target = store as unknown as Record<string, Int32Array | Float64Array | Uint8Array>;
  for (const field of roleFields) target[field] = grown(store[field], 2 * size);
  for (const field of candidateFields) target[field] = grown(store[field], size);
  store.capacity = size;
  store.queue.gain = store.gain;
  store.queue.key = store.key;
  store.queue.place = store.place;
  store.queue.heap = grown(store.queue.heap, size);
}

/** Starts a round: no candidates, no recorded positions. */
export function clearStore(store: CandidateStore, tolerance: number): void {
  store.count = 0;
  store.nodeCount = 0;
  store.queue.tolerance = tolerance;
}

// ---------------------------------------------------------------------------------------
// H, the move history of a role
// ---------------------------------------------------------------------------------------

/** An empty history. */
export function clearHistory(store: CandidateStore, role: number): void {
  store.historyPrefix[role] = 0;
  store.historySigns[role] = allDown | allUp;
  store.historyLast[role] = 0;
  store.historyLength[role] = 0;
}

/** Appends `move` (the last move becomes part of the prefix, added after the earlier ones). */
export function pushHistory(store: CandidateStore, role: number, move: number): void {
  const length = store.historyLength[role]!;
  const prefix = store.historyPrefix[role]!;
  const signs = store.historySigns[role]!;
  const last = store.historyLast[role]!;
  store.savedPrefix[role] = prefix;
  store.savedSigns[role] = signs;
  store.savedLast[role] = last;
  store.savedLength[role] = length;
  if (length > 0) {
    store.historyPrefix[role] = prefix + last;
    store.historySigns[role] = signs & ((last < 0 ? allDown : 0) | (last > 0 ? allUp : 0));
  }
  store.historyLast[role] = move;
  store.historyLength[role] = length + 1;
}

/** Removes the move of the latest push. */
export function popHistory(store: CandidateStore, role: number): void {
  store.historyPrefix[role] = store.savedPrefix[role]!;
  store.historySigns[role] = store.savedSigns[role]!;
  store.historyLast[role] = store.savedLast[role]!;
  store.historyLength[role] = store.savedLength[role]!;
}

/**
 * §4.3.2 on H: its moves sum to at most `limit` and all point the same way (true when H
 * is empty, as for a list). The sum is the list's, left to right. O(1).
 */
export function historyAllowed(store: CandidateStore, role: number, limit: number): boolean {
  const length = store.historyLength[role]!;
  if (length === 0) return true;
  const last = store.historyLast[role]!;
  const sum = length === 1 ? 0 + last : store.historyPrefix[role]! + last;
  if (sum > limit) return false;
  const signs = store.historySigns[role]!;
  return ((signs & allDown) !== 0 && last < 0) || ((signs & allUp) !== 0 && last > 0);
}

// ---------------------------------------------------------------------------------------
// R, the positions a candidate recorded (per issue of the candidate)
// ---------------------------------------------------------------------------------------

/** The node of `actor` in R of `role`'s supply issue, or −1. O(|R|). */
export function recordedNode(store: CandidateStore, role: number, actor: number): number {
  for (let node = store.recordedHead[role]!; node >= 0; node = store.nodeNext[node]!) {
    if (store.nodeActor[node] === actor) return node;
  }
  return -1;
}

/** Appends a new actor's position to R of `role`'s supply issue. */
export function appendRecorded(store: CandidateStore, role: number, actor: number, position: number): void {
  if (store.nodeCount === store.nodeActor.length) {
    const size = 2 * store.nodeActor.length;
    store.nodeActor = grown(store.nodeActor, size);
    store.nodePosition = grown(store.nodePosition, size);
    store.nodeNext = grown(store.nodeNext, size);
  }
  const node = store.nodeCount++;
  store.nodeActor[node] = actor;
  store.nodePosition[node] = position;
  store.nodeNext[node] = -1;
  const tail = store.recordedTail[role]!;
  if (tail < 0) store.recordedHead[role] = node;
  else store.nodeNext[tail] = node;
  store.recordedTail[role] = node;
}

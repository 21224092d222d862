/**
 * Rapid edits of one value, coalesced into one version: a slider dragged or a number nudged
 * five times in a few seconds is one change in the history, not five. The page waits before
 * it saves; this is the server's half, so any client (a script, a second tab, a page on a slow
 * connection that saved between two nudges) gets the same history. Pure; every storage asks
 * it whether a save replaces the newest version instead of adding one.
 *
 * A save replaces the newest version only when all of these hold, and adds one otherwise:
 * - the caller asked for it (`ScenarioUpdate.coalesceSeconds`) and gave no summary of its own
 *   (a named version is never coalesced, nor coalesced into);
 * - the newest version is not the first, is not a restore, carries the summary storage made
 *   for it (so it was not named), was saved by the same author within that many seconds, and
 *   no run was recorded on it (a run names its version; that version's content must stay);
 * - the newest version changed exactly one value of the one before, the save changes exactly
 *   that value again, and neither touched a source text.
 */
import type { ScenarioDocument, ScenarioUpdate } from './storage.js';
import { describeChanges } from './describe-changes.js';

/**
 * The paths of the values that differ between two JSON trees (a key on one side only counts
 * as one path), at most `limit` of them: enough to tell "one value" from "more".
 *
 * @example changedPaths({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } }, 2) // [['a', 'c']]
 */
export function changedPaths(before: unknown, after: unknown, limit: number, at: string[] = []): string[][] {
  if (limit <= 0 || Object.is(before, after)) return [];
  const isTree = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (!isTree(before) || !isTree(after) || Array.isArray(before) !== Array.isArray(after)) return [at];
  const found: string[][] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    found.push(...changedPaths(before[key], after[key], limit - found.length, [...at, key]));
    if (found.length >= limit) break;
  }
  return found;
}

/** The one value path that differs between two scenarios, or undefined when none or several do. */
function onlyChange(before: ScenarioDocument, after: ScenarioDocument): string | undefined {
  if (JSON.stringify(before.texts) !== JSON.stringify(after.texts)) return undefined;
  const paths = changedPaths(before.scenario, after.scenario, 2);
  return paths.length === 1 ? JSON.stringify(paths[0]) : undefined;
}

/** The newest version as a storage reads it, with the one before it. */
export interface CoalesceCandidate {
  version: number;
  author: string;
  summary: string;
  createdAt: string;
  restoredFrom: number | null;
  document: ScenarioDocument;
  /** The version before the newest (undefined for the first). */
  previous: ScenarioDocument | undefined;
  /** Whether a run was recorded on the newest version. */
  hasRuns: boolean;
}

/** Whether `update`, which would make `next`, replaces the newest version (see above). */
export function coalesces(update: ScenarioUpdate, next: ScenarioDocument, head: CoalesceCandidate, now: Date): boolean {
  const within = update.coalesceSeconds;
  if (within === undefined || within <= 0 || update.summary !== undefined) return false;
  if (head.version <= 1 || head.restoredFrom !== null || head.hasRuns || head.previous === undefined) return false;
  if (head.author !== update.author) return false;
  const age = now.getTime() - Date.parse(head.createdAt);
  if (!(age >= 0 && age <= within * 1000)) return false;
  if (head.summary !== describeChanges(head.previous, head.document)) return false;
  const changed = onlyChange(head.previous, head.document);
  return changed !== undefined && changed === onlyChange(head.document, next);
}

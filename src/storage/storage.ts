/**
 * What Parley keeps between sessions, behind one interface: workspaces hold scenarios,
 * every saved version of a scenario is kept (who saved it, what changed, when), and runs
 * keep the results of analyses with what they were run on. SQLite (`sqlite.ts`) is the
 * default; a PostgreSQL implementation for a shared team server implements the same
 * interface, so every method is asynchronous and every record is plain data.
 *
 * Rules every implementation keeps:
 * - A write is one transaction: it happens whole or not at all.
 * - Versions are never changed or removed; undo writes a new version equal to an old one.
 * - Saving checks the version the caller edited (`baseVersion`) against the newest, so two
 *   people editing at once cannot overwrite each other unseen (`conflict`).
 */
import type { Scenario } from '../core/scenario.js';

/** A scenario as stored: the scenario file's content and the full text of its sources, by source id. */
export interface ScenarioDocument {
  scenario: Scenario;
  /** Full text of sources that have one (an article, a transcript), keyed by source id. */
  texts: Record<string, string>;
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** One saved version: who, what, when. */
export interface VersionRecord {
  version: number;
  author: string;
  /** What changed, in words (`russia / FORCES: salience 0.9 → 0.5`). */
  summary: string;
  /** ISO timestamp. */
  createdAt: string;
  /** Set when this version restored an earlier one (undo). */
  restoredFrom: number | null;
}

/** A scenario in a list: its newest version's title and who saved it when. */
export interface ScenarioSummary {
  /** The storage's id (two copies of one scenario file have different ids). */
  id: string;
  workspaceId: string;
  title: string;
  /** The scenario file's own `id`. */
  scenarioId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface StoredScenario extends ScenarioSummary {
  document: ScenarioDocument;
  /** The version shown (the newest unless an older one was asked for). */
  shown: VersionRecord;
}

export interface NewScenario {
  scenario: Scenario;
  texts?: Record<string, string>;
  author: string;
  /** What this version is; default: made from the difference with the previous version. */
  summary?: string;
}

export interface ScenarioUpdate {
  /** The version the change was made to; must be the newest, else `conflict`. */
  baseVersion: number;
  scenario: Scenario;
  /**
   * Changes to the source texts: a text sets a source's text, `null` removes it; sources not
   * named keep theirs. Texts of sources no longer in the scenario are dropped.
   */
  texts?: Record<string, string | null>;
  author: string;
  summary?: string;
}

export interface Restore {
  /** The version to go back to. */
  version: number;
  author: string;
  /** When given, must be the newest version, else `conflict`. */
  baseVersion?: number;
}

export type RunKind = 'forecast' | 'monte-carlo' | 'sensitivity' | 'compare';

export interface NewRun {
  scenario: string;
  version: number;
  kind: RunKind;
  models: string[];
  variant: string | null;
  /** SHA-256 of everything the result depends on (`inputsHash`). */
  inputsHash: string;
  seed: number | null;
  author: string;
  /** The request as made (models, parameters, draws, ...). */
  request: unknown;
  outputs: unknown;
}

/** A stored run without its request and outputs: what lists show. */
export interface RunSummary extends Omit<NewRun, 'request' | 'outputs'> {
  id: string;
  createdAt: string;
}

export interface RunRecord extends RunSummary {
  request: unknown;
  outputs: unknown;
}

export type StorageErrorCode = 'not-found' | 'conflict' | 'newer-schema';

/** A request the stored data cannot satisfy; `code` says which kind. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
  }
}

export interface Storage {
  listWorkspaces(): Promise<WorkspaceRecord[]>;
  getWorkspace(id: string): Promise<WorkspaceRecord | undefined>;
  createWorkspace(name: string): Promise<WorkspaceRecord>;

  /** Scenarios of a workspace, most recently saved first; `not-found` for an unknown workspace. */
  listScenarios(workspaceId: string): Promise<ScenarioSummary[]>;
  /** A new scenario whose first version is `input`; `not-found` for an unknown workspace. */
  createScenario(workspaceId: string, input: NewScenario): Promise<StoredScenario>;
  /** The newest version, or the one asked for; `undefined` when there is no such scenario or version. */
  getScenario(id: string, version?: number): Promise<StoredScenario | undefined>;
  /** Saves a new version; `not-found`, or `conflict` when `baseVersion` is not the newest. */
  saveScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario>;
  /** Every version, newest first; `undefined` for an unknown scenario. */
  listVersions(id: string): Promise<VersionRecord[] | undefined>;
  /** Undo to any version: a new version with that version's content. */
  restoreVersion(id: string, restore: Restore): Promise<StoredScenario>;
  /** Removes a scenario with its versions and runs; false when there was none. */
  deleteScenario(id: string): Promise<boolean>;

  /** Keeps a run's result; `not-found` for an unknown scenario or version. */
  recordRun(run: NewRun): Promise<RunRecord>;
  /** A scenario's runs, newest first; `undefined` for an unknown scenario. */
  listRuns(scenario: string): Promise<RunSummary[] | undefined>;
  getRun(id: string): Promise<RunRecord | undefined>;

  close(): Promise<void>;
}

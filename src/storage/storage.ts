/**
 * What Parley keeps between sessions, behind one interface: workspaces hold scenarios,
 * every saved version of a scenario is kept (who saved it, what changed, when), and runs
 * keep the results of analyses with what they were run on. SQLite (`sqlite.ts`) is the
 * default; a PostgreSQL implementation for a shared team server implements the same
 * interface, so every method is asynchronous and every record is plain data.
 *
 * Each workspace also keeps a forecast ledger (`core/ledger/`): entries are only appended,
 * each holding the hash of the one before, and the database refuses to change or delete them.
 *
 * Users (for a shared server) sign in with a token; storage keeps only the token's SHA-256,
 * and a user sees the workspaces they are a member of.
 *
 * Rules every implementation keeps:
 * - A write is one transaction: it happens whole or not at all.
 * - Versions are never removed, and never changed but in one case: a save asking to coalesce
 *   may replace the newest version when it changes the same one value again (`coalesce.ts`).
 *   Undo writes a new version equal to an old one.
 * - Saving checks the version the caller edited (`baseVersion`) against the newest, so two
 *   people editing at once cannot overwrite each other unseen (`conflict`).
 */
import type { ChainHead, LedgerBody, LedgerEntry } from '../core/ledger/entry.js';
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
  /**
   * When given, a save by the same author within this many seconds of the newest version,
   * changing again the one value that version changed, replaces that version instead of
   * adding one (the rules: `coalesce.ts`). Named versions and versions with runs are kept.
   */
  coalesceSeconds?: number;
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

/**
 * A run whose outputs come as JSON text already written: `JSON.stringify(outputs)` (not
 * checked: the caller wrote it). Stored as given, byte for byte the text `recordRun` stores.
 */
export interface NewRunJson extends Omit<NewRun, 'outputs'> {
  outputsJson: string;
}

/** A stored run with its outputs as the JSON text kept. */
export interface RunRecordJson extends RunSummary {
  request: unknown;
  outputsJson: string;
}

/** Someone who signs in to a shared server with a token. */
export interface UserRecord {
  id: string;
  /** Unique; what versions and runs record as their author. */
  name: string;
  createdAt: string;
}

/** A user with the workspaces they are a member of (ids). */
export interface UserSummary extends UserRecord {
  workspaces: string[];
}

/** A new user (or a new token for one): the token is shown this once; storage keeps only its SHA-256. */
export interface IssuedToken {
  user: UserRecord;
  token: string;
}

/** An entry to append to a workspace's ledger; storage numbers, links, times and hashes it. */
export interface NewLedgerEntry {
  author: string;
  /** The Parley version that made it. */
  parley: string;
  body: LedgerBody;
  /**
   * When given, append only if this is still the chain's head, else `conflict`: a resolution
   * checked against the ledger as read is appended to that ledger and no other.
   */
  after?: ChainHead;
}

/** A stored ledger entry: its number and its JSON exactly as kept (what is hashed and exported). */
export interface StoredLedgerEntry {
  seq: number;
  json: string;
}

/**
 * `not-found` and `conflict` answer a request; `newer-schema` and `unreachable` (the database
 * server cannot be reached or refuses the connection) come from opening a storage.
 */
export type StorageErrorCode = 'not-found' | 'conflict' | 'newer-schema' | 'unreachable';

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
  /** A new workspace; `members` (user ids) become its members in the same transaction, `not-found` for an unknown one. */
  createWorkspace(name: string, members?: string[]): Promise<WorkspaceRecord>;

  /** A new user with a new token; `conflict` when the name is taken. */
  createUser(name: string): Promise<IssuedToken>;
  /** Every user with their workspaces, by name. */
  listUsers(): Promise<UserSummary[]>;
  getUserByName(name: string): Promise<UserRecord | undefined>;
  /** The user a token belongs to; `undefined` for an unknown or revoked token. */
  getUserByToken(token: string): Promise<UserRecord | undefined>;
  /** A new token for a user, revoking the old ones; `not-found` for an unknown user. */
  issueToken(userId: string): Promise<IssuedToken>;
  /** Makes a user a member of a workspace (no change when already one); `not-found` for an unknown user or workspace. */
  addMember(workspaceId: string, userId: string): Promise<void>;
  /** Workspace ids the user is a member of. */
  memberWorkspaces(userId: string): Promise<string[]>;

  /** Scenarios of a workspace, most recently saved first; `not-found` for an unknown workspace. */
  listScenarios(workspaceId: string): Promise<ScenarioSummary[]>;
  /** A new scenario whose first version is `input`; `not-found` for an unknown workspace. */
  createScenario(workspaceId: string, input: NewScenario): Promise<StoredScenario>;
  /** The newest version, or the one asked for; `undefined` when there is no such scenario or version. */
  getScenario(id: string, version?: number): Promise<StoredScenario | undefined>;
  /**
   * Saves a new version (or, with `coalesceSeconds`, may replace the newest: `coalesce.ts`);
   * `not-found`, or `conflict` when `baseVersion` is not the newest.
   */
  saveScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario>;
  /** Every version, newest first; `undefined` for an unknown scenario. */
  listVersions(id: string): Promise<VersionRecord[] | undefined>;
  /** Undo to any version: a new version with that version's content. */
  restoreVersion(id: string, restore: Restore): Promise<StoredScenario>;
  /** Removes a scenario with its versions and runs; false when there was none. */
  deleteScenario(id: string): Promise<boolean>;

  /** Keeps a run's result; `not-found` for an unknown scenario or version. */
  recordRun(run: NewRun): Promise<RunRecord>;
  /** `recordRun` with the outputs as JSON text, kept as given (a server stores megabytes it neither parses nor writes again). */
  recordRunJson(run: NewRunJson): Promise<RunRecordJson>;
  /** A scenario's runs, newest first; `undefined` for an unknown scenario. */
  listRuns(scenario: string): Promise<RunSummary[] | undefined>;
  getRun(id: string): Promise<RunRecord | undefined>;

  /**
   * Appends an entry to the workspace's forecast ledger and answers it as stored. Appends are
   * serialised per workspace (the chain never forks) and committed before they are answered.
   * `not-found` for an unknown workspace, `conflict` when `after` is no longer the head.
   */
  appendLedgerEntry(workspaceId: string, entry: NewLedgerEntry): Promise<LedgerEntry>;
  /**
   * The workspace's ledger in chain order, as stored; `verifyChain` says whether it holds.
   * `not-found` for an unknown workspace. The table refuses UPDATE and DELETE (triggers).
   */
  listLedgerEntries(workspaceId: string): Promise<StoredLedgerEntry[]>;

  close(): Promise<void>;
}

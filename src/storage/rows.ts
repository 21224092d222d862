/**
 * Rows as both storages read them (the same columns in SQLite and PostgreSQL) and the
 * records they make: one mapping, so both answer the same records.
 */
import type { ChainHead, LedgerEntry, UnhashedEntry } from '../core/ledger/entry.js';
import type { Scenario } from '../core/scenario.js';
import {
  StorageError,
  type NewLedgerEntry,
  type RunKind,
  type RunRecordJson,
  type RunSummary,
  type ScenarioSummary,
  type UserRecord,
  type VersionRecord,
  type WorkspaceRecord,
} from './storage.js';

export interface VersionRow {
  scenario_id: string;
  version: number;
  author: string;
  summary: string;
  created_at: string;
  restored_from: number | null;
  title: string;
  scenario_json: string;
  texts_json: string;
}

export interface ScenarioRow {
  id: string;
  workspace_id: string;
  head_version: number;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  name: string;
  created_at: string;
}

export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: string;
}

export interface RunRow {
  id: string;
  scenario_id: string;
  version: number;
  kind: string;
  models_json: string;
  variant: string | null;
  inputs_hash: string;
  seed: number | null;
  author: string;
  created_at: string;
  request_json?: string;
  outputs_json?: string;
}

/** Only texts of sources the scenario lists. */
export function keepSourceTexts(scenario: Scenario, texts: Record<string, string>): Record<string, string> {
  const ids = new Set((scenario.sources ?? []).map((source) => source.id));
  return Object.fromEntries(Object.entries(texts).filter(([source]) => ids.has(source)));
}

export function workspaceOf(row: WorkspaceRow): WorkspaceRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function summaryOf(row: ScenarioRow, title: string, author: string, scenarioId: string): ScenarioSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title,
    scenarioId,
    version: row.head_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: author,
  };
}

export function versionOf(row: VersionRow): VersionRecord {
  return { version: row.version, author: row.author, summary: row.summary, createdAt: row.created_at, restoredFrom: row.restored_from };
}

export function userOf(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function runSummaryOf(row: RunRow): RunSummary {
  return {
    id: row.id,
    scenario: row.scenario_id,
    version: row.version,
    kind: row.kind as RunKind,
    models: JSON.parse(row.models_json) as string[],
    variant: row.variant,
    inputsHash: row.inputs_hash,
    seed: row.seed,
    author: row.author,
    createdAt: row.created_at,
  };
}

/** A ledger row's values, in the column order of `ledgerInsert`. */
export function ledgerRowValues(entry: LedgerEntry): [string, number, string, string | null, string, string, string] {
  return [entry.workspace, entry.seq, entry.hash, entry.previous, entry.body.kind, entry.recordedAt, JSON.stringify(entry)];
}

export const ledgerInsertColumns = 'workspace_id, seq, hash, previous, kind, recorded_at, entry_json';

/** `conflict` when an append that names the head it was checked against finds another. */
export function checkLedgerHead(after: ChainHead | undefined, head: ChainHead): void {
  if (after === undefined) return;
  if (after?.hash === head?.hash) return;
  throw new StorageError(
    'conflict',
    `the ledger changed while this entry was being made: its newest entry is ${head === null ? 'none' : `${head.seq}`}, not ${after === null ? 'none' : `${after.seq}`}; try again`,
  );
}

/** The fields of a new ledger entry that storage does not decide. */
export function ledgerFields(workspace: string, entry: NewLedgerEntry, recordedAt: string): Omit<UnhashedEntry, 'format' | 'seq' | 'previous'> {
  return { recordedAt, workspace, author: entry.author, parley: entry.parley, body: entry.body };
}

/** A run row's values, in the column order of `runInsertColumns`. */
export type RunRowValues = [
  id: string,
  scenarioId: string,
  version: number,
  kind: string,
  modelsJson: string,
  variant: string | null,
  inputsHash: string,
  seed: number | null,
  author: string,
  createdAt: string,
  requestJson: string,
  outputsJson: string,
];

export const runInsertColumns = 'id, scenario_id, version, kind, models_json, variant, inputs_hash, seed, author, created_at, request_json, outputs_json';

/** A run record as the values of its row (`runInsertColumns`), as both storages insert it. */
export function runRowValues(record: RunRecordJson): RunRowValues {
  return [
    record.id,
    record.scenario,
    record.version,
    record.kind,
    JSON.stringify(record.models),
    record.variant,
    record.inputsHash,
    record.seed,
    record.author,
    record.createdAt,
    JSON.stringify(record.request ?? null),
    record.outputsJson,
  ];
}

/**
 * The default storage: one SQLite file (better-sqlite3), WAL journal so readers never wait
 * for a writer, every write in one transaction. See `storage.ts` for the contract.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Scenario } from '../core/scenario.js';
import { coalesces, type CoalesceCandidate } from './coalesce.js';
import { describeChanges } from './describe-changes.js';
import { newToken, textHash, tokenHash } from './hash.js';
import { migrate } from './migrations.js';
import { createSqliteWriter, type SqliteWriter } from './sqlite-writer.js';
import { linkEntry, type LedgerEntry } from '../core/ledger/entry.js';
import {
  checkLedgerHead,
  keepSourceTexts,
  ledgerFields,
  ledgerInsertColumns,
  ledgerRowValues,
  runSummaryOf,
  summaryOf,
  runInsertColumns,
  runRowValues,
  userOf,
  versionOf,
  workspaceOf,
  type RunRow,
  type ScenarioRow,
  type UserRow,
  type VersionRow,
  type WorkspaceRow,
} from './rows.js';
import {
  StorageError,
  type IssuedToken,
  type NewLedgerEntry,
  type NewRun,
  type NewRunJson,
  type NewScenario,
  type Restore,
  type RunRecord,
  type RunRecordJson,
  type RunSummary,
  type ScenarioDocument,
  type ScenarioSummary,
  type ScenarioUpdate,
  type Storage,
  type StoredLedgerEntry,
  type StoredScenario,
  type UserRecord,
  type UserSummary,
  type VersionRecord,
  type WorkspaceRecord,
} from './storage.js';

export interface SqliteOptions {
  /** The database file (created with its folder when missing), or `:memory:`. */
  path: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Makes ids; default random UUIDs. */
  newId?: () => string;
  /**
   * Writes runs on a thread of their own (`sqlite-writer.ts`) instead of this one: for a
   * server, whose event loop the insert of megabytes of outputs would otherwise hold. Same
   * guarantees (one transaction each, in order, answered after the commit). A file only;
   * ignored for `:memory:`.
   */
  writeRunsInThread?: boolean;
}

/** Opens (creating and migrating when needed) a SQLite storage. */
export function openSqliteStorage(options: SqliteOptions): SqliteStorage {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL syncs the journal at every commit, so a ledger entry acknowledged after its commit
    // survives a crash of the machine, not only of the process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  let writer: SqliteWriter | undefined;
  try {
    if (options.writeRunsInThread && options.path !== ':memory:') writer = createSqliteWriter(options.path);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStorage(db, options.now ?? (() => new Date()), options.newId ?? randomUUID, writer);
}

export class SqliteStorage implements Storage {
  constructor(
    /** The open database; exposed for tests and maintenance, not for other layers. */
    readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly newId: () => string,
    /** Where runs are written when not here (`writeRunsInThread`). */
    private readonly writer?: SqliteWriter,
  ) {}

  async listWorkspaces(): Promise<WorkspaceRecord[]> {
    const rows = this.db.prepare('SELECT id, name, created_at FROM workspaces ORDER BY created_at, rowid').all() as WorkspaceRow[];
    return rows.map(workspaceOf);
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    const row = this.db.prepare('SELECT id, name, created_at FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
    return row && workspaceOf(row);
  }

  async createWorkspace(name: string, members: string[] = []): Promise<WorkspaceRecord> {
    const record = { id: this.newId(), name, createdAt: this.timestamp() };
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(record.id, record.name, record.createdAt);
      for (const user of members) this.insertMember(record.id, user);
    })();
    return record;
  }

  async createUser(name: string): Promise<IssuedToken> {
    const user: UserRecord = { id: this.newId(), name, createdAt: this.timestamp() };
    const token = newToken();
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE name = ?').get(name)) throw new StorageError('conflict', `there is already a user named ${name}`);
      this.db.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)').run(user.id, user.name, user.createdAt);
      this.db.prepare('INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)').run(tokenHash(token), user.id, user.createdAt);
    })();
    return { user, token };
  }

  async listUsers(): Promise<UserSummary[]> {
    const users = this.db.prepare('SELECT id, name, created_at FROM users ORDER BY name').all() as UserRow[];
    const members = this.db.prepare('SELECT workspace_id FROM workspace_members WHERE user_id = ? ORDER BY workspace_id');
    return users.map((row) => ({ ...userOf(row), workspaces: (members.all(row.id) as { workspace_id: string }[]).map((member) => member.workspace_id) }));
  }

  async getUserByName(name: string): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT id, name, created_at FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return row && userOf(row);
  }

  async getUserByToken(token: string): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT u.id, u.name, u.created_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?').get(tokenHash(token)) as
      | UserRow
      | undefined;
    return row && userOf(row);
  }

  async issueToken(userId: string): Promise<IssuedToken> {
    const token = newToken();
    const user = this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, name, created_at FROM users WHERE id = ?').get(userId) as UserRow | undefined;
      if (!row) throw new StorageError('not-found', `no user ${userId}`);
      this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(userId);
      this.db.prepare('INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)').run(tokenHash(token), userId, this.timestamp());
      return userOf(row);
    })();
    return { user, token };
  }

  async addMember(workspaceId: string, userId: string): Promise<void> {
    this.db.transaction(() => {
      this.requireWorkspace(workspaceId);
      this.insertMember(workspaceId, userId);
    })();
  }

  async memberWorkspaces(userId: string): Promise<string[]> {
    const rows = this.db.prepare('SELECT workspace_id FROM workspace_members WHERE user_id = ? ORDER BY workspace_id').all(userId) as {
      workspace_id: string;
    }[];
    return rows.map((row) => row.workspace_id);
  }

  async listScenarios(workspaceId: string): Promise<ScenarioSummary[]> {
    this.requireWorkspace(workspaceId);
    const rows = this.db
      .prepare(
        `SELECT s.*, v.title, v.author, v.scenario_json FROM scenarios s
         JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.head_version
         WHERE s.workspace_id = ? ORDER BY s.updated_at DESC, s.rowid DESC`,
      )
      .all(workspaceId) as (ScenarioRow & { title: string; author: string; scenario_json: string })[];
    return rows.map((row) => summaryOf(row, row.title, row.author, (JSON.parse(row.scenario_json) as Scenario).id));
  }

  async createScenario(workspaceId: string, input: NewScenario): Promise<StoredScenario> {
    const id = this.newId();
    this.db.transaction(() => {
      this.requireWorkspace(workspaceId);
      const at = this.timestamp();
      this.db.prepare('INSERT INTO scenarios (id, workspace_id, head_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(id, workspaceId, at, at);
      const texts = keepSourceTexts(input.scenario, input.texts ?? {});
      this.insertVersion(
        id,
        1,
        { scenario: input.scenario, texts },
        input.author,
        input.summary ?? describeChanges(undefined, { scenario: input.scenario, texts }),
        at,
        null,
      );
    })();
    return (await this.getScenario(id))!;
  }

  async getScenario(id: string, version?: number): Promise<StoredScenario | undefined> {
    const scenario = this.db.prepare('SELECT * FROM scenarios WHERE id = ?').get(id) as ScenarioRow | undefined;
    if (!scenario) return undefined;
    const shown = this.versionRow(id, version ?? scenario.head_version);
    if (!shown) return undefined;
    const head = version === undefined || version === scenario.head_version ? shown : this.versionRow(id, scenario.head_version)!;
    const document = this.documentOf(shown);
    return { ...summaryOf(scenario, head.title, head.author, (JSON.parse(head.scenario_json) as Scenario).id), document, shown: versionOf(shown) };
  }

  async saveScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario> {
    this.db.transaction(() => {
      const head = this.requireHead(id, update.baseVersion);
      const previous = this.documentOf(head);
      const texts: Record<string, string> = { ...previous.texts };
      for (const [source, text] of Object.entries(update.texts ?? {})) {
        if (text === null) delete texts[source];
        else texts[source] = text;
      }
      const document = { scenario: update.scenario, texts: keepSourceTexts(update.scenario, texts) };
      const candidate = update.coalesceSeconds === undefined ? undefined : this.coalesceCandidate(id, head, previous);
      if (candidate && coalesces(update, document, candidate, this.now())) {
        this.replaceHead(id, head.version, document, describeChanges(candidate.previous, document));
      } else {
        this.appendVersion(id, head.version + 1, document, update.author, update.summary ?? describeChanges(previous, document), null);
      }
    })();
    return (await this.getScenario(id))!;
  }

  async listVersions(id: string): Promise<VersionRecord[] | undefined> {
    if (!this.db.prepare('SELECT 1 FROM scenarios WHERE id = ?').get(id)) return undefined;
    const rows = this.db.prepare('SELECT * FROM scenario_versions WHERE scenario_id = ? ORDER BY version DESC').all(id) as VersionRow[];
    return rows.map(versionOf);
  }

  async restoreVersion(id: string, restore: Restore): Promise<StoredScenario> {
    this.db.transaction(() => {
      const head = this.requireHead(id, restore.baseVersion);
      const target = this.versionRow(id, restore.version);
      if (!target) throw new StorageError('not-found', `scenario ${id} has no version ${restore.version}`);
      const document = this.documentOf(target);
      const changes = describeChanges(this.documentOf(head), document);
      const summary = `restored version ${restore.version}${changes === 'no change' ? '' : ` (${changes})`}`;
      this.appendVersion(id, head.version + 1, document, restore.author, summary, restore.version);
    })();
    return (await this.getScenario(id))!;
  }

  async deleteScenario(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM scenarios WHERE id = ?').run(id).changes > 0;
  }

  async recordRun(run: NewRun): Promise<RunRecord> {
    const { outputs, ...rest } = run;
    const { outputsJson: _kept, ...record } = await this.recordRunJson({ ...rest, outputsJson: JSON.stringify(outputs ?? null) });
    return { ...record, outputs };
  }

  async recordRunJson(run: NewRunJson): Promise<RunRecordJson> {
    // The writer thread checks the version in the insert's transaction; here, before an id is made.
    if (!this.writer && !this.versionRow(run.scenario, run.version))
      throw new StorageError('not-found', `scenario ${run.scenario} has no version ${run.version}`);
    const record: RunRecordJson = {
      id: this.newId(),
      scenario: run.scenario,
      version: run.version,
      kind: run.kind,
      models: run.models,
      variant: run.variant,
      inputsHash: run.inputsHash,
      seed: run.seed,
      author: run.author,
      createdAt: this.timestamp(),
      request: run.request,
      outputsJson: run.outputsJson,
    };
    const values = runRowValues(record);
    if (this.writer) {
      await this.writer.insertRun(values);
      return record;
    }
    this.db.prepare(`INSERT INTO runs (${runInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...values);
    return record;
  }

  async listRuns(scenario: string): Promise<RunSummary[] | undefined> {
    if (!this.db.prepare('SELECT 1 FROM scenarios WHERE id = ?').get(scenario)) return undefined;
    const rows = this.db
      .prepare(
        `SELECT id, scenario_id, version, kind, models_json, variant, inputs_hash, seed, author, created_at
         FROM runs WHERE scenario_id = ? ORDER BY created_at DESC, rowid DESC`,
      )
      .all(scenario) as RunRow[];
    return rows.map(runSummaryOf);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) return undefined;
    return { ...runSummaryOf(row), request: JSON.parse(row.request_json ?? 'null'), outputs: JSON.parse(row.outputs_json ?? 'null') };
  }

  async appendLedgerEntry(workspaceId: string, entry: NewLedgerEntry): Promise<LedgerEntry> {
    // IMMEDIATE takes the write lock before the head is read, so two processes appending at
    // once take turns (the second waits up to busy_timeout) rather than both extending one head.
    const append = this.db.transaction(() => {
      this.requireWorkspace(workspaceId);
      const last = this.db.prepare('SELECT seq, hash FROM ledger_entries WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1').get(workspaceId) as
        | { seq: number; hash: string }
        | undefined;
      const head = last === undefined ? null : { seq: last.seq, hash: last.hash };
      checkLedgerHead(entry.after, head);
      const linked = linkEntry(head, ledgerFields(workspaceId, entry, this.timestamp()));
      this.db.prepare(`INSERT INTO ledger_entries (${ledgerInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...ledgerRowValues(linked));
      return linked;
    });
    return append.immediate();
  }

  async listLedgerEntries(workspaceId: string): Promise<StoredLedgerEntry[]> {
    this.requireWorkspace(workspaceId);
    const rows = this.db.prepare('SELECT seq, entry_json FROM ledger_entries WHERE workspace_id = ? ORDER BY seq').all(workspaceId) as {
      seq: number;
      entry_json: string;
    }[];
    return rows.map((row) => ({ seq: row.seq, json: row.entry_json }));
  }

  async close(): Promise<void> {
    await this.writer?.close();
    if (this.db.open) this.db.close();
  }

  // -------------------------------------------------------------------------------------

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** Adds a member row (no change when there is one); `not-found` for an unknown user. Call inside a transaction. */
  private insertMember(workspaceId: string, userId: string): void {
    if (!this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId)) throw new StorageError('not-found', `no user ${userId}`);
    this.db.prepare('INSERT OR IGNORE INTO workspace_members (workspace_id, user_id) VALUES (?, ?)').run(workspaceId, userId);
  }

  private requireWorkspace(id: string): void {
    if (!this.db.prepare('SELECT 1 FROM workspaces WHERE id = ?').get(id)) throw new StorageError('not-found', `no workspace ${id}`);
  }

  /** The newest version's row; `conflict` when the caller edited an older one. Call inside a transaction. */
  private requireHead(id: string, baseVersion: number | undefined): VersionRow {
    const scenario = this.db.prepare('SELECT head_version FROM scenarios WHERE id = ?').get(id) as { head_version: number } | undefined;
    if (!scenario) throw new StorageError('not-found', `no scenario ${id}`);
    const head = this.versionRow(id, scenario.head_version)!;
    if (baseVersion !== undefined && baseVersion !== head.version) {
      throw new StorageError('conflict', `version ${baseVersion} is no longer the newest: ${head.author} saved version ${head.version} at ${head.created_at}`);
    }
    return head;
  }

  private versionRow(id: string, version: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM scenario_versions WHERE scenario_id = ? AND version = ?').get(id, version) as VersionRow | undefined;
  }

  private documentOf(row: VersionRow): ScenarioDocument {
    const hashes = JSON.parse(row.texts_json) as Record<string, string>;
    const read = this.db.prepare('SELECT content FROM texts WHERE hash = ?');
    const texts: Record<string, string> = {};
    for (const [source, hash] of Object.entries(hashes)) {
      const text = read.get(hash) as { content: string } | undefined;
      if (text) texts[source] = text.content;
    }
    return { scenario: JSON.parse(row.scenario_json) as Scenario, texts };
  }

  /** Stores the document's texts (each content once) and answers their hashes by source. Call inside a transaction. */
  private keepTexts(document: ScenarioDocument): Record<string, string> {
    const hashes: Record<string, string> = {};
    const keep = this.db.prepare('INSERT OR IGNORE INTO texts (hash, content) VALUES (?, ?)');
    for (const [source, text] of Object.entries(document.texts)) {
      hashes[source] = textHash(text);
      keep.run(hashes[source], text);
    }
    return hashes;
  }

  /** Writes the texts and the version row. Call inside a transaction. */
  private insertVersion(
    id: string,
    version: number,
    document: ScenarioDocument,
    author: string,
    summary: string,
    at: string,
    restoredFrom: number | null,
  ): void {
    const hashes = this.keepTexts(document);
    this.db
      .prepare(
        `INSERT INTO scenario_versions (scenario_id, version, author, summary, created_at, restored_from, title, scenario_json, texts_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, version, author, summary, at, restoredFrom, document.scenario.title, JSON.stringify(document.scenario), JSON.stringify(hashes));
  }

  /** A new newest version: the version row, then the scenario's head. Call inside a transaction. */
  /** The newest version with what `coalesces` needs to know of it. Call inside a transaction. */
  private coalesceCandidate(id: string, head: VersionRow, document: ScenarioDocument): CoalesceCandidate {
    const before = head.version > 1 ? this.versionRow(id, head.version - 1) : undefined;
    const hasRuns = this.db.prepare('SELECT 1 FROM runs WHERE scenario_id = ? AND version = ? LIMIT 1').get(id, head.version) !== undefined;
    return { ...versionOf(head), document, previous: before && this.documentOf(before), hasRuns };
  }

  /** Writes a coalesced save over the newest version (its number and author stay). Call inside a transaction. */
  private replaceHead(id: string, version: number, document: ScenarioDocument, summary: string): void {
    const at = this.timestamp();
    const hashes = this.keepTexts(document);
    this.db
      .prepare('UPDATE scenario_versions SET summary = ?, created_at = ?, title = ?, scenario_json = ?, texts_json = ? WHERE scenario_id = ? AND version = ?')
      .run(summary, at, document.scenario.title, JSON.stringify(document.scenario), JSON.stringify(hashes), id, version);
    this.db.prepare('UPDATE scenarios SET updated_at = ? WHERE id = ?').run(at, id);
  }

  private appendVersion(id: string, version: number, document: ScenarioDocument, author: string, summary: string, restoredFrom: number | null): void {
    const at = this.timestamp();
    this.insertVersion(id, version, document, author, summary, at, restoredFrom);
    this.db.prepare('UPDATE scenarios SET head_version = ?, updated_at = ? WHERE id = ?').run(version, at, id);
  }
}

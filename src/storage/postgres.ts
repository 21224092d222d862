/**
 * Storage on a PostgreSQL server, for a team sharing one workspace (`pg`, a pool of
 * connections). It answers exactly what the SQLite storage answers: same records (times are
 * ISO text, integers are numbers), same order, same errors. See `storage.ts` for the contract.
 *
 * Every write is one transaction on one pooled connection. A save locks its scenario's row
 * (`FOR UPDATE`) before reading the newest version, so of two saves made to the same version
 * at once, the second waits for the first and then answers `conflict`. Reads of more than one
 * statement run in one read-only snapshot, so they never mix two saves.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { maskPassword } from './target.js';
import type { Scenario } from '../core/scenario.js';
import { coalesces, type CoalesceCandidate } from './coalesce.js';
import { describeChanges } from './describe-changes.js';
import { newToken, textHash, tokenHash } from './hash.js';
import { migratePostgres } from './migrations.js';
import { linkEntry, type LedgerEntry } from '../core/ledger/entry.js';
import {
  checkLedgerHead,
  keepSourceTexts,
  ledgerFields,
  ledgerInsertColumns,
  ledgerRowValues,
  runInsertColumns,
  runRowValues,
  runSummaryOf,
  summaryOf,
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

/** Re-exported where it always lived; it is defined with the other target text in `target.ts`. */
export { maskPassword };

export interface PostgresOptions {
  /** A `postgres://` or `postgresql://` URL. */
  url: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Makes ids; default random UUIDs. */
  newId?: () => string;
}

/** A pooled connection or the pool itself (one statement on any free connection). */
type Queryable = pg.Pool | pg.PoolClient;

/**
 * BIGINT columns (seeds, versions, counts) come back as numbers, as SQLite's do. `pg` gives
 * them as text because not every 64-bit integer is a JavaScript number; one that is not is
 * an error rather than a silently different number.
 */
const int8AsNumber = new pg.TypeOverrides();
int8AsNumber.setTypeParser(pg.types.builtins.INT8, (text: string) => {
  const value = Number(text);
  if (String(value) !== text) throw new Error(`${text} does not fit a JavaScript number`);
  return value;
});

/** Error codes of a server or network that cannot be reached at all (as opposed to a refused login). */
const networkErrors = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** SQL's binary order, as SQLite sorts text; a server's own collation may sort `Zoe` after `ana`. */
const binary = 'COLLATE "C"';

/**
 * Opens (migrating when needed) a PostgreSQL storage. A server that cannot be reached, or
 * refuses the connection, is a `StorageError` with code `unreachable` naming the URL with its
 * password masked.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  let pool: pg.Pool | undefined;
  let client: pg.PoolClient;
  try {
    pool = new pg.Pool({ connectionString: options.url, types: int8AsNumber, connectionTimeoutMillis: 10_000 });
    // A connection that drops while idle is removed by the pool and replaced on the next
    // query; without a listener, the pool's 'error' event would end the process.
    pool.on('error', () => undefined);
    client = await pool.connect();
  } catch (error) {
    await pool?.end().catch(() => undefined);
    throw unreachable(options.url, error);
  }
  try {
    await migratePostgres(client);
    client.release();
  } catch (error) {
    client.release(true);
    await pool.end();
    throw error;
  }
  return new PostgresStorage(pool, options.now ?? (() => new Date()), options.newId ?? randomUUID);
}

/** The one-line error for a server Parley cannot connect to, with its cause. */
function unreachable(url: string, error: unknown): StorageError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const network = typeof code === 'string' && networkErrors.has(code);
  const timedOut = error instanceof Error && /timeout/i.test(error.message);
  const hint = network || timedOut ? ' (is the server running? see README "Working as a team / at scale")' : '';
  return new StorageError('unreachable', `cannot reach PostgreSQL at ${maskPassword(url)}: ${causeOf(error)}${hint}`);
}

/**
 * An error's message on one line. Connecting to a name with several addresses (`localhost`:
 * ::1 and 127.0.0.1) fails with an AggregateError whose own message is empty; its parts say why.
 */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = error instanceof AggregateError ? error.errors.map((part: unknown) => (part instanceof Error ? part.message : String(part))) : [];
  const message = error.message || [...new Set(parts)].join('; ') || String((error as { code?: unknown }).code ?? error.name);
  return message.replace(/\s*\n\s*/g, ' ');
}

export class PostgresStorage implements Storage {
  private closed = false;

  constructor(
    /** The connection pool; exposed for tests and maintenance, not for other layers. */
    readonly pool: pg.Pool,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  async listWorkspaces(): Promise<WorkspaceRecord[]> {
    const { rows } = await this.pool.query<WorkspaceRow>(`SELECT id, name, created_at FROM workspaces ORDER BY created_at ${binary}, seq`);
    return rows.map(workspaceOf);
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    const row = await first<WorkspaceRow>(this.pool, 'SELECT id, name, created_at FROM workspaces WHERE id = $1', [id]);
    return row && workspaceOf(row);
  }

  async createWorkspace(name: string, members: string[] = []): Promise<WorkspaceRecord> {
    const record = { id: this.newId(), name, createdAt: this.timestamp() };
    await this.transaction(async (client) => {
      await client.query('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [record.id, record.name, record.createdAt]);
      for (const user of members) await insertMember(client, record.id, user);
    });
    return record;
  }

  async createUser(name: string): Promise<IssuedToken> {
    const user: UserRecord = { id: this.newId(), name, createdAt: this.timestamp() };
    const token = newToken();
    await this.transaction(async (client) => {
      // ON CONFLICT rather than a look first: of two people taking a name at once, one gets `conflict`, not a duplicate-key error.
      const inserted = await client.query('INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
        user.id,
        user.name,
        user.createdAt,
      ]);
      if (inserted.rowCount === 0) throw new StorageError('conflict', `there is already a user named ${name}`);
      await client.query('INSERT INTO tokens (hash, user_id, created_at) VALUES ($1, $2, $3)', [tokenHash(token), user.id, user.createdAt]);
    });
    return { user, token };
  }

  async listUsers(): Promise<UserSummary[]> {
    return this.read(async (client) => {
      const users = await client.query<UserRow>(`SELECT id, name, created_at FROM users ORDER BY name ${binary}`);
      const members = await client.query<{ user_id: string; workspace_id: string }>(
        `SELECT user_id, workspace_id FROM workspace_members ORDER BY workspace_id ${binary}`,
      );
      return users.rows.map((row) => ({
        ...userOf(row),
        workspaces: members.rows.filter((member) => member.user_id === row.id).map((member) => member.workspace_id),
      }));
    });
  }

  async getUserByName(name: string): Promise<UserRecord | undefined> {
    const row = await first<UserRow>(this.pool, 'SELECT id, name, created_at FROM users WHERE name = $1', [name]);
    return row && userOf(row);
  }

  async getUserByToken(token: string): Promise<UserRecord | undefined> {
    const row = await first<UserRow>(this.pool, 'SELECT u.id, u.name, u.created_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1', [
      tokenHash(token),
    ]);
    return row && userOf(row);
  }

  async issueToken(userId: string): Promise<IssuedToken> {
    const token = newToken();
    const user = await this.transaction(async (client) => {
      // Locked so that of two renewals at once, the second revokes the first's token.
      const row = await first<UserRow>(client, 'SELECT id, name, created_at FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (!row) throw new StorageError('not-found', `no user ${userId}`);
      await client.query('DELETE FROM tokens WHERE user_id = $1', [userId]);
      await client.query('INSERT INTO tokens (hash, user_id, created_at) VALUES ($1, $2, $3)', [tokenHash(token), userId, this.timestamp()]);
      return userOf(row);
    });
    return { user, token };
  }

  async addMember(workspaceId: string, userId: string): Promise<void> {
    await this.transaction(async (client) => {
      await requireWorkspace(client, workspaceId);
      await insertMember(client, workspaceId, userId);
    });
  }

  async memberWorkspaces(userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ workspace_id: string }>(
      `SELECT workspace_id FROM workspace_members WHERE user_id = $1 ORDER BY workspace_id ${binary}`,
      [userId],
    );
    return rows.map((row) => row.workspace_id);
  }

  async listScenarios(workspaceId: string): Promise<ScenarioSummary[]> {
    return this.read(async (client) => {
      await requireWorkspace(client, workspaceId);
      const { rows } = await client.query<ScenarioRow & { title: string; author: string; scenario_json: string }>(
        `SELECT s.id, s.workspace_id, s.head_version, s.created_at, s.updated_at, v.title, v.author, v.scenario_json FROM scenarios s
         JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.head_version
         WHERE s.workspace_id = $1 ORDER BY s.updated_at ${binary} DESC, s.seq DESC`,
        [workspaceId],
      );
      return rows.map((row) => summaryOf(row, row.title, row.author, (JSON.parse(row.scenario_json) as Scenario).id));
    });
  }

  async createScenario(workspaceId: string, input: NewScenario): Promise<StoredScenario> {
    const id = this.newId();
    return this.transaction(async (client) => {
      await requireWorkspace(client, workspaceId);
      const at = this.timestamp();
      await client.query('INSERT INTO scenarios (id, workspace_id, head_version, created_at, updated_at) VALUES ($1, $2, 1, $3, $4)', [
        id,
        workspaceId,
        at,
        at,
      ]);
      const texts = keepSourceTexts(input.scenario, input.texts ?? {});
      const document = { scenario: input.scenario, texts };
      await insertVersion(client, id, 1, document, input.author, input.summary ?? describeChanges(undefined, document), at, null);
      return (await scenarioOn(client, id))!;
    });
  }

  async getScenario(id: string, version?: number): Promise<StoredScenario | undefined> {
    return this.read((client) => scenarioOn(client, id, version));
  }

  async saveScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario> {
    return this.transaction(async (client) => {
      const head = await requireHead(client, id, update.baseVersion);
      const previous = await documentOf(client, head);
      const texts: Record<string, string> = { ...previous.texts };
      for (const [source, text] of Object.entries(update.texts ?? {})) {
        if (text === null) delete texts[source];
        else texts[source] = text;
      }
      const document = { scenario: update.scenario, texts: keepSourceTexts(update.scenario, texts) };
      const candidate = update.coalesceSeconds === undefined ? undefined : await coalesceCandidate(client, id, head, previous);
      if (candidate && coalesces(update, document, candidate, this.now())) {
        await this.replaceHead(client, id, head.version, document, describeChanges(candidate.previous, document));
      } else {
        await this.appendVersion(client, id, head.version + 1, document, update.author, update.summary ?? describeChanges(previous, document), null);
      }
      return (await scenarioOn(client, id))!;
    });
  }

  async listVersions(id: string): Promise<VersionRecord[] | undefined> {
    return this.read(async (client) => {
      if (!(await first(client, 'SELECT 1 FROM scenarios WHERE id = $1', [id]))) return undefined;
      const { rows } = await client.query<VersionRow>('SELECT * FROM scenario_versions WHERE scenario_id = $1 ORDER BY version DESC', [id]);
      return rows.map(versionOf);
    });
  }

  async restoreVersion(id: string, restore: Restore): Promise<StoredScenario> {
    return this.transaction(async (client) => {
      const head = await requireHead(client, id, restore.baseVersion);
      const target = await versionRow(client, id, restore.version);
      if (!target) throw new StorageError('not-found', `scenario ${id} has no version ${restore.version}`);
      const document = await documentOf(client, target);
      const changes = describeChanges(await documentOf(client, head), document);
      const summary = `restored version ${restore.version}${changes === 'no change' ? '' : ` (${changes})`}`;
      await this.appendVersion(client, id, head.version + 1, document, restore.author, summary, restore.version);
      return (await scenarioOn(client, id))!;
    });
  }

  async deleteScenario(id: string): Promise<boolean> {
    const deleted = await this.pool.query('DELETE FROM scenarios WHERE id = $1', [id]);
    return (deleted.rowCount ?? 0) > 0;
  }

  async recordRun(run: NewRun): Promise<RunRecord> {
    const { outputs, ...rest } = run;
    const { outputsJson: _kept, ...record } = await this.recordRunJson({ ...rest, outputsJson: JSON.stringify(outputs ?? null) });
    return { ...record, outputs };
  }

  async recordRunJson(run: NewRunJson): Promise<RunRecordJson> {
    return this.transaction(async (client) => {
      // Locked against a delete of the scenario between the look and the insert.
      const found = await first(client, 'SELECT 1 FROM scenario_versions WHERE scenario_id = $1 AND version = $2 FOR KEY SHARE', [run.scenario, run.version]);
      if (!found) throw new StorageError('not-found', `scenario ${run.scenario} has no version ${run.version}`);
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
      await client.query(
        `INSERT INTO runs (${runInsertColumns})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        runRowValues(record),
      );
      return record;
    });
  }

  async listRuns(scenario: string): Promise<RunSummary[] | undefined> {
    return this.read(async (client) => {
      if (!(await first(client, 'SELECT 1 FROM scenarios WHERE id = $1', [scenario]))) return undefined;
      const { rows } = await client.query<RunRow>(
        `SELECT id, scenario_id, version, kind, models_json, variant, inputs_hash, seed, author, created_at
         FROM runs WHERE scenario_id = $1 ORDER BY created_at ${binary} DESC, seq DESC`,
        [scenario],
      );
      return rows.map(runSummaryOf);
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = await first<RunRow>(this.pool, 'SELECT * FROM runs WHERE id = $1', [id]);
    if (!row) return undefined;
    return { ...runSummaryOf(row), request: JSON.parse(row.request_json ?? 'null'), outputs: JSON.parse(row.outputs_json ?? 'null') };
  }

  async appendLedgerEntry(workspaceId: string, entry: NewLedgerEntry): Promise<LedgerEntry> {
    return this.transaction(async (client) => {
      await requireWorkspace(client, workspaceId);
      // One appender per workspace at a time: the lock is held to the end of the transaction,
      // and the head is read after taking it. The primary key (workspace, seq) and the unique
      // (workspace, previous) refuse a fork even without it.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('parley-ledger:' || $1, 0))", [workspaceId]);
      const last = await first<{ seq: number; hash: string }>(
        client,
        'SELECT seq, hash FROM ledger_entries WHERE workspace_id = $1 ORDER BY seq DESC LIMIT 1',
        [workspaceId],
      );
      const head = last === undefined ? null : { seq: last.seq, hash: last.hash };
      checkLedgerHead(entry.after, head);
      const linked = linkEntry(head, ledgerFields(workspaceId, entry, this.timestamp()));
      await client.query(`INSERT INTO ledger_entries (${ledgerInsertColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, ledgerRowValues(linked));
      return linked;
    });
  }

  async listLedgerEntries(workspaceId: string): Promise<StoredLedgerEntry[]> {
    return this.read(async (client) => {
      await requireWorkspace(client, workspaceId);
      const { rows } = await client.query<{ seq: number; entry_json: string }>(
        'SELECT seq, entry_json FROM ledger_entries WHERE workspace_id = $1 ORDER BY seq',
        [workspaceId],
      );
      return rows.map((row) => ({ seq: row.seq, json: row.entry_json }));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // -------------------------------------------------------------------------------------

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** Runs `work` in one transaction on one connection: committed whole, or rolled back on any error. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped rather than handed to the next caller.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Runs reads of more than one statement in one snapshot, so they see one state of the data. */
  private read<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  /** Writes a coalesced save over the newest version (its number and author stay). Call inside a transaction. */
  private async replaceHead(client: pg.PoolClient, id: string, version: number, document: ScenarioDocument, summary: string): Promise<void> {
    const at = this.timestamp();
    const hashes = await keepTexts(client, document);
    await client.query(
      'UPDATE scenario_versions SET summary = $1, created_at = $2, title = $3, scenario_json = $4, texts_json = $5 WHERE scenario_id = $6 AND version = $7',
      [summary, at, document.scenario.title, JSON.stringify(document.scenario), JSON.stringify(hashes), id, version],
    );
    await client.query('UPDATE scenarios SET updated_at = $1 WHERE id = $2', [at, id]);
  }

  /** A new newest version: the version row, then the scenario's head. Call inside a transaction. */
  private async appendVersion(
    client: pg.PoolClient,
    id: string,
    version: number,
    document: ScenarioDocument,
    author: string,
    summary: string,
    restoredFrom: number | null,
  ): Promise<void> {
    const at = this.timestamp();
    await insertVersion(client, id, version, document, author, summary, at, restoredFrom);
    await client.query('UPDATE scenarios SET head_version = $1, updated_at = $2 WHERE id = $3', [version, at, id]);
  }
}

async function first<Row extends pg.QueryResultRow>(db: Queryable, sql: string, values: unknown[]): Promise<Row | undefined> {
  return (await db.query<Row>(sql, values)).rows[0];
}

/** Adds a member row (no change when there is one); `not-found` for an unknown user. Call inside a transaction. */
async function insertMember(client: pg.PoolClient, workspaceId: string, userId: string): Promise<void> {
  if (!(await first(client, 'SELECT 1 FROM users WHERE id = $1', [userId]))) throw new StorageError('not-found', `no user ${userId}`);
  await client.query('INSERT INTO workspace_members (workspace_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workspaceId, userId]);
}

async function requireWorkspace(client: pg.PoolClient, id: string): Promise<void> {
  if (!(await first(client, 'SELECT 1 FROM workspaces WHERE id = $1', [id]))) throw new StorageError('not-found', `no workspace ${id}`);
}

/**
 * The newest version's row, with the scenario's row locked until the transaction ends;
 * `conflict` when the caller edited an older one. Call inside a transaction.
 */
async function requireHead(client: pg.PoolClient, id: string, baseVersion: number | undefined): Promise<VersionRow> {
  const scenario = await first<{ head_version: number }>(client, 'SELECT head_version FROM scenarios WHERE id = $1 FOR UPDATE', [id]);
  if (!scenario) throw new StorageError('not-found', `no scenario ${id}`);
  const head = (await versionRow(client, id, scenario.head_version))!;
  if (baseVersion !== undefined && baseVersion !== head.version) {
    throw new StorageError('conflict', `version ${baseVersion} is no longer the newest: ${head.author} saved version ${head.version} at ${head.created_at}`);
  }
  return head;
}

function versionRow(client: pg.PoolClient, id: string, version: number): Promise<VersionRow | undefined> {
  return first<VersionRow>(client, 'SELECT * FROM scenario_versions WHERE scenario_id = $1 AND version = $2', [id, version]);
}

/** A scenario as `getScenario` answers it: the newest version, or the one asked for. */
async function scenarioOn(client: pg.PoolClient, id: string, version?: number): Promise<StoredScenario | undefined> {
  const scenario = await first<ScenarioRow>(client, 'SELECT id, workspace_id, head_version, created_at, updated_at FROM scenarios WHERE id = $1', [id]);
  if (!scenario) return undefined;
  const shown = await versionRow(client, id, version ?? scenario.head_version);
  if (!shown) return undefined;
  const head = version === undefined || version === scenario.head_version ? shown : (await versionRow(client, id, scenario.head_version))!;
  const document = await documentOf(client, shown);
  return { ...summaryOf(scenario, head.title, head.author, (JSON.parse(head.scenario_json) as Scenario).id), document, shown: versionOf(shown) };
}

async function documentOf(client: pg.PoolClient, row: VersionRow): Promise<ScenarioDocument> {
  const hashes = JSON.parse(row.texts_json) as Record<string, string>;
  const { rows } = await client.query<{ hash: string; content: string }>('SELECT hash, content FROM texts WHERE hash = ANY($1)', [Object.values(hashes)]);
  const contents = new Map(rows.map((text) => [text.hash, text.content]));
  const texts: Record<string, string> = {};
  for (const [source, hash] of Object.entries(hashes)) {
    const content = contents.get(hash);
    if (content !== undefined) texts[source] = content;
  }
  return { scenario: JSON.parse(row.scenario_json) as Scenario, texts };
}

/** Stores the document's texts (each content once) and answers their hashes by source. Call inside a transaction. */
async function keepTexts(client: pg.PoolClient, document: ScenarioDocument): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const [source, text] of Object.entries(document.texts)) {
    hashes[source] = textHash(text);
    await client.query('INSERT INTO texts (hash, content) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hashes[source], text]);
  }
  return hashes;
}

/** The newest version with what `coalesces` needs to know of it. Call inside a transaction. */
async function coalesceCandidate(client: pg.PoolClient, id: string, head: VersionRow, document: ScenarioDocument): Promise<CoalesceCandidate> {
  const before = head.version > 1 ? await versionRow(client, id, head.version - 1) : undefined;
  const hasRuns = (await first(client, 'SELECT 1 FROM runs WHERE scenario_id = $1 AND version = $2 LIMIT 1', [id, head.version])) !== undefined;
  return { ...versionOf(head), document, previous: before && (await documentOf(client, before)), hasRuns };
}

/** Writes the texts (each content once) and the version row. Call inside a transaction. */
async function insertVersion(
  client: pg.PoolClient,
  id: string,
  version: number,
  document: ScenarioDocument,
  author: string,
  summary: string,
  at: string,
  restoredFrom: number | null,
): Promise<void> {
  const hashes = await keepTexts(client, document);
  await client.query(
    `INSERT INTO scenario_versions (scenario_id, version, author, summary, created_at, restored_from, title, scenario_json, texts_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, version, author, summary, at, restoredFrom, document.scenario.title, JSON.stringify(document.scenario), JSON.stringify(hashes)],
  );
}

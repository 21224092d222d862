import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/services/postgres.js';
import { migratePostgres, schemaVersion } from './migrations.js';
import { describeTarget, openStorage } from './open.js';
import { maskPassword, openPostgresStorage, PostgresStorage } from './postgres.js';
import { describeLedgerStorage } from './ledger-contract.js';
import { budget, describeStorage, rejection } from './storage-contract.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => server?.stop());

describeStorage('PostgreSQL storage', async (now) => {
  const storage = await openPostgresStorage({ url: await server.newDatabase(), now });
  return {
    storage,
    rows: async (sql) => (await storage.pool.query(sql)).rows,
    failWritesTo: async (table, event) => {
      await storage.pool.query(`
        CREATE FUNCTION fail_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error (simulated)'; END $$;
        CREATE TRIGGER fail_write BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_write();
      `);
    },
    allowWrites: async () => {
      await storage.pool.query('DROP FUNCTION fail_write CASCADE');
    },
  };
});

describeLedgerStorage('PostgreSQL storage', async (now) => {
  const storage = await openPostgresStorage({ url: await server.newDatabase(), now });
  return {
    storage,
    exec: async (sql) => {
      await storage.pool.query(sql);
    },
    dropLedgerTriggers: async () => {
      await storage.pool.query('DROP TRIGGER ledger_entries_no_update_or_delete ON ledger_entries; DROP TRIGGER ledger_entries_no_truncate ON ledger_entries');
    },
  };
});

/** A port on 127.0.0.1 where nothing listens. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('PostgreSQL at the same time', () => {
  it('gives all but one of many saves made to the same version a conflict', async () => {
    const storage = await openPostgresStorage({ url: await server.newDatabase() });
    try {
      const { id } = await storage.createScenario((await storage.createWorkspace('Team')).id, { scenario: budget(), author: 'ana' });
      const outcomes = await Promise.allSettled(
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((salience, index) =>
          storage.saveScenario(id, { baseVersion: 1, scenario: budget(salience), texts: { minutes: `text ${index}` }, author: `user${index}` }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect((outcome.reason as { code?: unknown }).code).toBe('conflict');
      }
      expect((await storage.listVersions(id))!.map((version) => version.version)).toEqual([2, 1]);
      // Texts of the refused saves were rolled back with them.
      expect((await storage.pool.query('SELECT count(*) AS n FROM texts')).rows).toEqual([{ n: 1 }]);
    } finally {
      await storage.close();
    }
  });

  it('opens a new database from several servers at once, applying each migration once', async () => {
    const url = await server.newDatabase();
    const storages = await Promise.all([1, 2, 3, 4].map(() => openPostgresStorage({ url })));
    try {
      const applied = await storages[0]!.pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(applied.rows.map((row: { version: number }) => row.version)).toEqual(Array.from({ length: schemaVersion }, (_, index) => index + 1));
      const space = await storages[1]!.createWorkspace('Shared');
      expect(await storages[3]!.getWorkspace(space.id)).toEqual(space);
    } finally {
      await Promise.all(storages.map((storage) => storage.close()));
    }
  });
});

describe('PostgreSQL schema', () => {
  it('migrates once and keeps data across openings', async () => {
    const url = await server.newDatabase();
    const first = await openPostgresStorage({ url });
    const space = await first.createWorkspace('Mine');
    await first.createScenario(space.id, { scenario: budget(), author: 'ana' });
    await first.close();
    const second = await openPostgresStorage({ url });
    try {
      expect((await second.listScenarios(space.id)).length).toBe(1);
      const client = await second.pool.connect();
      try {
        expect(await migratePostgres(client)).toEqual([]);
      } finally {
        client.release();
      }
    } finally {
      await second.close();
    }
  });

  it('refuses a database made by a newer Parley', async () => {
    const url = await server.newDatabase();
    const storage = await openPostgresStorage({ url });
    await storage.pool.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [schemaVersion + 1, 'future', 'x']);
    await storage.close();
    const error = await rejection(openPostgresStorage({ url }));
    expect(error.code).toBe('newer-schema');
    expect(error.message).toMatch(/newer than this Parley knows/);
  });

  it('keeps seeds and versions in 64 bits', async () => {
    const storage = await openPostgresStorage({ url: await server.newDatabase() });
    try {
      const { rows } = await storage.pool.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE column_name IN ('seed', 'version', 'head_version', 'restored_from') AND table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { table_name: 'runs', column_name: 'seed', data_type: 'bigint' },
        { table_name: 'runs', column_name: 'version', data_type: 'bigint' },
        { table_name: 'scenario_versions', column_name: 'restored_from', data_type: 'bigint' },
        { table_name: 'scenario_versions', column_name: 'version', data_type: 'bigint' },
        { table_name: 'scenarios', column_name: 'head_version', data_type: 'bigint' },
      ]);
    } finally {
      await storage.close();
    }
  });
});

describe('choosing PostgreSQL by URL', () => {
  it('opens PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    const url = await server.newDatabase();
    for (const target of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const storage = await openStorage(target);
      expect(storage).toBeInstanceOf(PostgresStorage);
      await storage.close();
    }
  });

  it('shows a URL with its password masked', () => {
    expect(describeTarget('postgres://parley:s3cret@db.example:5432/parley')).toBe('postgres://parley:***@db.example:5432/parley');
    expect(describeTarget('postgresql://parley:p%40ss@db/parley?sslmode=require')).toBe('postgresql://parley:***@db/parley?sslmode=require');
    expect(describeTarget('postgres://db/parley?user=parley&password=s3cret')).toBe('postgres://db/parley?user=parley&password=***');
    expect(describeTarget('postgres://parley@db/parley')).toBe('postgres://parley@db/parley');
    expect(maskPassword('postgres://parley:a:b@c/d@db/parley')).toBe('postgres://parley:***@db/parley');
    expect(maskPassword('postgres://db:5432/parley')).toBe('postgres://db:5432/parley');
  });

  it('says on one line which server cannot be reached and why, without the password', async () => {
    const port = await closedPort();
    const url = `postgres://parley:s3cret@localhost:${port}/parley`;
    for (const open of [() => openPostgresStorage({ url }), () => openStorage(url)]) {
      const error = await rejection(open());
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain(`cannot reach PostgreSQL at postgres://parley:***@localhost:${port}/parley: `);
      expect(error.message).toMatch(/ECONNREFUSED.*\(is the server running\? see README "Working as a team \/ at scale"\)$/);
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('\n');
    }
  });

  it('says why a server refuses the connection', async () => {
    const missing = new URL(server.url);
    missing.pathname = '/no_such_database';
    const error = await rejection(openPostgresStorage({ url: missing.toString() }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`cannot reach PostgreSQL at ${maskPassword(missing.toString())}: database "no_such_database" does not exist`);
  });
});

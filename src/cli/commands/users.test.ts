/**
 * `parley users` and a shared `parley serve` on PostgreSQL: tokens made on the command line
 * sign two users in at once, each seeing only their own workspace. Real servers: the
 * built executable, and a throwaway PostgreSQL cluster (`test/services/postgres.ts`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/services/postgres.js';
import type { ApiError, WorkspaceResponse, WorkspacesResponse } from '../../server/protocol.js';
import { openStorage } from '../../storage/open.js';
import { tokenHash } from '../../storage/hash.js';
import { runCli } from '../program.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

let postgres: TestPostgres;
let folder: string;
beforeAll(async () => {
  postgres = await startPostgres();
  folder = mkdtempSync(join(tmpdir(), 'parley-users-'));
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function parley(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: folder });
    return { code, stdout, stderr };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

for (const kind of ['SQLite', 'PostgreSQL'] as const) {
  describe(`parley users on ${kind}`, () => {
    let db: string;
    beforeAll(async () => {
      db = kind === 'SQLite' ? join(folder, `users-${Date.now()}.db`) : await postgres.newDatabase();
    });

    it('adds a user, prints the token once and keeps only its hash', async () => {
      const added = await parley(['users', 'add', 'ana', '--workspace', 'Treaty team', '--db', db]);
      expect(added.code, added.stderr).toBe(0);
      const token = added.stdout.trim();
      expect(token).toMatch(/^parley_[A-Za-z0-9_-]{43}$/);
      expect(added.stderr).toMatch(/created workspace "Treaty team"/);
      expect(added.stderr).toMatch(/added ana, a member of "Treaty team"/);
      expect(added.stderr).toMatch(/shown once/);
      expect(added.stderr).not.toContain(token);
      const storage = await openStorage(db);
      try {
        const user = await storage.getUserByToken(token);
        expect(user?.name).toBe('ana');
        const [workspace] = await storage.listWorkspaces();
        expect(await storage.memberWorkspaces(user!.id)).toEqual([workspace!.id]);
      } finally {
        await storage.close();
      }
      expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a taken name (exit 1) and a malformed one (exit 2)', async () => {
      const again = await parley(['users', 'add', 'ana', '--db', db]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already a user named ana/);
      expect(again.stdout).toBe('');
      const bad = await parley(['users', 'add', 'ana silva', '--db', db]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/user name "ana silva": use 1–80 letters, digits/);
    });

    it('replaces a token, grants workspaces by name and lists members', async () => {
      const first = (await parley(['users', 'add', 'ben', '--db', db])).stdout.trim();
      const renewed = await parley(['users', 'token', 'ben', '--db', db]);
      expect(renewed.code).toBe(0);
      expect(renewed.stdout.trim()).not.toBe(first);
      expect(renewed.stderr).toMatch(/old token no longer works/);
      const granted = await parley(['users', 'grant', 'ben', '--workspace', 'Treaty team', '--workspace', 'Side project', '--db', db]);
      expect(granted.code, granted.stderr).toBe(0);
      const listed = await parley(['users', 'list', '--db', db]);
      expect(listed.stdout).toMatch(
        /^ana\tsince \d{4}-\d\d-\d\d\t"Treaty team"\nben\tsince \d{4}-\d\d-\d\d\t("Treaty team", "Side project"|"Side project", "Treaty team")\n$/,
      );
      expect((await parley(['users', 'token', 'nobody', '--db', db])).stderr).toMatch(/no user named nobody/);
    });

    it('takes the database from PARLEY_DB when --db is not given', async () => {
      const listed = await parley(['users', 'list'], { PARLEY_DB: db });
      expect(listed.stdout).toMatch(/^ana\t/);
    });
  });
}

describe('bad input to users and serve', () => {
  it('names the workspace by id when two share a name, and refuses a name too long, a missing user and a bad --auth', async () => {
    const db = join(folder, 'bad-input.db');
    const storage = await openStorage(db);
    const [first, second] = [await storage.createWorkspace('Desk'), await storage.createWorkspace('Desk')];
    await storage.close();
    const ambiguous = await parley(['users', 'add', 'cy', '--workspace', 'Desk', '--db', db]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toBe(`parley: 2 workspaces are named "Desk"; give one by id: ${first.id}, ${second.id}\n`);
    expect((await parley(['users', 'list', '--db', db])).stderr).toMatch(/no users yet/);
    const byId = await parley(['users', 'add', 'cy', '--workspace', second.id, '--db', db]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stderr).toMatch(/added cy, a member of "Desk"/);

    const long = await parley(['users', 'grant', 'cy', '--workspace', 'x'.repeat(101), '--db', db]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/a workspace name has 1–100 characters/);
    const nobody = await parley(['users', 'grant', 'nobody', '--workspace', 'Desk', '--db', db]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no user named nobody \(parley users list shows them\)/);

    const auth = await parley(['serve', '--port', '0', '--db', db, '--auth', 'password']);
    expect(auth.code).toBe(2);
    expect(auth.stderr).toBe('--auth password: expected tokens or none\n');
  });
});

describe('a database that cannot be reached', () => {
  it('is one line naming it (password masked) and the cause, exit 1', async () => {
    const result = await parley(['users', 'list', '--db', 'postgres://parley:secret@127.0.0.1:1/parley']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^parley: cannot reach PostgreSQL at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley: .*ECONNREFUSED/);
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('parley serve on PostgreSQL', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves several users at once, each seeing only their workspaces', async () => {
    const db = await postgres.newDatabase();
    const refused = await parley(['serve', '--port', '0', '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no users yet; add one first: parley users add NAME/);

    const ana = (await parley(['users', 'add', 'ana', '--workspace', 'Kyiv desk', '--db', db])).stdout.trim();
    const ben = (await parley(['users', 'add', 'ben', '--workspace', 'Brussels desk', '--db', db])).stdout.trim();
    child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db], { cwd: root, env: { ...process.env, XDG_DATA_HOME: folder } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child!.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^(http:\/\/\S+?)\/?$/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    expect(stderr).toMatch(/database postgres:\/\/.*every request signs in with a user token/s);
    const get = async (token: string | undefined, path: string) => fetch(`${address}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const [anaSpaces, benSpaces] = await Promise.all([get(ana, '/api/workspaces'), get(ben, '/api/workspaces')]);
    const anaList = ((await anaSpaces.json()) as WorkspacesResponse).workspaces;
    const benList = ((await benSpaces.json()) as WorkspacesResponse).workspaces;
    expect(anaList.map((workspace) => workspace.name)).toEqual(['Kyiv desk']);
    expect(benList.map((workspace) => workspace.name)).toEqual(['Brussels desk']);

    const created = await fetch(`${address}/api/workspaces/${anaList[0]!.id}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'bdm', text: 'actor,capability,position,salience\nkyiv,0.4,10,0.9\nmoscow,0.6,90,0.9\n', fileName: 'front.csv' }),
    });
    expect(created.status).toBe(201);
    const { scenarios } = (await (await get(ana, `/api/workspaces/${anaList[0]!.id}`)).json()) as WorkspaceResponse;
    expect(scenarios.map((scenario) => scenario.updatedBy)).toEqual(['ana']);

    const [benReads, nobody, wrong] = await Promise.all([
      get(ben, `/api/scenarios/${scenarios[0]!.id}`),
      get(undefined, `/api/scenarios/${scenarios[0]!.id}`),
      get(`${ana}x`, `/api/scenarios/${scenarios[0]!.id}`),
    ]);
    expect(benReads.status).toBe(403);
    expect(nobody.status).toBe(401);
    expect(wrong.status).toBe(401);
    for (const response of [benReads, nobody, wrong]) {
      const body = (await response.json()) as ApiError;
      expect(JSON.stringify(body)).not.toMatch(/kyiv|moscow|Kyiv desk/i);
    }

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

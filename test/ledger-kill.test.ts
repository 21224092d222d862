/**
 * kill -9 during `parley ledger record` and `resolve`: the built executable, two at a time,
 * killed at seeded random moments. Afterwards the chain verifies and every entry a process
 * acknowledged (printed its number and hash on stdout) is in the ledger with that hash. Two
 * recorders running at once also show that appends from two processes never fork the chain.
 * Four recorders at once, unkilled, take numbers 2 to 5 between them. On SQLite (WAL,
 * synchronous FULL) and PostgreSQL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { startPostgres, type TestPostgres } from './services/postgres.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');

const scenario = `parley: 1
id: budget
title: Budget
issues:
  - { id: CUT, name: Cut, scale: { min: 0, max: 20 }, statusQuo: 0 }
  - { id: TAX, name: Tax, scale: { min: 0, max: 100 }, statusQuo: 50 }
actors:
  - id: treasurer
    name: Treasurer
    capability: 0.6
    stances: { CUT: { position: 10, salience: 0.9 }, TAX: { position: 60, salience: 0.5 } }
  - id: unions
    name: Unions
    capability: 0.3
    stances: { CUT: { position: 2, salience: 1 }, TAX: { position: 40, salience: 0.7 } }
`;

let folder: string;
let postgres: TestPostgres;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'parley-ledger-kill-'));
  writeFileSync(join(folder, 'budget.yaml'), scenario);
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Outcome {
  acknowledged: { seq: number; hash: string } | undefined;
  killed: boolean;
}

/** Runs the CLI and sends SIGKILL after `killAfterMs` unless it has ended; what it printed before dying. */
function runAndKill(args: string[], killAfterMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: folder });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.on('close', () => {
      clearTimeout(timer);
      const match = /^(\d+)\t([0-9a-f]{64})$/m.exec(stdout);
      resolve({ acknowledged: match ? { seq: Number(match[1]), hash: match[2]! } : undefined, killed });
    });
  });
}

function parley(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8' });
}

for (const kind of ['SQLite', 'PostgreSQL'] as const) {
  describe(`kill -9 during ledger writes on ${kind}`, () => {
    it('keeps the chain whole and every acknowledged entry', async () => {
      const db = kind === 'SQLite' ? join(folder, 'killed.db') : await postgres.newDatabase();
      const where = ['--db', db, '--workspace', 'Killed'];
      // A first forecast that surely lands, so that resolutions have something to resolve.
      const rng = createRng(kind === 'SQLite' ? 2512 : 2513);
      const firstStarted = Date.now();
      const first = parley(['ledger', 'record', 'budget.yaml', '--model', 'median', ...where]);
      expect(first.status, first.stderr).toBe(0);
      // Kill times are drawn around how long one write takes on this machine (not asserted,
      // only used to aim), so that kills land inside writes on a quiet machine and a busy one.
      const oneWrite = Math.max(50, Date.now() - firstStarted);
      const killAt = () => oneWrite * (0.3 + rng.next() * 1.2);
      const acknowledged: { seq: number; hash: string }[] = [];
      let kills = 0;
      const rounds = 10;
      for (let round = 0; round < rounds; round++) {
        // Two processes at once: one records, the other resolves an issue of an acknowledged forecast.
        const forecasts = [Number(first.stdout.split('\t')[0]), ...acknowledged.map((entry) => entry.seq)];
        const target = forecasts[Math.floor(rng.next() * forecasts.length)]!;
        const issue = rng.next() < 0.5 ? 'CUT' : 'TAX';
        const today = new Date().toISOString().slice(0, 10);
        const pair = await Promise.all([
          runAndKill(['ledger', 'record', 'budget.yaml', '--model', 'median', '--note', `round ${round}`, ...where], killAt()),
          runAndKill(
            ['ledger', 'resolve', String(target), '--issue', issue, '--observed', 'status-quo', '--date', today, '--source', `round ${round}`, ...where],
            killAt(),
          ),
        ]);
        for (const outcome of pair) {
          if (outcome.acknowledged) acknowledged.push(outcome.acknowledged);
          if (outcome.killed) kills++;
        }
      }
      // The test means something only if some writes were cut short and some got through.
      expect(kills).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(0);

      const verify = parley(['ledger', 'verify', ...where]);
      expect(verify.status, verify.stderr).toBe(0);
      const exported = parley(['ledger', 'export', ...where])
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { seq: number; hash: string });
      const stored = new Map(exported.map((entry) => [entry.seq, entry.hash]));
      for (const entry of acknowledged) expect(stored.get(entry.seq), `acknowledged entry ${entry.seq}`).toBe(entry.hash);
      expect(exported.map((entry) => entry.seq)).toEqual(exported.map((_, index) => index + 1));
    }, 240_000);

    it('never forks the chain when four recorders append at once', async () => {
      const db = kind === 'SQLite' ? join(folder, 'together.db') : await postgres.newDatabase();
      const where = ['--db', db, '--workspace', 'Together'];
      expect(parley(['ledger', 'record', 'budget.yaml', '--model', 'median', ...where]).status).toBe(0);
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          runAndKill(['ledger', 'record', 'budget.yaml', '--model', 'median', '--note', `recorder ${index}`, ...where], 120_000),
        ),
      );
      expect(outcomes.map((outcome) => outcome.acknowledged?.seq).sort()).toEqual([2, 3, 4, 5]);
      expect(parley(['ledger', 'verify', ...where]).stdout).toMatch(/^ok: 5 entries verify/);
    }, 180_000);
  });
}

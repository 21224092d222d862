/**
 * `parley ledger` from record to score, on SQLite and PostgreSQL alike, run in-process;
 * bad requests refused naming the flag with nothing written; tampering caught by verify.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../test/services/postgres.js';
import { inputsHash } from '../../core/inputs-hash.js';
import { parseScenarioText } from '../../io/scenario-file.js';
import { runCli } from '../program.js';

/** A two-actor scenario on a 0–20 scale with a status quo at 0. */
const budgetYaml = `parley: 1
id: budget
title: Budget
issues:
  - id: CUT
    name: Cut
    scale: { min: 0, max: 20 }
    statusQuo: 0
actors:
  - id: treasurer
    name: Treasurer
    capability: 0.6
    stances:
      CUT: { position: 10, salience: 0.9 }
  - id: unions
    name: Unions
    capability: 0.3
    stances:
      CUT: { position: { low: 0, mode: 2, high: 4 }, salience: 1 }
`;

let postgres: TestPostgres;
let folder: string;
beforeAll(async () => {
  postgres = await startPostgres();
  folder = mkdtempSync(join(tmpdir(), 'parley-ledger-'));
  writeFileSync(join(folder, 'budget.yaml'), budgetYaml);
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function parley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: folder });
  return { code, stdout, stderr };
}

const today = () => new Date().toISOString().slice(0, 10);

for (const kind of ['SQLite', 'PostgreSQL'] as const) {
  describe(`parley ledger on ${kind}`, () => {
    let db: string;
    /** Runs SQL on the database directly, past Parley. */
    let sql: (text: string) => Promise<void>;
    beforeAll(async () => {
      if (kind === 'SQLite') {
        db = join(folder, `ledger-${Date.now()}.db`);
        sql = async (text) => {
          const direct = new Database(db);
          try {
            direct.exec(text);
          } finally {
            direct.close();
          }
        };
      } else {
        db = await postgres.newDatabase();
        sql = async (text) => {
          const client = new pg.Client({ connectionString: db });
          await client.connect();
          try {
            await client.query(text);
          } finally {
            await client.end();
          }
        };
      }
    });

    const ledger = (command: string, ...args: string[]) =>
      parley('ledger', command, ...args, '--db', db, '--workspace', 'Forecasts', ...(command === 'record' || command === 'resolve' ? ['--author', 'ana'] : []));
    const count = async () => (await ledger('export')).stdout.split('\n').filter(Boolean).length;

    it('records, resolves, scores, exports, verifies and digests', async () => {
      const first = await ledger(
        'record',
        'budget.yaml',
        '--model',
        'median,compromise',
        '--seed',
        '3',
        '--note',
        'before the vote',
        '--resolve-by',
        '2027-06-30',
      );
      expect(first.code, first.stderr).toBe(0);
      const [seq, hash] = first.stdout.trim().split('\t');
      expect(seq).toBe('1');
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.stderr).toMatch(/created workspace "Forecasts"/);

      const resolved = await ledger(
        'resolve',
        '1',
        '--issue',
        'CUT',
        '--observed',
        '8',
        '--date',
        today(),
        '--source',
        'the budget act',
        '--quote',
        'a cut of eight',
      );
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toMatch(/^2\t[0-9a-f]{64}\n$/);

      const exported = (await ledger('export')).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(exported.map((entry) => [entry.seq, entry.body.kind, entry.author])).toEqual([
        [1, 'forecast', 'ana'],
        [2, 'resolution', 'ana'],
      ]);
      expect(exported[0].body).toMatchObject({ note: 'before the vote', resolveBy: '2027-06-30', request: { models: ['median', 'compromise'], seed: 3 } });
      // The recorded YAML reads back to the scenario whose inputs hash the entry names.
      const reread = parseScenarioText(exported[0].body.scenario.yaml, 'entry 1');
      expect(reread.problems).toEqual([]);
      expect(inputsHash(reread.scenario)).toBe(exported[0].body.scenario.inputsHash);
      expect(exported[1].body).toMatchObject({
        entry: { seq: 1, hash },
        issue: 'CUT',
        outcome: { agreement: true, observed: 8 },
        source: 'the budget act',
        quote: 'a cut of eight',
      });

      const score = await ledger('score', '--json');
      expect(score.code, score.stderr).toBe(0);
      const record = JSON.parse(score.stdout);
      expect(record.resolved).toBe(1);
      expect(record.overall.map((row: { model: string }) => row.model)).toEqual(['summary', 'median', 'compromise', 'status-quo']);
      // The status quo (0) against the outcome 8 on 0–20: an error of 40% of the range.
      expect(record.overall.at(-1).mae).toBeCloseTo(40, 12);
      const median = exported[0].body.models.find((row: { model: string }) => row.model === 'median').forecast;
      expect(record.overall[1].mae).toBeCloseTo(Math.abs(median - 8) * 5, 9);
      expect((await ledger('score')).stdout).toMatch(/By forecaster\n/);

      const digest = await ledger('digest');
      expect(digest.stdout).toBe(`${exported[1].hash}\n`);
      expect((await ledger('verify')).stdout).toBe(`ok: 2 entries verify; head 2 ${exported[1].hash}\n`);
      expect((await ledger('verify', '--digest', `sha256:${hash}`)).code).toBe(0);

      const file = join(folder, `export-${kind}.jsonl`);
      expect((await ledger('export', '--output', file)).code).toBe(0);
      expect((await ledger('verify', '--file', file)).code).toBe(0);
      const lines = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, [lines[1], lines[2]].join('\n'));
      const broken = await ledger('verify', '--file', file);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/entry 1 \(line 1\) is missing: the next entry is number 2/);
    });

    it('refuses a bad resolution, naming the flag, and writes nothing', async () => {
      const fresh = (await ledger('record', 'budget.yaml', '--model', 'median')).stdout.split('\t')[0]!;
      const before = await count();
      const cases: [string[], RegExp][] = [
        [['99', '--issue', 'CUT', '--observed', '5', '--date', today()], /^parley: ENTRY 99: there is no entry 99/],
        [['1', '--issue', 'TAX', '--observed', '5', '--date', today()], /^parley: --issue: entry \d+ has no issue "TAX"/],
        [['1', '--issue', 'CUT', '--observed', '25', '--date', today()], /^parley: --observed: 25 is off CUT's scale \(0 to 20\)/],
        [['1', '--issue', 'CUT', '--observed', 'lots', '--date', today()], /^parley: --observed: "lots" is not a number/],
        [['1', '--issue', 'CUT', '--observed', '5', '--date', '2001-01-01'], /^parley: --date: 2001-01-01 is before entry \d+ was recorded/],
        [['1', '--issue', 'CUT', '--observed', '5', '--date', '30/01/2027'], /^parley: --date: "30\/01\/2027" is not a date; write it as YYYY-MM-DD/],
      ];
      for (const [args, message] of cases) {
        // A fresh forecast, so that "already resolved" does not hide the fault under test.
        const result = await ledger('resolve', ...args.map((arg) => (arg === '1' ? fresh : arg)), '--source', 'minutes');
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr, args.join(' ')).toMatch(message);
        expect(result.stderr).toMatch(/nothing was recorded\n$/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      const badDate = await ledger('record', 'budget.yaml', '--model', 'median', '--resolve-by', 'soon');
      expect(badDate.code).toBe(2);
      expect(badDate.stderr).toMatch(/^parley: --resolve-by: "soon" is not a date/);
      expect(await count()).toBe(before);
    });

    it('records that the status quo stands', async () => {
      const recorded = await ledger('record', 'budget.yaml', '--model', 'median');
      const seq = recorded.stdout.split('\t')[0]!;
      const result = await ledger('resolve', seq, '--issue', 'CUT', '--observed', 'status-quo', '--date', today(), '--source', 'the vote failed');
      expect(result.code, result.stderr).toBe(0);
      const last = JSON.parse((await ledger('export')).stdout.trim().split('\n').at(-1)!);
      expect(last.body.outcome).toEqual({ agreement: false, observed: 0 });
    });

    it('catches an edit made in the database past its triggers, and then refuses to score or extend the ledger', async () => {
      const drop = kind === 'SQLite' ? 'DROP TRIGGER ledger_entries_no_update' : 'DROP TRIGGER ledger_entries_no_update_or_delete ON ledger_entries';
      await sql(drop);
      await sql(`UPDATE ledger_entries SET entry_json = replace(entry_json, '"note":"before the vote"', '"note":"after the vote"') WHERE seq = 1`);
      const verify = await ledger('verify');
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(
        /^parley: the ledger of "Forecasts" does not verify: entry 1 was changed: it records hash [0-9a-f]{64}, but its contents hash to [0-9a-f]{64} \(0 entries before it verify\)\n$/,
      );
      const score = await ledger('score');
      expect(score.code).toBe(1);
      expect(score.stderr).toMatch(/the ledger does not verify: entry 1 was changed/);
      const before = await count();
      expect((await ledger('record', 'budget.yaml', '--model', 'median')).code).toBe(1);
      expect(await count()).toBe(before);
    });
  });
}

/**
 * What every storage answers about the forecast ledger, run against SQLite (`sqlite.test.ts`)
 * and PostgreSQL (`postgres.test.ts`): a chain per workspace, appends that never fork it,
 * a table the database itself keeps append-only, and tampering that bypasses the database's
 * guard caught by verifying the chain.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStoredEntries, verifyChain } from '../core/ledger/chain.js';
import type { ForecastBody } from '../core/ledger/entry.js';
import { forecastOf } from '../core/testing/ledger.js';
import { rejection, steppingClock } from './storage-contract.js';
import type { Storage } from './storage.js';

export interface LedgerHarness {
  storage: Storage;
  /** Runs SQL on the database directly, as someone with its password could. */
  exec(sql: string): Promise<void>;
  /** Drops the triggers that keep the ledger append-only, as an administrator could. */
  dropLedgerTriggers(): Promise<void>;
}

export type OpenLedgerHarness = (now: () => Date) => Promise<LedgerHarness>;

const cut = forecastOf('budget', { id: 'CUT', min: 0, max: 20, statusQuo: 0 }, { forecast: 10, low: 8, high: 14, p: 0.7 }, 6);

async function verified(storage: Storage, workspace: string) {
  return verifyChain(parseStoredEntries((await storage.listLedgerEntries(workspace)).map((row) => row.json)));
}

export function describeLedgerStorage(name: string, open: OpenLedgerHarness): void {
  describe(`${name}: the forecast ledger`, () => {
    let harness: LedgerHarness;
    let storage: Storage;
    let workspace: string;

    beforeEach(async () => {
      harness = await open(steppingClock(Date.UTC(2026, 0, 10, 9, 0, 0)));
      storage = harness.storage;
      workspace = (await storage.createWorkspace('Team')).id;
    });
    afterEach(async () => harness.storage.close());

    it('appends a hash chain per workspace, numbered and timed by storage', async () => {
      const first = await storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut });
      const second = await storage.appendLedgerEntry(workspace, { author: 'ben', parley: '0.1.0', body: cut, after: { seq: 1, hash: first.hash } });
      const other = (await storage.createWorkspace('Other')).id;
      const elsewhere = await storage.appendLedgerEntry(other, { author: 'ana', parley: '0.1.0', body: cut });
      expect([first.seq, first.previous, second.seq, second.previous, elsewhere.seq, elsewhere.previous]).toEqual([1, null, 2, first.hash, 1, null]);
      expect(first.recordedAt).toBe('2026-01-10T09:00:01.000Z');
      const stored = await storage.listLedgerEntries(workspace);
      expect(stored.map((row) => row.seq)).toEqual([1, 2]);
      expect(JSON.parse(stored[1]!.json)).toEqual(second);
      expect(await verified(storage, workspace)).toEqual({ ok: true, verified: 2, head: { seq: 2, hash: second.hash }, firstBreak: null });
    });

    it('refuses an append checked against a head that is no longer the newest, writing nothing', async () => {
      await storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut });
      const error = await rejection(storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut, after: null }));
      expect(error.code).toBe('conflict');
      expect((await storage.listLedgerEntries(workspace)).length).toBe(1);
      expect((await rejection(storage.listLedgerEntries('nowhere'))).code).toBe('not-found');
      expect((await rejection(storage.appendLedgerEntry('nowhere', { author: 'ana', parley: '0.1.0', body: cut }))).code).toBe('not-found');
    });

    it('never forks the chain when many appends come at once', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, index) => storage.appendLedgerEntry(workspace, { author: `user${index}`, parley: '0.1.0', body: cut })));
      const report = await verified(storage, workspace);
      expect(report.ok).toBe(true);
      expect(report.verified).toBe(12);
    });

    it('refuses UPDATE and DELETE of ledger rows in the database itself', async () => {
      await storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut });
      const before = await storage.listLedgerEntries(workspace);
      for (const sql of [
        `UPDATE ledger_entries SET entry_json = replace(entry_json, '"forecast":10', '"forecast":11')`,
        `UPDATE ledger_entries SET hash = 'x'`,
        'DELETE FROM ledger_entries',
      ]) {
        const error = await harness.exec(sql).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error, sql).toBeInstanceOf(Error);
        expect((error as Error).message, sql).toMatch(/the ledger is append-only/);
      }
      expect(await storage.listLedgerEntries(workspace)).toEqual(before);
    });

    it('shows an edit made past the triggers, naming the first entry it broke', async () => {
      for (let index = 0; index < 3; index++) await storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut });
      await harness.dropLedgerTriggers();
      await harness.exec(`UPDATE ledger_entries SET entry_json = replace(entry_json, '"forecast":10', '"forecast":11') WHERE seq = 2`);
      const changed = JSON.parse((await storage.listLedgerEntries(workspace))[1]!.json) as { body: ForecastBody };
      expect(changed.body.summary[0]!.forecast).toBe(11);
      const report = await verified(storage, workspace);
      expect(report.ok).toBe(false);
      expect(report.firstBreak?.seq).toBe(2);
      expect(report.firstBreak?.message).toMatch(/^entry 2 was changed/);
    });

    it('shows a row deleted past the triggers', async () => {
      for (let index = 0; index < 3; index++) await storage.appendLedgerEntry(workspace, { author: 'ana', parley: '0.1.0', body: cut });
      await harness.dropLedgerTriggers();
      await harness.exec('DELETE FROM ledger_entries WHERE seq = 2');
      const report = await verified(storage, workspace);
      expect(report.firstBreak?.message).toBe('entry 2 is missing: the next entry is number 3, after 1 (one entry was dropped)');
    });
  });
}

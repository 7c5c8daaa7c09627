/**
 * The summaries built after the demo load, before the server says ready (issue 14 "Fast on every
 * page": the first report calls find them built). A server loads a small demo world and is closed
 * without a single report call; the file, opened again, holds:
 * - KPI and journey rollups that are fresh: bringing them up to date finds nothing to do (a
 *   rebuild before this change);
 * - the ledger with every commission the demo world's sales earn: a full sync, which credits every
 *   conversion held again, appends nothing, and the per-minute sync has nothing new to read (it
 *   re-read the conversions at the start of its late window's first day every run before), and while
 *   nothing is written a run does not even read the facts.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncPartnerLedger } from '../../src/reports/partners/money/ledger-sync.js';
import { startServer } from '../../src/server/start.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { tempDir } from '../helpers/temp.js';

const demo = { seed: 7, days: 30, visitors: 4_000, endDate: '2026-06-30' };
const tmp = tempDir('roilens-summaries-');
afterAll(() => tmp.cleanup());

describe('summaries after the demo load', () => {
  it('stores fresh rollups and the whole ledger before the first report call', async () => {
    const dbPath = join(tmp.dir, 's.duckdb');
    const server = await startServer({ dbPath, port: 0, demo, quiet: true, adminToken: 'adm' });
    await server.close();

    const store = await DuckDbStore.open(dbPath);
    try {
      await store.refreshRollups('default');
      expect(store.rollupRefreshes()).toEqual({ fresh: 1, refreshed: 0, rebuilt: 0 });
      expect(store.journeyRollupRefreshes()).toEqual({ fresh: 1, refreshed: 0, rebuilt: 0 });

      const programs = await store.listPrograms('default');
      expect(programs.length).toBe(2);
      const commissions = (await store.listLedger('default', {})).filter((e) => e.kind === 'commission');
      expect(commissions.length).toBeGreaterThan(0);
      for (const p of programs) expect(commissions.some((e) => e.program_id === p.id)).toBe(true);

      const again = await syncPartnerLedger(store, 'default');
      expect(again.map((r) => [r.program_id, r.appended, r.credited, r.idle]).sort()).toEqual(programs.map((p) => [p.id, 0, 0, true]).sort());
      const full = await syncPartnerLedger(store, 'default', { full: true });
      expect(full.map((r) => [r.program_id, r.appended]).sort()).toEqual(programs.map((p) => [p.id, 0]).sort());
      // The full run credited the same conversions the ledger pays commissions on.
      expect(full.reduce((n, r) => n + r.credited, 0)).toBeGreaterThan(0);

      // A run with nothing written since an idle run reads no facts at all; any write makes the next run look again.
      let factReads = 0;
      const partnerFacts = store.partnerFacts.bind(store);
      store.partnerFacts = (...args) => (factReads++, partnerFacts(...args));
      await syncPartnerLedger(store, 'default');
      const afterIdle = factReads;
      expect(afterIdle).toBeGreaterThan(0);
      const memoized = await syncPartnerLedger(store, 'default');
      expect(memoized.map((r) => [r.program_id, r.appended, r.credited, r.idle]).sort()).toEqual(programs.map((p) => [p.id, 0, 0, true]).sort());
      expect(factReads).toBe(afterIdle);
      await store.putDocument('default', 'unrelated', 'x', { a: 1 });
      await syncPartnerLedger(store, 'default');
      expect(factReads).toBeGreaterThan(afterIdle);
    } finally {
      await store.close();
    }
  }, 120_000);
});

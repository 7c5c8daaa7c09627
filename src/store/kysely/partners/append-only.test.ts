import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../records/partners.js';
import { DuckDbStore } from '../../duckdb/duckdb-store.js';

/** Every source file under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The partner ledger and payout runs are append-only (issue 16; design.md "Money that is owed"). */
describe('the partner ledger is append-only', () => {
  it('no code under src/ updates or deletes a ledger row', () => {
    const writes = /(updateTable|deleteFrom)\(\s*['"]ledger_entries['"]|UPDATE\s+"?ledger_entries|DELETE\s+FROM\s+"?ledger_entries/i;
    const files = sources('src');
    expect(files.length).toBeGreaterThan(200);
    expect(files.filter((f) => writes.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('dropping a workspace (restore --replace) keeps its ledger and payout runs, and deletes its partners', async () => {
    const store = await DuckDbStore.open(':memory:');
    try {
      await store.ensureWorkspace({ id: 'w', name: 'W', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk' });
      const entry: LedgerEntry = {
        id: 'led', workspace_id: 'w', program_id: 'prg', partner_id: 'prt', kind: 'payout', amount: '-5', currency: 'EUR', key: 'payout:run:prt', ref: 'run', order_id: null, rule_id: null,
        refund_id: null, payout_run_id: 'run', reason: null, fraud_score: null, held: false, occurred_at: '2026-02-01T00:00:00.000Z', created_at: '2026-02-01T00:00:00.000Z', note: null,
      };
      expect(await store.createPayoutRun({ id: 'run', workspace_id: 'w', program_id: 'prg', through: '2026-01-31', created_at: '2026-02-01T00:00:00.000Z', paid_reference: null, paid_at: null }, [entry])).toBe('created');
      await store.createPartner({
        id: 'prt', workspace_id: 'w', program_id: 'prg', name: 'P', email: 'p@w.example', kind: 'affiliate', status: 'approved', parent_id: null, group: null, language: 'en', country: null,
        links: [], coupons: ['P1'], identities: [], retainer: null, postback_url: null, tax: null, created_at: '2026-01-01T00:00:00.000Z', approved_at: null,
      });
      await store.dropWorkspace('w');
      expect(await store.listLedger('w', {})).toEqual([entry]);
      expect((await store.listPayoutRuns('w', 'prg')).map((r) => r.id)).toEqual(['run']);
      expect(await store.getPartner('w', 'prt')).toBeUndefined();
      // Its coupon went with it: a restored partner may take it again.
      expect(await store.createPartner({ id: 'prt2', workspace_id: 'w', program_id: 'prg', name: 'Q', email: 'q@w.example', kind: 'affiliate', status: 'approved', parent_id: null, group: null, language: 'en', country: null, links: [], coupons: ['p1'], identities: [], retainer: null, postback_url: null, tax: null, created_at: '2026-01-01T00:00:00.000Z', approved_at: null })).toMatchObject({ coupons: ['P1'] });
      // Paid through January already: the restored run changes nothing.
      expect(await store.createPayoutRun({ id: 'run', workspace_id: 'w', program_id: 'prg', through: '2026-01-31', created_at: '2026-02-01T00:00:00.000Z', paid_reference: null, paid_at: null }, [entry])).toBe('already_paid');
    } finally {
      await store.close();
    }
  });
});

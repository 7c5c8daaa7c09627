import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp.js';
import { DuckDbStore } from './duckdb-store.js';
import { migrations } from './migrations.js';

/**
 * A database written before spend sources existed: its spend rows become source
 * `legacy` (account "") and a Google Ads import next to them leaves them alone.
 */
describe('DuckDB spend migration to sources (issue 11 #1)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('keeps every old row as legacy and keys new imports by source', async () => {
    const path = `${tmp.dir}/old.duckdb`;
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())`);
    for (const m of migrations.filter((m) => m.version < 5)) {
      await conn.run(m.sql);
      await conn.run(`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, 'old')`);
    }
    await conn.run(`INSERT INTO spend (workspace_id, date, channel, campaign, ad, source, cost, currency, impressions, clicks, pricing_model) VALUES
      ('w', '2026-11-20', 'paid_search', 'generic_search', 'ag1', 'google', 350, 'EUR', 100, 10, 'cpc'),
      ('w', '2026-11-20', 'paid_search', 'bing_generic', 'ag1', NULL, 120, 'EUR', 100, 10, 'cpc')`);
    conn.closeSync();
    instance.closeSync();

    const store = await DuckDbStore.open(path);
    try {
      const exp = await store.exporter();
      expect((await exp.spend('w')).map((r) => [r.source, r.account ?? '', r.campaign, r.cost.amount])).toEqual([
        ['legacy', '', 'bing_generic', '120.000000'],
        ['legacy', '', 'generic_search', '350.000000'],
      ]);
      const res = await store.replaceSpend('w', [{
        date: '2026-11-20', channel: 'paid_search', campaign: 'generic_search', ad: 'ag1', source: 'google_ads',
        cost: { amount: '400.00', currency: 'EUR' }, impressions: 10000, clicks: 300, pricing_model: 'cpc',
      }]);
      expect(res).toMatchObject({ inserted: 1, replaced: 0, removed: 0 });
      expect((await exp.spend('w')).map((r) => [r.source, r.campaign, r.cost.amount]).sort()).toEqual([
        ['google_ads', 'generic_search', '400.000000'],
        ['legacy', 'bing_generic', '120.000000'],
        ['legacy', 'generic_search', '350.000000'],
      ]);
    } finally {
      await store.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ClickHouseEventStore } from '../../src/store/clickhouse/clickhouse-event-store.js';
import { chIdentifier } from '../../src/store/clickhouse/sql-literal.js';
import { topology, type ScaleSetup } from './engines.js';

/**
 * A ClickHouse spend table from before sources (key without source and account,
 * `source` Nullable) moves to the current layout on migrate: its live rows become
 * source `legacy`, tombstoned rows stay gone, and a Google Ads import next to them
 * leaves them alone (issue 11 #1).
 */
const oldColumns = `workspace_id String, date Date, channel String, campaign String, ad String, source Nullable(String),
  cost Decimal128(6), currency String, impressions Int64, clicks Int64, pricing_model String, deleted UInt8, version UInt64`;
const oldEngine = 'ENGINE = ReplacingMergeTree(version) ORDER BY (workspace_id, date, channel, campaign, ad)';
const oldShardBy = 'cityHash64(workspace_id, toString(date), channel, campaign, ad)';

const setups: Record<ScaleSetup, true> = { 'pg+clickhouse': true, 'pg+clickhouse-2-shards': true, 'pg+clickhouse-current': true };

describe.each(Object.keys(setups) as ScaleSetup[])('spend table migration to sources: %s', (setup) => {
  it('old rows become legacy, deleted ones stay deleted, a new import keeps them', async () => {
    const name = `roilens_mig_${randomBytes(5).toString('hex')}`;
    const topo = topology(setup, name);
    const db = chIdentifier(name);
    const nodes = topo.kind === 'single' ? [topo.url] : topo.shards;
    for (const url of nodes) {
      const c = new ClickHouseClient(url);
      await c.exec(`CREATE DATABASE ${db}`);
      if (topo.kind === 'single') await c.exec(`CREATE TABLE ${db}.spend (${oldColumns}) ${oldEngine}`);
      else {
        await c.exec(`CREATE TABLE ${db}.spend_local (${oldColumns}) ${oldEngine}`);
        await c.exec(`CREATE TABLE ${db}.spend AS ${db}.spend_local ENGINE = Distributed(${chIdentifier(topo.cluster)}, ${db}, spend_local, ${oldShardBy})`);
      }
    }
    const client = new ClickHouseClient(topo.url);
    // Two live rows (one of them re-imported with a newer version) and one tombstoned.
    const rows = [
      `('ws', '2026-11-20', 'paid_search', 'generic_search', 'ag1', 'google', 300, 'EUR', 100, 10, 'cpc', 0, 1)`,
      `('ws', '2026-11-20', 'paid_search', 'generic_search', 'ag1', 'google', 350, 'EUR', 100, 10, 'cpc', 0, 2)`,
      `('ws', '2026-11-20', 'paid_search', 'bing_generic', 'ag1', NULL, 120, 'EUR', 100, 10, 'cpc', 0, 1)`,
      `('ws', '2026-11-19', 'display', 'old', 'banner', NULL, 99, 'EUR', 100, 10, 'cpm', 0, 1)`,
      `('ws', '2026-11-19', 'display', 'old', 'banner', NULL, 99, 'EUR', 100, 10, 'cpm', 1, 2)`,
    ];
    await client.exec(`INSERT INTO ${db}.spend VALUES ${rows.join(', ')}`);
    const store = new ClickHouseEventStore(topo);
    try {
      await store.migrate();
      await store.migrate(); // idempotent
      const live = await client.query<{ source: string; account: string; campaign: string; cost: string }>(
        `SELECT source, account, campaign, toString(cost) AS cost FROM ${db}.spend FINAL WHERE deleted = 0 ORDER BY campaign`);
      expect(live.map((r) => ({ ...r, cost: Number(r.cost) }))).toEqual([
        { source: 'legacy', account: '', campaign: 'bing_generic', cost: 120 },
        { source: 'legacy', account: '', campaign: 'generic_search', cost: 350 },
      ]);
      const res = await store.replaceSpend('ws', [{
        date: '2026-11-20', channel: 'paid_search', campaign: 'generic_search', ad: 'ag1', source: 'google_ads',
        cost: { amount: '400.00', currency: 'EUR' }, impressions: 10000, clicks: 300, pricing_model: 'cpc',
      }]);
      expect(res).toMatchObject({ inserted: 1, replaced: 0, removed: 0 });
      const total = await client.query<{ s: string }>(`SELECT toString(sum(cost)) AS s FROM ${db}.spend FINAL WHERE deleted = 0`);
      expect(Number(total[0].s)).toBe(870); // 120 + 350 (legacy, kept) + 400
    } finally {
      await store.drop();
    }
  }, 120_000);
});

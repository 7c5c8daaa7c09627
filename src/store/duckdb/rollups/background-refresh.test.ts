/**
 * The rollups refresh themselves shortly after an insert (issue 14): the next KPI read finds them
 * fresh, with every figure equal to the full query's, and the answer carries their watermark.
 */
import { afterEach, expect, it } from 'vitest';
import { enrichEvent } from '../../../ingest/enrich.js';
import type { EventRecord } from '../../../records/events.js';
import { defaultChannelRules } from '../../../tracking/channel-rules.js';
import { DuckDbStore } from '../duckdb-store.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const visit = (n: number, anon: string, at: string) => [
  enrichEvent({ id: `p${n}`, type: 'page_view', anonymous_id: anon, ts: at, url: 'https://shop.example/', utm: { source: 'google', medium: 'cpc', campaign: 'brand' } } as EventRecord, defaultChannelRules),
  enrichEvent({ id: `c${n}`, type: 'conversion', anonymous_id: anon, ts: at.replace(':00.000Z', ':30.000Z'), revenue: { amount: '12.50', currency: 'EUR' } } as EventRecord, defaultChannelRules),
];

it('refreshes after an insert, off the read: the next read is fresh and equals the full query', async () => {
  store = await DuckDbStore.open(':memory:');
  await store.ensureWorkspace({ id: 'ws', name: 'ws', currency: 'EUR', timezone: 'UTC', margin: '0.4', write_key: 'wk' });
  const query = { by: 'channel' as const, from: '2026-03-01', to: '2026-03-31', lookbackDays: 30 };
  await store.insertEvents('ws', visit(1, 'a1', '2026-03-02T10:00:00.000Z'));
  await store.kpiFacts('ws', query); // the first read builds the rollups
  const before = store.rollupRefreshes();
  await store.insertEvents('ws', [...visit(2, 'a2', '2026-03-03T10:00:00.000Z'), ...visit(3, 'a1', '2026-03-04T10:00:00.000Z')]);
  for (let waited = 0; store.rollupRefreshes().refreshed === before.refreshed && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  expect(store.rollupRefreshes().refreshed).toBe(before.refreshed + 1);
  const { fresh_as_of: freshAsOf, ...facts } = await store.kpiFacts('ws', query);
  expect(store.rollupRefreshes().fresh).toBe(before.fresh + 1);
  expect(facts).toEqual(await store.kpiFactsFromEvents('ws', query));
  expect(facts.totals).toMatchObject({ sessions: 3, unique_visitors: 2, conversions: 3, revenue: '37.500000' });
  expect(Date.parse(freshAsOf!)).toBeGreaterThan(Date.parse('2026-01-01'));
});

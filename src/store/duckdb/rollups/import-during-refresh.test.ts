/**
 * An order or CRM-lead import while a rollup refresh runs (found by the security suite: an imported
 * order missing from the KPIs until the next import). The import marks the rollups dirty; a refresh
 * whose snapshot misses the import must not clear that mark. Each round reads the KPIs while an
 * order of a new visitor is imported, then holds the rollups equal to the full query.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../duckdb-store.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const query = { by: 'channel' as const, from: '2026-03-01', to: '2026-03-31', lookbackDays: 30 };

describe('imports during a rollup refresh', () => {
  it('every imported order and lead counts once the import has answered', async () => {
    store = await DuckDbStore.open(':memory:');
    const ws = 'ws1';
    await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: 'UTC', margin: '0.4', write_key: 'wk1' });
    const rounds = 12;
    for (let i = 1; i <= rounds; i++) {
      const at = `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`;
      await store.insertEvents(ws, [{
        id: `v${i}`, type: 'page_view', ts: at, anonymous_id: `a${i}`, user_id: `c${i}`, url: 'https://shop.example/',
        utm: { source: 'dsp', medium: 'display' }, channel: 'display',
      }]);
      // The read's refresh and the import run together: the refresh may begin before the import commits.
      await Promise.all([
        store.kpiFacts(ws, query),
        store.upsertOrders(ws, [{ order_id: `O-${i}`, customer_id: `c${i}`, ts: `2026-03-${String(i + 1).padStart(2, '0')}T11:00:00.000Z`, amount: { amount: '10.00', currency: 'EUR' } }]),
        store.upsertLeads(ws, [{ lead_id: `L-${i}`, user_id: `c${i}`, created_at: `2026-03-${String(i + 1).padStart(2, '0')}T10:30:00.000Z` }]),
      ]);
      const { fresh_as_of: _, ...rollups } = await store.kpiFacts(ws, query);
      expect(rollups.totals.conversions, `round ${i}: conversions`).toBe(i);
      expect(rollups.totals.leads, `round ${i}: leads`).toBe(i);
      expect(rollups, `round ${i}`).toEqual(await store.kpiFactsFromEvents(ws, query));
    }
  }, 120_000);
});

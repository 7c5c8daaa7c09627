/**
 * Erasing a person (issue 12 #14) on a store: DuckDB runs it in
 * `src/store/duckdb/person-erasure.test.ts`, ClickHouse (one server, two shards) in
 * `test/engines/person-erasure.test.ts`. The closure and the counts are worked out by hand below.
 */
import { beforeAll, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { erasePerson } from '../../src/privacy/erasure.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const ws: Workspace = { id: 'ws_erase', name: 'Erasure', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_erase' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const eur = (amount: string) => ({ amount, currency: 'EUR' });

/**
 * Asked to erase device d2: d2's event names user u1; u1 was on d1 too, whose identify carries
 * e-mail pseudonym H1; the CRM order O2 of customer c-crm carries H1. So the person is devices
 * {d1, d2} and user ids {u1, c-crm}: events e1–e4 (one identify), orders O1 (u1) and O2 (H1),
 * leads L1 (H1) and L2 (u1). Someone else (d9, u9) keeps e9, e10, O9 and L9.
 */
export function personErasureCases(getStore: () => Store, opts: { compacts: boolean }): void {
  beforeAll(async () => {
    const store = getStore();
    await store.ensureWorkspace(ws);
    await store.insertEvents(ws.id, [
      ev({ id: 'e1', type: 'page_view', ts: '2026-04-01T10:00:00.000Z', anonymous_id: 'd1', utm: { source: 'google', medium: 'cpc' } }),
      ev({ id: 'e2', type: 'custom', name: 'identify', ts: '2026-04-01T10:01:00.000Z', anonymous_id: 'd1', user_id: 'u1', properties: { email_hash: 'H1', plan: 'pro' } }),
      ev({ id: 'e3', type: 'conversion', ts: '2026-04-01T10:05:00.000Z', anonymous_id: 'd1', user_id: 'u1', order_id: 'O1', revenue: eur('50') }),
      ev({ id: 'e4', type: 'page_view', ts: '2026-04-02T09:00:00.000Z', anonymous_id: 'd2', user_id: 'u1' }),
      ev({ id: 'e9', type: 'page_view', ts: '2026-04-03T09:00:00.000Z', anonymous_id: 'd9', user_id: 'u9' }),
      ev({ id: 'e10', type: 'conversion', ts: '2026-04-03T09:05:00.000Z', anonymous_id: 'd9', user_id: 'u9', order_id: 'O9', revenue: eur('30') }),
    ]);
    await store.upsertOrders(ws.id, [
      { order_id: 'O1', customer_id: 'u1', ts: '2026-04-01T10:05:00.000Z', amount: eur('50') },
      { order_id: 'O2', customer_id: 'c-crm', ts: '2026-04-05T10:00:00.000Z', amount: eur('70'), email_hash: 'H1' },
      { order_id: 'O9', customer_id: 'u9', ts: '2026-04-03T09:05:00.000Z', amount: eur('30') },
    ]);
    await store.upsertLeads(ws.id, [
      { lead_id: 'L1', created_at: '2026-04-01T11:00:00.000Z', email_hash: 'H1' },
      { lead_id: 'L2', created_at: '2026-04-01T12:00:00.000Z', user_id: 'u1' },
      { lead_id: 'L9', created_at: '2026-04-03T10:00:00.000Z', user_id: 'u9' },
    ]);
  });

  it('erases every event, order and lead of the linked devices and user ids, and nothing of anyone else (issue 12 #14)', async () => {
    const store = getStore();
    expect(await store.countEvents(ws.id)).toBe(6);
    const answer = await erasePerson(store, undefined, ws.id, 'd2');
    expect(answer).toEqual({ removed: { events: 4, traits: 1, orders: 2, leads: 2 }, anonymous_ids: 2, user_ids: 2, compacted: opts.compacts });
    expect(await store.countEvents(ws.id)).toBe(2);
    for (const id of ['d1', 'd2']) expect(await store.listEvents(ws.id, { anonymous_id: id })).toEqual([]);
    expect(await store.listEvents(ws.id, { user_id: 'u1' })).toEqual([]);
    expect((await store.customerTransactions(ws.id, {})).map((t) => t.order_id)).toEqual(['O9']);
    const funnel = await store.crmFunnel(ws.id, { from: '2026-04-01', to: '2026-04-30', by: null });
    expect(funnel[0].stages[0]).toMatchObject({ stage: 'lead', count: 1 });
    // Asking again finds nothing.
    expect((await erasePerson(store, undefined, ws.id, 'u1')).removed).toEqual({ events: 0, traits: 0, orders: 0, leads: 0 });
  });
}

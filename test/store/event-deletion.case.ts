/**
 * Deleting events (issue 12 #2), part of the store contract: every engine runs these cases
 * through `runStoreContract`, on a workspace of their own. Every expected figure is counted by
 * hand in the comments; the workspace has no verified source, so every sale counts.
 */
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const deleteWs: Workspace = { id: 'ws_delete', name: 'Deletion', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_delete' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;
const eur = (amount: string) => ({ amount, currency: 'EUR' });

/**
 * p1 buys 100 (X1); p2 comes from "forger" and buys 999,999,999,999 (X2); u7 is seen on p3 (x6
 * before logging in, x5 the identify) and buys 30 on p4 (X3); p5 from "forger" buys 20 (X4); p6
 * views and buys 40 (X5). Sales: 5, revenue 1,000,000,000,189.
 */
const events: EventRecord[] = [
  ev({ id: 'x1', type: 'page_view', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'p1', session_id: 's1', utm: { source: 'google', medium: 'cpc' } }),
  ev({ id: 'x2', type: 'conversion', ts: '2026-03-01T10:05:00.000Z', anonymous_id: 'p1', session_id: 's1', order_id: 'X1', revenue: eur('100') }),
  ev({ id: 'x3', type: 'page_view', ts: '2026-03-02T09:00:00.000Z', anonymous_id: 'p2', session_id: 's2', utm: { source: 'forger', medium: 'cpc' } }),
  ev({ id: 'x4', type: 'conversion', ts: '2026-03-02T09:01:00.000Z', anonymous_id: 'p2', session_id: 's2', order_id: 'X2', revenue: eur('999999999999') }),
  ev({ id: 'x5', type: 'custom', name: 'identify', ts: '2026-03-03T08:00:00.000Z', anonymous_id: 'p3', session_id: 's3', user_id: 'u7' }),
  ev({ id: 'x6', type: 'page_view', ts: '2026-03-03T07:59:00.000Z', anonymous_id: 'p3', session_id: 's3' }),
  ev({ id: 'x7', type: 'conversion', ts: '2026-03-04T12:00:00.000Z', anonymous_id: 'p4', session_id: 's4', user_id: 'u7', order_id: 'X3', revenue: eur('30') }),
  ev({ id: 'x8', type: 'conversion', ts: '2026-03-05T12:00:00.000Z', anonymous_id: 'p5', session_id: 's5', order_id: 'X4', revenue: eur('20'), utm: { source: 'forger', medium: 'cpc' } }),
  ev({ id: 'x9', type: 'page_view', ts: '2026-03-06T12:00:00.000Z', anonymous_id: 'p6', session_id: 's6' }),
  ev({ id: 'x10', type: 'conversion', ts: '2026-03-06T12:05:00.000Z', anonymous_id: 'p6', session_id: 's6', order_id: 'X5', revenue: eur('40') }),
];

/** The 20 events of 31-digit amounts, stored before amounts were capped: their sum overflows DECIMAL(38,6). */
const oversized = Array.from({ length: 20 }, (_, i) =>
  ev({ id: `big${i}`, type: 'conversion', ts: `2026-03-07T10:${String(i).padStart(2, '0')}:00.000Z`, anonymous_id: `big-${i}`, order_id: `BIG-${i}`, revenue: eur('9'.repeat(31)), utm: { source: 'overflow', medium: 'cpc' } }),
);

export function eventDeletionCases(getStore: () => Store): void {
  const ws = deleteWs.id;
  const march = async () => {
    const facts = await getStore().kpiFacts(ws, { by: null, from: '2026-03-01', to: '2026-03-31', lookbackDays: 30 });
    return { conversions: facts.totals.conversions, revenue: Number(facts.totals.revenue) };
  };
  const ids = async () => (await getStore().listEvents(ws, { limit: 100 })).map((e) => e.id).sort();

  it('deletes events by id, person, source and time range; counts and KPIs follow (issue 12 #2)', async () => {
    const store = getStore();
    await store.ensureWorkspace(deleteWs);
    expect(await store.insertEvents(ws, [...events, ...oversized].map((e) => enrichEvent(e, defaultChannelRules)))).toBe(30);

    // The 20 oversized sales (source "overflow") go; the reports answer again with the other 10 events.
    expect(await store.deleteEvents(ws, { source: 'overflow' })).toBe(20);
    expect(await store.countEvents(ws)).toBe(10);
    expect(await march()).toEqual({ conversions: 5, revenue: 1_000_000_000_189 });

    // By id: x4 (999,999,999,999) → 4 sales, 100 + 30 + 20 + 40 = 190.
    expect(await store.deleteEvents(ws, { ids: ['x4', 'no-such-id'] })).toBe(1);
    expect(await store.countEvents(ws)).toBe(9);
    expect(await march()).toEqual({ conversions: 4, revenue: 190 });

    // By person u7: x5 and x7 carry the user id, x6 is on p3, a device u7 was seen on → 3 events; 160 left.
    expect(await store.deleteEvents(ws, { person: 'u7' })).toBe(3);
    expect(await ids()).toEqual(['x1', 'x10', 'x2', 'x3', 'x8', 'x9']);
    expect(await march()).toEqual({ conversions: 3, revenue: 160 });

    // By source "forger": x3 and x8 → 140 left.
    expect(await store.deleteEvents(ws, { source: 'forger' })).toBe(2);
    expect(await march()).toEqual({ conversions: 2, revenue: 140 });

    // By time range [Mar 6 00:00, Mar 6 12:05): x9 only; x10 at 12:05 stays (the end is exclusive).
    expect(await store.deleteEvents(ws, { from: '2026-03-06T00:00:00.000Z', to: '2026-03-06T12:05:00.000Z' })).toBe(1);
    expect(await ids()).toEqual(['x1', 'x10', 'x2']);

    // Conditions combine: p1's events from 10:03 on → x2 only; p1's page view stays.
    expect(await store.deleteEvents(ws, { person: 'p1', from: '2026-03-01T10:03:00.000Z' })).toBe(1);
    expect((await store.listEvents(ws, { anonymous_id: 'p1' })).map((e) => e.id)).toEqual(['x1']);
    expect(await march()).toEqual({ conversions: 1, revenue: 40 });

    // Nothing matches: nothing goes; another workspace's events are never touched.
    expect(await store.deleteEvents(ws, { source: 'nobody' })).toBe(0);
    expect(await store.deleteEvents(ws, { ids: ['e1'] })).toBe(0);
    expect((await store.listEvents('ws_contract', { anonymous_id: 'a1' })).map((e) => e.id)).toContain('e1');
    expect(await store.countEvents(ws)).toBe(2);
  });
}

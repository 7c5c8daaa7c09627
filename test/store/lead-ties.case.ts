/**
 * One lead per lead id, and ties broken by event id, part of the store contract: every engine runs
 * these cases through `runStoreContract` and must give the same figures. The workspace is its own;
 * every expected figure is counted by hand in the comments.
 *
 * The rule (README "Leads"): lead events are keyed by their `lead_id` property, else their event id,
 * and a key is one lead, whose person is that of its earliest event by (time, event id). Every other
 * pick among rows of the same instant goes by event id too: a session's first hit and an exposure's
 * variant are the earliest by (time, event id); a sale's or lead's credited touch is the latest by
 * (time, event id); a person's first touch is the earliest by (time, event id).
 */
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const tiesWs: Workspace = { id: 'ws_lead_ties', name: 'Lead ties', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_lead_ties' };
const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;
const email = { source: 'newsletter', medium: 'email' };
const display = { source: 'dsp', medium: 'display', campaign: 'autumn' };
const paidSearch = { source: 'google', medium: 'cpc', campaign: 'brand' };
const exposure = (id: string, anon: string, ts: string, variant: string) =>
  ev({ id, type: 'custom', name: '$exposure', ts, anonymous_id: anon, properties: { experiment: 'hero', variant } });

/**
 * November 2026.
 * - Lead LD-1, three lead events: `lt-b` (a_l2, after a display visit) and `lt-a` (a_l1, after an email visit)
 *   at the same instant on the 2nd, `lt-c` (a_l1) on the 4th. One lead: its earliest event by (ts, id) is
 *   `lt-a`, so a_l1's, on the 2nd, credited to email.
 * - `lt-d` (a_l3, after a paid search visit; no lead id): a lead of its own, on the 5th.
 *   → 2 leads: email 1, paid search 1, display 0 (counting each event would give 4: email 2, display 1, paid search 1).
 * - a_c1 opens the site from an email (`tc-1`) and a display click (`tc-2`) at the same instant on the 10th,
 *   then buys C-1 (80 EUR) an hour later: the latest touch by (ts, id) is `tc-2`, so the sale is display's;
 *   a_c1's first touch by (ts, id) is `tc-1`, email.
 * - Session s-t: two page views at the same instant, `ts-1` (email) and `ts-2` (display): its first hit is
 *   `ts-1`, so an email session; so are s-c1 (first hit `tc-1`) and s-l1. Sessions: email 3, display 1 (s-l2),
 *   paid search 1 (s-l3): 5.
 * - Experiment hero, 1 December (outside the KPIs' November): a_x1 is exposed to B (`tx-1`) and A (`tx-2`) at
 *   the same instant: counted in B; then sends lead LD-X twice: 1 lead.
 */
const events: EventRecord[] = [
  ev({ id: 'lv-1', type: 'page_view', ts: '2026-11-02T09:00:00.000Z', anonymous_id: 'a_l1', session_id: 's-l1', url: `${site}/`, utm: email }),
  ev({ id: 'lv-2', type: 'page_view', ts: '2026-11-02T09:30:00.000Z', anonymous_id: 'a_l2', session_id: 's-l2', url: `${site}/`, utm: display }),
  ev({ id: 'lt-b', type: 'lead', name: 'signup', ts: '2026-11-02T10:00:00.000Z', anonymous_id: 'a_l2', session_id: 's-l2', properties: { lead_id: 'LD-1' } }),
  ev({ id: 'lt-a', type: 'lead', name: 'signup', ts: '2026-11-02T10:00:00.000Z', anonymous_id: 'a_l1', session_id: 's-l1', properties: { lead_id: 'LD-1' } }),
  ev({ id: 'lt-c', type: 'lead', name: 'signup', ts: '2026-11-04T10:00:00.000Z', anonymous_id: 'a_l1', properties: { lead_id: 'LD-1' } }),
  ev({ id: 'lv-3', type: 'page_view', ts: '2026-11-05T09:00:00.000Z', anonymous_id: 'a_l3', session_id: 's-l3', url: `${site}/`, utm: paidSearch }),
  ev({ id: 'lt-d', type: 'lead', name: 'signup', ts: '2026-11-05T10:00:00.000Z', anonymous_id: 'a_l3', session_id: 's-l3' }),
  ev({ id: 'tc-1', type: 'page_view', ts: '2026-11-10T09:00:00.000Z', anonymous_id: 'a_c1', session_id: 's-c1', url: `${site}/`, utm: email }),
  ev({ id: 'tc-2', type: 'click', ts: '2026-11-10T09:00:00.000Z', anonymous_id: 'a_c1', session_id: 's-c1', click_id: 'ck-c1', url: `${site}/`, utm: display }),
  ev({ id: 'tc-3', type: 'conversion', ts: '2026-11-10T10:00:00.000Z', anonymous_id: 'a_c1', session_id: 's-c1', order_id: 'C-1', revenue: { amount: '80', currency: 'EUR' } }),
  ev({ id: 'ts-2', type: 'page_view', ts: '2026-11-12T09:00:00.000Z', anonymous_id: 'a_s1', session_id: 's-t', url: `${site}/b`, utm: display }),
  ev({ id: 'ts-1', type: 'page_view', ts: '2026-11-12T09:00:00.000Z', anonymous_id: 'a_s1', session_id: 's-t', url: `${site}/a`, utm: email }),
  exposure('tx-2', 'a_x1', '2026-12-01T09:00:00.000Z', 'A'),
  exposure('tx-1', 'a_x1', '2026-12-01T09:00:00.000Z', 'B'),
  ev({ id: 'tx-3', type: 'lead', name: 'signup', ts: '2026-12-01T10:00:00.000Z', anonymous_id: 'a_x1', properties: { lead_id: 'LD-X' } }),
  ev({ id: 'tx-4', type: 'lead', name: 'signup', ts: '2026-12-01T11:00:00.000Z', anonymous_id: 'a_x1', properties: { lead_id: 'LD-X' } }),
];

export function leadTiesCases(getStore: () => Store): void {
  const ws = tiesWs.id;
  const november = { from: '2026-11-01', to: '2026-11-30', lookbackDays: 30 };
  const ready = async (): Promise<Store> => {
    const store = getStore();
    if (await store.getWorkspace(ws)) return store;
    await store.ensureWorkspace(tiesWs);
    await setRevenueSources(store, ws, 'all');
    expect(await store.insertEvents(ws, events.map((e) => enrichEvent(e, defaultChannelRules)))).toBe(events.length);
    return store;
  };

  it('leads: lead events sharing a lead id are one lead, that of the earliest event by (ts, id)', async () => {
    const store = await ready();
    const facts = await store.kpiFacts(ws, { by: 'channel', ...november });
    expect(facts.totals.leads).toBe(2);
    const leadsOf = (channel: string) => facts.rows.find((r) => r.key === channel)?.measures.leads ?? 0;
    expect([leadsOf('email'), leadsOf('paid_search'), leadsOf('display')]).toEqual([1, 1, 0]);
    // The lead is on the day of its earliest event (the 2nd), not also on the 4th.
    const byDay = await store.kpiFacts(ws, { by: 'day', ...november });
    expect(byDay.rows.filter((r) => r.measures.leads > 0).map((r) => [r.key, r.measures.leads]).sort()).toEqual([['2026-11-02', 1], ['2026-11-05', 1]]);
    const funnel = await store.crmFunnel(ws, { from: november.from, to: november.to, by: 'channel', lookbackDays: 30 });
    const leadStage = (key: string | null) => funnel.find((r) => r.key === key)?.stages.find((s) => s.stage === 'lead')?.count ?? 0;
    expect([leadStage(null), leadStage('email'), leadStage('paid_search'), leadStage('display')]).toEqual([2, 1, 1, 0]);
  });

  it('ties: a sale goes to the latest touch by (ts, id), a first touch and a session to the earliest, an exposure to its earliest variant', async () => {
    const store = await ready();
    const facts = await store.kpiFacts(ws, { by: 'channel', ...november });
    const m = (channel: string) => facts.rows.find((r) => r.key === channel)?.measures;
    expect(facts.totals).toMatchObject({ conversions: 1, revenue: '80.000000', sessions: 5 });
    expect(m('display')).toMatchObject({ conversions: 1, revenue: '80.000000', sessions: 1 });
    expect(m('email')).toMatchObject({ conversions: 0, sessions: 3 });
    const [profile] = await store.customerProfiles(ws, { ids: ['a_c1'] });
    expect(profile).toMatchObject({ first_touch: { channel: 'email' }, acquisition: { channel: 'display', date: '2026-11-10' } });
    const december = { from: '2026-12-01', to: '2026-12-31' };
    expect((await store.experimentStats(ws, { experiment: 'hero', ...december })).map((v) => [v.variant, v.users, v.leads])).toEqual([['B', 1, 1]]);
    expect(await store.experimentExposures(ws, { experiment: 'hero', ...december, limit: 10 })).toEqual([
      { anonymous_id: 'a_x1', variant: 'B', hash_version: null },
    ]);
  });
}

/**
 * Partner crediting's facts (issue 16, `partnerFacts`), part of the store contract: every engine
 * answers the same pages. A workspace of its own; each expected row is worked out by hand below.
 */
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import type { PartnerFactsPage } from '../../src/store/partner-facts.js';

const ws: Workspace = { id: 'ws_partner_facts', name: 'Partner facts', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_partner_facts' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const serverClick = (id: string, slug: string, anon: string, ts: string, extra: Record<string, unknown> = {}) =>
  ev({ id, type: 'click', ts, anonymous_id: anon, click_id: `rl_${id}`, properties: { link: slug, rl_cid: `rl_${id}`, rl_server_click: true, ...extra } });

/**
 * a1 (identifies as u1 on Mar 1) clicks Ann's link on Feb 20 (k0, 12 days before any sale) and on
 * Mar 1 (k1, with sub1, address, user agent, a gclid; a page view follows 5 minutes later), sees an
 * e-mail on Mar 2, and pays o1 (100 EUR, verified, coupon ANN10) on Mar 3; b1 clicks Bob's link on
 * Mar 2 (k3, no page view after) and sends an unverified sale o2. u1's order o3 (80 USD, coupon
 * BOB5) is imported for Mar 4 and u1's lead L1 for Mar 5. Not partner clicks: k2, sent by a
 * browser with the link properties but no server mark, and k4, a server click on another link.
 *
 * E-mail traits as ingest records them (`email_hash` with `email_disposable`, taken before hashing):
 * u1 gives a disposable address on Mar 1 (t1) and a lasting one on Mar 6 (t3, after every
 * conversion); another visitor c9 gives o3's address h1 (not disposable) on Mar 2 (t2).
 */
const events = [
  serverClick('k0', 'ann', 'a1', '2026-02-20T10:00:00.000Z'),
  serverClick('k1', 'ann', 'a1', '2026-03-01T10:00:00.000Z', { sub1: 's', ip_prefix: '10.0.0.0/24', user_agent: 'UA', ad_click: 'gclid' }),
  ev({ id: 'pv1', type: 'page_view', ts: '2026-03-01T10:05:00.000Z', anonymous_id: 'a1', url: 'https://shop.example/' }),
  ev({ id: 'id1', type: 'custom', name: 'identify', ts: '2026-03-01T10:06:00.000Z', anonymous_id: 'a1', user_id: 'u1' }),
  ev({ id: 'k2', type: 'click', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'a1', click_id: 'rl_k2', properties: { link: 'ann', rl_cid: 'rl_k2' } }),
  ev({ id: 'pv2', type: 'page_view', ts: '2026-03-02T08:00:00.000Z', anonymous_id: 'a1', url: 'https://shop.example/', utm: { source: 'newsletter', medium: 'email' } }),
  serverClick('k3', 'bob', 'b1', '2026-03-02T09:00:00.000Z'),
  serverClick('k4', 'other', 'a1', '2026-03-02T11:00:00.000Z'),
  ev({ id: 's1', type: 'conversion', ts: '2026-03-03T10:00:00.000Z', anonymous_id: 'a1', order_id: 'o1', revenue: { amount: '100', currency: 'EUR' }, properties: { coupon: 'ANN10', product: 'sku1', rl_verified: true } }),
  ev({ id: 's2', type: 'conversion', ts: '2026-03-03T12:00:00.000Z', anonymous_id: 'b1', order_id: 'o2', revenue: { amount: '50', currency: 'EUR' } }),
  ev({ id: 't1', type: 'custom', name: 'identify', ts: '2026-03-01T10:07:00.000Z', anonymous_id: 'a1', user_id: 'u1', properties: { email_hash: 'h_u1', email_disposable: true } }),
  ev({ id: 't2', type: 'custom', name: 'identify', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'c9', properties: { email_hash: 'h1', email_disposable: false } }),
  ev({ id: 't3', type: 'custom', name: 'identify', ts: '2026-03-06T10:00:00.000Z', anonymous_id: 'a1', user_id: 'u1', properties: { email_hash: 'h_u1b', email_disposable: false } }),
];

const none = { amount: null, currency: null, coupon: null, product: null, category: null, email_hash: null, email_disposable: null };
const conversions = [
  { kind: 'click', id: 'rl_k1', ts: '2026-03-01T10:00:00.000Z', ...none, person: 'u1', anonymous_id: 'a1' },
  { kind: 'click', id: 'rl_k3', ts: '2026-03-02T09:00:00.000Z', ...none, person: 'b1', anonymous_id: 'b1' },
  { kind: 'sale', id: 'o1', ts: '2026-03-03T10:00:00.000Z', ...none, amount: '100', currency: 'EUR', coupon: 'ANN10', product: 'sku1', person: 'u1', anonymous_id: 'a1' },
  { kind: 'sale', id: 'o3', ts: '2026-03-04T10:00:00.000Z', amount: '80', currency: 'USD', coupon: 'BOB5', product: 'p', category: 'c', person: 'u1', anonymous_id: null, email_hash: 'h1', email_disposable: null },
  { kind: 'lead', id: 'L1', ts: '2026-03-05T10:00:00.000Z', ...none, person: 'u1', anonymous_id: null },
];
// Windows of 7 days: u1's reach back to Feb 22 (k0 on Feb 20 is out), b1's to Feb 23. By person, then time.
const k1 = { click_id: 'rl_k1', slug: 'ann', ts: '2026-03-01T10:00:00.000Z', person: 'u1', anonymous_id: 'a1', sub_ids: { sub1: 's' }, ip_prefix: '10.0.0.0/24', user_agent: 'UA', ad_click: 'gclid', landed: true };
const k3 = { click_id: 'rl_k3', slug: 'bob', ts: '2026-03-02T09:00:00.000Z', person: 'b1', anonymous_id: 'b1', sub_ids: {}, ip_prefix: null, user_agent: null, ad_click: null, landed: false };

export function partnerFactsCases(getStore: () => Store): void {
  const query = { from: '2026-03-01', to: '2026-03-31', slugs: ['bob', 'ann'], windowDays: 7 };

  it('partner facts: verified sales and leads, server clicks on the slugs, their persons\' clicks in the window (issue 16)', async () => {
    const store = getStore();
    await store.ensureWorkspace(ws);
    await store.insertEvents(ws.id, events);
    await store.upsertOrders(ws.id, [{ order_id: 'o3', customer_id: 'u1', ts: '2026-03-04T10:00:00.000Z', amount: { amount: '80', currency: 'USD' }, coupon: 'BOB5', product: 'p', category: 'c', email_hash: 'h1' }]);
    await store.upsertLeads(ws.id, [{ lead_id: 'L1', user_id: 'u1', created_at: '2026-03-05T10:00:00.000Z' }]);

    const all = await store.partnerFacts(ws.id, { ...query, touches: true });
    expect(all.conversions).toEqual(conversions);
    expect(all.clicks).toEqual([k3, k1]);
    // u1's e-mail view on Mar 2 and, as ordinary touches (channel "other": clicks with a click id), the forged k2 and
    // the click k4 on another link; the server clicks on the slugs are partner clicks, not touches; pv1 is direct.
    expect(all.touches).toEqual([
      { person: 'u1', ts: '2026-03-02T08:00:00.000Z', channel: 'email', kind: 'view' },
      { person: 'u1', ts: '2026-03-02T10:00:00.000Z', channel: 'other', kind: 'click' },
      { person: 'u1', ts: '2026-03-02T11:00:00.000Z', channel: 'other', kind: 'click' },
    ]);
    expect(all.next_cursor).toBeNull();
  });

  it('partner facts: pages of 2 follow one another to the same conversions; each page has its own persons\' clicks', async () => {
    const store = getStore();
    const pages: PartnerFactsPage[] = [];
    let cursor: string | null = null;
    do {
      const page: PartnerFactsPage = await store.partnerFacts(ws.id, { ...query, limit: 2, cursor });
      pages.push(page);
      cursor = page.next_cursor;
    } while (cursor && pages.length < 5);
    expect(pages.map((p) => p.conversions.map((c) => c.id))).toEqual([['rl_k1', 'rl_k3'], ['o1', 'o3'], ['L1']]);
    expect(pages.map((p) => p.clicks.map((c) => c.click_id))).toEqual([['rl_k3', 'rl_k1'], ['rl_k1'], ['rl_k1']]);
    expect(pages[0].touches).toEqual([]);
    // No slugs: conversions only, no partner clicks.
    expect((await store.partnerFacts(ws.id, { ...query, slugs: [] })).conversions.map((c) => c.id)).toEqual(['o1', 'o3', 'L1']);
    await expect(store.partnerFacts(ws.id, { ...query, cursor: 'nonsense' })).rejects.toThrow(/cursor/);
  });

  it('partner facts with emails: whether the buyer\'s e-mail is disposable, by its hash first, else the person\'s latest trait at or before (issue 16 fraud)', async () => {
    const store = getStore();
    const page = await store.partnerFacts(ws.id, { ...query, emails: true });
    // o1 and L1: no e-mail hash of their own → u1's trait t1 (t3 comes after both); o3: its hash h1 → t2 (false), though u1's is true;
    // clicks have no buyer. Pages of one answer the same.
    const expected = [['rl_k1', null], ['rl_k3', null], ['o1', true], ['o3', false], ['L1', true]];
    expect(page.conversions.map((c) => [c.id, c.email_disposable])).toEqual(expected);
    const paged: (string | boolean | null)[][] = [];
    for (let cursor: string | null = null; ;) {
      const p: PartnerFactsPage = await store.partnerFacts(ws.id, { ...query, emails: true, limit: 1, cursor });
      paged.push(...p.conversions.map((c) => [c.id, c.email_disposable]));
      if (p.next_cursor === null || paged.length > 5) break;
      cursor = p.next_cursor;
    }
    expect(paged).toEqual(expected);
  });
}

/**
 * The partner reports that read the ledger bring it up to the stored conversions first (issue 16):
 * a sale recorded in the store after a first read is in the next read of the leaderboard, the
 * recruitment funnel and the statement, with no sync called in between (the ledger sync's watermark
 * would otherwise leave it out until the scheduler's next run). Through the real HTTP app on an
 * in-memory DuckDB store; each sale is a server-observed click followed by an order carrying its
 * click id, so crediting pays it to the clicked link's partner.
 *
 * Hand computation (programme: 10% of each sale, EUR, hold 0 days, holds only at a fraud score of 100;
 * each order an hour after its click):
 *   Ana (link ana-blog, applied 1 Mar, approved 2 Mar), Ben (link ben-site, applied 1 Mar, approved 3 Mar).
 *   Stored before any read: o-1 100.00 by Ana on 5 Mar → 10.00.
 *   Leaderboard: Ana 1 sale, 100.00, 10.00; then o-2 300.00 by Ana (10 Mar) → Ana 2 sales, 400.00, 40.00.
 *   Funnel: applied 2, approved 2 (1 and 2 days → median 1.5), first sale 1 (Ana 5 Mar − 2 Mar = 3 days);
 *     then o-3 50.00 by Ben (12 Mar) → first sale 2 of 2 (3 and 12 Mar − 3 Mar = 9 days → median 6).
 *   Ana's March statement: o-1 10.00 and o-2 30.00, net 40.00; then o-4 20.00 by Ana (20 Mar) → 2.00, net 42.00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Partner, Program } from '../../src/records/partners.js';
import { appOf, type TestApp } from './app-of.js';

const adm = { authorization: 'Bearer adm' };
const ws = 'default';
const program: Program = {
  id: 'prg_sync', workspace_id: ws, name: 'Sync partners', currency: 'EUR', window_days: 30, hold_days: 0, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '1.00', payout_schedule: 'monthly', fraud_threshold: 100,
  accepts_applications: true, created_at: '2026-02-01T00:00:00.000Z',
};
const partner = (id: string, name: string, slug: string, approvedDay: string): Partner => ({
  id, workspace_id: ws, program_id: program.id, name, email: `${id}@partners.example`, kind: 'affiliate', status: 'approved', parent_id: null,
  group: null, language: 'en', country: null, links: [slug], coupons: [], identities: [], retainer: null, postback_url: null, tax: null,
  created_at: '2026-03-01T00:00:00.000Z', approved_at: `2026-03-${approvedDay}T00:00:00.000Z`,
});
/** A server-observed click on `slug` by visitor `person`, a landing page view after it, and the order it leads to an hour later. */
async function sale(t: TestApp, n: number, slug: string, person: string, ts: string, amount: string): Promise<void> {
  const cid = `cid_sync_${n}`;
  const at = (ms: number) => new Date(Date.parse(ts) + ms).toISOString();
  await t.ctx.store.insertEvents(ws, [
    enrichEvent({ id: `clk_sync_${n}`, type: 'click', ts, anonymous_id: person, click_id: cid, properties: { link: slug, rl_cid: cid, rl_server_click: true } } as EventRecord, defaultChannelRules),
    enrichEvent({ id: `pv_sync_${n}`, type: 'page_view', ts: at(2_000), anonymous_id: person, url: `https://shop.example/?rl_cid=${cid}` } as EventRecord, defaultChannelRules),
  ]);
  await t.ctx.store.upsertOrders(ws, [{ order_id: `o-${n}`, customer_id: `cust-${person}`, ts: at(3_600_000), amount: { amount, currency: 'EUR' }, click_id: cid }]);
}

let t: TestApp;
const get = async (url: string) => {
  const res = await t.app.inject({ url, headers: adm });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const board = async () =>
  (await get(`/v1/partners/leaderboard?program=${program.id}&from=2026-03-01&to=2026-03-31`)).partners.map((r: Record<string, unknown>) => [r.partner_id, r.conversions, r.revenue, r.commissions]);
const funnel = async () => (await get(`/v1/partners/funnel?program=${program.id}&from=2026-03-01&to=2026-03-31`)).steps;
const statement = async () => {
  const s = await get('/v1/partners/prt_ana/statement?from=2026-03-01&to=2026-03-31');
  return [s.entries.map((e: { order_id: string; kind: string; amount: string }) => [e.order_id, e.kind, e.amount]), s.totals.earned, s.totals.net];
};

beforeAll(async () => {
  t = await appOf();
  await t.ctx.store.putProgram(program);
  await t.ctx.store.createPartner(partner('prt_ana', 'Ana', 'ana-blog', '02'));
  await t.ctx.store.createPartner(partner('prt_ben', 'Ben', 'ben-site', '03'));
  await sale(t, 1, 'ana-blog', 'v-ana-1', '2026-03-04T23:00:00.000Z', '100.00');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('partner reports read the ledger up to the stored sales', () => {
  it('the leaderboard counts a sale stored after its first read', async () => {
    expect(await board()).toEqual([['prt_ana', 1, '100.00', '10.00'], ['prt_ben', 0, '0.00', '0.00']]);
    await sale(t, 2, 'ana-blog', 'v-ana-2', '2026-03-09T23:00:00.000Z', '300.00');
    expect(await board()).toEqual([['prt_ana', 2, '400.00', '40.00'], ['prt_ben', 0, '0.00', '0.00']]);
  });

  it("the recruitment funnel counts a partner's first sale stored after its first read", async () => {
    const before = await funnel();
    expect(before).toEqual([
      { step: 'applied', count: 2, rate: null, median_days: null },
      { step: 'approved', count: 2, rate: 1, median_days: 1.5 },
      { step: 'first_sale', count: 1, rate: 0.5, median_days: 3 },
    ]);
    await sale(t, 3, 'ben-site', 'v-ben-1', '2026-03-11T23:00:00.000Z', '50.00');
    expect(await funnel()).toEqual([before[0], before[1], { step: 'first_sale', count: 2, rate: 1, median_days: 6 }]);
  });

  it('the statement lists a commission stored after its first read', async () => {
    expect(await statement()).toEqual([[['o-1', 'commission', '10.00'], ['o-2', 'commission', '30.00']], '40.00', '40.00']);
    await sale(t, 4, 'ana-blog', 'v-ana-3', '2026-03-19T23:00:00.000Z', '20.00');
    expect(await statement()).toEqual([[['o-1', 'commission', '10.00'], ['o-2', 'commission', '30.00'], ['o-4', 'commission', '2.00']], '42.00', '42.00']);
  });
});

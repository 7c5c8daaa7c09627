/**
 * The leaderboard's shares kept between calls (`SharesMemo`, the server's `DataMemo`) answer as the
 * shares computed anew: the same leaderboard with and without the memo, and after a new sale (a
 * write to the workspace) the kept shares are not served: the memo's answer changes with the data,
 * to the answer computed anew.
 *
 * The world (March 2026, UTC, EUR): v1 clicks s1 (partner p1) on the 2nd and buys for 100 on the 4th;
 * v2 clicks s2 (p2) on the 5th, then s1 on the 6th, and buys for 300 on the 7th. Last click: p1 has
 * both sales (400 of 400). Then v2 buys again for 200 on the 9th, after clicking s2 on the 8th.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../ingest/enrich.js';
import type { EventRecord } from '../../records/events.js';
import type { Partner, Program } from '../../records/partners.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { DataMemo } from '../common/data-memo.js';
import { partnerLeaderboard, type PartnerShares, type SlugClicks } from './leaderboard.js';

const ws = 'default';
const program: Program = {
  id: 'prg', workspace_id: ws, name: 'Partners', currency: 'EUR', window_days: 30, hold_days: 30, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '25.00', payout_schedule: 'monthly', fraud_threshold: 80,
  accepts_applications: true, created_at: '2026-02-01T00:00:00.000Z',
};
const partner = (id: string, links: string[]): Partner => ({
  id, workspace_id: ws, program_id: program.id, name: id, email: `${id}@partners.example`, kind: 'affiliate', status: 'approved', parent_id: null,
  group: null, language: 'en', country: null, links, coupons: [], identities: [], retainer: null, postback_url: null, tax: null,
  created_at: '2026-02-01T00:00:00.000Z', approved_at: '2026-02-01T00:00:00.000Z',
});
const click = (slug: string, anon: string, cid: string, ts: string) =>
  enrichEvent({ id: `clk_${cid}`, type: 'click', ts, anonymous_id: anon, click_id: cid, properties: { link: slug, rl_cid: cid, rl_server_click: 'true' } } as EventRecord, defaultChannelRules);
const order = (id: string, cid: string, ts: string, amount: string) => ({ order_id: id, customer_id: `cust_${id}`, click_id: cid, ts, amount: { amount, currency: 'EUR' } });

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('leaderboard shares kept between calls', () => {
  it('answer as the shares computed anew, and follow new data', async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk' });
    await store.putProgram(program);
    await store.createPartner(partner('p1', ['s1']));
    await store.createPartner(partner('p2', ['s2']));
    await store.insertEvents(ws, [
      click('s1', 'v1', 'c1', '2026-03-02T09:00:00.000Z'),
      click('s2', 'v2', 'c2', '2026-03-05T09:00:00.000Z'),
      click('s1', 'v2', 'c3', '2026-03-06T09:00:00.000Z'),
    ]);
    await store.upsertOrders(ws, [order('o1', 'c1', '2026-03-04T10:00:00.000Z', '100.00'), order('o2', 'c3', '2026-03-07T10:00:00.000Z', '300.00')]);
    const memo = { shares: new DataMemo<PartnerShares>(store, 8), clicks: new DataMemo<SlugClicks>(store, 8) };
    const q = { program: program.id, from: '2026-03-01', to: '2026-03-31' };
    const shares = (board: Awaited<ReturnType<typeof partnerLeaderboard>>) => board.partners.map((p) => [p.partner_id, p.last_click_share, p.data_driven_share]);

    const anew = await partnerLeaderboard(store, ws, q, store);
    expect(shares(anew)).toEqual([['p1', 1, expect.any(Number)], ['p2', 0, expect.any(Number)]].sort());
    expect(await partnerLeaderboard(store, ws, q, store, memo)).toEqual(anew);
    expect(await partnerLeaderboard(store, ws, q, store, memo), 'kept').toEqual(anew);

    await store.insertEvents(ws, [click('s2', 'v2', 'c4', '2026-03-08T09:00:00.000Z')]);
    await store.upsertOrders(ws, [order('o3', 'c4', '2026-03-09T10:00:00.000Z', '200.00')]);
    const after = await partnerLeaderboard(store, ws, q, store);
    // Last click now: p1 100 + 300, p2 200, of 600.
    expect(shares(after).map((row) => row.slice(0, 2))).toEqual([['p1', 0.6667], ['p2', 0.3333]]);
    expect(await partnerLeaderboard(store, ws, q, store, memo), 'new data: computed anew').toEqual(after);
  }, 120_000);
});

/**
 * The partner money end to end through the real HTTP server on DuckDB (issue 16, design.md
 * "Partners"): a sale credited by a server-observed click and one by coupon become commissions; a
 * re-sent order and a forged (write-key) sale pay nothing; a payout run pays them, the same date
 * again is 409 already_paid; a partial refund after the payout is a clawback taken from the next
 * payout.
 *
 * Hand computation (programme: 10% of each sale, hold 0 days, minimum payout 1.00 EUR):
 *   o-1  200.00 EUR by Ana's click   → commission 20.00 (Ana)
 *   o-2  150.00 EUR coupon BEE10     → commission 15.00 (Bee)
 *   o-1 and o-2 re-imported          → nothing new
 *   o-3 1000.00 EUR conversion event sent with the write key, coupon BEE10 → nothing (unverified)
 *   payouts due before any ledger read → Ana 20.00, Bee 15.00 approved (hold 0 days), both over 1.00
 *   payout 1 through today           → Ana 20.00, Bee 15.00
 *   refund rf-1 of o-1: 50.00 EUR    → clawback 20.00 × 50 / 200 = −5.00 (Ana; paid, so a clawback)
 * (The next payout netting the clawback and money conservation: partner-ledger-money.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

describe('partner money end to end (issue 16)', () => {
  const tmp = tempDir();
  let server: RunningServer;
  const admin = { authorization: 'Bearer adm' };
  let program: string;
  let ana: string;
  let bee: string;
  let clickId: string;
  let clickTs: number;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = admin) {
    const res = await fetch(`${server.url}${path}`, {
      method, redirect: 'manual',
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      // a CSV or a redirect
    }
    return { status: res.status, json: json as Record<string, any>, text, headers: res.headers };
  }
  const at = (ms: number) => new Date(clickTs + ms).toISOString();
  const ledger = async (partner: string) => (await call('GET', `/v1/partners/${partner}/ledger`)).json;

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/money.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'rl_pub_moneywritekey000000000000' });
    const created = await call('POST', '/v1/programs', { name: 'Spring', currency: 'EUR', window_days: 30, hold_days: 0, min_payout: '1.00', rules: [{ event: 'sale', type: 'percent', amount: '10' }], fraud_threshold: 90 });
    expect(created.status, created.text).toBe(201);
    program = created.json.id;
    expect((await call('POST', '/v1/links', { slug: 'ana-blog', destination: 'https://shop.example/spring' })).status).toBe(201);
    ana = (await call('POST', '/v1/partners', { name: 'Ana', email: 'ana@blog.example', kind: 'affiliate', program, links: ['ana-blog'], coupons: [] })).json.id;
    bee = (await call('POST', '/v1/partners', { name: 'Bee', email: 'bee@video.example', kind: 'influencer', program, links: [], coupons: ['BEE10'] })).json.id;
    // A browser's click; the sales follow it within milliseconds with no landing page view, which
    // scores 76 (fast conversion 60, no landing view 40): this programme holds from 90, so they pay.
    const click = await call('GET', '/c/ana-blog', undefined, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36' });
    expect(click.status).toBe(302);
    clickId = new URL(click.headers.get('location')!).searchParams.get('rl_cid')!;
    const anonymousId = decodeURIComponent(/rl_aid=([^;]+)/.exec(click.headers.get('set-cookie')!)![1]);
    const events = (await call('GET', `/v1/events?anonymous_id=${encodeURIComponent(anonymousId)}`)).json.events as { ts: string }[];
    clickTs = Date.parse(events[0].ts);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    tmp.cleanup();
  });

  const orders = () => [
    'order_id,customer_id,ts,amount,currency,click_id,coupon',
    `o-1,c-1,${at(1)},200.00,EUR,${clickId},`,
    `o-2,c-2,${at(2)},150.00,EUR,,BEE10`,
  ].join('\n');

  it('credits a sale by click and one by coupon; a re-sent order and a forged sale pay nothing', async () => {
    expect((await call('POST', '/v1/import/orders', orders())).status).toBe(200);
    expect((await call('POST', '/v1/import/orders', orders())).status).toBe(200);
    const forged = await call('POST', '/v1/events', { events: [{ id: 'ev-forged', type: 'conversion', ts: at(3), anonymous_id: 'forger', order_id: 'o-3', revenue: { amount: '1000.00', currency: 'EUR' }, coupon: 'BEE10' }] }, { authorization: 'Bearer rl_pub_moneywritekey000000000000' });
    expect(forged.status, forged.text).toBeLessThan(300);
    // Before any ledger read or scheduled sync: payouts due brings the ledger up to the orders itself.
    const due = await call('GET', `/v1/payouts/due?program=${program}`);
    expect(due.status, due.text).toBe(200);
    expect(due.json.partners.map((p: any) => [p.partner_id, p.approved, p.pending, p.held, p.due]).sort()).toEqual([[ana, '20.00', '0.00', '0.00', true], [bee, '15.00', '0.00', '0.00', true]].sort());
    const a = await ledger(ana);
    expect(a.entries.map((e: any) => [e.order_id, e.kind, e.amount, e.status])).toEqual([['o-1', 'commission', '20.00', 'approved']]);
    expect(a.balance).toEqual({ pending: '0.00', held: '0.00', approved: '20.00', paid: '0.00' });
    const b = await ledger(bee);
    expect(b.entries.map((e: any) => [e.order_id, e.kind, e.amount, e.status])).toEqual([['o-2', 'commission', '15.00', 'approved']]);
  });

  it('pays through a date once; the same date again is 409 already_paid', async () => {
    const dry = await call('POST', `/v1/programs/${program}/payouts`, { through: day(0), dry_run: true });
    expect(dry.status, dry.text).toBe(201);
    const run = await call('POST', `/v1/programs/${program}/payouts`, { through: day(0) });
    expect(run.status, run.text).toBe(201);
    expect(dry.json.run_id).toBe(run.json.run_id);
    expect(run.json.payouts.map((p: any) => [p.partner, p.amount, p.currency, p.entries.length]).sort()).toEqual([[ana, '20.00', 'EUR', 1], [bee, '15.00', 'EUR', 1]].sort());
    expect(run.json.carried_over).toEqual([]);
    const again = await call('POST', `/v1/programs/${program}/payouts`, { through: day(0) });
    expect([again.status, again.json.error]).toEqual([409, 'already_paid']);
    expect((await ledger(ana)).balance).toEqual({ pending: '0.00', held: '0.00', approved: '0.00', paid: '20.00' });
  });

  it('a refund after the payout is a clawback; over what is left or without a rate it is refused and nothing changes', async () => {
    const tooMuch = await call('POST', '/v1/orders/o-1/refund', { amount: '200.01', currency: 'EUR', refund_id: 'rf-x' });
    expect([tooMuch.status, tooMuch.json.issues?.[0]?.path]).toEqual([400, 'body.amount']);
    const noRate = await call('POST', '/v1/orders/o-1/refund', { amount: '10.00', currency: 'USD', refund_id: 'rf-y' });
    expect([noRate.status, noRate.json.issues?.[0]?.path]).toEqual([400, 'body.currency']);
    const refund = await call('POST', '/v1/orders/o-1/refund', { amount: '50.00', currency: 'EUR', refund_id: 'rf-1' });
    expect(refund.status, refund.text).toBe(200);
    expect(refund.json.entries.map((e: any) => [e.kind, e.amount])).toEqual([['clawback', '-5.00']]);
    const retry = await call('POST', '/v1/orders/o-1/refund', { amount: '50.00', currency: 'EUR', refund_id: 'rf-1' });
    expect([retry.json.replayed, retry.json.entries]).toEqual([true, []]);
    expect((await ledger(ana)).balance).toEqual({ pending: '0.00', held: '0.00', approved: '-5.00', paid: '20.00' });
  });
});

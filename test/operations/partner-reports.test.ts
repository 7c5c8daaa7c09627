/**
 * The partner reports through the real HTTP server and the CLI on DuckDB (issue 16): the manager's
 * leaderboard, recruitment funnel and payouts due on a small world whose figures are computed by
 * hand below; a partner's statement as JSON and as a PDF in Persian (Jalali dates, Persian digits);
 * the partner's postback URL (a private target refused, naming the field) and its delivery log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import type { LedgerEntry, Partner, Program } from '../../src/records/partners.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import { openWorkspace } from '../../src/server/start.js';
import { deliverPartnerPostbacks } from '../../src/reports/partners/partner-postbacks.js';
import { signBody } from '../../src/shared/outbound/client.js';
import { pdfText } from '../helpers/pdf-text.js';
import { roilens } from '../helpers/roilens-cli.js';
import { appOf, type TestApp } from './app-of.js';

const adm = { authorization: 'Bearer adm' };
const origin = 'http://localhost:80';
const ws = 'default';

const program: Program = {
  id: 'prg_shop', workspace_id: ws, name: 'Shop partners', currency: 'EUR', window_days: 30, hold_days: 30, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '25.00', payout_schedule: 'monthly', fraud_threshold: 80,
  accepts_applications: true, created_at: '2026-02-01T00:00:00.000Z',
};

function partner(id: string, name: string, language: Partner['language'], links: string[], created_at: string, approved_at: string | null): Partner {
  return {
    id, workspace_id: ws, program_id: program.id, name, email: `${id}@partners.example`, kind: 'affiliate', status: approved_at ? 'approved' : 'applied', parent_id: null,
    group: null, language, country: null, links, coupons: [], identities: [], retainer: null, postback_url: null, tax: null, created_at, approved_at,
  };
}

function entry(id: string, partner_id: string, kind: LedgerEntry['kind'], amount: string, occurred_at: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id, workspace_id: ws, program_id: program.id, partner_id, kind, amount, currency: 'EUR', key: `k-${id}`, ref: null, order_id: null, rule_id: 'r1', refund_id: null,
    payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at, created_at: occurred_at, note: null, order_amount: null, share: null, customer: null, ...extra,
  };
}

const click = (slug: string, n: number, ts: string) =>
  enrichEvent({ id: `clk_${slug}_${n}`, type: 'click', ts, anonymous_id: `v_${slug}_${n}`, click_id: `cid_${slug}_${n}`, properties: { link: slug, rl_cid: `cid_${slug}_${n}` } } as EventRecord, defaultChannelRules);

/**
 * The world (March 2026, UTC):
 * - Ana (fa; applied 1 Mar, approved 3 Mar; first sale 5 Mar): 4 clicks on ana-blog; o1 120.00 → 12.00 (score 20),
 *   o2 80.00 → 8.00 (score 40), o2 refunded in half → −4.00.
 * - Ben (en; applied 2 Mar, approved 2 Mar 12:00; first sale 6 Mar): 2 clicks on ben-site; o3 300.00 → 30.00.
 * - Cy (applied 20 Mar, not approved): nothing.
 */
async function seed(store: Store): Promise<void> {
  await store.putProgram(program);
  await store.createPartner(partner('prt_ana', 'Ana Rahimi', 'fa', ['ana-blog'], '2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z'));
  await store.createPartner(partner('prt_ben', 'Ben Tran', 'en', ['ben-site'], '2026-03-02T00:00:00.000Z', '2026-03-02T12:00:00.000Z'));
  await store.createPartner(partner('prt_cy', 'Cy', 'vi', [], '2026-03-20T00:00:00.000Z', null));
  await store.insertEvents(ws, [
    ...[1, 2, 3, 4].map((n) => click('ana-blog', n, `2026-03-0${n}T09:00:00.000Z`)),
    ...[1, 2].map((n) => click('ben-site', n, `2026-03-0${n + 4}T09:00:00.000Z`)),
  ]);
  await store.appendLedger(ws, [
    entry('c1', 'prt_ana', 'commission', '12.00', '2026-03-05T10:00:00.000Z', { order_id: 'o1', order_amount: '120.00', share: '1', fraud_score: 20 }),
    entry('c2', 'prt_ana', 'commission', '8.00', '2026-03-07T10:00:00.000Z', { order_id: 'o2', order_amount: '80.00', share: '1', fraud_score: 40 }),
    entry('r1', 'prt_ana', 'reversal', '-4.00', '2026-03-12T10:00:00.000Z', { order_id: 'o2', ref: 'c2', reason: 'refund', refund_id: 'rf1' }),
    entry('c3', 'prt_ben', 'commission', '30.00', '2026-03-06T10:00:00.000Z', { order_id: 'o3', order_amount: '300.00', share: '1' }),
  ]);
}

let t: TestApp;
let hooks: Server;
let hookBase: string;
const received: { url: string; body: string; signature: string }[] = [];
const saved = { allow: process.env.ROILENS_OUTBOUND_ALLOW, secret: process.env.ROILENS_OUTBOUND_SECRET };
const get = (url: string, headers: Record<string, string> = adm) => t.app.inject({ url, headers });

beforeAll(async () => {
  t = await appOf();
  await seed(t.ctx.store);
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body, signature: String(req.headers['x-roilens-signature']) });
      res.statusCode = 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  hookBase = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise((r) => hooks?.close(r));
  for (const [name, value] of [['ROILENS_OUTBOUND_ALLOW', saved.allow], ['ROILENS_OUTBOUND_SECRET', saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('manager reports', () => {
  it('ranks the partners with hand-computed figures', async () => {
    const res = await get(`/v1/partners/leaderboard?program=${program.id}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect([body.program, body.from, body.to, body.model]).toEqual([{ id: program.id, name: 'Shop partners', currency: 'EUR' }, '2026-03-01', '2026-03-31', 'markov']);
    // The shares come from the store's partner fact pages: this world's ledger is written directly and no
    // sale follows a server-observed click on ana-blog or ben-site, so no partner touched a sale and every
    // share is 0 of 0 (the shares' own hand-computed case is the next test).
    expect(body.partners.map((r: { last_click_share: number | null; data_driven_share: number | null }) => [r.last_click_share, r.data_driven_share])).toEqual([[0, 0], [0, 0], [0, 0]]);
    const rows = body.partners.map(({ last_click_share: _l, data_driven_share: _d, ...rest }: Record<string, unknown>) => rest);
    expect(rows).toEqual([
      // Ben: 30.00 on 300.00 from 2 clicks → EPC 15.00, roas 300 ÷ 30 = 10, after commissions 270 ÷ 30 = 9.
      { partner_id: 'prt_ben', name: 'Ben Tran', kind: 'affiliate', status: 'approved', clicks: 2, conversions: 1, revenue: '300.00', commissions: '30.00', earnings_per_click: '15.00', roas: 10, roas_after_commissions: 9, fraud_score: null },
      // Ana: 12 + 8 − 4 = 16.00 on 120 + 80 = 200.00 from 4 clicks → EPC 4.00, roas 12.5, after 184 ÷ 16 = 11.5, fraud (20 + 40) ÷ 2 = 30.
      { partner_id: 'prt_ana', name: 'Ana Rahimi', kind: 'affiliate', status: 'approved', clicks: 4, conversions: 2, revenue: '200.00', commissions: '16.00', earnings_per_click: '4.00', roas: 12.5, roas_after_commissions: 11.5, fraud_score: 30 },
      { partner_id: 'prt_cy', name: 'Cy', kind: 'affiliate', status: 'applied', clicks: 0, conversions: 0, revenue: '0.00', commissions: '0.00', earnings_per_click: null, roas: null, roas_after_commissions: null, fraud_score: null },
    ]);
    const page1 = (await get(`/v1/partners/leaderboard?program=${program.id}&from=2026-03-01&to=2026-03-31&limit=2`)).json();
    expect(page1.partners.map((r: { partner_id: string }) => r.partner_id)).toEqual(['prt_ben', 'prt_ana']);
    const page2 = (await get(`/v1/partners/leaderboard?program=${program.id}&from=2026-03-01&to=2026-03-31&limit=2&cursor=${page1.next_cursor}`)).json();
    expect([page2.partners.map((r: { partner_id: string }) => r.partner_id), page2.next_cursor]).toEqual([['prt_cy'], null]);
    const missing = await get('/v1/partners/leaderboard?program=prg_none');
    expect([missing.statusCode, missing.json().error]).toEqual([404, 'not_found']);
  });

  it('gives each partner its last-click and Markov share of the touched sales, computed by hand', async () => {
    // A programme of two partners, one link each, and two sales bought through partner clicks (orders
    // carrying the click id, so the order is the clicker's):
    //   u1: google cpc visit 8 Mar → lb-one click 9 Mar → order A 100.00 (10 Mar)   path [google, s1]
    //   u2: lb-one click 8 Mar → lb-two click 9 Mar → order B 300.00 (10 Mar)       path [s1, s2]
    // Last click: A to s1, B to s2 → s1 100 ÷ 400 = 0.25, s2 300 ÷ 400 = 0.75.
    // Markov (first order) on the two paths, both converting: start→google ½, start→s1 ½, google→s1 1,
    // s1→conv ½, s1→s2 ½, s2→conv 1; P(conv) = ½·1·(½ + ½) + ½·(½ + ½) = 1. Removal effects:
    //   without google: ½·(½ + ½) = ½ → 1 − ½ = ½;  without s1: 0 → 1;  without s2: ½·½ + ½·½ = ½ → ½.
    // Normalised ¼, ½, ¼ of 2 conversions → totals google ½, s1 1, s2 ½; each sale split so the totals hold:
    //   A google ½, s1 ½; B s1 ½, s2 ½ → s1 (50 + 150) ÷ 400 = 0.5, s2 150 ÷ 400 = 0.375 (google keeps 50).
    const shares: Program = { ...program, id: 'prg_shares', name: 'Share partners' };
    await t.ctx.store.putProgram(shares);
    for (const [id, slug] of [['prt_s1', 'lb-one'], ['prt_s2', 'lb-two']]) {
      await t.ctx.store.createPartner({ ...partner(id, `Partner ${id}`, 'en', [slug], '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), program_id: shares.id });
    }
    const serverClick = (id: string, slug: string, person: string, ts: string) =>
      enrichEvent({ id, type: 'click', ts, anonymous_id: person, click_id: `cid_${id}`, properties: { link: slug, rl_cid: `cid_${id}`, rl_server_click: true } } as EventRecord, defaultChannelRules);
    await t.ctx.store.insertEvents(ws, [
      enrichEvent({ id: 'pv_lbu1', type: 'page_view', ts: '2026-03-08T12:00:00.000Z', anonymous_id: 'lbu1', url: 'https://shop.example/', utm: { source: 'google', medium: 'cpc' } } as EventRecord, defaultChannelRules),
      serverClick('lbu1_one', 'lb-one', 'lbu1', '2026-03-09T12:00:00.000Z'),
      serverClick('lbu2_one', 'lb-one', 'lbu2', '2026-03-08T12:00:00.000Z'),
      serverClick('lbu2_two', 'lb-two', 'lbu2', '2026-03-09T12:00:00.000Z'),
    ]);
    await t.ctx.store.upsertOrders(ws, [
      { order_id: 'lb-A', customer_id: 'cust-lb-1', ts: '2026-03-10T12:00:00.000Z', amount: { amount: '100.00', currency: 'EUR' }, click_id: 'cid_lbu1_one' },
      { order_id: 'lb-B', customer_id: 'cust-lb-2', ts: '2026-03-10T12:00:00.000Z', amount: { amount: '300.00', currency: 'EUR' }, click_id: 'cid_lbu2_two' },
    ]);
    const res = await get(`/v1/partners/leaderboard?program=${shares.id}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode, res.body).toBe(200);
    const got = Object.fromEntries(res.json().partners.map((r: { partner_id: string; last_click_share: number | null; data_driven_share: number | null }) => [r.partner_id, [r.last_click_share, r.data_driven_share]]));
    expect(got).toEqual({ prt_s1: [0.25, 0.5], prt_s2: [0.75, 0.375] });
  });

  it('counts the recruitment funnel by hand', async () => {
    const res = await get('/v1/partners/funnel?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    // applied 3; approved 2 (0.6667; 2 days and 0.5 day → median 1.25); first sale 2 of 2 (Ana 5 Mar − 3 Mar 00:00 = 2.4167 days, Ben 6 Mar − 2 Mar 12:00 = 3.9167 → median 3.17).
    expect(res.json().steps).toEqual([
      { step: 'applied', count: 3, rate: null, median_days: null },
      { step: 'approved', count: 2, rate: 0.6667, median_days: 1.25 },
      { step: 'first_sale', count: 2, rate: 1, median_days: 3.17 },
    ]);
  });

  it('says who is due against the minimum and when the next monthly payout is', async () => {
    const res = await get(`/v1/payouts/due?program=${program.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const today = new Date();
    const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    // Every entry is past its 30-day hold: Ana 16.00 < 25.00 carried over, Ben 30.00 due.
    expect(res.json()).toEqual({
      program: { id: program.id, name: 'Shop partners', currency: 'EUR' }, minimum: '25.00', schedule: 'monthly', next_payout: next,
      partners: [
        { partner_id: 'prt_ana', name: 'Ana Rahimi', approved: '16.00', pending: '0.00', held: '0.00', due: false },
        { partner_id: 'prt_ben', name: 'Ben Tran', approved: '30.00', pending: '0.00', held: '0.00', due: true },
        { partner_id: 'prt_cy', name: 'Cy', approved: '0.00', pending: '0.00', held: '0.00', due: false },
      ],
      next_cursor: null,
    });
  });
});

describe('statements', () => {
  it("answers Ana's March as JSON with hand-computed totals", async () => {
    const res = await get('/v1/partners/prt_ana/statement?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.entries.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([['c1', 'approved'], ['c2', 'approved'], ['r1', 'approved']]);
    expect(s.totals).toEqual({ earned: '20.00', reversed: '-4.00', net: '16.00', paid_out: '0.00', by_status: { pending: '0.00', held: '0.00', approved: '16.00', paid: '0.00', reversed: '0.00' } });
    expect(s.language).toBe('fa');
  });

  it('renders a real PDF in Persian with the name and totals', async () => {
    const res = await t.app.inject({ url: '/v1/partners/prt_ana/statement.pdf?from=2026-03-01&to=2026-03-31', headers: adm });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Ana Rahimi');
    // Net 16.00 and earned 20.00 in Persian digits; 1 Esfand … 10 Farvardin: March 2026 runs 10 Esfand 1404 – 10 Farvardin 1405.
    expect(text).toContain('۱۶٫۰۰');
    expect(text).toContain('۲۰٫۰۰');
    expect(text).toContain('۱۴۰۴');
    expect(text).not.toMatch(/16\.00/);
  }, 120_000);
});

describe('postbacks', () => {
  it("delivers signed postbacks with the macros filled in to the partner's URL and shows the manager the log", async () => {
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    process.env.ROILENS_OUTBOUND_SECRET = 'partner-hook-secret';
    const template = `${hookBase}/pb?cid={click_id}&o={order_id}&p={payout}&s={status}&c={currency}`;
    const ben = await t.ctx.store.updatePartner(ws, 'prt_ben', { postback_url: template });
    expect(ben && 'id' in ben ? ben.postback_url : null).toBe(template);
    // What the ledger sync hands over after appending Ben's commission.
    const entries = await t.ctx.store.listLedger(ws, { partner_id: 'prt_ben' });
    expect(await deliverPartnerPostbacks(t.ctx.store, { workspaceId: ws, partners: [ben as Partner], entries }, { backoffMs: 1 })).toEqual({ delivered: 1, failed: 0 });
    expect(await deliverPartnerPostbacks(t.ctx.store, { workspaceId: ws, partners: [ben as Partner], entries }, { backoffMs: 1 })).toEqual({ delivered: 0, failed: 0 });
    expect(received.map((r) => r.url)).toEqual(['/pb?cid=&o=o3&p=30.00&s=pending&c=EUR']);
    expect(received[0].signature).toBe(signBody('partner-hook-secret', received[0].body, Number(/^t=(\d+)/.exec(received[0].signature)![1])));
    const log = await get('/v1/partners/prt_ben/postbacks');
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json()).toMatchObject({ partner_id: 'prt_ben', postback_url: template, next_cursor: null });
    expect(log.json().deliveries.map((d: { id: string; ok: boolean; http_status: number; status: string }) => [d.id, d.ok, d.http_status, d.status])).toEqual([['c3', true, 200, 'pending']]);
    expect((await get('/v1/partners/prt_ana/postbacks')).json().deliveries).toEqual([]);
  });
});

describe('the partner portal', () => {
  let anaCookie: string;

  it('shows a partner only its own statement', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/v1/members', headers: adm, payload: { email: 'ana@partners.example', role: 'partner', partner_id: 'prt_ana', password: 'partner password 1' } });
    expect(added.statusCode, added.body).toBe(201);
    const session = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'ana@partners.example', password: 'partner password 1' } });
    expect(session.statusCode, session.body).toBe(200);
    anaCookie = String(session.headers['set-cookie']).split(';')[0];
    const own = await get('/v1/portal/statement?from=2026-03-01&to=2026-03-31', { cookie: anaCookie });
    expect([own.statusCode, own.json().partner, own.json().totals.net]).toEqual([200, { id: 'prt_ana', name: 'Ana Rahimi' }, '16.00']);
    const other = await get('/v1/portal/statement?partner=prt_ben&from=2026-03-01&to=2026-03-31', { cookie: anaCookie });
    expect(other.statusCode).toBe(404);
    for (const url of ['/v1/partners/prt_ben/statement?from=2026-03-01&to=2026-03-31', `/v1/partners/leaderboard?program=${program.id}`, `/v1/payouts/due?program=${program.id}`, '/v1/partners/prt_ana/postbacks']) {
      expect((await get(url, { cookie: anaCookie })).statusCode, url).toBe(403);
    }
  });

  it('refuses a private postback target naming the field, takes an allowed one, and logs signed deliveries with the macros filled in', async () => {
    const put = (postback_url: string | null) => t.app.inject({ method: 'PUT', url: '/v1/portal/postback', headers: { cookie: anaCookie, origin }, payload: { postback_url } });
    const template = `${hookBase}/pb?cid={click_id}&o={order_id}&p={payout}&s={status}&c={currency}`;
    process.env.ROILENS_OUTBOUND_ALLOW = '';
    const refused = await put(template);
    expect([refused.statusCode, refused.json().error, refused.json().issues?.[0]?.path]).toEqual([400, 'invalid_input', 'body.postback_url']);
    expect((await put('http://169.254.169.254/latest?x={click_id}')).statusCode).toBe(400);
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    process.env.ROILENS_OUTBOUND_SECRET = 'partner-hook-secret';
    const set = await put(template);
    expect([set.statusCode, set.json()]).toEqual([200, { partner_id: 'prt_ana', postback_url: template }]);
    // What the ledger sync hands over after appending Ana's entries.
    const ana = (await t.ctx.store.getPartner(ws, 'prt_ana'))!;
    const entries = (await t.ctx.store.listLedger(ws, { partner_id: 'prt_ana' }));
    const result = await deliverPartnerPostbacks(t.ctx.store, { workspaceId: ws, partners: [ana], entries }, { backoffMs: 1 });
    expect(result).toEqual({ delivered: 3, failed: 0 });
    expect(received.map((r) => r.url).filter((u) => !u.includes('o=o3')).sort()).toEqual([
      '/pb?cid=&o=o1&p=12.00&s=pending&c=EUR',
      '/pb?cid=&o=o2&p=-4.00&s=reversed&c=EUR',
      '/pb?cid=&o=o2&p=8.00&s=pending&c=EUR',
    ]);
    for (const r of received) expect(r.signature).toBe(signBody('partner-hook-secret', r.body, Number(/^t=(\d+)/.exec(r.signature)![1])));
    const log = await get('/v1/portal/postbacks', { cookie: anaCookie });
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().deliveries.map((d: { id: string; ok: boolean; http_status: number }) => [d.id, d.ok, d.http_status]).sort()).toEqual([['c1', true, 200], ['c2', true, 200], ['r1', true, 200]]);
    const whole = (await get('/v1/partners/prt_ana/postbacks')).json();
    expect([whole.deliveries.length, whole.next_cursor]).toEqual([3, null]);
    // The log pages as every list does (cursor and limit, newest first): 2 + 1, the same deliveries in the same order.
    const first = (await get('/v1/partners/prt_ana/postbacks?limit=2')).json();
    const second = (await get(`/v1/partners/prt_ana/postbacks?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`)).json();
    expect([first.deliveries.length, second.deliveries.length, second.next_cursor]).toEqual([2, 1, null]);
    expect([...first.deliveries, ...second.deliveries]).toEqual(whole.deliveries);
    const portalFirst = (await get('/v1/portal/postbacks?limit=1', { cookie: anaCookie })).json();
    expect([portalFirst.deliveries.length, typeof portalFirst.next_cursor]).toEqual([1, 'string']);
  });
});

describe('the CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roilens-statement-'));
    const store = await DuckDbStore.open(join(dir, 'db.duckdb'));
    await openWorkspace(store, {});
    await seed(store);
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the statement as JSON and as a PDF with --format json|pdf --out F', async () => {
    const db = join(dir, 'db.duckdb');
    const json = await roilens('partners', 'statement', 'prt_ben', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json', '--db', db);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).totals.net).toBe('30.00');
    const out = join(dir, 'ben.pdf');
    const pdf = await roilens('partners', 'statement', 'prt_ben', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'pdf', '--out', out, '--db', db);
    expect(pdf.code, pdf.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Ben Tran');
    expect(text).toContain('€30.00');
  }, 400_000);
});

/**
 * The money operations over HTTP on DuckDB (issue 16) on a ledger whose commissions the ledger core
 * made for hand-written credited conversions (crediting is tested on its own; the end-to-end test
 * with clicks and coupons is partner-money.test.ts): ledger reads with statuses and balance, payout
 * runs (409 already_paid), refunds (a clawback after a payout; refusals naming the field, nothing
 * changed), review, bonuses, the payout files' exact lines from sealed details confirmed by their
 * one-time link, and money conserved.
 *
 * Hand computation (EUR, 10% per sale, hold 0 days, minimum payout 1.00):
 *   Ana o-1 200.00 (03-02) → 20.00;  Bee o-2 150.00 (03-03) → 15.00;  Bee o-5 50.00 scored 90 → 5.00 held
 *   run 1 through 03-10: Ana 20.00, Bee 15.00 (the held one waits)
 *   refund rf-1 of o-1, 50.00 on 03-11 → Ana clawback −20.00 × 50/200 = −5.00
 *   reject Bee's held commission (fraud) → reversal −5.00
 *   Ana o-4 100.00 (03-12) → 10.00;  Ana bonus 7.50 (today: after 03-31)
 *   run 2 through 03-31: Ana 10.00 − 5.00 = 5.00
 *   earned 20 + 15 + 5 − 5 − 5 + 10 + 7.50 = 47.50 = paid 40.00 + Ana's approved 7.50
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionEntries } from '../../src/partners/ledger/index.js';
import { partner as partnerOf, program as programOf, sale } from '../../src/partners/ledger/__fixtures__/programme.js';
import type { CreditedConversion } from '../../src/partners/credited-conversion.js';
import type { Partner, Program } from '../../src/records/partners.js';
import { appOf, type TestApp } from './app-of.js';

describe('partner money operations (issue 16)', () => {
  let t: TestApp;
  const admin = { authorization: 'Bearer adm' };
  const program: Program = programOf({ id: 'prg_spring', workspace_id: 'default', hold_days: 0, min_payout: '1.00' });
  const ana: Partner = partnerOf('prt_ana', { workspace_id: 'default', program_id: program.id, name: 'Ana Blog', email: 'ana@blog.example' });
  const bee: Partner = partnerOf('prt_bee', { workspace_id: 'default', program_id: program.id, name: 'Bee Video', email: 'bee@video.example', kind: 'influencer' });
  let run1: string;

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = admin) => {
    const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    return { status: res.statusCode, json: (res.headers['content-type'] ?? '').includes('json') ? res.json() : undefined, body: res.body };
  };
  const ledger = async (id: string) => (await call('GET', `/v1/partners/${id}/ledger`)).json;
  /** Credits conversions as crediting would hand them over: the core makes the entries, the store appends them. */
  const credit = async (...conversions: CreditedConversion[]) => {
    const existing = await t.ctx.store.listLedger('default', { program_id: program.id });
    const made = commissionEntries({ program, partners: new Map([[ana.id, ana], [bee.id, bee]]), timeZone: 'UTC', existing, conversions, now: new Date().toISOString() });
    await t.ctx.store.appendLedger('default', made);
  };
  const on = (c: CreditedConversion) => ({ ...c, program_id: program.id });

  beforeAll(async () => {
    t = await appOf();
    await t.ctx.store.putProgram(program);
    for (const p of [ana, bee]) expect(await t.ctx.store.createPartner(p)).toMatchObject({ id: p.id });
    await credit(on(sale('o-1', ana.id, '200.00', '2026-03-02T10:00:00.000Z')), on(sale('o-2', bee.id, '150.00', '2026-03-03T10:00:00.000Z')), on(sale('o-5', bee.id, '50.00', '2026-03-04T10:00:00.000Z', { fraud_score: 90, fraud_reasons: ['click to conversion under 15 s'] })));
  });
  afterAll(async () => t?.close());

  it('answers the ledger with derived statuses and the balance, paged by cursor', async () => {
    const b = await ledger(bee.id);
    expect(b.entries.map((e: any) => [e.order_id, e.kind, e.amount, e.status, e.fraud_score ?? null]).sort()).toEqual([['o-2', 'commission', '15.00', 'approved', null], ['o-5', 'commission', '5.00', 'held', 90]]);
    expect(b.balance).toEqual({ pending: '0.00', held: '5.00', approved: '15.00', paid: '0.00' });
    const first = (await call('GET', `/v1/partners/${bee.id}/ledger?limit=1`)).json;
    const second = (await call('GET', `/v1/partners/${bee.id}/ledger?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`)).json;
    expect([...first.entries, ...second.entries].map((e: any) => e.id).sort()).toEqual(b.entries.map((e: any) => e.id).sort());
    expect(second.next_cursor).toBeNull();
    expect((await call('GET', '/v1/partners/prt_nobody/ledger')).status).toBe(404);
  });

  it('pays approved commissions through a date once: the same date again is 409 already_paid', async () => {
    const dry = await call('POST', `/v1/programs/${program.id}/payouts`, { through: '2026-03-10', dry_run: true });
    expect(dry.status, dry.body).toBe(201);
    const run = await call('POST', `/v1/programs/${program.id}/payouts`, { through: '2026-03-10' });
    expect(run.status, run.body).toBe(201);
    run1 = run.json.run_id;
    expect(dry.json.run_id).toBe(run1);
    expect(run.json.payouts.map((p: any) => [p.partner, p.amount, p.currency, p.entries.length])).toEqual([[ana.id, '20.00', 'EUR', 1], [bee.id, '15.00', 'EUR', 1]]);
    const again = await call('POST', `/v1/programs/${program.id}/payouts`, { through: '2026-03-10' });
    expect([again.status, again.json.error, again.json.issues[0].path]).toEqual([409, 'already_paid', 'body.through']);
    expect((await ledger(ana.id)).balance).toEqual({ pending: '0.00', held: '0.00', approved: '0.00', paid: '20.00' });
  });

  it('a refund after the payout is a clawback; over what is left, or without a rate, it is refused naming the field and nothing changes', async () => {
    const before = (await ledger(ana.id)).entries.length;
    const tooMuch = await call('POST', '/v1/orders/o-1/refund', { amount: '200.01', currency: 'EUR', refund_id: 'rf-x' });
    expect([tooMuch.status, tooMuch.json.issues[0].path]).toEqual([400, 'body.amount']);
    const noRate = await call('POST', '/v1/orders/o-1/refund', { amount: '10.00', currency: 'USD', refund_id: 'rf-y' });
    expect([noRate.status, noRate.json.issues[0].path]).toEqual([400, 'body.currency']);
    expect((await ledger(ana.id)).entries.length).toBe(before);
    const refund = await call('POST', '/v1/orders/o-1/refund', { amount: '50.00', currency: 'EUR', refund_id: 'rf-1', at: '2026-03-11T09:00:00Z' });
    expect(refund.status, refund.body).toBe(200);
    expect(refund.json.entries.map((e: any) => [e.kind, e.amount, e.reason])).toEqual([['clawback', '-5.00', 'refund']]);
    const retry = await call('POST', '/v1/orders/o-1/refund', { amount: '50.00', currency: 'EUR', refund_id: 'rf-1' });
    expect([retry.json.replayed, retry.json.entries]).toEqual([true, []]);
    expect((await ledger(ana.id)).balance).toEqual({ pending: '0.00', held: '0.00', approved: '-5.00', paid: '20.00' });
  });

  it('reviews held entries in bulk (a rejection reverses with its reason) and adds a bonus', async () => {
    const held = (await ledger(bee.id)).entries.find((e: any) => e.status === 'held');
    const noReason = await call('POST', '/v1/partners/review', { ids: [held.id], decision: 'reject' });
    expect([noReason.status, noReason.json.issues[0].path]).toEqual([400, 'body.reason']);
    const rejected = await call('POST', '/v1/partners/review', { ids: [held.id], decision: 'reject', reason: 'fraud', note: 'burst from one /24' });
    expect(rejected.status, rejected.body).toBe(200);
    expect(rejected.json.entries.map((e: any) => [e.kind, e.amount, e.reason, e.ref])).toEqual([['reversal', '-5.00', 'fraud', held.id]]);
    const twice = await call('POST', '/v1/partners/review', { ids: ['le_unknown', held.id], decision: 'approve' });
    expect([twice.status, twice.json.issues.map((i: any) => i.path).sort()]).toEqual([400, ['body.ids.0', 'body.ids.1']]);
    expect((await ledger(bee.id)).balance).toEqual({ pending: '0.00', held: '0.00', approved: '0.00', paid: '15.00' });
    const bonus = await call('POST', `/v1/partners/${ana.id}/adjustments`, { amount: '7.50', note: 'spring push', adjustment_id: 'b-1' });
    expect([bonus.status, bonus.json.kind, bonus.json.amount, bonus.json.reason]).toEqual([201, 'adjustment', '7.50', 'bonus']);
    expect((await call('POST', `/v1/partners/${ana.id}/adjustments`, { amount: '7.50', note: 'spring push', adjustment_id: 'b-1' })).json.id).toBe(bonus.json.id);
  });

  it('the next payout nets the clawback; money is conserved to the cent', async () => {
    await credit(on(sale('o-4', ana.id, '100.00', '2026-03-12T10:00:00.000Z')));
    const run = await call('POST', `/v1/programs/${program.id}/payouts`, { through: '2026-03-31' });
    expect(run.json.payouts.map((p: any) => [p.partner, p.amount])).toEqual([[ana.id, '5.00']]);
    const cents = (s: string) => Math.round(Number(s) * 100);
    let earned = 0;
    let paid = 0;
    let open = 0;
    for (const id of [ana.id, bee.id]) {
      const l = await ledger(id);
      for (const e of l.entries) if (e.kind !== 'payout') earned += cents(e.amount);
      paid += cents(l.balance.paid);
      open += cents(l.balance.pending) + cents(l.balance.held) + cents(l.balance.approved);
    }
    expect({ earned, paid, open }).toEqual({ earned: 4750, paid: 4000, open: 750 });
    const runs = (await call('GET', `/v1/programs/${program.id}/payouts`)).json.runs;
    expect(runs.map((r: any) => [r.through, r.payouts.map((p: any) => p.amount)])).toEqual([['2026-03-31', ['5.00']], ['2026-03-10', ['20.00', '15.00']]]);
    const marked = await call('POST', `/v1/payouts/${run1}/paid`, { reference: 'BANK-0310' });
    expect([marked.status, marked.json.paid_reference]).toEqual([200, 'BANK-0310']);
    expect((await call('POST', `/v1/payouts/${run1}/paid`, { reference: 'again' })).status).toBe(409);
  });

  it('payout details change only through the e-mailed one-time link, are sealed, and fill the PayPal and bank files', async () => {
    const details = { [ana.id]: { iban: 'DE89 3704 0044 0532 0130 00', account_name: 'Ana Blog', paypal_email: 'ana.pay@example.com' }, [bee.id]: { iban: 'IR062960000000100324200001', account_name: 'Bee Video GmbH', paypal_email: 'bee.pay@example.com' } };
    const badIban = await call('PUT', `/v1/partners/${ana.id}/payout-details`, { method: 'bank', iban: 'DE00123', account_name: 'Ana' });
    expect([badIban.status, badIban.json.issues[0].path]).toEqual([400, 'body.iban']);
    for (const [id, d] of Object.entries(details)) {
      const asked = await call('PUT', `/v1/partners/${id}/payout-details`, { method: 'bank', ...d });
      expect([asked.status, asked.json.emailed]).toEqual([202, false]);
      // Not in effect before the confirmation.
      expect((await call('GET', `/v1/partners/${id}/payout-details`)).json.details).toBeNull();
      const code = decodeURIComponent(/#payout-details=(.+)$/.exec(asked.json.url)![1]);
      const confirmed = await call('POST', '/v1/payout-details/confirm', { code }, {});
      expect([confirmed.status, confirmed.json.partner]).toEqual([200, id]);
      expect((await call('POST', '/v1/payout-details/confirm', { code }, {})).status).toBe(404);
    }
    expect((await call('GET', `/v1/partners/${bee.id}/payout-details`)).json.details).toEqual({ method: 'bank', iban: '…0001', account_name: 'Bee Video GmbH', paypal_email: '….com' });
    expect(JSON.stringify(await t.ctx.store.getPayoutDetails('default', bee.id))).not.toContain('IR0629');
    const audit = (await call('GET', '/v1/audit?limit=100')).json.entries.map((e: any) => e.operation);
    expect(audit.filter((o: string) => o === 'partners.payout_details_confirm')).toHaveLength(2);
    const paypal = await call('GET', `/v1/payouts/${run1}/file?file_format=paypal`);
    expect(paypal.body).toBe([
      `ana.pay@example.com,20.00,EUR,prt_ana,Commissions through 2026-03-10 (${run1}),PAYPAL`,
      `bee.pay@example.com,15.00,EUR,prt_bee,Commissions through 2026-03-10 (${run1}),PAYPAL`,
      '',
    ].join('\n'));
    const bank = await call('GET', `/v1/payouts/${run1}/file?file_format=bank`);
    expect(bank.body).toBe([
      'account_name,iban,bic,amount,currency,reference',
      `Ana Blog,DE89370400440532013000,,20.00,EUR,${run1} prt_ana`,
      `Bee Video GmbH,IR062960000000100324200001,,15.00,EUR,${run1} prt_bee`,
      '',
    ].join('\n'));
  });

  it("a partner reads its own ledger and payouts in the portal; another partner's ledger is 404", async () => {
    const added = await call('POST', '/v1/members', { email: 'ana@blog.example', role: 'partner', partner_id: ana.id, password: 'ana partner password' }, { authorization: 'Bearer op' });
    expect(added.status, added.body).toBe(201);
    const session = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'ana@blog.example', password: 'ana partner password' } });
    const asAna = { cookie: String(session.headers['set-cookie']).split(';')[0], origin: 'http://localhost:80' };
    expect((await call('GET', `/v1/partners/${bee.id}/ledger`, undefined, asAna)).status).toBe(404);
    expect((await call('GET', `/v1/portal/ledger?partner=${bee.id}`, undefined, asAna)).status).toBe(404);
    const own = await call('GET', '/v1/portal/ledger', undefined, asAna);
    expect([own.status, own.json.partner, own.json.balance]).toEqual([200, ana.id, { pending: '0.00', held: '0.00', approved: '7.50', paid: '25.00' }]);
    const payouts = await call('GET', '/v1/portal/payouts', undefined, asAna);
    expect(payouts.json.runs.map((r: any) => r.payouts)).toEqual([[{ partner: ana.id, amount: '5.00', currency: 'EUR' }], [{ partner: ana.id, amount: '20.00', currency: 'EUR' }]]);
    expect((await call('POST', `/v1/programs/${program.id}/payouts`, { through: '2026-04-30' }, asAna)).status).toBe(403);
  });
});

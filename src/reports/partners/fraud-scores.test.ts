/**
 * Fraud scores reach the ledger (issue 16 "Fraud"): credits scored from crediting's facts, then
 * the ledger core holds those at or over the programme's threshold (70 in the fixture) and a bulk
 * reject reverses them with reason fraud. Scores hand-computed from the documented weights
 * (`partners/fraud/signals.ts`): score = round(100 × (1 − Π (1 − wᵢ / 100))).
 */
import { describe, expect, it } from 'vitest';
import type { PartnerClickFact, PartnerConversionFact } from '../../partners/crediting/facts.js';
import { commissionEntries, ledgerStatuses, reviewEntries } from '../../partners/ledger/index.js';
import { partner, partnersOf, program, sale } from '../../partners/ledger/__fixtures__/programme.js';
import type { PartnerFactsQuery } from '../../store/partner-facts.js';
import { fraudWindowDays, scoreCredits, scoreCreditsFromFacts } from './fraud-scores.js';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const saleAt = '2026-03-01T12:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(saleAt) - ms).toISOString();
const now = '2026-03-02T00:00:00Z';

function click(id: string, slug: string, ts: string, over: Partial<PartnerClickFact> = {}): PartnerClickFact {
  return { click_id: id, slug, ts, person: `person-${id}`, anonymous_id: `anon-${id}`, sub_ids: {}, ip_prefix: '198.51.100.0/24', user_agent: chrome, ad_click: null, landed: true, ...over };
}
function order(id: string, person: string): PartnerConversionFact {
  return { kind: 'sale', id, ts: saleAt, amount: '100', currency: 'EUR', coupon: null, product: null, category: null, person, anonymous_id: person, email_hash: null, email_disposable: null };
}

describe('scoreCredits', () => {
  it('holds a sale 5 s after a bot click from a data centre, with its reasons; a clean click an hour before stays pending', () => {
    const p = program();
    const partners = [partner('a', { links: ['a-link'] })];
    const clicks = [
      click('c-bad', 'a-link', before(5_000), { ip_prefix: '5.9.17.0/24', user_agent: 'python-requests/2.31.0' }), // Hetzner (AS24940)
      click('c-ok', 'a-link', before(3_600_000)),
    ];
    const raw = [sale('o-bad', 'a', '100', saleAt, { click_id: 'c-bad' }), sale('o-ok', 'a', '100', saleAt, { click_id: 'c-ok' })];
    const { credited } = scoreCredits({ program: p, partners, credited: raw, conversions: [order('o-bad', 'person-c-bad'), order('o-ok', 'person-c-ok')], clicks });
    // fast 60, bot 60, hosting 50: 100 × (1 − 0.4 × 0.4 × 0.5) = 92; two clicks are too few for any partner signal.
    expect(credited[0]).toMatchObject({ fraud_score: 92, fraud_reasons: ['fast_conversion', 'bot_user_agent', 'hosting_network'] });
    expect(credited[1]).toMatchObject({ fraud_score: 0, fraud_reasons: [] });
    const entries = commissionEntries({ program: p, partners: partnersOf(...partners), timeZone: 'UTC', existing: [], conversions: credited, now });
    expect(entries.map((e) => [e.key, e.amount, e.held, e.fraud_score, e.note])).toEqual([
      ['commission:o-bad:r1', '10.00', true, 92, 'fast_conversion; bot_user_agent; hosting_network'],
      ['commission:o-ok:r1', '10.00', false, 0, null],
    ]);
    const statuses = ledgerStatuses(entries, p, now);
    expect(entries.map((e) => statuses.get(e.id))).toEqual(['held', 'pending']);
  });

  it("adds a flagged partner's signals to its credits only: a cookie stuffer is held, an honest partner's odd click is not, and a bulk reject reverses with reason fraud", () => {
    const p = program();
    const partners = [partner('stuffer', { links: ['s'] }), partner('honest', { links: ['h'] })];
    const clicks: PartnerClickFact[] = [];
    const orders: PartnerConversionFact[] = [];
    const raw = [];
    for (let i = 0; i < 30; i++) {
      // Every stuffer click is a hidden iframe: no landing view. Two of the honest partner's 30 visitors left before the page loaded.
      const sid = `s${i}`;
      const hid = `h${i}`;
      clicks.push(click(sid, 's', before(7_200_000 + i * 60_000), { landed: false }), click(hid, 'h', before(7_200_000 + i * 60_000), { landed: i >= 2 }));
      orders.push(order(`o-${sid}`, `person-${sid}`), order(`o-${hid}`, `person-${hid}`));
      raw.push(sale(`o-${sid}`, 'stuffer', '100', saleAt, { click_id: sid }), sale(`o-${hid}`, 'honest', '100', saleAt, { click_id: hid }));
    }
    const { credited, partners: verdicts } = scoreCredits({ program: p, partners, credited: raw, conversions: orders, clicks, asnTable: null });
    // stuffer: 30/30 without landing ≥ 30% → partner_no_landing_views 55; honest: 2/30 = 6.7% → nothing.
    expect(verdicts.map((v) => [v.partner_id, v.score, v.reasons])).toEqual([['stuffer', 55, ['partner_no_landing_views']], ['honest', 0, []]]);
    // stuffer's credits: no_landing_view 40 + partner 55 → 100 × (1 − 0.6 × 0.45) = 73 ≥ 70; honest h0, h1: 40 alone, < 70.
    expect(credited[0]).toMatchObject({ partner_id: 'stuffer', fraud_score: 73, fraud_reasons: ['partner_no_landing_views', 'no_landing_view'] });
    expect(credited[1]).toMatchObject({ partner_id: 'honest', fraud_score: 40, fraud_reasons: ['no_landing_view'] });
    expect(credited[5]).toMatchObject({ partner_id: 'honest', fraud_score: 0 });
    const entries = commissionEntries({ program: p, partners: partnersOf(...partners), timeZone: 'UTC', existing: [], conversions: credited, now });
    const held = entries.filter((e) => e.held);
    expect(new Set(held.map((e) => e.partner_id))).toEqual(new Set(['stuffer']));
    expect(held).toHaveLength(30);
    const reversals = reviewEntries({ program: p, entries, ids: held.map((e) => e.id), review: { decision: 'reject', reason: 'fraud' }, now });
    expect(reversals).toHaveLength(30);
    expect(reversals.every((r) => r.partner_id === 'stuffer' && r.reason === 'fraud' && r.amount === '-10.00')).toBe(true);
    const statuses = ledgerStatuses([...entries, ...reversals], p, now);
    expect(entries.filter((e) => e.partner_id === 'honest').every((e) => statuses.get(e.id) === 'pending')).toBe(true);
    expect(held.every((e) => statuses.get(e.id) === 'reversed')).toBe(true);
  });

  it('reads the programme window plus 3 days of facts', () => {
    expect(fraudWindowDays(program({ window_days: 30 }))).toBe(33);
  });

  it('reads every page of the facts from the earliest credit minus window + 3 days, and nothing without credits', async () => {
    const p = program({ window_days: 30 });
    const partners = [partner('a', { links: ['a2', 'a1'] })];
    const asked: PartnerFactsQuery[] = [];
    const pages = [
      { conversions: [order('o-bad', 'person-c-bad')], clicks: [click('c-bad', 'a1', before(5_000), { user_agent: 'python-requests/2.31.0' })], touches: [], next_cursor: 'next' },
      { conversions: [order('o-ok', 'person-c-ok')], clicks: [click('c-ok', 'a2', before(3_600_000)), click('c-bad', 'a1', before(5_000), { user_agent: 'python-requests/2.31.0' })], touches: [], next_cursor: null },
    ];
    const read = async (q: PartnerFactsQuery) => (asked.push(q), pages[asked.length - 1]);
    const raw = [sale('o-bad', 'a', '100', saleAt, { click_id: 'c-bad' }), sale('o-ok', 'a', '100', saleAt, { click_id: 'c-ok' })];
    const { credited } = await scoreCreditsFromFacts(read, { program: p, partners, credited: raw, timeZone: 'Asia/Tehran', today: '2026-03-02', asnTable: null });
    // 2026-03-01 12:00 UTC − 33 days = 2026-01-27 12:00 UTC = 15:30 in Tehran (+03:30).
    expect(asked.map((q) => [q.from, q.to, q.slugs, q.windowDays, q.cursor])).toEqual([['2026-01-27', '2026-03-02', ['a1', 'a2'], 30, null], ['2026-01-27', '2026-03-02', ['a1', 'a2'], 30, 'next']]);
    // fast 60 + bot 60 = 84 (no ASN table: no hosting signal); the click repeated on the second page counts once.
    expect(credited.map((c) => [c.id, c.fraud_score, c.fraud_reasons])).toEqual([['o-bad', 84, ['fast_conversion', 'bot_user_agent']], ['o-ok', 0, []]]);
    expect(await scoreCreditsFromFacts(read, { program: p, partners, credited: [], timeZone: 'UTC', today: '2026-03-02' })).toEqual({ credited: [], partners: [] });
    expect(asked).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { LedgerEntry, LedgerStatus } from '../../records/partners.js';
import { buildStatement } from './statement.js';
import { statementHtml } from './statement-html.js';
import { formatDate, formatMoney } from './locale-format.js';

function entry(id: string, kind: LedgerEntry['kind'], amount: string, occurred_at: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id, workspace_id: 'w', program_id: 'pr', partner_id: 'p1', kind, amount, currency: 'EUR', key: id, ref: null, order_id: null, rule_id: null,
    refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at, created_at: occurred_at, note: null, ...extra,
  };
}

// A month in Tehran (UTC+3:30): c1 10.00 paid, r1 −4.00 reversing it, c2 7.50 pending, c3 2.25 held,
// a payout of 6.00; c0 falls on 31 Jan local time (outside), c4 on 1 Mar local time (outside).
const entries = [
  entry('c0', 'commission', '99.00', '2026-01-31T20:00:00Z'),
  entry('c1', 'commission', '10.00', '2026-02-01T00:00:00Z', { order_id: 'o1' }),
  entry('r1', 'reversal', '-4.00', '2026-02-05T10:00:00Z', { order_id: 'o1', ref: 'c1', reason: 'refund' }),
  entry('c2', 'commission', '7.50', '2026-02-20T10:00:00Z', { order_id: 'o2' }),
  entry('c3', 'commission', '2.25', '2026-02-21T10:00:00Z', { order_id: 'o3', held: true }),
  entry('pay', 'payout', '-6.00', '2026-02-28T20:29:00Z', { payout_run_id: 'run1' }),
  entry('c4', 'commission', '50.00', '2026-02-28T20:31:00Z'),
];
const statuses = new Map<string, LedgerStatus>([['c1', 'paid'], ['r1', 'paid'], ['c2', 'pending'], ['c3', 'held'], ['c0', 'paid'], ['c4', 'pending']]);

describe('buildStatement', () => {
  const s = buildStatement({
    partner: { id: 'p1', name: 'Sara', language: 'fa' }, program: { id: 'pr', name: 'Shop', currency: 'EUR' },
    from: '2026-02-01', to: '2026-02-28', timeZone: 'Asia/Tehran', entries, statuses, now: '2026-03-02T08:00:00Z',
  });

  it('keeps the local period and totals by hand', () => {
    expect(s.entries.map((e) => e.id)).toEqual(['c1', 'r1', 'c2', 'c3']);
    // earned 10 + 7.50 + 2.25 = 19.75; reversed −4; net 15.75 = paid 6 + pending 7.50 + held 2.25.
    expect(s.totals).toEqual({
      earned: '19.75', reversed: '-4.00', net: '15.75', paid_out: '6.00',
      by_status: { pending: '7.50', held: '2.25', approved: '0.00', paid: '6.00', reversed: '0.00' },
    });
    expect(s.payouts).toEqual([{ id: 'pay', date: '2026-02-28', amount: '6.00', payout_run_id: 'run1' }]);
    expect(s.issued).toBe('2026-03-02');
  });

  it('lays the page out right to left with Jalali dates and Persian digits', () => {
    const html = statementHtml(s);
    expect(html).toContain('<html lang="fa" dir="rtl">');
    // 1 Feb 2026 is 12 Bahman 1404; 28 Feb 2026 is 9 Esfand 1404.
    expect(html).toContain('۱۲ بهمن ۱۴۰۴');
    expect(html).toContain('۹ اسفند ۱۴۰۴');
    expect(html).toContain('۱۵٫۷۵');
    expect(html).not.toMatch(/>[^<]*15\.75/);
  });
});

describe('locale formats', () => {
  it('formats money exactly in the minor unit and dates by calendar', () => {
    expect(formatMoney('1234.5', 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney('123456789012.4', 'IRR', 'fa')).toContain('۱۲۳٬۴۵۶٬۷۸۹٬۰۱۲');
    expect(formatMoney('1500000', 'VND', 'vi')).toMatch(/^1\.500\.000\s₫$/);
    expect(formatDate('2026-03-21', 'fa')).toBe('۱ فروردین ۱۴۰۵');
    expect(formatDate('2026-03-21', 'en')).toBe('21 March 2026');
  });
});

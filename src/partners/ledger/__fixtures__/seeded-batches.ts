/**
 * Seeded random commission batches (mulberry32) for the equality test of `commissionEntries`: every
 * rule feature at once (percent and flat rules, retroactive tiers, day and month caps, recurring
 * months, product rules, model shares, fraud holds, two-level overrides, re-sent orders, unsorted
 * input), amounts from cents to 15 integer digits with up to 12 decimals and non-canonical
 * spellings ("007.50", "1.000"), in EUR and IRR, and a second batch over the first one's ledger
 * after refunds (some orders wholly reversed).
 */
import type { CreditedConversion } from '../../credited-conversion.js';
import type { LedgerEntry, Partner, Program } from '../../../records/partners.js';
import { mulberry32 } from '../../../shared/random.js';
import { refundEntries } from '../refunds.js';
import { partner, partnersOf, program } from './programme.js';

export interface SeededBatch {
  name: string;
  program: Program;
  partners: Map<string, Partner>;
  timeZone: string;
  existing: LedgerEntry[];
  conversions: CreditedConversion[];
  now: string;
}

const day = 86_400_000;

function digits(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

/** A sale amount: mostly cents, sometimes many decimals, huge, zero or spelt oddly. */
function amountOf(rand: () => number): string {
  const r = rand();
  if (r < 0.6) return (Math.floor(rand() * 50000) / 100 + 1).toFixed(2);
  if (r < 0.7) return `${Math.floor(rand() * 1000)}.${digits(rand, 1 + Math.floor(rand() * 12))}`;
  if (r < 0.75) return `${1 + Math.floor(rand() * 9)}${digits(rand, 14)}.${digits(rand, 1 + Math.floor(rand() * 12))}`;
  if (r < 0.8) return `00${Math.floor(rand() * 300)}.${digits(rand, 2)}0`;
  if (r < 0.82) return '0';
  if (r < 0.85) return `${1 + Math.floor(rand() * 9)}${digits(rand, 8)}`;
  return String(Math.floor(rand() * 400) + 1);
}

function shareOf(rand: () => number): string {
  const r = rand();
  if (r < 0.4) return `0.${digits(rand, 1 + Math.floor(rand() * 12))}`;
  if (r < 0.5) return '1.000';
  if (r < 0.6) return '0.5';
  return '1';
}

function world(seed: number, currency: 'EUR' | 'IRR') {
  const rand = mulberry32(seed);
  const irr = currency === 'IRR';
  const p = program({
    workspace_id: `seeded-${seed}`, currency, override_percent: irr ? '3.125' : '2',
    rules: [
      {
        id: 's', event: 'sale', type: 'percent', amount: irr ? '7.5' : '10', retroactive: true,
        tiers: [{ min_sales: 4, amount: '12.25' }, { min_sales: 9, amount: '15' }, { min_sales: 20, amount: '17.123456789012' }],
        cap: irr ? { per: 'month', amount: '2500000' } : undefined,
      },
      { id: 'rec', event: 'sale', type: 'percent', amount: '1.5', months: irr ? 0 : 1 },
      { id: 'shoes', event: 'sale', type: 'flat', amount: irr ? '15000' : '2.50', product: 'shoes', tiers: [{ min_sales: 6, amount: irr ? '25000' : '4' }], retroactive: !irr },
      { id: 'lead', event: 'lead', type: 'flat', amount: irr ? '20000' : '1.50', cap: { per: 'day', amount: irr ? '90000' : '2.75' } },
      { id: 'click', event: 'click', type: 'flat', amount: irr ? '300' : '0.05', cap: { per: 'month', amount: irr ? '30000' : '3' } },
    ],
  });
  const list: Partner[] = [];
  for (let i = 0; i < 60; i++) {
    list.push(partner(`pa${i}`, { parent_id: i % 4 === 3 ? `pa${i - 3}` : null, status: i === 8 ? 'suspended' : 'approved' }));
  }
  return { rand, program: p, partners: partnersOf(...list) };
}

function conversionsOf(rand: () => number, count: number, start: number, span: number, prefix: string, taken: string[]): CreditedConversion[] {
  const out: CreditedConversion[] = [];
  for (let i = 0; i < count; i++) {
    const who = `pa${Math.floor(rand() ** 1.7 * 60)}`;
    const at = new Date(start + Math.floor(rand() * span)).toISOString();
    const fraud = rand() < 0.05 ? 70 + Math.floor(rand() * 30) : rand() < 0.05 ? 40 : null;
    const base: CreditedConversion = {
      program_id: 'p1', partner_id: who, event: 'sale', id: `${prefix}${i}`, occurred_at: at, amount: null, product: null, category: null,
      customer: rand() < 0.15 ? null : `k${Math.floor(rand() * 400)}`, via: 'click', share: '1', click_id: null, sub_ids: {},
      fraud_score: fraud, fraud_reasons: fraud === null ? [] : rand() < 0.5 ? ['burst'] : ['datacenter ip', 'fast click'],
    };
    const kind = rand();
    if (kind < 0.75) {
      const model = rand() < 0.2;
      const resent = rand() < 0.04 && taken.length > 0;
      out.push({
        ...base, id: resent ? taken[Math.floor(rand() * taken.length)] : base.id, amount: amountOf(rand), via: model ? 'model' : rand() < 0.2 ? 'coupon' : 'click',
        share: model ? shareOf(rand) : '1', product: rand() < 0.2 ? 'shoes' : null, category: rand() < 0.1 ? 'shoes' : null,
      });
      if (!resent) taken.push(base.id);
    } else if (kind < 0.92) out.push({ ...base, event: 'lead', share: rand() < 0.3 ? shareOf(rand) : '1' });
    else out.push({ ...base, event: 'click' });
  }
  // Mostly in time order, with some out of order (the core sorts them).
  out.sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0));
  for (let i = 0; i < count / 50; i++) {
    const a = Math.floor(rand() * out.length);
    const b = Math.floor(rand() * out.length);
    [out[a], out[b]] = [out[b], out[a]];
  }
  return out;
}

/** The first batch (from an empty ledger) of a seeded world. */
export function firstBatch(seed: number, currency: 'EUR' | 'IRR', count: number): SeededBatch & { rand: () => number; orders: string[] } {
  const { rand, program: p, partners } = world(seed, currency);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const orders: string[] = [];
  const conversions = conversionsOf(rand, count, start, 75 * day, 'o', orders);
  return { name: `${currency} seed ${seed}, first batch`, rand, orders, program: p, partners, timeZone: 'Asia/Tehran', existing: [], conversions, now: '2026-03-20T00:00:00Z' };
}

/**
 * The next batch over `ledger` (the first batch's entries): a fifth of the orders refunded (most
 * of them wholly, so their sales no longer count), then new conversions in the same and later
 * months, some re-sending orders already paid.
 */
export function secondBatch(first: ReturnType<typeof firstBatch>, ledger: LedgerEntry[], count: number): SeededBatch {
  const { rand, program: p } = first;
  const existing = [...ledger];
  const byOrder = new Map<string, LedgerEntry[]>();
  for (const e of ledger) if (e.order_id !== null) byOrder.set(e.order_id, [...(byOrder.get(e.order_id) ?? []), e]);
  let n = 0;
  for (const [order, entries] of byOrder) {
    const amount = entries.find((e) => e.order_amount != null)?.order_amount;
    if (rand() >= 0.2 || amount == null || Number(amount) <= 0 || amount.length > 14) continue;
    const whole = rand() < 0.7;
    const refunded = whole ? amount : (Math.max(0.01, Math.floor(Number(amount) * rand() * 100) / 100)).toFixed(p.currency === 'IRR' ? 0 : 2);
    if (!whole && Number(refunded) <= 0) continue;
    // The order's own entries are all a refund reads (there are no payouts).
    existing.push(...refundEntries({
      program: p, entries, rate: () => undefined, now: '2026-03-21T00:00:00Z',
      refund: { refund_id: `rf${n++}`, order_id: order, amount: refunded, currency: p.currency, at: '2026-03-21T00:00:00Z', reason: 'refund' },
    }));
  }
  // Stored in no particular order.
  existing.reverse();
  const conversions = conversionsOf(rand, count, Date.parse('2026-02-15T00:00:00Z'), 60 * day, 'n', first.orders);
  return { name: `${first.name.replace(', first batch', '')}, second batch`, program: p, partners: first.partners, timeZone: first.timeZone, existing, conversions, now: '2026-04-20T00:00:00Z' };
}

/**
 * Phase 4 of the demo world: the partner programmes. Runs on the emitted events with its own seeded
 * stream, so the world before it (spend, journeys, orders, the truth's figures) is unchanged.
 *
 * honest clicks (relabelled) → fraud traffic (added) → coupons on purchases → refunds →
 * tier crossings → added events merged in time order → records and truth.
 */
import type { OrderRefund } from '../../partners/credited-conversion.js';
import type { PartnerTruth } from '../../records/demo-truth.js';
import type { EventRecord, OrderRecord } from '../../records/events.js';
import type { TrackingLink } from '../../records/workspace.js';
import { siteOrigin } from '../world/catalog.js';
import { dayMs, IsoClock, type DemoWindow } from '../world/calendar.js';
import { demoCurrencies, formatMinor, minorDigits, type DemoCurrency } from '../world/money-format.js';
import { Rng, WeightedTable } from '../world/prng.js';
import { castPartners, castRules, fraudPatterns, slugsOf, tierMinSales } from './cast.js';
import type { DemoPartner, DemoPartnerWorld, DemoProgram } from '../world/types.js';
import { fraudTraffic } from './fraud-traffic.js';
import { relabelHonestClicks, type WorldClick } from './honest-clicks.js';

const creditWindowMs = 30 * dayMs;
const couponAfterInfluencerClick = 0.5;
const couponOnlyShare = 0.012;
const refundShare = 0.06;

/**
 * Adds the partner programmes to a world's events (in place: honest campaign clicks become partner
 * clicks, conversion events may get a `coupon` property) and returns the events with the added
 * clicks merged in, the programmes, partners and refunds, and their truth.
 */
export function simulatePartners(seed: number, window: DemoWindow, currency: DemoCurrency, events: EventRecord[], orders: readonly OrderRecord[]): { events: EventRecord[]; world: DemoPartnerWorld; truth: PartnerTruth; newAnonymousIds: number } {
  const rng = new Rng(seed ^ 0x9a27e5);
  const clock = new IsoClock(window);
  const format = (ms: number) => clock.format(ms);
  const endMs = window.startMs + window.days * dayMs - 1;

  const honest = relabelHonestClicks(rng, events);
  const pageViews: number[] = [];
  const purchases: number[] = [];
  const brandClicks: number[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const ev = events[i];
    if (ev.type === 'page_view') pageViews.push(i);
    else if (ev.type === 'conversion') purchases.push(i);
    else if (ev.type === 'click' && ev.utm?.campaign === 'brand_search') brandClicks.push(i);
  }
  const msOf = (i: number) => Date.parse(events[i].ts);
  const fraud = fraudTraffic(rng, events, { pageViews, purchases, brandClicks, msOf }, honest.length, format, { startMs: window.startMs, endMs });

  const clicksByVisitor = groupClicks([...honest, ...fraud.clicks]);
  const couponOnly = castPartners.map((p, i) => [i, p.couponWeight] as const).filter(([, w]) => w > 0);
  const couponTable = new WeightedTable(couponOnly.map(([, w]) => w));
  const credited: { partner: number; ms: number; order: string }[] = [];
  let couponOrders = 0;
  for (const at of purchases) {
    const ev = events[at];
    const ms = msOf(at);
    const last = lastClickBefore(clicksByVisitor.get(ev.anonymous_id), ms);
    let partner = last ? last.partner : -1;
    let coupon: string | null = null;
    const cast = partner >= 0 ? castPartners[partner] : undefined;
    if (cast?.coupon && ms - last!.ms < 14 * dayMs && rng.chance(couponAfterInfluencerClick)) coupon = cast.coupon;
    else if (partner < 0 && rng.chance(couponOnlyShare)) {
      partner = couponOnly[couponTable.draw(rng)][0];
      coupon = castPartners[partner].coupon;
    }
    if (coupon) {
      ev.properties = { ...ev.properties, coupon };
      couponOrders += 1;
    }
    if (partner >= 0 && ev.order_id) credited.push({ partner, ms, order: ev.order_id });
  }

  const refunds = refundsOf(rng, credited, orders, endMs, format, seed);
  const amounts = new Map(orders.map((o) => [o.order_id, o.amount.amount]));
  const refunded = new Set(refunds.filter((r) => r.amount === amounts.get(r.order_id)).map((r) => r.order_id));
  const tierCrossings = crossings(credited.filter((c) => !refunded.has(c.order)), format);
  const merged = mergeAdded(events, fraud.added, seed);

  const creditedSales: Record<string, number> = {};
  for (const c of credited) creditedSales[castPartners[c.partner].id] = (creditedSales[castPartners[c.partner].id] ?? 0) + 1;
  const world = records(window, currency);
  const truth: PartnerTruth = {
    programs: world.programs.map((p) => p.id),
    affiliates: castPartners.filter((p) => p.kind === 'affiliate').length,
    influencers: castPartners.filter((p) => p.kind === 'influencer').length,
    clicks: honest.length + fraud.clicks.length,
    fraudulent: castPartners.filter((p) => p.fraud).map((p) => ({ partner_id: p.id, pattern: p.fraud!, description: fraudPatterns[p.fraud!], clicks: fraud.counts[p.id] ?? 0 })),
    coupon_orders: couponOrders,
    refunds: refunds.length,
    credited_sales: creditedSales,
    tier_crossings: tierCrossings,
  };
  return { events: merged, world: { ...world, refunds }, truth, newAnonymousIds: fraud.newAnonymousIds };
}

function groupClicks(clicks: WorldClick[]): Map<string, WorldClick[]> {
  const byVisitor = new Map<string, WorldClick[]>();
  for (const c of clicks) {
    const list = byVisitor.get(c.anonymousId);
    if (list) list.push(c);
    else byVisitor.set(c.anonymousId, [c]);
  }
  for (const list of byVisitor.values()) list.sort((a, b) => a.ms - b.ms);
  return byVisitor;
}

function lastClickBefore(clicks: WorldClick[] | undefined, ms: number): WorldClick | undefined {
  if (!clicks) return undefined;
  for (let i = clicks.length - 1; i >= 0; i -= 1) if (clicks[i].ms <= ms) return ms - clicks[i].ms <= creditWindowMs ? clicks[i] : undefined;
  return undefined;
}

/** Refunds of 6% of the credited sales, 2–14 days later within the window: half of the whole order, half of 20–80% of it. */
function refundsOf(rng: Rng, credited: { order: string; ms: number }[], orders: readonly OrderRecord[], endMs: number, format: (ms: number) => string, seed: number): OrderRefund[] {
  const byId = new Map(orders.map((o) => [o.order_id, o]));
  const refunds: OrderRefund[] = [];
  for (const c of credited) {
    if (!rng.chance(refundShare)) continue;
    const order = byId.get(c.order);
    const at = c.ms + 2 * dayMs + rng.int(12 * dayMs);
    if (!order || at > endMs) continue;
    const digits = minorDigits(order.amount.currency as DemoCurrency);
    const whole = Math.round(Number(order.amount.amount) * 10 ** digits);
    const minor = rng.chance(0.5) ? whole : Math.max(1, Math.round(whole * (0.2 + 0.6 * rng.next())));
    refunds.push({ refund_id: `ref_${seed}_${refunds.length + 1}`, order_id: c.order, amount: formatMinor(minor, digits), currency: order.amount.currency, at: format(at), reason: 'refund' });
  }
  return refunds;
}

/** Affiliates whose unrefunded credited sales in a UTC month reach the tier, and when. */
function crossings(credited: { partner: number; ms: number }[], format: (ms: number) => string): PartnerTruth['tier_crossings'] {
  const counts = new Map<string, number>();
  const out: PartnerTruth['tier_crossings'] = [];
  for (const c of [...credited].sort((a, b) => a.ms - b.ms)) {
    const cast = castPartners[c.partner];
    if (cast.program !== 'affiliates') continue;
    const month = format(c.ms).slice(0, 7);
    const key = `${cast.id} ${month}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n === tierMinSales) out.push({ partner_id: cast.id, month, at: format(c.ms), min_sales: tierMinSales });
  }
  return out;
}

/**
 * Merges the added clicks into the time-ordered events (after existing events of the same instant)
 * and numbers the events from the first added one on again, `ev_<seed>_<n>` in time order as
 * `emitEvents` numbers them.
 */
function mergeAdded(events: EventRecord[], added: { ms: number; event: EventRecord }[], seed: number): EventRecord[] {
  added.sort((a, b) => a.ms - b.ms);
  const out: EventRecord[] = new Array(events.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let renumberFrom = -1;
  while (i < events.length || j < added.length) {
    if (j >= added.length || (i < events.length && events[i].ts <= added[j].event.ts)) out[k++] = events[i++];
    else {
      if (renumberFrom < 0) renumberFrom = k;
      out[k++] = added[j++].event;
    }
  }
  if (renumberFrom >= 0) {
    const prefix = `ev_${seed}_`;
    for (let n = renumberFrom; n < out.length; n += 1) out[n].id = prefix + (n + 1);
  }
  return out;
}

/** The programmes and partners as records (without the workspace, set when the world is loaded). */
function records(window: DemoWindow, currency: DemoCurrency): Omit<DemoPartnerWorld, 'refunds'> {
  const createdAt = new Date(window.startMs - 30 * dayMs).toISOString();
  const money = (eur: number) => {
    const digits = minorDigits(currency);
    return formatMinor(Math.round((eur / demoCurrencies[currency].eur) * 10 ** digits), digits);
  };
  const influencerCurrency: DemoCurrency = currency === 'USD' ? 'EUR' : 'USD';
  const rules = castRules(money);
  const program = (id: string, name: string, cur: DemoCurrency, windowDays: number, r: DemoProgram['rules'], minPayout: string): DemoProgram => ({
    id, name, currency: cur, window_days: windowDays, hold_days: 30, crediting: 'last_click', rules: r, min_payout: minPayout, payout_schedule: 'monthly', fraud_threshold: 50, accepts_applications: true, created_at: createdAt,
  });
  const programs = [
    program('prog_affiliates', 'Affiliate programme', currency, 30, rules.affiliates, money(50)),
    program('prog_influencers', 'Creator programme', influencerCurrency, 14, rules.influencers, '50.00'),
  ];
  const partners: DemoPartner[] = castPartners.map((p, i) => ({
    id: p.id, program_id: p.program === 'affiliates' ? 'prog_affiliates' : 'prog_influencers', name: p.name, email: `${p.id.replace(/_/g, '.')}@partners.example.com`, kind: p.kind, status: 'approved',
    parent_id: null, group: p.fraud ? null : p.kind === 'influencer' ? 'creators' : (p.from?.source ?? null), language: (['en', 'fa', 'vi'] as const)[i % 3], country: null,
    links: slugsOf(p.id), coupons: p.coupon ? [p.coupon] : [], identities: [], retainer: null, postback_url: null, tax: null, created_at: createdAt, approved_at: createdAt,
  }));
  const links: TrackingLink[] = castPartners.flatMap((p) => {
    const utm = p.from ? { source: p.from.source, medium: p.kind } : { source: 'partner_network', medium: 'affiliate', campaign: 'partner_links', content: p.id };
    const [main, deep] = slugsOf(p.id);
    return [
      { slug: main, destination: `${siteOrigin}/`, utm, disabled: false, created_at: createdAt },
      { slug: deep, destination: `${siteOrigin}/products/wireless-earbuds`, utm, disabled: false, created_at: createdAt },
    ];
  });
  return { programs, partners, links };
}

/**
 * Fraud scoring on the demo world (issue 16 "Done when": recall ≥ 0.9 and precision ≥ 0.8 on the
 * named fraudulent partners). Pure: the partner clicks are read from the world's events as the
 * store's facts would give them (a landing page view = a page view of the same visitor within
 * 30 minutes), each purchase credited to its coupon's holder or else the device's last partner
 * click within 30 days, and a partner is flagged at `partnerFlagThreshold` (50) or above.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreTraffic } from '../../partners/fraud/score-traffic.js';
import { partnerFlagThreshold } from '../../partners/fraud/signals.js';
import type { FraudClick, FraudConversion } from '../../partners/fraud/types.js';
import type { EventRecord } from '../../records/events.js';
import { generateDemoWorld } from '../generate.js';
import type { DemoWorld } from '../world/types.js';

const landingWindowMs = 30 * 60_000;
const creditWindowMs = 30 * 86_400_000;

/** The partner clicks and credited purchases of a world, as fraud scoring reads them. */
function fraudInputs(world: DemoWorld): { clicks: FraudClick[]; conversions: FraudConversion[] } {
  const partnerOfSlug = new Map(world.partners.partners.flatMap((p) => p.links.map((l) => [l, p.id] as const)));
  const partnerOfCoupon = new Map(world.partners.partners.flatMap((p) => p.coupons.map((c) => [c, p.id] as const)));
  const partnerClicks: { ev: EventRecord; partner: string; ms: number }[] = [];
  for (const ev of world.events) {
    const slug = ev.type === 'click' && ev.properties?.rl_server_click === true ? ev.properties.link : undefined;
    const partner = typeof slug === 'string' ? partnerOfSlug.get(slug) : undefined;
    if (partner) partnerClicks.push({ ev, partner, ms: Date.parse(ev.ts) });
  }
  const visitors = new Set(partnerClicks.map((c) => c.ev.anonymous_id));
  const pageViews = new Map<string, number[]>();
  for (const ev of world.events) {
    if (ev.type !== 'page_view' || !visitors.has(ev.anonymous_id)) continue;
    const list = pageViews.get(ev.anonymous_id) ?? [];
    list.push(Date.parse(ev.ts));
    pageViews.set(ev.anonymous_id, list);
  }
  const clicks: FraudClick[] = partnerClicks.map(({ ev, partner, ms }) => {
    const p = ev.properties!;
    return {
      id: ev.click_id!, partner_id: partner, ms, ip_prefix: (p.ip_prefix as string) ?? null, user_agent: (p.user_agent as string) ?? null, anonymous_id: ev.anonymous_id,
      ad_click_id: typeof p.ad_click === 'string', landed: (pageViews.get(ev.anonymous_id) ?? []).some((t) => t >= ms && t - ms <= landingWindowMs),
    };
  });
  const byVisitor = new Map<string, FraudClick[]>();
  for (const c of clicks) byVisitor.set(c.anonymous_id, [...(byVisitor.get(c.anonymous_id) ?? []), c]);
  const conversions: FraudConversion[] = [];
  for (const ev of world.events) {
    if (ev.type !== 'conversion' || !ev.order_id) continue;
    const ms = Date.parse(ev.ts);
    const coupon = typeof ev.properties?.coupon === 'string' ? partnerOfCoupon.get(ev.properties.coupon) : undefined;
    const last = (byVisitor.get(ev.anonymous_id) ?? []).filter((c) => c.ms <= ms && ms - c.ms <= creditWindowMs).at(-1);
    const partner = coupon ?? last?.partner_id;
    if (!partner) continue;
    const viaClick = !coupon && last ? last : null;
    conversions.push({ id: ev.order_id, partner_id: partner, event: 'sale', ms, click_id: viaClick?.id ?? null, click_ms: viaClick?.ms ?? null, email_disposable: null, buyer_identities: [ev.anonymous_id, ...(ev.user_id ? [ev.user_id] : [])] });
  }
  return { clicks: clicks.sort((a, b) => a.ms - b.ms), conversions };
}

/** Each programme's partners scored on their own traffic (the conversion rate is compared within the programme). */
function scoreByProgram(world: DemoWorld) {
  const inputs = fraudInputs(world);
  return world.partners.programs.flatMap((program) => {
    const members = world.partners.partners.filter((p) => p.program_id === program.id);
    const ids = new Set(members.map((p) => p.id));
    return scoreTraffic({ clicks: inputs.clicks.filter((c) => ids.has(c.partner_id)), conversions: inputs.conversions.filter((c) => ids.has(c.partner_id)), partners: members }).partners;
  }).sort((a, b) => b.score - a.score);
}

describe('fraud scores on the default demo world', () => {
  let world: DemoWorld;
  beforeAll(() => {
    world = generateDemoWorld();
  }, 300_000);

  it('finds the named fraudulent partners: recall ≥ 0.9, precision ≥ 0.8', () => {
    const inputs = fraudInputs(world);
    const partners = scoreByProgram(world);
    const fraudulent = new Set(world.truth.partners!.fraudulent.map((f) => f.partner_id));
    const flagged = partners.filter((p) => p.score >= partnerFlagThreshold);
    const truePositives = flagged.filter((p) => fraudulent.has(p.partner_id)).length;
    const recall = truePositives / fraudulent.size;
    const precision = flagged.length ? truePositives / flagged.length : 0;
    console.log(`partner fraud on the demo world: ${inputs.clicks.length} clicks, ${inputs.conversions.length} credited sales; flagged ${flagged.map((p) => `${p.partner_id} ${p.score} [${p.reasons.join(', ')}]`).join('; ')}; recall ${recall.toFixed(2)}, precision ${precision.toFixed(2)}; highest honest: ${partners.filter((p) => !fraudulent.has(p.partner_id)).slice(0, 3).map((p) => `${p.partner_id} ${p.score} [${p.reasons.join(', ')}] late ${p.shares.late_conversion.toFixed(2)} rate ${p.conversion_rate?.toFixed(3)}`).join('; ')}`);
    expect(fraudulent.size).toBe(4);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it('each fraudulent partner is caught by its own pattern\'s signal', () => {
    const partners = scoreByProgram(world);
    const reasons = new Map(partners.map((p) => [p.partner_id, p.reasons]));
    const expected = { cookie_stuffing: 'partner_no_landing_views', click_injection: 'partner_fast_conversions', datacenter_bots: 'partner_hosting_traffic', brand_bidding: 'partner_ad_click_ids' } as const;
    for (const f of world.truth.partners!.fraudulent) expect(reasons.get(f.partner_id), f.partner_id).toContain(expected[f.pattern]);
  });

  it('has a tier crossing mid-month, coupon orders and refunds', () => {
    const truth = world.truth.partners!;
    const mid = truth.tier_crossings.filter((c) => Number(c.at.slice(8, 10)) >= 8 && Number(c.at.slice(8, 10)) <= 24);
    console.log(`demo world partners: ${truth.clicks} clicks, ${truth.coupon_orders} coupon orders, ${truth.refunds} refunds, tier crossings ${truth.tier_crossings.map((c) => `${c.partner_id} ${c.at}`).join(', ')}`);
    expect(mid.length).toBeGreaterThan(0);
    expect(truth.coupon_orders).toBeGreaterThan(100);
    expect(truth.refunds).toBeGreaterThan(50);
  });
});

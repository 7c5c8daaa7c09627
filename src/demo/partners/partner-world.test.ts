import { describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../generate.js';

describe('the demo world\'s partners (a small world: 14 days, 3,000 people, IRR)', () => {
  const world = generateDemoWorld({ seed: 5, days: 14, visitors: 3000, endDate: '2026-11-20', currency: 'IRR' });
  const { programs, partners, refunds } = world.partners;

  it('has 30 affiliates and 10 influencers in two programmes, the affiliates\' in the workspace currency', () => {
    expect(partners.filter((p) => p.kind === 'affiliate').length).toBe(30);
    expect(partners.filter((p) => p.kind === 'influencer').length).toBe(10);
    expect(programs.map((p) => [p.id, p.currency])).toEqual([['prog_affiliates', 'IRR'], ['prog_influencers', 'USD']]);
    const affiliates = programs[0];
    expect(affiliates.rules.map((r) => [r.event, r.type, r.amount, r.tiers])).toEqual([['sale', 'percent', '8', [{ min_sales: 20, amount: '10' }]], ['lead', 'flat', '2400000', undefined]]); // 2 EUR at 1,200,000 IRR
    expect(partners.filter((p) => p.kind === 'influencer').every((p) => p.coupons.length === 1)).toBe(true);
    expect(new Set(partners.flatMap((p) => p.links)).size).toBe(80);
  });

  it('records partner clicks exactly as /c/:slug does', () => {
    const slugs = new Set(partners.flatMap((p) => p.links));
    const clicks = world.events.filter((e) => e.type === 'click' && e.properties?.rl_server_click === true);
    expect(clicks.length).toBe(world.truth.partners!.clicks);
    for (const c of clicks) {
      const p = c.properties!;
      expect(Object.keys(p).every((k) => ['link', 'rl_cid', 'rl_server_click', 'sub1', 'sub2', 'ip_prefix', 'user_agent', 'ad_click'].includes(k))).toBe(true);
      expect(slugs.has(p.link as string)).toBe(true);
      expect(c.click_id).toBe(p.rl_cid);
      expect(c.click_id).toMatch(/^rl_[A-Za-z0-9]{20}$/);
      expect(new URL(c.url!).searchParams.get('rl_cid')).toBe(c.click_id);
      expect(p.ip_prefix).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
      expect(typeof p.user_agent).toBe('string');
    }
    expect(clicks.filter((c) => c.properties!.ad_click === 'gclid').every((c) => c.properties!.link === 'aff-brand')).toBe(true);
  });

  it('names the four fraudulent partners and their patterns in the truth', () => {
    expect(world.truth.partners!.fraudulent.map((f) => [f.partner_id, f.pattern])).toEqual([
      ['aff_stuffer', 'cookie_stuffing'],
      ['aff_injector', 'click_injection'],
      ['aff_bots', 'datacenter_bots'],
      ['aff_brand', 'brand_bidding'],
    ]);
  });

  it('puts coupons on purchases and refunds no more than a credited order\'s amount', () => {
    const coupons = new Set(partners.flatMap((p) => p.coupons));
    const withCoupon = world.events.filter((e) => e.type === 'conversion' && e.properties?.coupon !== undefined);
    expect(withCoupon.length).toBe(world.truth.partners!.coupon_orders);
    expect(withCoupon.every((e) => coupons.has(e.properties!.coupon as string))).toBe(true);
    const orders = new Map(world.orders.map((o) => [o.order_id, o]));
    expect(refunds.length).toBe(world.truth.partners!.refunds);
    for (const r of refunds) {
      const order = orders.get(r.order_id)!;
      expect(r.currency).toBe(order.amount.currency);
      expect(Number(r.amount)).toBeGreaterThan(0);
      expect(Number(r.amount)).toBeLessThanOrEqual(Number(order.amount.amount));
      expect(r.at > order.ts).toBe(true);
    }
  });
});

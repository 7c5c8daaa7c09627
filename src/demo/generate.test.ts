import { createHash } from 'node:crypto';
import Big from 'big.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../records/events.js';
import { AppError } from '../shared/errors.js';
import { generateDemoTruth, generateDemoWorld } from './generate.js';
import { marginalResponse, steadyStateResponse } from './world/response-curve.js';
import type { DemoWorld } from './world/types.js';
import { channelOfHit, identities, isLanding, touchesByPerson } from './world-checks.js';

const digitsOf: Record<string, number> = { EUR: 2, USD: 2, IRR: 0, VND: 0 };
const isoMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function hashWorld(world: DemoWorld): string {
  const h = createHash('sha256');
  for (const part of [world.events, world.spend, world.orders, world.leads, world.rates]) for (const row of part) h.update(JSON.stringify(row));
  h.update(JSON.stringify(world.partners));
  h.update(JSON.stringify(world.truth));
  return h.digest('hex');
}

function validMoney(amount: string, currency: string): boolean {
  const digits = digitsOf[currency];
  if (digits === undefined) return false;
  return new RegExp(digits === 0 ? '^\\d+$' : `^\\d+\\.\\d{${digits}}$`).test(amount);
}

describe('a small world (7 days, 1,000 people)', () => {
  const small = () => generateDemoWorld({ seed: 7, days: 7, visitors: 1000 });

  it('has the same daily truth and channels without its events (generateDemoTruth)', () => {
    const world = generateDemoWorld({ seed: 7, days: 30, visitors: 3000, endDate: '2026-12-10' });
    const truth = generateDemoTruth({ seed: 7, days: 30, visitors: 3000, endDate: '2026-12-10' });
    expect(truth.daily).toEqual(world.truth.daily);
    expect(truth.channels).toEqual(world.truth.channels);
    expect(truth.daily.reduce((a, d) => a + d.conversions, 0)).toBe(world.truth.totals.conversions);
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = hashWorld(small());
    expect(hashWorld(small())).toBe(a);
    expect(hashWorld(generateDemoWorld({ seed: 8, days: 7, visitors: 1000 }))).not.toBe(a);
  });

  it('names spend sources as the spend importer names the platforms, so a real export replaces demo rows', () => {
    const sources = new Map<string, Set<string>>();
    for (const row of small().spend) sources.set(row.campaign, (sources.get(row.campaign) ?? new Set()).add(row.source ?? ''));
    expect([...(sources.get('generic_search') ?? [])]).toEqual(['google_ads']);
    expect([...(sources.get('bing_search') ?? [])]).toEqual(['microsoft_ads']);
    expect([...(sources.get('prospecting_fb') ?? [])]).toEqual(['meta_ads']);
    expect([...(sources.get('weekly_newsletter') ?? [])]).toEqual(['newsletter']);
  });

  it('keeps every timestamp inside the window and numbers events in time order', () => {
    const world = small();
    expect(world.truth.start_date).toBe('2026-11-14');
    const first = Date.parse('2026-11-14T00:00:00.000Z');
    const last = Date.parse('2026-11-21T00:00:00.000Z');
    let previous = 0;
    const bad = world.events.filter((ev, i) => {
      const ms = Date.parse(ev.ts);
      const ok = ev.id === `ev_7_${i + 1}` && isoMs.test(ev.ts) && ms >= first && ms < last && ms >= previous;
      previous = ms;
      return !ok;
    });
    expect(bad).toEqual([]);
    for (const row of world.spend) expect(row.date >= '2026-11-14' && row.date <= '2026-11-20').toBe(true);
  });

  it('rejects bad options with an error naming the option', () => {
    const bad = [{ days: 0 }, { visitors: 1.5 }, { seed: -1 }, { endDate: '2026-02-30' }, { currency: 'XYZ' }];
    const paths = ['days', 'visitors', 'seed', 'endDate', 'currency'];
    bad.forEach((options, i) => {
      try {
        generateDemoWorld(options);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).issues[0].path).toBe(paths[i]);
      }
    });
  });

  it('can be expressed in IRR (no minor unit) with rates into IRR', () => {
    const world = generateDemoWorld({ seed: 3, days: 7, visitors: 1000, currency: 'IRR' });
    for (const row of world.spend) {
      expect(row.cost.currency).toBe('IRR');
      expect(row.cost.amount).toMatch(/^\d+$/);
    }
    expect(new Set(world.rates.map((r) => r.currency))).toEqual(new Set(['EUR', 'USD', 'VND']));
    const eur = Number(world.rates.find((r) => r.currency === 'EUR')!.rate);
    expect(eur).toBeGreaterThan(500_000); // 1 EUR ≈ 1.2 million IRR in 2026
    // k of the response curve is in IRR: the EUR world's k times the EUR rate used to scale it (1,200,000)
    const search = world.truth.channels.find((c) => c.channel === 'paid_search')!;
    const searchEur = small().truth.channels.find((c) => c.channel === 'paid_search')!;
    expect(search.response!.k / searchEur.response!.k).toBeCloseTo(1_200_000, 3);
  });
});

describe('the default world (seed 42, 90 days, 100,000 people)', () => {
  let world: DemoWorld;
  beforeAll(() => {
    world = generateDemoWorld();
  });

  it('has about 100k people and about a million events', () => {
    expect(world.truth.totals.people).toBe(100_000);
    const primaryIds = new Set<string>();
    for (const ev of world.events) primaryIds.add(ev.anonymous_id);
    expect(primaryIds.size).toBe(world.truth.totals.anonymous_ids);
    expect(primaryIds.size).toBeGreaterThanOrEqual(100_000);
    expect(primaryIds.size).toBeLessThan(130_000);
    expect(world.events.length).toBeGreaterThan(700_000);
    expect(world.events.length).toBeLessThan(1_300_000);
    expect(world.truth.totals.events).toBe(world.events.length);
    expect(new Set(world.events.map((e) => e.id)).size).toBe(world.events.length);
    const types = new Set(world.events.map((e) => e.type));
    expect(types).toEqual(new Set(['impression', 'click', 'page_view', 'lead', 'conversion', 'custom']));
  });

  it('writes valid, non-negative money everywhere', () => {
    for (const row of world.spend) {
      expect(validMoney(row.cost.amount, row.cost.currency)).toBe(true);
      expect(row.cost.currency).toBe('EUR');
      expect(Number.isInteger(row.impressions) && Number.isInteger(row.clicks)).toBe(true);
      expect(row.clicks).toBeGreaterThanOrEqual(0);
      expect(row.impressions).toBeGreaterThanOrEqual(row.clicks);
    }
    for (const order of world.orders) {
      expect(validMoney(order.amount.amount, order.amount.currency)).toBe(true);
      expect(Number(order.amount.amount)).toBeGreaterThan(0);
    }
    const currencies = new Set(world.orders.map((o) => o.amount.currency));
    expect(currencies).toEqual(new Set(['EUR', 'USD', 'IRR', 'VND']));
    for (const rate of world.rates) expect(Number(rate.rate)).toBeGreaterThan(0);
    expect(world.rates.length).toBe(3 * 90);
  });

  it('gives every order a conversion event with the same id, amount, time and customer', () => {
    const conversions = new Map<string, EventRecord>();
    for (const ev of world.events) if (ev.type === 'conversion') conversions.set(ev.order_id!, ev);
    expect(conversions.size).toBe(world.orders.length);
    for (const order of world.orders) {
      const ev = conversions.get(order.order_id)!;
      expect(ev).toBeDefined();
      expect(ev.name).toBe('purchase');
      expect(ev.revenue).toEqual(order.amount);
      expect(ev.ts).toBe(order.ts);
      expect(ev.user_id).toBe(order.customer_id);
    }
    expect(world.orders.filter((o) => o.click_id).length).toBeGreaterThan(world.orders.length / 10);
  });

  it('books clicks that match the tracked ad clicks (plus 4–12 % the tracker misses)', () => {
    const tracked = new Map<string, number>();
    for (const ev of world.events) {
      if (ev.type !== 'click') continue;
      const key = `${ev.ts.slice(0, 10)}|${ev.utm!.campaign}|${ev.utm!.content}`;
      tracked.set(key, (tracked.get(key) ?? 0) + 1);
    }
    let rowsWithClicks = 0;
    for (const row of world.spend) {
      const n = tracked.get(`${row.date}|${row.campaign}|${row.ad}`) ?? 0;
      // a click comes 1–3 s before its visit, and visits start at 01:00 at the earliest, so both share a date
      expect(row.clicks).toBeGreaterThanOrEqual(n);
      expect(row.clicks).toBeLessThanOrEqual(Math.round(n * 1.12) + 1);
      if (row.clicks > 0) rowsWithClicks += 1;
    }
    expect(rowsWithClicks).toBeGreaterThan(world.spend.length * 0.8);
  });

  it('tags paid visits so the channel can be read back from UTM and click ids', () => {
    const byChannel = new Map<string, number>();
    const badTags: EventRecord[] = [];
    for (const ev of world.events) {
      if (!isLanding(ev)) continue;
      const channel = channelOfHit(ev);
      byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
      const url = ev.url ?? '';
      const props = ev.properties as Record<string, unknown>;
      if (ev.utm?.source === 'google' && !(ev.click_id && url.includes(`gclid=${ev.click_id}`) && url.includes('utm_medium=cpc') && props.gclid === ev.click_id)) badTags.push(ev);
      if (ev.utm?.source === 'tiktok' && !url.includes(`ttclid=${ev.click_id}`)) badTags.push(ev);
      if (ev.utm?.source === 'bing' && !url.includes(`msclkid=${ev.click_id}`)) badTags.push(ev);
      if (ev.utm?.source === 'facebook' && !url.includes(`fbclid=${ev.click_id}`)) badTags.push(ev);
    }
    expect(badTags).toEqual([]);
    for (const id of ['paid_search', 'paid_social', 'display', 'email', 'affiliates', 'influencer', 'organic_search', 'organic_social', 'referral', 'direct']) {
      expect(byChannel.get(id) ?? 0).toBeGreaterThan(500);
    }
    expect(byChannel.get('unknown')).toBeUndefined();
  });

  it('has truth consistent with the recorded causes and the orders', () => {
    const truth = world.truth;
    const rateOf = new Map(world.rates.map((r) => [`${r.date}|${r.currency}`, r.rate]));
    const counted = new Map<string, { n: number; revenue: Big }>();
    for (const order of world.orders) {
      const cause = truth.causes[order.order_id];
      expect(cause).toBeDefined();
      const rate = order.amount.currency === 'EUR' ? '1' : rateOf.get(`${order.ts.slice(0, 10)}|${order.amount.currency}`)!;
      const eur = new Big(order.amount.amount).times(rate).round(2, Big.roundHalfUp);
      const entry = counted.get(cause) ?? { n: 0, revenue: new Big(0) };
      entry.n += 1;
      entry.revenue = entry.revenue.plus(eur);
      counted.set(cause, entry);
    }
    let incremental = 0;
    for (const channel of truth.channels) {
      const entry = counted.get(channel.channel) ?? { n: 0, revenue: new Big(0) };
      expect(channel.incremental_conversions).toBe(entry.n);
      // per-order rounding of float products vs exact decimals may differ by a cent per order
      expect(Math.abs(Number(channel.incremental_revenue) - entry.revenue.toNumber())).toBeLessThanOrEqual(0.01 * entry.n + 1e-9);
      incremental += channel.incremental_conversions;
      if (channel.response) {
        // realised draws are Poisson around the expectation (a few draws find nobody eligible): within 4 sd
        const sd = Math.sqrt(channel.expected_incremental_conversions);
        expect(Math.abs(channel.incremental_conversions - channel.expected_incremental_conversions)).toBeLessThan(4 * sd + 2);
        expect(channel.incremental_conversions).toBeGreaterThan(20);
      } else expect(channel.incremental_conversions).toBe(0);
    }
    expect(incremental).toBeLessThanOrEqual(truth.totals.conversions);
    expect(incremental + truth.baseline.conversions + truth.repeat.conversions).toBe(truth.totals.conversions);
    expect(truth.totals.conversions).toBe(world.orders.length);
    expect(truth.baseline.conversions).toBe(counted.get('baseline')!.n);
    const spendByChannel = new Map<string, Big>();
    for (const row of world.spend) spendByChannel.set(row.channel, (spendByChannel.get(row.channel) ?? new Big(0)).plus(row.cost.amount));
    for (const channel of truth.channels) expect(channel.spend).toBe((spendByChannel.get(channel.channel) ?? new Big(0)).toFixed(2));
    const dailySum = truth.daily.reduce((a, d) => a + d.conversions, 0);
    expect(dailySum).toBe(truth.totals.conversions);
  });

  it('shows diminishing returns in every response curve', () => {
    for (const channel of world.truth.channels) {
      if (!channel.response) continue;
      // typical spend of a day the channel is active (influencer fees and email sends are paid on some days only)
      const days = world.truth.daily.map((d) => d.spend[channel.channel]).filter((x) => x > 0);
      const mean = days.reduce((a, b) => a + b, 0) / days.length;
      const m1 = marginalResponse(channel.response, mean);
      const m2 = marginalResponse(channel.response, 2 * mean);
      const m4 = marginalResponse(channel.response, 4 * mean);
      expect(m1).toBeGreaterThan(m2);
      expect(m2).toBeGreaterThan(m4);
      // average purchases per euro fall too
      expect(steadyStateResponse(channel.response, 2 * mean) / (2 * mean)).toBeLessThan(steadyStateResponse(channel.response, mean) / mean);
    }
  });

  it('has multi-touch journeys where the causing channel is not the last click', () => {
    const touches = touchesByPerson(world.events, identities(world.events));
    let caused = 0;
    let touched = 0;
    let lastIsCause = 0;
    const notLastByChannel = new Map<string, number>();
    for (const ev of world.events) {
      if (ev.type !== 'conversion') continue;
      const cause = world.truth.causes[ev.order_id!];
      if (cause === 'baseline' || cause === 'repeat') continue;
      caused += 1;
      const before = (touches.get(ev.user_id!) ?? []).filter((t) => t.ts <= ev.ts);
      if (before.some((t) => t.channel === cause)) touched += 1;
      const visits = before.filter((t) => t.kind === 'visit');
      if (visits.at(-1)?.channel === cause) lastIsCause += 1;
      else notLastByChannel.set(cause, (notLastByChannel.get(cause) ?? 0) + 1);
    }
    // the causing channel touched the buyer before the purchase, except when it touched a device the buyer never logged in on
    expect(touched / caused).toBeGreaterThan(0.85);
    expect(lastIsCause / caused).toBeLessThan(0.8);
    expect(lastIsCause / caused).toBeGreaterThan(0.3);
    for (const channel of ['paid_social', 'display', 'influencer', 'email']) expect(notLastByChannel.get(channel) ?? 0).toBeGreaterThan(10);
  });

  it('joins second devices through identify and puts the user id on events after login', () => {
    const ids = identities(world.events);
    const anonsPerUser = new Map<string, Set<string>>();
    for (const [anon, user] of ids) {
      if (!anonsPerUser.has(user)) anonsPerUser.set(user, new Set());
      anonsPerUser.get(user)!.add(anon);
    }
    const multiDevice = [...anonsPerUser.values()].filter((s) => s.size > 1).length;
    expect(multiDevice).toBeGreaterThan(500);
    const loggedIn = new Set<string>();
    const bad: EventRecord[] = [];
    for (const ev of world.events) {
      if (ev.type === 'custom' && ev.name === 'identify') loggedIn.add(ev.anonymous_id);
      if (ev.user_id && !(loggedIn.has(ev.anonymous_id) && ids.get(ev.anonymous_id) === ev.user_id)) bad.push(ev);
    }
    expect(bad).toEqual([]);
  });

  it('moves leads through the CRM stages in order, customers when they bought', () => {
    const stages = ['created_at', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at'] as const;
    const purchases = new Map<string, string[]>();
    for (const order of world.orders) purchases.set(order.customer_id, [...(purchases.get(order.customer_id) ?? []), order.ts]);
    const signups = world.events.filter((e) => e.type === 'lead' && e.name === 'signup');
    expect(signups.length).toBe(world.leads.length);
    const reached = [0, 0, 0, 0, 0];
    for (const lead of world.leads) {
      let previous = '';
      let open = true;
      stages.forEach((stage, i) => {
        const at = lead[stage];
        if (at === undefined) {
          open = false;
          return;
        }
        expect(open).toBe(true); // no stage without the one before
        expect(at >= previous).toBe(true);
        previous = at;
        reached[i] += 1;
      });
      if (lead.customer_at) expect(purchases.get(lead.user_id!)).toContain(lead.customer_at);
    }
    // funnel narrows at every step
    for (let i = 1; i < reached.length; i += 1) expect(reached[i]).toBeLessThan(reached[i - 1]);
    expect(reached[4]).toBeGreaterThan(0);
    expect(world.leads.filter((l) => l.email_hash).length).toBeGreaterThan(world.leads.length / 2);
  });

  it('has repeat purchases by earlier customers', () => {
    const byCustomer = new Map<string, number>();
    for (const order of world.orders) byCustomer.set(order.customer_id, (byCustomer.get(order.customer_id) ?? 0) + 1);
    const repeaters = [...byCustomer.values()].filter((n) => n > 1).length;
    expect(repeaters).toBeGreaterThan(300);
    expect(world.truth.repeat.conversions).toBe(world.orders.length - byCustomer.size);
  });
});

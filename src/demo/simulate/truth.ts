/** Assembles the ground truth of a simulated world from its plans and purchases. */
import { dateOfDay, type DemoWindow } from '../world/calendar.js';
import { channelDefs } from '../world/catalog.js';
import type { ConversionPlan } from './conversions.js';
import { formatMinor } from '../world/money-format.js';
import type { Scale, SpendPlan } from './spend-plan.js';
import type { ChannelTruth, DailyTruth, DemoTruth, OrderCause } from '../../records/demo-truth.js';

export interface TruthInput {
  seed: number;
  visitors: number;
  currency: string;
  window: DemoWindow;
  scale: Scale;
  plan: SpendPlan;
  conversions: ConversionPlan;
  causes: Record<string, OrderCause>;
  counts: { orders: number; leads: number; events: number; sessions: number; anonymousIds: number };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The truth document: per-channel causal effects, response curves, baseline, repeats, daily series and every order's cause. */
export function buildTruth(input: TruthInput): DemoTruth {
  const { plan, conversions, window, scale } = input;
  const money = (minor: number) => formatMinor(minor, scale.digits);
  const byCause = new Map<OrderCause, { count: number; minor: number }>();
  const daily: DailyTruth[] = Array.from({ length: window.days }, (_, day) => ({
    date: dateOfDay(window, day),
    spend: {},
    adstock: {},
    expected: {},
    incremental: {},
    baseline: 0,
    repeat: 0,
    conversions: 0,
    revenue: 0,
  }));
  channelDefs.forEach((channel, c) => {
    if (!plan.response[c]) return;
    for (const row of daily) row.incremental[channel.id] = 0;
    daily.forEach((row, day) => {
      row.spend[channel.id] = round(plan.channelSpend[c][day], scale.digits);
      row.adstock[channel.id] = round(plan.channelAdstock[c][day], 4);
      row.expected[channel.id] = round(plan.expected[c][day], 6);
    });
  });
  const revenueMinor = new Array<number>(window.days).fill(0);
  for (const p of conversions.purchases) {
    const entry = byCause.get(p.cause) ?? { count: 0, minor: 0 };
    entry.count += 1;
    entry.minor += p.baseMinor;
    byCause.set(p.cause, entry);
    const row = daily[p.day];
    if (p.cause === 'baseline') row.baseline += 1;
    else if (p.cause === 'repeat') row.repeat += 1;
    else row.incremental[p.cause] += 1;
    row.conversions += 1;
    revenueMinor[p.day] += p.baseMinor;
  }
  daily.forEach((row, day) => (row.revenue = revenueMinor[day] / 10 ** scale.digits));

  const channels: ChannelTruth[] = channelDefs.map((channel, c) => {
    let spendMinor = 0;
    for (const ad of plan.ads) if (plan.campaigns[ad.campaign].channel === c) for (const v of plan.adCostMinor[ad.index]) spendMinor += v;
    const caused = byCause.get(channel.id) ?? { count: 0, minor: 0 };
    return {
      channel: channel.id,
      spend: money(spendMinor),
      incremental_conversions: caused.count,
      incremental_revenue: money(caused.minor),
      expected_incremental_conversions: round(plan.expected[c].reduce((a, b) => a + b, 0), 4),
      response: plan.response[c],
    };
  });
  const baseline = byCause.get('baseline') ?? { count: 0, minor: 0 };
  const repeat = byCause.get('repeat') ?? { count: 0, minor: 0 };
  const totalMinor = conversions.purchases.reduce((a, p) => a + p.baseMinor, 0);

  return {
    seed: input.seed,
    days: window.days,
    visitors: input.visitors,
    start_date: window.startDate,
    end_date: window.endDate,
    currency: input.currency,
    description:
      'Simulated shop. Every first purchase has exactly one cause: the incremental effect of one paid channel ' +
      '(Poisson draws of expected = beta * hill(adstock(spend)) per channel and day, given to a person that channel ' +
      'clicked or showed an ad to on that day or, through adstock, an earlier one; the purchase often happens later ' +
      'through another channel, so the last touch is not the cause) or the baseline demand (a person visiting that ' +
      'day through any channel). Customers buy again (cause "repeat"). Organic search, organic social, referral and ' +
      'direct have no spend and cause nothing incremental: their visits carry the baseline. Affiliate commissions ' +
      'and influencer/email fees are booked as daily cost rows. Revenue is in the base currency at the day\'s rate. ' +
      'Incremental draws that found no eligible person are dropped, so realised counts can fall short of expected ones.',
    model: {
      adstock: 'a_t = spend_t + theta * a_{t-1}, a_{-1} = 0 (channel spend per day in the base currency)',
      response: 'expected incremental first purchases_t = beta * a_t^s / (a_t^s + k^s)',
      baseline: 'expected baseline first purchases_t = 16 * size * weekday factor * (1 + 0.15 * t / days), size = visitors / days / (100000 / 90)',
    },
    channels,
    baseline: { conversions: baseline.count, revenue: money(baseline.minor), expected_conversions: round(conversions.expectedBaseline.reduce((a, b) => a + b, 0), 4) },
    repeat: { conversions: repeat.count, revenue: money(repeat.minor) },
    totals: {
      conversions: conversions.purchases.length,
      revenue: money(totalMinor),
      orders: input.counts.orders,
      leads: input.counts.leads,
      events: input.counts.events,
      people: input.visitors,
      anonymous_ids: input.counts.anonymousIds,
      sessions: input.counts.sessions,
    },
    daily,
    causes: input.causes,
  };
}

/**
 * Phase 2 of the simulation, the causal core: every first purchase is caused
 * either by one channel's incremental effect (Poisson draws of
 * beta * hill(adstock(spend)) per channel and day, given to a person that
 * channel touched on that day or, through adstock, on an earlier day) or by the
 * baseline demand; customers then buy again (repeat purchases).
 */
import { weekdayOfDay, type DemoWindow } from '../world/calendar.js';
import { averageOrderValue, baselinePerDay, baselineWeekly, channelDefs, countries, orderValueSigma, repeatGapDays, repeatOrderValue, repeatRate } from '../world/catalog.js';
import type { JourneyPlan, Person, PlannedSession } from './journeys.js';
import { pickAd } from './journeys.js';
import { isDemoCurrency, toMinor, type DemoCurrency } from '../world/money-format.js';
import { Rng } from '../world/prng.js';
import type { RateTable } from './rates.js';
import { stepMultiplier, type Scale, type SpendPlan } from './spend-plan.js';
import type { OrderCause } from '../../records/demo-truth.js';

export interface Purchase {
  person: number;
  day: number;
  cause: OrderCause;
  /** Order currency and amount in its minor units. */
  currency: DemoCurrency;
  amountMinor: number;
  /** The amount in base-currency minor units at that day's rate. */
  baseMinor: number;
}

export interface ConversionPlan {
  purchases: Purchase[];
  /** Expected baseline first purchases per day. */
  expectedBaseline: number[];
  /** Incremental draws per channel that found no untouched, unconverted person (not realised). */
  unrealised: number[];
  /** Second-device ids handed out so far (journeys + cross-device purchases). */
  secondDevices: number;
}

const maxLagDays = 21;
const attempts = 60;
const crossDeviceRate = 0.15;

interface Context {
  rng: Rng;
  plan: SpendPlan;
  journeys: JourneyPlan;
  window: DemoWindow;
  scale: Scale;
  rates: RateTable;
  base: DemoCurrency;
  visitors: number;
  secondDevices: number;
  emailChannel: number;
  directChannel: number;
  organicSearchChannel: number;
}

/** Draws every purchase of the window and attaches it to a session (creating one on the purchase day when needed). */
export function planConversions(
  seed: number,
  window: DemoWindow,
  scale: Scale,
  plan: SpendPlan,
  journeys: JourneyPlan,
  rates: RateTable,
  base: DemoCurrency,
  visitors: number,
  secondDevices: number,
): ConversionPlan {
  const channelIndex = (id: string) => channelDefs.findIndex((c) => c.id === id);
  const ctx: Context = {
    rng: new Rng(seed ^ 0xc0ffe),
    plan,
    journeys,
    window,
    scale,
    rates,
    base,
    visitors,
    secondDevices,
    emailChannel: channelIndex('email'),
    directChannel: channelIndex('direct'),
    organicSearchChannel: channelIndex('organic_search'),
  };
  const { rng } = ctx;
  const purchases: Purchase[] = [];
  const unrealised = channelDefs.map(() => 0);
  const expectedBaseline: number[] = [];
  for (let day = 0; day < window.days; day += 1) {
    for (let c = 0; c < channelDefs.length; c += 1) {
      if (!plan.response[c]) continue;
      const draws = rng.poisson(plan.expected[c][day]);
      for (let i = 0; i < draws; i += 1) {
        const person = touchedCandidate(ctx, c, day);
        if (person < 0) unrealised[c] += 1;
        else buy(ctx, purchases, journeys.people[person], day, channelDefs[c].id, firstOrderValue(ctx, c));
      }
    }
    const expected = baselinePerDay * scale.size * baselineWeekly[weekdayOfDay(window, day)] * (1 + (0.15 * day) / window.days);
    expectedBaseline.push(expected);
    const draws = rng.poisson(expected);
    for (let i = 0; i < draws; i += 1) {
      const person = visitingCandidate(ctx, day);
      if (person < 0) continue;
      const p = journeys.people[person];
      const landing = p.sessions.find((s) => s.day === day)!.channel;
      buy(ctx, purchases, p, day, 'baseline', firstOrderValue(ctx, landing));
    }
  }
  const firsts = purchases.length;
  for (let i = 0; i < firsts; i += 1) {
    const person = journeys.people[purchases[i].person];
    let day = purchases[i].day;
    let again = rng.chance(repeatRate);
    while (again) {
      day += 1 + Math.floor(rng.exponential(repeatGapDays));
      if (day >= window.days) break;
      buy(ctx, purchases, person, day, 'repeat', rng.logNormalMean(repeatOrderValue, orderValueSigma));
      again = rng.chance(0.3);
    }
  }
  return { purchases, expectedBaseline, unrealised, secondDevices: ctx.secondDevices };
}

/**
 * A person the channel touched on day - lag (lag drawn in proportion to that
 * day's share of today's adstock, spend_{t-lag} * theta^lag), who has not bought yet.
 */
function touchedCandidate(ctx: Context, channel: number, day: number): number {
  const theta = ctx.plan.response[channel]!.theta;
  const spend = ctx.plan.channelSpend[channel];
  const weights: number[] = [];
  for (let lag = 0; lag <= Math.min(day, maxLagDays); lag += 1) weights.push(spend[day - lag] * theta ** lag);
  if (!weights.some((w) => w > 0)) return -1;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const touched = ctx.journeys.touches[channel][day - ctx.rng.weighted(weights)];
    if (touched.length === 0) continue;
    const person = touched[ctx.rng.int(touched.length)];
    if (ctx.journeys.people[person].firstPurchaseDay < 0) return person;
  }
  return -1;
}

/** A person with a session on the day who has not bought yet. */
function visitingCandidate(ctx: Context, day: number): number {
  const visiting = ctx.journeys.sessionsByDay[day];
  if (visiting.length === 0) return -1;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const person = visiting[ctx.rng.int(visiting.length)];
    if (ctx.journeys.people[person].firstPurchaseDay < 0) return person;
  }
  return -1;
}

function firstOrderValue(ctx: Context, channel: number): number {
  return ctx.rng.logNormalMean(averageOrderValue * channelDefs[channel].aovFactor, orderValueSigma);
}

/** Records a purchase worth `valueEur` and attaches it to the person's session that day. */
function buy(ctx: Context, purchases: Purchase[], person: Person, day: number, cause: OrderCause, valueEur: number): void {
  if (cause !== 'repeat') person.firstPurchaseDay = day;
  const session = sessionOn(ctx, person, day, cause === 'repeat');
  session.purchase = purchases.length;
  purchases.push({ person: person.index, day, cause, ...orderMoney(ctx, person, day, valueEur) });
}

/** The order's currency (local for some US, IR and VN buyers) and its amounts. */
function orderMoney(ctx: Context, person: Person, day: number, valueEur: number): { currency: DemoCurrency; amountMinor: number; baseMinor: number } {
  const { rng, base, rates } = ctx;
  const baseDigits = ctx.scale.digits;
  const baseValue = valueEur * ctx.scale.money;
  const local = countries[person.country].local;
  const localShare = local === 'USD' ? 0.8 : local === 'EUR' ? 0 : 0.3;
  const currency: DemoCurrency = isDemoCurrency(local) && local !== base && rng.chance(localShare) ? local : base;
  if (currency === base) {
    const minor = toMinor(baseValue, baseDigits);
    return { currency, amountMinor: minor, baseMinor: minor };
  }
  const digits = currency === 'USD' || currency === 'EUR' ? 2 : 0;
  const rate = rates.rate(currency, day);
  const amountMinor = toMinor(baseValue / rate, digits);
  const baseMinor = toMinor((amountMinor / 10 ** digits) * rate, baseDigits);
  return { currency, amountMinor, baseMinor };
}

/** The person's session on `day`, or a new visit that day (direct, organic search or an email), sometimes on a second device. */
function sessionOn(ctx: Context, person: Person, day: number, customer: boolean): PlannedSession {
  const existing = person.sessions.find((s) => s.day === day);
  if (existing) return existing;
  const { rng, plan } = ctx;
  const knownByEmail = customer || person.sessions.some((s) => s.day < day && (s.signup || s.channel === ctx.emailChannel));
  const roll = rng.next();
  let channel = roll < 0.5 ? ctx.directChannel : roll < 0.8 ? ctx.organicSearchChannel : ctx.emailChannel;
  if (channel === ctx.emailChannel && !knownByEmail) channel = ctx.directChannel;
  let campaign = -1;
  let ad = -1;
  if (channel === ctx.emailChannel) {
    const emails = plan.campaigns.filter((c) => c.channel === ctx.emailChannel);
    const winback = emails.find((c) => c.def.name === 'winback_flow' && stepMultiplier(c.def, day / ctx.window.days) > 0);
    campaign = (winback && !plan.sendDay[day] ? winback : emails[0]).index;
    ad = pickAd(rng, plan, campaign, day);
  }
  let device: 0 | 1 = 0;
  if (person.devices[1] >= 0) device = rng.chance(0.5) ? 1 : 0;
  else if (rng.chance(crossDeviceRate)) {
    person.devices[1] = (person.devices[0] + 1 + rng.int(2)) % 3;
    person.secondAnon = ctx.visitors + ++ctx.secondDevices;
    device = 1;
  }
  const created: PlannedSession = { day, channel, campaign, ad, device, signup: false, purchase: -1 };
  const at = person.sessions.findIndex((s) => s.day > day);
  if (at < 0) person.sessions.push(created);
  else person.sessions.splice(at, 0, created);
  return created;
}

/**
 * Phase 3 of the simulation: turns the planned journeys and purchases into
 * canonical events, orders and leads with timestamps. Identity works like the
 * browser snippet: each device has its anonymous id; `identify` (a custom event)
 * joins it to the person's user id at signup, checkout or a later login, and
 * events after it on that device carry the user id.
 *
 * Days are written in order and every event of a day falls inside it, so
 * sorting each day and numbering it at once gives globally time-ordered ids.
 */
import type { EventRecord, LeadRecord, OrderRecord, Utm } from '../../records/events.js';
import { dayMs, IsoClock, type DemoWindow } from '../world/calendar.js';
import { categories, channelDefs, countries, devices, hourWeights, products, siteOrigin } from '../world/catalog.js';
import type { ConversionPlan } from './conversions.js';
import type { JourneyPlan, Person, PlannedSession } from './journeys.js';
import { buildAdUtms, clickIdParamOf, flat, newClickId, newEmailHash, referrerOf, taggedUrl } from './landing.js';
import { advanceLead } from './lead-stages.js';
import { formatMinor, minorDigits } from '../world/money-format.js';
import { Rng, WeightedTable } from '../world/prng.js';
import type { SpendPlan } from './spend-plan.js';
import type { OrderCause } from '../../records/demo-truth.js';

export interface Emitted {
  /** Events in time order, numbered ev_<seed>_<n>. */
  events: EventRecord[];
  /** Orders in time order, numbered ord_<seed>_<n> (the id of their conversion event). */
  orders: OrderRecord[];
  /** The cause of every order. */
  causes: Record<string, OrderCause>;
  /** Leads in creation order, numbered lead_<seed>_<n>. */
  leads: LeadRecord[];
  sessions: number;
  /** Tracked visits per ad and day. */
  adVisits: number[][];
}

type Props = Record<string, unknown>;

/** Visitor properties of one device. */
type DeviceProps = { country: string; device: string; language: string };

const browsePaths = [...products.map((p) => `/products/${p}`), ...categories.map((c) => `/category/${c}`), '/', '/blog/best-gifts-2026'];
const sitePaths = [...browsePaths, '/cart', '/checkout', '/checkout/thank-you', ...channelDefs.flatMap((c) => [...c.landing, ...c.campaigns.flatMap((k) => k.landing)])];
const siteUrls = new Map(sitePaths.map((p) => [p, `${siteOrigin}${p}`]));

interface PersonState {
  anon: [string, string];
  props: [DeviceProps, DeviceProps];
  userId?: string;
  loggedIn: [boolean, boolean];
  emailHash?: string;
  lastClick?: { id: string; ms: number };
  firstPurchaseMs?: number;
  lead?: { lead: LeadRecord; createdMs: number; channel: number };
  /** Next session / impression to write. */
  nextSession: number;
  nextImpression: number;
}

/** One day's events before they are sorted and numbered. */
interface DayBuffer {
  events: EventRecord[];
  times: number[];
  purchases: Map<EventRecord, { order: OrderRecord; purchase: number }>;
  /** The day's CRM leads and the signup event each came from (it carries the lead id, so the two count once). */
  leads: { lead: LeadRecord; createdMs: number; event: EventRecord }[];
}

interface Context {
  rng: Rng;
  seed: number;
  window: DemoWindow;
  plan: SpendPlan;
  conversions: ConversionPlan;
  utms: Utm[];
  hours: WeightedTable;
  clock: IsoClock;
  out: Emitted;
  day: DayBuffer;
}

/** Writes every person's events, orders and leads, day by day. */
export function emitEvents(seed: number, window: DemoWindow, plan: SpendPlan, journeys: JourneyPlan, conversions: ConversionPlan): Emitted {
  const out: Emitted = { events: [], orders: [], causes: {}, leads: [], sessions: 0, adVisits: plan.ads.map(() => new Array<number>(window.days).fill(0)) };
  const ctx: Context = {
    rng: new Rng(seed ^ 0xe4e47),
    seed,
    window,
    plan,
    conversions,
    utms: buildAdUtms(plan),
    hours: new WeightedTable(hourWeights),
    clock: new IsoClock(window),
    out,
    day: { events: [], times: [], purchases: new Map(), leads: [] },
  };
  const active = activeByDay(journeys.people, window.days);
  const states: (PersonState | undefined)[] = new Array(journeys.people.length);
  for (let day = 0; day < window.days; day += 1) {
    ctx.day = { events: [], times: [], purchases: new Map(), leads: [] };
    for (const index of active[day]) {
      const person = journeys.people[index];
      const state = (states[index] ??= newState(ctx.rng, person));
      emitPersonDay(ctx, person, state, day);
    }
    flushDay(ctx);
  }
  const windowEndMs = window.startMs + window.days * dayMs - 1;
  for (const state of states) {
    if (!state?.lead) continue;
    const { lead, createdMs, channel } = state.lead;
    advanceLead(ctx.rng, lead, createdMs, state.firstPurchaseMs, channelDefs[channel].stages, windowEndMs);
  }
  return out;
}

/** People with a session or an impression on each day, in person order. */
function activeByDay(people: Person[], days: number): number[][] {
  const active = Array.from({ length: days }, () => [] as number[]);
  const add = (day: number, index: number) => {
    const list = active[day];
    if (list[list.length - 1] !== index) list.push(index);
  };
  for (const person of people) {
    person.impressions.sort((a, b) => a.day - b.day);
    let i = 0;
    for (const s of person.sessions) {
      while (i < person.impressions.length && person.impressions[i].day < s.day) add(person.impressions[i++].day, person.index);
      add(s.day, person.index);
    }
    while (i < person.impressions.length) add(person.impressions[i++].day, person.index);
  }
  for (const list of active) list.sort((a, b) => a - b);
  return active;
}

function newState(rng: Rng, person: Person): PersonState {
  const country = countries[person.country];
  const language = rng.chance(0.9) ? country.language : 'en';
  return {
    anon: [flat(['anon_', person.index + 1]), person.secondAnon ? flat(['anon_', person.secondAnon]) : ''],
    props: [deviceProps(country.code, person.devices[0], language), deviceProps(country.code, person.devices[1], language)],
    loggedIn: [false, false],
    nextSession: 0,
    nextImpression: 0,
  };
}

function deviceProps(country: string, device: number, language: string): DeviceProps {
  return { country, device: device < 0 ? 'unknown' : devices[device], language };
}

/** Session properties as one literal (spread copies of shared objects can fall into V8's slow dictionary mode). */
function sessionPropsOf(d: DeviceProps, landingPage: string): Props {
  return { country: d.country, device: d.device, language: d.language, landing_page: landingPage };
}

/** The person's session (at most one a day) and ad impressions of the day; impressions come shortly before the visit. */
function emitPersonDay(ctx: Context, person: Person, state: PersonState, day: number): void {
  const { rng, window, hours } = ctx;
  let sessionStart: number | undefined;
  const s = person.sessions[state.nextSession];
  if (s && s.day === day) {
    state.nextSession += 1;
    sessionStart = window.startMs + day * dayMs + hours.draw(rng) * 3_600_000 + rng.int(3_600_000);
    emitSession(ctx, person, state, s, sessionStart);
  }
  while (state.nextImpression < person.impressions.length && person.impressions[state.nextImpression].day === day) {
    const imp = person.impressions[state.nextImpression++];
    const ms =
      sessionStart !== undefined ? sessionStart - 60_000 - rng.int(3_540_000) : window.startMs + day * dayMs + hours.draw(rng) * 3_600_000 + rng.int(3_600_000);
    push(ctx.day, ms, { id: '', type: 'impression', ts: ctx.clock.format(ms), anonymous_id: state.anon[0], utm: ctx.utms[imp.ad], properties: state.props[0] });
  }
}

/** Sorts the day's events by time (ties in writing order), numbers events, orders and leads, and appends them. */
function flushDay(ctx: Context): void {
  const { events, times, purchases, leads } = ctx.day;
  const out = ctx.out;
  const idPrefix = `ev_${ctx.seed}_`;
  const order = timeOrder(times);
  for (let k = 0; k < order.length; k += 1) {
    const ev = events[order[k]];
    ev.id = flat([idPrefix, out.events.length + 1]);
    if (ev.type === 'conversion') {
      const { order, purchase } = purchases.get(ev)!;
      const orderId = `ord_${ctx.seed}_${out.orders.length + 1}`;
      ev.order_id = orderId;
      order.order_id = orderId;
      out.orders.push(order);
      out.causes[orderId] = ctx.conversions.purchases[purchase].cause;
    }
    out.events.push(ev);
  }
  leads.sort((a, b) => a.createdMs - b.createdMs);
  for (const { lead, event } of leads) {
    lead.lead_id = `lead_${ctx.seed}_${out.leads.length + 1}`;
    event.properties = { ...event.properties, lead_id: lead.lead_id };
    out.leads.push(lead);
  }
}

function emitSession(ctx: Context, person: Person, state: PersonState, s: PlannedSession, start: number): void {
  const { rng, plan, out } = ctx;
  const channel = channelDefs[s.channel];
  const campaign = s.campaign >= 0 ? plan.campaigns[s.campaign] : undefined;
  const utm = s.ad >= 0 ? ctx.utms[s.ad] : undefined;
  if (s.ad >= 0) out.adVisits[s.ad][s.day] += 1;

  const landingPath = rng.pick(campaign ? campaign.def.landing : channel.landing);
  const sessionProps = sessionPropsOf(state.props[s.device], landingPath);
  const clickParam = utm ? clickIdParamOf[utm.source!] : undefined;
  const clickId = clickParam ? newClickId(rng, clickParam) : undefined;
  let landingProps = sessionProps;
  if (clickParam) {
    landingProps = sessionPropsOf(state.props[s.device], landingPath);
    landingProps[clickParam] = clickId;
  }
  const referrer = referrerOf(rng, s.channel, utm?.source);
  const landingUrl = utm ? taggedUrl(landingPath, utm, clickParam, clickId) : (siteUrls.get(landingPath) ?? flat([siteOrigin, landingPath]));
  if (clickId) state.lastClick = { id: clickId, ms: start };
  const w = new SessionWriter(ctx, state, s.device, flat(['ses_', ctx.seed, '_', ++out.sessions]), sessionProps, start, landingUrl);

  if (utm) {
    const clickMs = start - 1_000 - rng.int(2_000);
    const click = w.event('click', clickMs);
    click.url = landingUrl;
    if (referrer) click.referrer = referrer;
    click.utm = utm;
    if (clickId) click.click_id = clickId;
    click.properties = landingProps;
    w.push(click, clickMs);
  }
  const landing = w.event('page_view', start);
  landing.url = landingUrl;
  if (referrer) landing.referrer = referrer;
  if (utm) landing.utm = utm;
  if (clickId) landing.click_id = clickId;
  landing.properties = landingProps;
  w.push(landing, start);

  const purchase = s.purchase >= 0 ? ctx.conversions.purchases[s.purchase] : undefined;
  if (state.userId && !state.loggedIn[s.device] && (purchase || rng.chance(0.7))) w.identify(800 + rng.int(2_000));
  const signup = s.signup && state.userId === undefined;
  const browse = Math.min(10, rng.geometric(0.33)) + (signup ? 1 : 0) + (purchase ? 1 : 0);
  for (let i = 0; i < browse; i += 1) {
    w.pageView(rng.pick(browsePaths));
    if (i === 0 && signup) {
      state.userId = `user_${person.index + 1}`;
      w.identify(500);
      const ev = w.event('lead', w.t);
      ev.name = 'signup';
      ev.url = w.previousUrl;
      const lead: LeadRecord = { lead_id: '', user_id: state.userId, created_at: ev.ts };
      if (rng.chance(0.7)) {
        state.emailHash = newEmailHash(rng);
        const props = sessionPropsOf(state.props[s.device], landingPath);
        props.email_hash = state.emailHash;
        ev.properties = props;
        lead.email_hash = state.emailHash;
      } else ev.properties = sessionProps;
      if (clickId) lead.click_id = clickId;
      w.push(ev, w.t);
      state.lead = { lead, createdMs: w.t, channel: s.channel };
      ctx.day.leads.push({ lead, createdMs: w.t, event: ev });
    }
  }
  if (purchase) {
    w.pageView('/cart');
    w.pageView('/checkout');
    if (!state.loggedIn[s.device]) {
      state.userId ??= `user_${person.index + 1}`;
      w.identify(2_000);
    }
    w.t += 5_000 + rng.int(60_000);
    const currency = purchase.currency;
    const amount = { amount: formatMinor(purchase.amountMinor, minorDigits(currency)), currency };
    const ev = w.event('conversion', w.t);
    ev.name = 'purchase';
    ev.url = `${siteOrigin}/checkout`;
    ev.order_id = '';
    ev.revenue = amount;
    if (clickId) ev.click_id = clickId;
    ev.properties = sessionProps;
    w.push(ev, w.t);
    const order: OrderRecord = { order_id: '', customer_id: state.userId!, ts: ev.ts, amount };
    if (state.emailHash) order.email_hash = state.emailHash;
    const recent = state.lastClick && w.t - state.lastClick.ms < 30 * dayMs ? state.lastClick.id : undefined;
    if (recent && rng.chance(0.8)) order.click_id = recent;
    ctx.day.purchases.set(ev, { order, purchase: s.purchase });
    if (purchase.cause !== 'repeat') state.firstPurchaseMs = w.t;
    w.pageView('/checkout/thank-you');
  }
}

/** Writes the events of one session, keeping its clock, device and the page the visitor is on. */
class SessionWriter {
  constructor(
    private readonly ctx: Context,
    private readonly state: PersonState,
    private readonly device: 0 | 1,
    private readonly sessionId: string,
    private readonly props: Props,
    public t: number,
    public previousUrl: string,
  ) {}

  /** A new event of the session at `ms`, carrying the user id once the device is logged in. */
  event(type: EventRecord['type'], ms: number): EventRecord {
    const ev: EventRecord = { id: '', type, ts: this.ctx.clock.format(ms), anonymous_id: this.state.anon[this.device] };
    if (this.state.loggedIn[this.device]) ev.user_id = this.state.userId;
    ev.session_id = this.sessionId;
    return ev;
  }

  push(ev: EventRecord, ms: number): void {
    push(this.ctx.day, ms, ev);
  }

  /** The next internal page, 15–100 s after the previous one. */
  pageView(path: string): void {
    this.t += 15_000 + Math.min(85_000, Math.round(this.ctx.rng.exponential(35_000)));
    const url = siteUrls.get(path) ?? `${siteOrigin}${path}`;
    const ts = this.ctx.clock.format(this.t);
    const anonymousId = this.state.anon[this.device];
    // whole literals keep the million page views in V8's fast in-object layout
    const ev: EventRecord = this.state.loggedIn[this.device]
      ? { id: '', type: 'page_view', ts, anonymous_id: anonymousId, user_id: this.state.userId, session_id: this.sessionId, url, referrer: this.previousUrl, properties: this.props }
      : { id: '', type: 'page_view', ts, anonymous_id: anonymousId, session_id: this.sessionId, url, referrer: this.previousUrl, properties: this.props };
    this.push(ev, this.t);
    this.previousUrl = url;
  }

  /** `identify` (signup, login or checkout): joins this device's anonymous id to the user id. */
  identify(afterMs: number): void {
    this.t += afterMs;
    this.state.loggedIn[this.device] = true;
    const ev = this.event('custom', this.t);
    ev.name = 'identify';
    ev.user_id = this.state.userId;
    ev.properties = this.state.props[this.device];
    this.push(ev, this.t);
  }
}

const indexBits = 2 ** 26;

/**
 * Indexes of `times` in time order, ties in index order. Packs (ms within the
 * window's day, index) into one exact double (< 2^53) and lets the typed array
 * sort numerically, which is several times faster than a comparator sort.
 */
export function timeOrder(times: readonly number[]): ArrayLike<number> {
  if (times.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (times.length >= indexBits || max - min >= 2 ** 53 / indexBits) {
    const index = Array.from({ length: times.length }, (_, i) => i);
    return index.sort((a, b) => times[a] - times[b] || a - b);
  }
  const keys = new Float64Array(times.length);
  for (let i = 0; i < times.length; i += 1) keys[i] = (times[i] - min) * indexBits + i;
  keys.sort();
  const order = new Uint32Array(times.length);
  for (let i = 0; i < keys.length; i += 1) order[i] = keys[i] % indexBits;
  return order;
}

/** Adds an event whose ts was written from `ms`. */
function push(day: DayBuffer, ms: number, ev: EventRecord): void {
  day.events.push(ev);
  day.times.push(ms);
}

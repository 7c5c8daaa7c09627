/**
 * Phase 3 of the simulation: turns the planned journeys and purchases into
 * canonical events, orders and leads with timestamps. Identity works like the
 * browser snippet: each device has its anonymous id; `identify` (a custom event)
 * joins it to the person's user id at signup, checkout or a later login, and
 * events after it on that device carry the user id.
 */
import type { EventRecord, LeadRecord, OrderRecord, Utm } from '../ingest/records.js';
import { dayMs, type DemoWindow } from './calendar.js';
import { categories, channelDefs, countries, devices, hourWeights, products, siteOrigin } from './catalog.js';
import type { ConversionPlan } from './conversions.js';
import type { JourneyPlan, Person, PlannedSession } from './journeys.js';
import { buildAdUtms, clickIdParamOf, newClickId, newEmailHash, referrerOf, taggedUrl } from './landing.js';
import { advanceLead } from './lead-stages.js';
import { formatMinor, minorDigits } from './money-format.js';
import { Rng, WeightedTable } from './prng.js';
import type { SpendPlan } from './spend-plan.js';

export interface Emitted {
  /** Events in generation order (ids not yet assigned). */
  events: EventRecord[];
  /** Event times in ms, parallel to `events`. */
  times: number[];
  /** The order of each conversion event. */
  orderOf: Map<EventRecord, { order: OrderRecord; purchase: number }>;
  leads: { lead: LeadRecord; createdMs: number }[];
  sessions: number;
  /** Tracked visits per ad and day. */
  adVisits: number[][];
}

type Props = Record<string, unknown>;

const browsePaths = [...products.map((p) => `/products/${p}`), ...categories.map((c) => `/category/${c}`), '/', '/blog/best-gifts-2026'];

/** Writes every person's events, orders and leads. */
export function emitEvents(seed: number, window: DemoWindow, plan: SpendPlan, journeys: JourneyPlan, conversions: ConversionPlan): Emitted {
  const rng = new Rng(seed ^ 0xe4e47);
  const out: Emitted = { events: [], times: [], orderOf: new Map(), leads: [], sessions: 0, adVisits: plan.ads.map(() => new Array<number>(window.days).fill(0)) };
  const utms = buildAdUtms(plan);
  const hours = new WeightedTable(hourWeights);
  const windowEndMs = window.startMs + window.days * dayMs - 1;
  for (const person of journeys.people) emitPerson(rng, seed, window, windowEndMs, plan, conversions, utms, hours, person, out);
  return out;
}

interface PersonState {
  anon: [string, string];
  props: [Props, Props];
  language: string;
  userId?: string;
  loggedIn: [boolean, boolean];
  emailHash?: string;
  lastClick?: { id: string; ms: number };
  firstPurchaseMs?: number;
  lead?: { lead: LeadRecord; createdMs: number; channel: number };
}

function emitPerson(
  rng: Rng,
  seed: number,
  window: DemoWindow,
  windowEndMs: number,
  plan: SpendPlan,
  conversions: ConversionPlan,
  utms: Utm[],
  hours: WeightedTable,
  person: Person,
  out: Emitted,
): void {
  const country = countries[person.country];
  const language = rng.chance(0.9) ? country.language : 'en';
  const state: PersonState = {
    anon: [`anon_${person.index + 1}`, person.secondAnon ? `anon_${person.secondAnon}` : ''],
    props: [deviceProps(country.code, person.devices[0], language), deviceProps(country.code, person.devices[1], language)],
    language,
    loggedIn: [false, false],
  };
  const starts = new Map<number, number>();
  for (const s of person.sessions) {
    const start = window.startMs + s.day * dayMs + hours.draw(rng) * 3_600_000 + rng.int(3_600_000);
    starts.set(s.day, start);
    emitSession(rng, seed, plan, conversions, utms, person, state, s, start, out);
  }
  for (const imp of person.impressions) {
    const sessionStart = starts.get(imp.day);
    const ms =
      sessionStart !== undefined
        ? sessionStart - 60_000 - rng.int(3_540_000)
        : window.startMs + imp.day * dayMs + hours.draw(rng) * 3_600_000 + rng.int(3_600_000);
    push(out, ms, { id: '', type: 'impression', ts: iso(ms), anonymous_id: state.anon[0], utm: utms[imp.ad], properties: state.props[0] });
  }
  if (state.lead) {
    const { lead, createdMs, channel } = state.lead;
    advanceLead(rng, lead, createdMs, state.firstPurchaseMs, channelDefs[channel].stages, windowEndMs);
    out.leads.push({ lead, createdMs });
  }
}

function emitSession(
  rng: Rng,
  seed: number,
  plan: SpendPlan,
  conversions: ConversionPlan,
  utms: Utm[],
  person: Person,
  state: PersonState,
  s: PlannedSession,
  start: number,
  out: Emitted,
): void {
  const channel = channelDefs[s.channel];
  const campaign = s.campaign >= 0 ? plan.campaigns[s.campaign] : undefined;
  const utm = s.ad >= 0 ? utms[s.ad] : undefined;
  if (s.ad >= 0) out.adVisits[s.ad][s.day] += 1;

  const landingPath = rng.pick(campaign ? campaign.def.landing : channel.landing);
  const sessionProps: Props = { ...state.props[s.device], landing_page: landingPath };
  const clickParam = utm ? clickIdParamOf[utm.source!] : undefined;
  const clickId = clickParam ? newClickId(rng, clickParam) : undefined;
  const landingProps = clickParam ? { ...sessionProps, [clickParam]: clickId } : sessionProps;
  const referrer = referrerOf(rng, s.channel, utm?.source);
  const landingUrl = utm ? taggedUrl(landingPath, utm, clickParam, clickId) : `${siteOrigin}${landingPath}`;
  if (clickId) state.lastClick = { id: clickId, ms: start };
  const w = new SessionWriter(out, rng, state, s.device, `ses_${seed}_${++out.sessions}`, sessionProps, start, landingUrl);

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

  const purchase = s.purchase >= 0 ? conversions.purchases[s.purchase] : undefined;
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
        ev.properties = { ...sessionProps, email_hash: state.emailHash };
        lead.email_hash = state.emailHash;
      } else ev.properties = sessionProps;
      if (clickId) lead.click_id = clickId;
      w.push(ev, w.t);
      state.lead = { lead, createdMs: w.t, channel: s.channel };
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
    out.orderOf.set(ev, { order, purchase: s.purchase });
    if (purchase.cause !== 'repeat') state.firstPurchaseMs = w.t;
    w.pageView('/checkout/thank-you');
  }
}

/** Writes the events of one session, keeping its clock, device and the page the visitor is on. */
class SessionWriter {
  constructor(
    private readonly out: Emitted,
    private readonly rng: Rng,
    private readonly state: PersonState,
    private readonly device: 0 | 1,
    private readonly sessionId: string,
    private readonly props: Props,
    public t: number,
    public previousUrl: string,
  ) {}

  /** A new event of the session at `ms`, carrying the user id once the device is logged in. */
  event(type: EventRecord['type'], ms: number): EventRecord {
    const ev: EventRecord = { id: '', type, ts: iso(ms), anonymous_id: this.state.anon[this.device] };
    if (this.state.loggedIn[this.device]) ev.user_id = this.state.userId;
    ev.session_id = this.sessionId;
    return ev;
  }

  push(ev: EventRecord, ms: number): void {
    push(this.out, ms, ev);
  }

  /** The next internal page, 15–100 s after the previous one. */
  pageView(path: string): void {
    this.t += 15_000 + Math.min(85_000, Math.round(this.rng.exponential(35_000)));
    const ev = this.event('page_view', this.t);
    const url = `${siteOrigin}${path}`;
    ev.url = url;
    ev.referrer = this.previousUrl;
    ev.properties = this.props;
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

function deviceProps(country: string, device: number, language: string): Props {
  return device < 0 ? {} : { country, device: devices[device], language };
}

/** Adds an event whose ts was written from `ms`. */
function push(out: Emitted, ms: number, ev: EventRecord): void {
  out.events.push(ev);
  out.times.push(ms);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

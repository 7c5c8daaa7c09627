/**
 * A random marketing world for the KPI rollups' property tests (issue 14): batches of visits of 30
 * anonymous ids and 8 users (snippet sessions and server-side page views, clicks, identifies, sales
 * with and without order ids and rates, leads with email hashes, postbacks naming earlier clicks).
 * Instants are unique but for deliberate ties: a second landing page view at a visit's first instant
 * (another source), and a second lead event of the same lead id at the same instant from another
 * anonymous id; the engines break them by event id (README "Leads"). Shared by the DuckDB rollups' property test
 * (src/store/duckdb/rollups/rollups.property.test.ts) and ClickHouse's.
 */
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord, StoredEvent } from '../../src/records/events.js';
import type { ChannelRule } from '../../src/records/channel-rule.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';

/** Mulberry32: a small seeded generator, so every run sees the same worlds. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

export const day0 = Date.parse('2026-03-01T00:00:00.000Z');
const dayMs = 86_400_000;
const site = 'https://shop.example';
const sources: EventRecord['utm'][] = [
  { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad1' },
  { source: 'google', medium: 'cpc', campaign: 'generic', content: 'ad2' },
  { source: 'facebook', medium: 'paid_social', campaign: 'retarget', content: 'ad3' },
  { source: 'newsletter', medium: 'email', campaign: 'spring' },
  {},
  {},
];
const referrers = [undefined, 'https://www.bing.com/search', 'https://news.example.org/a'];

/** Builds batches of events for a world of 30 anonymous ids and 8 users; instants are unique but for the deliberate ties. */
export class World {
  private n = 0;
  private used = new Set<number>();
  private clicks: { id: string; at: number }[] = [];
  readonly emails: string[] = [];
  rules: ChannelRule[] = defaultChannelRules;
  constructor(private readonly r: Rng) {}

  private at(start: number, span: number): number {
    for (;;) {
      const t = start + this.r.int(span);
      if (!this.used.has(t)) {
        this.used.add(t);
        return t;
      }
    }
  }

  private ev(e: Partial<EventRecord> & Pick<EventRecord, 'type' | 'anonymous_id'>, t: number): StoredEvent {
    return enrichEvent({ id: `e${this.n++}`, ts: new Date(t).toISOString(), ...e } as EventRecord, this.rules);
  }

  anon = () => `a${this.r.int(30)}`;
  user = () => `u${this.r.int(8)}`;

  /** A visit: a snippet session or server-side page views, maybe a click, a sale, a lead, an identify. */
  visit(dayFrom: number, days: number): StoredEvent[] {
    const r = this.r;
    const anon = this.anon();
    const start = this.at(day0 + dayFrom * dayMs, days * dayMs);
    const utm = r.pick(sources);
    const referrer = r.pick(referrers);
    const sid = r.chance(0.6) ? `s${this.n}` : undefined;
    const out: StoredEvent[] = [];
    let t = start;
    const pages = 1 + r.int(4);
    for (let i = 0; i < pages; i++) {
      out.push(this.ev({ type: 'page_view', anonymous_id: anon, session_id: sid, url: `${site}/${r.pick(['', 'p', 'q'])}`, ...(i === 0 ? { utm, referrer } : {}) }, t));
      // A tie: another landing page view (another source) at the visit's first instant.
      if (i === 0 && r.chance(0.15)) out.push(this.ev({ type: 'page_view', anonymous_id: anon, session_id: sid, url: `${site}/t`, utm: r.pick(sources) }, t));
      t = this.at(t + 60_000, r.chance(0.2) ? 50 * 60_000 : 20 * 60_000);
    }
    if (r.chance(0.4)) {
      const id = `c${this.n}`;
      this.clicks.push({ id, at: t });
      out.push(this.ev({ type: 'click', anonymous_id: anon, session_id: sid, click_id: id, utm: r.pick(sources) }, t));
      t = this.at(t + 1000, 10 * 60_000);
    }
    if (r.chance(0.3)) out.push(this.ev({ type: 'custom', name: 'identify', anonymous_id: anon, user_id: this.user(), session_id: sid }, this.at(t, 60_000)));
    if (r.chance(0.35)) {
      const currency = r.pick(['EUR', 'USD', 'GBP']);
      const order = r.chance(0.5) ? `o${r.int(40)}` : undefined;
      const verified = r.chance(0.3) ? { rl_verified: true } : {};
      out.push(this.ev({ type: 'conversion', anonymous_id: anon, session_id: sid, order_id: order, revenue: r.chance(0.9) ? { amount: `${1 + r.int(500)}.${r.int(100)}`, currency } : undefined, properties: verified }, this.at(t, 30 * 60_000)));
    }
    if (r.chance(0.2)) {
      const email = `h${r.int(10)}`;
      this.emails.push(email);
      const lead = { lead_id: `l${r.int(20)}`, email_hash: email };
      const leadAt = this.at(t, 30 * 60_000);
      out.push(this.ev({ type: 'lead', anonymous_id: anon, session_id: sid, properties: lead }, leadAt));
      // A tie: the same lead sent at the same instant from another anonymous id.
      if (r.chance(0.3)) out.push(this.ev({ type: 'lead', anonymous_id: this.anon(), properties: lead }, leadAt));
    }
    const click = this.clicks.length ? r.pick(this.clicks) : undefined;
    if (click && r.chance(0.15)) {
      out.push(this.ev({ type: 'conversion', anonymous_id: this.anon(), click_id: click.id, revenue: { amount: '40.00', currency: 'EUR' }, properties: { source: 'postback' } }, this.at(click.at, 3 * dayMs)));
    }
    return out;
  }

  /**
   * Hits continuing about half of the snippet sessions in `events`: page views (some with a source)
   * after each one's last hit or, `late`, around its first, and now and then a click or a sale.
   */
  continueSessions(events: StoredEvent[], late: boolean): StoredEvent[] {
    const r = this.r;
    const sessions = new Map<string, StoredEvent[]>();
    for (const e of events) if (e.session_id) sessions.set(e.session_id, [...(sessions.get(e.session_id) ?? []), e]);
    const out: StoredEvent[] = [];
    for (const [sid, hits] of sessions) {
      if (!r.chance(0.5)) continue;
      const times = hits.map((e) => Date.parse(e.ts));
      const anon = hits[0].anonymous_id;
      let t = late ? this.at(Math.min(...times) - 10 * 60_000, 20 * 60_000) : this.at(Math.max(...times) + 1000, 20 * 60_000);
      for (let i = 0, n = 1 + r.int(2); i < n; i++) {
        out.push(this.ev({ type: 'page_view', anonymous_id: anon, session_id: sid, url: `${site}/${r.pick(['', 'p'])}`, ...(r.chance(0.5) ? { utm: r.pick(sources) } : {}) }, t));
        t = this.at(t + 1000, 10 * 60_000);
      }
      if (r.chance(0.2)) out.push(this.ev({ type: 'click', anonymous_id: anon, session_id: sid, click_id: `c${this.n}`, utm: r.pick(sources) }, this.at(t, 60_000)));
      if (r.chance(0.3)) out.push(this.ev({ type: 'conversion', anonymous_id: anon, session_id: sid, revenue: { amount: `${1 + r.int(90)}.00`, currency: 'EUR' } }, this.at(t, 60_000)));
    }
    return out;
  }

  /** One event at a fresh instant within the world's first 40 days. */
  event(e: Partial<EventRecord> & Pick<EventRecord, 'type' | 'anonymous_id'>): StoredEvent {
    return this.ev(e, this.at(day0, 40 * dayMs));
  }

  clickIds = () => this.clicks.map((c) => c.id);
  iso = (dayFrom: number, days: number) => new Date(this.at(day0 + dayFrom * dayMs, days * dayMs)).toISOString();
}


type KeyedRow = { key: string; channel?: string; campaign?: string };

/** KPI facts with their rows and channels in one order (by key, channel, campaign), so two answers compare with toEqual whatever order each came in. */
export function inRowOrder<F extends { rows?: KeyedRow[]; channels?: KeyedRow[] }>(facts: F): F {
  const sort = <T extends KeyedRow>(rows: T[] | undefined) =>
    [...(rows ?? [])].sort((a, b) => `${a.key}|${a.channel}|${a.campaign}`.localeCompare(`${b.key}|${b.channel}|${b.campaign}`));
  return { ...facts, rows: sort(facts.rows), channels: sort(facts.channels) };
}

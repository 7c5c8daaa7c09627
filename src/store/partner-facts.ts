/**
 * The page of facts partner crediting reads (issue 16, `FactQueries.partnerFacts`): verified sales
 * and leads, server-observed clicks on partner links, and the persons' other touches. Both engines
 * answer the same page for the same cursor; the cursor is opaque to callers.
 */
import Big from 'big.js';
import { subIdsOf, type PartnerClickFact, type PartnerConversionFact, type PartnerTouchFact } from '../partners/crediting/facts.js';
import { partnerClickProperties } from '../tracking/partner-click.js';
import { invalidArgument } from '../shared/errors.js';

export type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from '../partners/crediting/facts.js';

export interface PartnerFactsQuery {
  /** Inclusive local dates of the workspace's time zone: conversions of [from 00:00, to + 1 day 00:00). */
  from: string;
  to: string;
  /** The link slugs of the programme's partners; clicks on other links are ordinary touches. */
  slugs: string[];
  /** Clicks (and touches) at most this many days before a conversion, up to and including its instant. */
  windowDays: number;
  /** Also the persons' other non-direct touches in those windows (programmes paid by an attribution model). */
  touches?: boolean;
  /** Also each sale's and lead's `email_disposable` (fraud scoring); without it the field is null. */
  emails?: boolean;
  /** The previous page's `next_cursor`; absent for the first page. */
  cursor?: string | null;
  /** Conversions per page (default 5,000, at most 50,000). */
  limit?: number;
}

export interface PartnerFactsPage {
  /** Ordered by (ts, kind, id). */
  conversions: PartnerConversionFact[];
  /** Server clicks on the slugs of the page's persons within the window before one of the page's conversions; ordered by (person, ts, click_id). */
  clicks: PartnerClickFact[];
  /** With `touches`: the persons' other non-direct touches in those windows (partner clicks excluded); else empty. */
  touches: PartnerTouchFact[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export const partnerFactsDefaultLimit = 5000;
export const partnerFactsMaxLimit = 50_000;
/** A page view this soon after a partner click shows the visitor landed (none: a cookie-stuffing signal). */
export const landingWindowMs = 30 * 60 * 1000;

/** The position after a conversion: its (ts, kind, id), base64url of JSON so any id survives. */
export function encodePartnerCursor(c: Pick<PartnerConversionFact, 'ts' | 'kind' | 'id'>): string {
  return Buffer.from(JSON.stringify([c.ts, c.kind, c.id])).toString('base64url');
}

/** The (ts, kind, id) a cursor names; undefined for a malformed one (the caller answers `invalid_input`). */
export function decodePartnerCursor(cursor: string): { ts: string; kind: string; id: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string') && !Number.isNaN(Date.parse(v[0]))) return { ts: v[0], kind: v[1], id: v[2] };
  } catch {
    // falls through: malformed
  }
  return undefined;
}

/** The page size asked for, within bounds. */
export function partnerFactsLimit(limit: number | undefined): number {
  if (limit === undefined) return partnerFactsDefaultLimit;
  return Math.max(1, Math.min(partnerFactsMaxLimit, Math.floor(limit)));
}


/** A conversion row as an engine answers it: the instant as epoch ms, the amount as decimal text. */
export type ConversionRow = Omit<PartnerConversionFact, 'ts' | 'email_disposable'> & { ts_ms: number };
/** An event that recorded the trait `email_disposable` (ingest, `privacy/pseudonymize.ts`), with its person and e-mail hash. */
export interface EmailTraitRow {
  person: string;
  email_hash: string | null;
  disposable: boolean;
  ts_ms: number;
}
/** A server click row as an engine answers it: its stored properties as JSON text. */
export interface ClickRow {
  click_id: string;
  slug: string;
  ts_ms: number;
  person: string;
  anonymous_id: string;
  properties: string | null;
  landed: boolean;
}

/** What an engine answers for one page; `partnerFactsPage` does the rest the same way for every engine. */
export interface PartnerFactsEngine {
  /** Up to `limit` conversions of [fromMs, toMs) after the cursor position, ordered by (ts, kind, id). */
  conversions(q: { fromMs: number; toMs: number; slugs: string[]; after: { tsMs: number; kind: string; id: string } | null; limit: number }): Promise<ConversionRow[]>;
  /** Server clicks on `slugs` by `persons` in [fromMs, toMs] (both edges), each with `landed`. */
  clicks(q: { persons: string[]; slugs: string[]; fromMs: number; toMs: number }): Promise<ClickRow[]>;
  /** Non-direct page views and clicks of `persons` in [fromMs, toMs], server clicks on `slugs` left out. */
  touches(q: { persons: string[]; slugs: string[]; fromMs: number; toMs: number }): Promise<PartnerTouchFact[]>;
  /**
   * Events at or before `toMs` that recorded `email_disposable` (true or false), of `persons` or carrying
   * one of `emailHashes` as `email_hash` (an engine may answer more; the page keeps what it asked for).
   */
  emailTraits(q: { persons: string[]; emailHashes: string[]; toMs: number }): Promise<EmailTraitRow[]>;
}

const dayMs = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * One page of `partnerFacts` over an engine's three reads: the conversions after the cursor, then
 * the clicks (and touches) of their persons from the earliest window start to the latest conversion,
 * kept when they fall in the window of one of that person's conversions on the page.
 */
export async function partnerFactsPage(engine: PartnerFactsEngine, range: { fromMs: number; toMs: number }, q: PartnerFactsQuery): Promise<PartnerFactsPage> {
  const limit = partnerFactsLimit(q.limit);
  let after: { tsMs: number; kind: string; id: string } | null = null;
  if (q.cursor) {
    const c = decodePartnerCursor(q.cursor);
    if (!c) throw invalidArgument('cursor', 'not a cursor of this query: pass next_cursor as it came');
    after = { tsMs: Date.parse(c.ts), kind: c.kind, id: c.id };
  }
  const slugs = [...new Set(q.slugs)].sort();
  const rows = await engine.conversions({ fromMs: range.fromMs, toMs: range.toMs, slugs, after, limit: limit + 1 });
  const more = rows.length > limit;
  const conversions: PartnerConversionFact[] = rows.slice(0, limit).map(({ ts_ms, ...r }) => ({ ...r, ts: isoOf(ts_ms), amount: r.amount === null ? null : new Big(r.amount).toString(), email_disposable: null }));
  const page: PartnerFactsPage = { conversions, clicks: [], touches: [], next_cursor: more ? encodePartnerCursor(conversions[conversions.length - 1]) : null };
  if (q.emails) await addEmailTraits(engine, conversions);
  if (!conversions.length || !slugs.length) return page;
  const windows = new Map<string, [number, number][]>();
  for (const c of conversions) {
    const end = Date.parse(c.ts);
    const list = windows.get(c.person) ?? [];
    list.push([end - q.windowDays * dayMs, end]);
    windows.set(c.person, list);
  }
  const inWindow = (person: string, ms: number) => (windows.get(person) ?? []).some(([s, e]) => ms >= s && ms <= e);
  const span = { persons: [...windows.keys()].sort(), slugs, fromMs: Math.min(...[...windows.values()].flat().map((w) => w[0])), toMs: Math.max(...conversions.map((c) => Date.parse(c.ts))) };
  page.clicks = (await engine.clicks(span)).filter((c) => inWindow(c.person, c.ts_ms)).map(clickFact)
    .sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.click_id < b.click_id ? -1 : 1));
  if (q.touches) {
    page.touches = (await engine.touches(span)).filter((t) => inWindow(t.person, Date.parse(t.ts)))
      .sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.channel < b.channel ? -1 : 1));
  }
  return page;
}

/**
 * Fills in each sale's and lead's `email_disposable`: what an event carrying its e-mail hash recorded
 * (an address's domain is one, so any such event tells; true wins over a contradiction), else the
 * latest trait of its person at or before the conversion (ties: true). Clicks have no buyer.
 */
async function addEmailTraits(engine: PartnerFactsEngine, conversions: PartnerConversionFact[]): Promise<void> {
  const buyers = conversions.filter((c) => c.kind !== 'click');
  if (!buyers.length) return;
  const persons = [...new Set(buyers.map((c) => c.person))].sort();
  const emailHashes = [...new Set(buyers.flatMap((c) => (c.email_hash === null ? [] : [c.email_hash])))].sort();
  const rows = await engine.emailTraits({ persons, emailHashes, toMs: Math.max(...buyers.map((c) => Date.parse(c.ts))) });
  const byHash = new Map<string, boolean>();
  const byPerson = new Map<string, EmailTraitRow[]>();
  for (const r of rows) {
    if (r.email_hash !== null) byHash.set(r.email_hash, (byHash.get(r.email_hash) ?? false) || r.disposable);
    (byPerson.get(r.person) ?? byPerson.set(r.person, []).get(r.person)!).push(r);
  }
  for (const c of buyers) {
    const own = c.email_hash === null ? undefined : byHash.get(c.email_hash);
    if (own !== undefined) {
      c.email_disposable = own;
      continue;
    }
    const at = Date.parse(c.ts);
    let latest: EmailTraitRow | undefined;
    for (const r of byPerson.get(c.person) ?? []) {
      if (r.ts_ms > at) continue;
      if (!latest || r.ts_ms > latest.ts_ms || (r.ts_ms === latest.ts_ms && r.disposable)) latest = r;
    }
    c.email_disposable = latest ? latest.disposable : null;
  }
}

function clickFact(r: ClickRow): PartnerClickFact {
  let props: Record<string, unknown> = {};
  try {
    props = r.properties ? (JSON.parse(r.properties) as Record<string, unknown>) : {};
  } catch {
    // Stored properties are JSON; anything else has no sub-ids.
  }
  const text = (k: string) => (typeof props[k] === 'string' && props[k] !== '' ? (props[k] as string) : null);
  return {
    click_id: r.click_id, slug: r.slug, ts: isoOf(r.ts_ms), person: r.person, anonymous_id: r.anonymous_id, sub_ids: subIdsOf(props),
    ip_prefix: text(partnerClickProperties.ipPrefix), user_agent: text(partnerClickProperties.userAgent), ad_click: text(partnerClickProperties.adClick), landed: Boolean(r.landed),
  };
}

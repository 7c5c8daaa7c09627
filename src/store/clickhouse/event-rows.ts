import type { LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import { AppError } from '../../shared/errors.js';
import { eventListAfter, personAnonymousIdsMax, type EventListFilter } from '../ports/event-log.js';
import { spendAccount, spendSource } from '../spend-ranges.js';
import { chValue } from './sql-literal.js';

/** Conversions between the store's records and ClickHouse rows (times as epoch ms, money as decimal strings). */

export function epochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new AppError('invalid_input', `${field}: "${iso}" is not a timestamp`);
  return ms;
}

const optionalMs = (iso: string | undefined, field: string) => (iso === undefined ? null : epochMs(iso, field));

export function eventRow(workspaceId: string, e: StoredEvent, version: number): Record<string, unknown> {
  return {
    workspace_id: workspaceId, id: e.id, type: e.type, ts: epochMs(e.ts, 'ts'), anonymous_id: e.anonymous_id,
    user_id: e.user_id ?? null, session_id: e.session_id ?? null, name: e.name ?? null, url: e.url ?? null, referrer: e.referrer ?? null,
    utm_source: e.utm?.source ?? null, utm_medium: e.utm?.medium ?? null, utm_campaign: e.utm?.campaign ?? null,
    utm_content: e.utm?.content ?? null, utm_term: e.utm?.term ?? null, click_id: e.click_id ?? null, order_id: e.order_id ?? null,
    revenue_amount: e.revenue?.amount ?? null, revenue_currency: e.revenue?.currency ?? null,
    properties: e.properties === undefined ? null : JSON.stringify(e.properties), channel: e.channel,
    landing_page: e.landing_page ?? null, country: e.country ?? null, device: e.device ?? null,
    person_key: e.user_id ?? e.anonymous_id, version,
  };
}

/** The event columns read back (`ts` as epoch ms, the amount as text). */
export const eventSelect = `id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, utm_term, click_id, order_id, toString(revenue_amount) AS amount, revenue_currency, properties, channel, landing_page, country, device`;

export function rowToEvent(r: Record<string, string | null>): StoredEvent {
  const event: StoredEvent = {
    id: r.id!, type: r.type as StoredEvent['type'], ts: new Date(Number(r.ts)).toISOString(), anonymous_id: r.anonymous_id!, channel: r.channel!,
  };
  const optional = { user_id: r.user_id, session_id: r.session_id, name: r.name, url: r.url, referrer: r.referrer, click_id: r.click_id, order_id: r.order_id, landing_page: r.landing_page, country: r.country, device: r.device };
  for (const [k, v] of Object.entries(optional)) if (v !== null && v !== undefined) (event as unknown as Record<string, unknown>)[k] = v;
  const utm = { source: r.utm_source, medium: r.utm_medium, campaign: r.utm_campaign, content: r.utm_content, term: r.utm_term };
  const present = Object.entries(utm).filter(([, v]) => v !== null && v !== undefined) as [string, string][];
  if (present.length) event.utm = Object.fromEntries(present);
  if (r.amount !== null && r.amount !== undefined && r.revenue_currency) event.revenue = { amount: trimDecimal(r.amount), currency: r.revenue_currency };
  if (r.properties) event.properties = JSON.parse(r.properties);
  return event;
}

export function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function spendRow(workspaceId: string, r: SpendRecord, version: number): Record<string, unknown> {
  return {
    workspace_id: workspaceId, date: r.date, channel: r.channel, campaign: r.campaign, ad: r.ad, source: spendSource(r), account: spendAccount(r),
    cost: r.cost.amount, currency: r.cost.currency, impressions: r.impressions, clicks: r.clicks, pricing_model: r.pricing_model, deleted: 0, version,
  };
}

export function orderRow(workspaceId: string, r: OrderRecord, version: number): Record<string, unknown> {
  return {
    workspace_id: workspaceId, order_id: r.order_id, customer_id: r.customer_id, ts: epochMs(r.ts, 'ts'), amount: r.amount.amount,
    currency: r.amount.currency, email_hash: r.email_hash ?? null, click_id: r.click_id ?? null,
    coupon: r.coupon ?? null, product: r.product ?? null, category: r.category ?? null, version,
  };
}

export function leadRow(workspaceId: string, r: LeadRecord, version: number): Record<string, unknown> {
  return {
    workspace_id: workspaceId, lead_id: r.lead_id, user_id: r.user_id ?? null, email_hash: r.email_hash ?? null, click_id: r.click_id ?? null,
    created_at: epochMs(r.created_at, 'created_at'), mql_at: optionalMs(r.mql_at, 'mql_at'), sql_at: optionalMs(r.sql_at, 'sql_at'),
    opportunity_at: optionalMs(r.opportunity_at, 'opportunity_at'), customer_at: optionalMs(r.customer_at, 'customer_at'), version,
  };
}

export function rateRow(workspaceId: string, r: RateRecord, version: number): Record<string, unknown> {
  return { workspace_id: workspaceId, date: r.date, currency: r.currency, rate: r.rate, version };
}

/** Versions of replacing rows: strictly increasing within a process, ordered by time across processes. */
export class VersionClock {
  private last = 0;
  next(): number {
    this.last = Math.max(this.last + 1, Date.now() * 1000);
    return this.last;
  }
}

/** The condition of `listEvents` for a workspace and filter (values inlined through `chValue`). */
export function eventListWhere(workspaceId: string, filter: EventListFilter): string {
  const where = [`workspace_id = ${chValue(workspaceId)}`];
  if (filter.anonymous_id !== undefined) where.push(`anonymous_id = ${chValue(filter.anonymous_id)}`);
  if (filter.user_id !== undefined) where.push(`user_id = ${chValue(filter.user_id)}`);
  if (filter.person !== undefined) {
    const anons = filter.person.anonymous_ids.slice(0, personAnonymousIdsMax).map((a) => chValue(a));
    where.push(`(user_id = ${chValue(filter.person.user_id)}${anons.length ? ` OR anonymous_id IN (${anons.join(', ')})` : ''})`);
  }
  if (filter.after !== undefined) {
    const after = eventListAfter(filter.after);
    where.push(`(ts > ${chValue(after.ms)} OR (ts = ${chValue(after.ms)} AND id > ${chValue(after.id)}))`);
  }
  return where.join(' AND ');
}

import type { StoredEvent } from '../../records/events.js';

/** Maps an `events` row (with `ts_iso` and `amount` as text) back to the stored event. */
export function rowToEvent(r: Record<string, string | null>): StoredEvent {
  const utm = {
    source: r.utm_source ?? undefined, medium: r.utm_medium ?? undefined, campaign: r.utm_campaign ?? undefined,
    content: r.utm_content ?? undefined, term: r.utm_term ?? undefined,
  };
  const event: StoredEvent = {
    id: r.id!, type: r.type as StoredEvent['type'], ts: r.ts_iso!, anonymous_id: r.anonymous_id!, channel: r.channel!,
  };
  const optional = { user_id: r.user_id, session_id: r.session_id, name: r.name, url: r.url, referrer: r.referrer, click_id: r.click_id, order_id: r.order_id, landing_page: r.landing_page, country: r.country, device: r.device };
  for (const [k, v] of Object.entries(optional)) if (v !== null && v !== undefined) (event as unknown as Record<string, unknown>)[k] = v;
  if (Object.values(utm).some((v) => v !== undefined)) event.utm = Object.fromEntries(Object.entries(utm).filter(([, v]) => v !== undefined));
  if (r.amount !== null && r.revenue_currency) event.revenue = { amount: trimDecimal(r.amount!), currency: r.revenue_currency };
  if (r.properties) event.properties = JSON.parse(r.properties);
  return event;
}

function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

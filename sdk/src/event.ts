import type { Utm } from './attribution.js';

/** Event types accepted by `POST /v1/events`. */
export type EventType = 'impression' | 'click' | 'page_view' | 'lead' | 'conversion' | 'custom';

/** Free-form event properties (JSON values). */
export type Properties = Record<string, unknown>;

/** One event in the wire format of `POST /v1/events` (design.md). */
export interface TrackedEvent {
  id: string;
  type: EventType;
  ts: string;
  anonymous_id: string;
  user_id?: string;
  session_id?: string;
  name?: string;
  url?: string;
  referrer?: string;
  utm?: Utm;
  click_id?: string;
  order_id?: string;
  revenue?: { amount: string; currency: string };
  properties?: Properties;
}

/** The part of an event decided by `track(name, props)`. */
export type TrackFields = Pick<TrackedEvent, 'type' | 'name' | 'order_id' | 'revenue' | 'properties'>;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A money amount as the decimal string the API stores exactly: numbers are
 * rounded to 6 decimals to shed binary noise (0.1 + 0.2 → "0.3"); strings must
 * already be plain decimals. Anything else gives undefined.
 */
export function decimalString(value: unknown): string | undefined {
  if (typeof value == 'number' && isFinite(value)) value = String(+value.toFixed(6));
  return typeof value == 'string' && DECIMAL.test(value) ? value : undefined;
}

/**
 * Types a `track(name, props)` call: 'lead' and 'signup' become `lead` events,
 * 'purchase' becomes a `conversion` whose `props.order_id`, `props.revenue`
 * (a number, a decimal string or `{ amount, currency }`) and `props.currency`
 * (ISO 4217, else `defaultCurrency`) move into the event's own fields; every
 * other name is a `custom` event. Names match case-insensitively and are kept
 * as given. An unusable revenue stays in the properties rather than being lost.
 * @example trackFields('purchase', { order_id: 'o1', revenue: 12.5, currency: 'EUR' })
 *   // { type: 'conversion', name: 'purchase', order_id: 'o1',
 *   //   revenue: { amount: '12.5', currency: 'EUR' }, properties: {} }
 */
export function trackFields(name: string, props: Properties = {}, defaultCurrency = 'USD'): TrackFields {
  const kind = name.toLowerCase();
  if (kind == 'lead' || kind == 'signup') return { type: 'lead', name, properties: { ...props } };
  if (kind != 'purchase') return { type: 'custom', name, properties: { ...props } };
  const { order_id, revenue, currency, ...rest } = props;
  const money = (revenue && typeof revenue == 'object' ? revenue : { amount: revenue, currency }) as Properties;
  const amount = decimalString(money.amount);
  const fields: TrackFields = { type: 'conversion', name, properties: rest };
  if (order_id != null && order_id !== '') fields.order_id = String(order_id);
  if (amount) {
    const code = money.currency;
    fields.revenue = { amount, currency: typeof code == 'string' && code ? code.toUpperCase() : defaultCurrency };
  } else {
    if (revenue != null) rest.revenue = revenue;
    if (currency != null) rest.currency = currency;
  }
  return fields;
}

import { isCurrency, parseAmount } from '../money/currency.js';
import { eventTypes, type EventRecord } from '../records/events.js';

/** The limits `eventSchema` (`event-schema.ts`, the documented schema) puts on each field. */
const idMax = { id: 128, anonymous_id: 256, user_id: 256, session_id: 256, click_id: 256, order_id: 256 } as const;
const textMax = { name: 256, url: 4096, referrer: 4096 } as const;
/** An order's coupon code, product id and category (issue 16), stored as properties. */
export const orderFieldMax = { coupon: 64, product: 256, category: 256 } as const;
const utmKeys = ['source', 'medium', 'campaign', 'content', 'term'] as const;
const utmMax = 512;
const types = new Set<string>(eventTypes);
/** Events may be at most this far in the future (clock skew of senders). */
export const maxFutureMs = 24 * 3600 * 1000;
/** Events before the year 2000 are refused. */
export const minTimestamp = Date.UTC(2000, 0, 1);
const isoStart = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Why the fast path gives up: `parseEvent` asks zod, whose issues are the errors. */
const unsure = Symbol('unsure');
type Maybe<T> = T | typeof unsure;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The common case of `eventSchema` without zod (issue 14: zod's parse was a tenth of the ingest
 * thread's time): for an event zod accepts, the same value `eventSchema.parse` answers with its
 * undefined fields left out (ids trimmed, `ts` as UTC ISO, the amount canonical, unknown keys
 * dropped); for anything else, or anything irregular, undefined, and the caller asks zod. So
 * every error still comes from the schema. `event-fast-parse.test.ts` holds the two equal on a
 * fuzzed corpus of valid and invalid events.
 *
 * @example
 *   fastParseEvent({ id: ' e1 ', type: 'click', ts: '2026-03-01T12:00:00+02:00', anonymous_id: 'a' })
 *   // → { id: 'e1', type: 'click', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'a' }
 */
export function fastParseEvent(input: unknown): EventRecord | undefined {
  if (!isObject(input)) return undefined;
  const out: Record<string, unknown> = {};
  const id = idOf(input.id, idMax.id);
  if (id === unsure || id === undefined) return undefined;
  out.id = id;
  if (typeof input.type !== 'string' || !types.has(input.type)) return undefined;
  out.type = input.type;
  const ts = timestampOf(input.ts);
  if (ts === unsure) return undefined;
  out.ts = ts;
  const anonymousId = idOf(input.anonymous_id, idMax.anonymous_id);
  if (anonymousId === unsure || anonymousId === undefined) return undefined;
  out.anonymous_id = anonymousId;
  for (const key of ['user_id', 'session_id'] as const) {
    const v = idOf(input[key], idMax[key]);
    if (v === unsure) return undefined;
    if (v !== undefined) out[key] = v;
  }
  for (const key of ['name', 'url', 'referrer'] as const) {
    const v = textOf(input[key], textMax[key]);
    if (v === unsure) return undefined;
    if (v !== undefined) out[key] = v;
  }
  if (input.utm !== undefined) {
    if (!isObject(input.utm)) return undefined;
    const utm: Record<string, string> = {};
    for (const key of utmKeys) {
      const v = textOf(input.utm[key], utmMax);
      if (v === unsure) return undefined;
      if (v !== undefined) utm[key] = v;
    }
    out.utm = utm;
  }
  for (const key of ['click_id', 'order_id'] as const) {
    const v = idOf(input[key], idMax[key]);
    if (v === unsure) return undefined;
    if (v !== undefined) out[key] = v;
  }
  if (input.revenue !== undefined) {
    const revenue = revenueOf(input.revenue);
    if (revenue === unsure) return undefined;
    out.revenue = revenue;
  }
  for (const key of ['coupon', 'product', 'category'] as const) {
    const v = textOf(input[key], orderFieldMax[key]);
    if (v === unsure) return undefined;
    if (v !== undefined) out[key] = v;
  }
  if (input.properties !== undefined) {
    const properties = input.properties;
    // zod copies the record key by key: a "__proto__" key would become the copy's prototype.
    if (!isObject(properties) || Object.getPrototypeOf(properties) !== Object.prototype || Object.hasOwn(properties, '__proto__')) return undefined;
    out.properties = { ...properties };
  }
  return out as unknown as EventRecord;
}

/** An id: a string, trimmed, not empty, at most `max` characters after trimming; undefined when absent. */
function idOf(v: unknown, max: number): Maybe<string | undefined> {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return unsure;
  const trimmed = v.trim();
  return trimmed.length === 0 || trimmed.length > max ? unsure : trimmed;
}

/** A text: a string of at most `max` characters, as it is; undefined when absent. */
function textOf(v: unknown, max: number): Maybe<string | undefined> {
  if (v === undefined) return undefined;
  return typeof v === 'string' && v.length <= max ? v : unsure;
}

/**
 * The last timestamp text accepted and its UTC ISO form (issue 14: a batch's events mostly share
 * one `ts`, and parsing it was the fast path's largest cost). A text once accepted stays valid: the
 * lower bound is fixed and the upper one only moves later.
 */
let lastTs: { text?: string; iso: string } = { iso: '' };

/** An ISO 8601 date-time (or epoch milliseconds) from 2000 to a day ahead, as UTC ISO. */
function timestampOf(v: unknown): Maybe<string> {
  let ms: number;
  if (typeof v === 'string') {
    if (v === lastTs.text) return lastTs.iso;
    if (!isoStart.test(v)) return unsure;
    ms = Date.parse(v);
  } else if (typeof v === 'number') ms = v;
  else return unsure;
  if (!Number.isFinite(ms) || ms > Date.now() + maxFutureMs || ms < minTimestamp) return unsure;
  const iso = new Date(ms).toISOString();
  if (typeof v === 'string') lastTs = { text: v, iso };
  return iso;
}

/** `{amount, currency}`: the amount canonical (`parseAmount`), the currency a known ISO 4217 code. */
function revenueOf(v: unknown): Maybe<{ amount: string; currency: string }> {
  if (!isObject(v)) return unsure;
  const { amount, currency } = v;
  if (!(typeof amount === 'string' || (typeof amount === 'number' && Number.isFinite(amount)))) return unsure;
  if (typeof currency !== 'string' || !isCurrency(currency)) return unsure;
  const parsed = parseAmount(amount);
  return 'error' in parsed ? unsure : { amount: parsed.amount, currency };
}

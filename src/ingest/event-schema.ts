import { z } from 'zod';
import { isCurrency, parseAmount } from '../money/currency.js';
import type { FieldIssue } from '../shared/errors.js';
import { eventTypes, type EventRecord } from '../records/events.js';
import { fastParseEvent, maxFutureMs, minTimestamp, orderFieldMax } from './event-fast-parse.js';

export const maxBatchEvents = 1000;

const id = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();

const money = z.object({
  amount: z.union([z.string(), z.number()]).transform((v, ctx) => {
    const parsed = parseAmount(v);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.amount;
  }),
  currency: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as "EUR"'),
});

const timestamp = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z' });
    return z.NEVER;
  }
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'is not a valid date-time' });
    return z.NEVER;
  }
  if (ms > Date.now() + maxFutureMs) {
    ctx.addIssue({ code: 'custom', message: 'is more than 24 hours in the future' });
    return z.NEVER;
  }
  if (ms < minTimestamp) {
    ctx.addIssue({ code: 'custom', message: 'is before the year 2000' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** The schema of one event of `POST /v1/events` (design.md). */
export const eventSchema = z.object({
  id: id(128),
  type: z.enum(eventTypes, { message: `must be one of ${eventTypes.join(', ')}` }),
  ts: timestamp,
  anonymous_id: id(256),
  user_id: id(256).optional(),
  session_id: id(256).optional(),
  name: optionalText(256),
  url: optionalText(4096),
  referrer: optionalText(4096),
  utm: z
    .object({
      source: optionalText(512),
      medium: optionalText(512),
      campaign: optionalText(512),
      content: optionalText(512),
      term: optionalText(512),
    })
    .optional(),
  click_id: id(256).optional(),
  order_id: id(256).optional(),
  revenue: money.optional(),
  coupon: optionalText(orderFieldMax.coupon),
  product: optionalText(orderFieldMax.product),
  category: optionalText(orderFieldMax.category),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export type EventParseResult =
  | { ok: true; event: EventRecord }
  | { ok: false; errors: FieldIssue[] };

/**
 * Limits on one event (issue 12 #9), checked before anything recurses into it: `properties` nest at
 * most 8 objects or arrays deep (`properties` itself is the first), hold at most 500 keys and array
 * items in all, and the whole event is at most 32 KB as JSON (Segment's limit).
 */
export const eventLimits = { propertyDepth: 8, propertyValues: 500, eventBytes: 32 * 1024 } as const;

/**
 * The first limit the raw event breaks, with its path; undefined when it keeps them. Walks with an
 * explicit stack, so a property nested 100,000 deep neither overflows the call stack nor costs more
 * than the first 8 levels.
 */
export function eventShapeIssue(input: unknown): FieldIssue | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  let values = 0;
  // An upper bound of the JSON's bytes (issue 14): when it is within the limit, the event is not stringified to be measured.
  let bound = 2;
  // The top level without allocating pairs (issue 14: this runs for every event of every batch).
  let stack: { value: unknown; path: string; depth: number; countValues: boolean }[] | undefined;
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    bound += jsonBytesBound(key) + 2 + jsonBytesBound(value);
    if (value && typeof value === 'object') (stack ??= []).push({ value, path: key, depth: 1, countValues: key === 'properties' });
  }
  while (stack?.length) {
    const { value, path, depth, countValues } = stack.pop()!;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
    if (countValues) {
      values += entries.length;
      if (values > eventLimits.propertyValues) {
        return { path: 'properties', message: `holds more than ${eventLimits.propertyValues} keys and array items in all` };
      }
    }
    for (const [key, child] of entries) {
      bound += jsonBytesBound(key) + 2 + jsonBytesBound(child);
      if (!child || typeof child !== 'object') continue;
      const childPath = `${path}.${key}`;
      if (depth + 1 > eventLimits.propertyDepth) {
        return { path: childPath, message: `nests deeper than ${eventLimits.propertyDepth} levels of objects and arrays` };
      }
      stack.push({ value: child, path: childPath, depth: depth + 1, countValues });
    }
  }
  if (bound <= eventLimits.eventBytes) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > eventLimits.eventBytes) return { path: '(event)', message: `is ${bytes} bytes as JSON; at most ${eventLimits.eventBytes} (32 KB)` };
  return undefined;
}

/**
 * At least the UTF-8 bytes `value` adds to its object's JSON, without its children: a code unit
 * is at most 6 bytes (`\u001f`), a number at most 24 characters, an object or array its brackets
 * (its entries are counted apart). Anything JSON.parse does not make (a Date, a class) is unbounded.
 */
function jsonBytesBound(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 3;
    case 'number':
    case 'boolean':
      return 25;
    case 'undefined':
      return 0;
    case 'object': {
      if (value === null) return 5;
      const proto = Object.getPrototypeOf(value);
      return Array.isArray(value) || proto === Object.prototype || proto === null ? 2 : Infinity;
    }
    default:
      return Infinity;
  }
}

/**
 * Validates one untrusted event; errors carry the field path (`revenue.currency`). The common
 * case takes the hand-written path (`fastParseEvent`, equal to the schema's answer); anything it
 * is unsure of is parsed by `eventSchema`, whose issues are the errors.
 */
export function parseEvent(input: unknown): EventParseResult {
  const shape = eventShapeIssue(input);
  if (shape) return { ok: false, errors: [shape] };
  const fast = fastParseEvent(input);
  return fast ? checkedEvent(fast) : parseBySchema(input);
}

/** `parseEvent` by the zod schema alone (after the shape limits): the reference the fast path is held to. */
export function parseBySchema(input: unknown): EventParseResult {
  const result = eventSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((i) => ({ path: i.path.join('.') || '(event)', message: i.message })),
    };
  }
  return checkedEvent(stripUndefined(result.data) as EventRecord);
}

/** The rules across fields: a conversion's amount goes in `revenue`, not in its properties; a lead's `lead_id` is one key on every engine. */
function checkedEvent(event: EventRecord): EventParseResult {
  if (event.type === 'conversion' && event.revenue === undefined && event.properties?.revenue !== undefined) {
    return { ok: false, errors: [{ path: 'revenue', message: 'put the amount in revenue {amount, currency}, not in properties' }] };
  }
  const leadId = event.properties?.lead_id;
  if (leadId !== undefined && typeof leadId !== 'string') {
    if (!Number.isSafeInteger(leadId)) return { ok: false, errors: [{ path: 'properties.lead_id', message: 'must be a non-empty string (or an integer) of at most 256 characters' }] };
    event = { ...event, properties: { ...event.properties, lead_id: String(leadId) } };
  } else if (leadId !== undefined && (leadId.trim() === '' || leadId.length > 256)) {
    return { ok: false, errors: [{ path: 'properties.lead_id', message: 'must be a non-empty string (or an integer) of at most 256 characters' }] };
  }
  return { ok: true, event: orderFieldsAsProperties(event) };
}

/**
 * An order's `coupon` (upper-case), `product` and `category` (issue 16) are stored as properties of
 * the same names, so the event tables need no columns for them; the fields win over properties.
 */
function orderFieldsAsProperties(event: EventRecord & { coupon?: string; product?: string; category?: string }): EventRecord {
  if (event.coupon === undefined && event.product === undefined && event.category === undefined) return event;
  const { coupon, product, category, ...rest } = event;
  const properties = { ...rest.properties };
  if (coupon !== undefined) properties.coupon = coupon.trim().toUpperCase();
  if (product !== undefined) properties.product = product;
  if (category !== undefined) properties.category = category;
  return { ...rest, properties };
}

export interface BatchResult {
  events: EventRecord[];
  rejected: { index: number; errors: FieldIssue[] }[];
  /** The request index of each kept event (`events[i]` came from `events.${indices[i]}`). */
  indices: number[];
  /** Events repeating an id seen earlier in the same batch: neither accepted nor rejected. */
  duplicates: number;
}

/** Validates a batch body `{"events":[…]}`; valid events are kept even when others are rejected. */
export function parseBatch(body: unknown): BatchResult | { error: FieldIssue } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { error: { path: '(body)', message: 'expected a JSON object {"events":[…]}' } };
  }
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) return { error: { path: 'events', message: 'expected an array of events' } };
  if (events.length === 0) return { error: { path: 'events', message: 'must contain at least one event' } };
  if (events.length > maxBatchEvents) {
    return { error: { path: 'events', message: `at most ${maxBatchEvents} events per batch, got ${events.length}` } };
  }
  const out: BatchResult = { events: [], rejected: [], indices: [], duplicates: 0 };
  const seen = new Set<string>();
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) out.rejected.push({ index, errors: parsed.errors.map((e) => ({ ...e, path: e.path })) });
    else if (!seen.has(parsed.event.id)) {
      seen.add(parsed.event.id);
      out.events.push(parsed.event);
      out.indices.push(index);
    } else out.duplicates += 1;
  });
  return out;
}

function stripUndefined<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined) delete obj[key];
    else if (v && typeof v === 'object' && !Array.isArray(v) && key === 'utm') stripUndefined(v as Record<string, unknown>);
  }
  return obj;
}

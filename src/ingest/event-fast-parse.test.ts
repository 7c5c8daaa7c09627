/**
 * The hand-written fast path of event validation is held equal to the zod schema (the documented
 * one) on a fuzzed corpus: every field drawn from values the schema accepts and values it refuses
 * at each of its edges (lengths, trimming, types, time bounds, amounts, currencies, nesting). For
 * each event: what the fast path accepts the schema accepts with the same value, what the schema
 * refuses the fast path leaves to it, and `parseEvent` answers exactly what the schema alone does,
 * errors (paths and messages) included.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random.js';
import { fastParseEvent } from './event-fast-parse.js';
import { eventSchema, eventShapeIssue, parseBySchema, parseEvent } from './event-schema.js';

const rand = mulberry32(14);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const absent = Symbol('absent');
const now = Date.now();

const ids = (max: number) => ['e1', ` padded-${max} `, 'x'.repeat(max), `${'x'.repeat(max)}  `, 'x'.repeat(max + 1), '', '   ', '\t\n', 7, null, true, ['a'], { a: 1 }];
const texts = (max: number) => ['', 'https://shop.example/p/1?utm_source=google', ' keep spaces ', 'x'.repeat(max), 'x'.repeat(max + 1), 'é€😀', 3, null, false];
const timestamps = [
  '2026-03-01T10:00:00Z', '2026-03-01T12:00:00+02:00', '2026-03-01T10:00', '2026-03-01T10:00:00.123456Z', new Date(now - 3_600_000).toISOString(),
  new Date(now + 23 * 3_600_000).toISOString(), new Date(now + 25 * 3_600_000).toISOString(), '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z',
  '2026-03-01', 'yesterday', '2026-13-45T99:99:00Z', ' 2026-03-01T10:00:00Z', now - 60_000, now + 48 * 3_600_000, 946_684_800_000, 946_684_799_999,
  1.5e12 + 0.5, Number.NaN, Number.POSITIVE_INFINITY, -1, null, {}, [],
];
const amounts = ['12.50', '0012.50', ' 7 ', '1e5', '-1', '0', '12.1234567', '123456789012345678901', 12.5, 1e-7, 1e21, 0, -0, Number.NaN, '', 'abc', null, true];
const currencies = ['EUR', 'IRR', 'JPY', 'eur', 'XXX', 'EURO', '', 7, null];
const properties = [{}, { plan: 'pro', n: 3, nested: { a: [1, { b: null }] } }, { revenue: 12 }, JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'), [1, 2], 'text', null, 5, Object.create(null)];

/** One random field value: absent most often for optional fields, else one of the pool. */
function field(pool: readonly unknown[], optional: boolean): unknown {
  return optional && rand() < 0.4 ? absent : pick(pool);
}

function randomEvent(): unknown {
  // Mostly valid events (each field from its valid values), some with one or more fields off.
  const wild = rand() < 0.5;
  const valid = <T>(pool: readonly T[], n: number) => (wild ? pool : pool.slice(0, n));
  const event: Record<string, unknown> = {
    id: field(valid(ids(128), 4), false),
    type: field(wild ? ['click', 'page_view', 'conversion', 'lead', 'impression', 'custom', 'purchase', '', 3] : ['click', 'page_view', 'conversion', 'lead', 'impression', 'custom'], false),
    ts: field(valid(timestamps, 9), false),
    anonymous_id: field(valid(ids(256), 4), false),
    user_id: field(valid(ids(256), 4), true),
    session_id: field(valid(ids(256), 4), true),
    name: field(valid(texts(256), 6), true),
    url: field(valid(texts(4096), 6), true),
    referrer: field(valid(texts(4096), 6), true),
    utm: field(wild ? [{}, { source: 'google', medium: 'cpc' }, { campaign: 'x'.repeat(512), term: 'y' }, { content: 'x'.repeat(513) }, { source: 7 }, { extra: 'dropped', source: 'a' }, 'utm', null, []] : [{}, { source: 'google', medium: 'cpc' }, { campaign: 'x'.repeat(512), term: 'y' }, { extra: 'dropped', source: 'a' }], true),
    click_id: field(valid(ids(256), 4), true),
    order_id: field(valid(ids(256), 4), true),
    revenue: field([{ amount: field(valid(amounts, 6), false), currency: field(valid(currencies, 3), false) }, ...(wild ? ['12.50', null, [], { amount: '1' }] : [])], true),
    properties: field(valid(properties, 3), true),
    unknown_key: field(['dropped', { deep: true }], true),
  };
  for (const key of Object.keys(event)) if (event[key] === absent) delete event[key];
  return wild && rand() < 0.05 ? pick([null, 'event', [event], 42]) : event;
}

describe('fast event validation', () => {
  it('answers what the zod schema answers on 6,000 fuzzed events, errors included', () => {
    let fastAccepted = 0;
    let schemaAccepted = 0;
    let refused = 0;
    for (let i = 0; i < 6_000; i++) {
      const input = randomEvent();
      if (eventShapeIssue(input)) continue;
      const reference = parseBySchema(input);
      const fast = fastParseEvent(input);
      if (reference.ok) schemaAccepted++;
      else refused++;
      if (fast) {
        fastAccepted++;
        const schema = eventSchema.safeParse(input);
        expect(schema.success, JSON.stringify(input)).toBe(true);
        // Key for key, in the schema's order, its undefined fields left out (the spool's JSON text is the same).
        expect(JSON.stringify(fast), JSON.stringify(input)).toBe(JSON.stringify(schema.data));
      }
      expect(parseEvent(input), JSON.stringify(input)).toEqual(reference);
    }
    // Both kinds are well represented, and the fast path takes nearly every event the schema accepts.
    expect(refused).toBeGreaterThan(1_000);
    expect(schemaAccepted).toBeGreaterThan(1_000);
    expect(fastAccepted).toBeGreaterThan(schemaAccepted * 0.9);
  });
});

import { describe, expect, it } from 'vitest';
import { eventLimits, eventShapeIssue, parseBatch, parseBySchema, parseEvent } from './event-schema.js';
import { mulberry32 } from '../shared/random.js';

const base = { id: 'e1', type: 'conversion', ts: '2026-03-01T10:00:00Z', anonymous_id: 'a1' };

describe('event schema', () => {
  it('normalises timestamps to UTC ISO and amounts to canonical decimal strings', () => {
    const res = parseEvent({ ...base, ts: '2026-03-01T12:00:00+02:00', revenue: { amount: '0012.50', currency: 'EUR' } });
    expect(res).toEqual({ ok: true, event: { ...base, ts: '2026-03-01T10:00:00.000Z', revenue: { amount: '12.5', currency: 'EUR' } } });
  });

  it('accepts IRR and VND amounts without a minor unit', () => {
    const res = parseEvent({ ...base, revenue: { amount: '125000000', currency: 'IRR' } });
    expect(res.ok && res.event.revenue).toEqual({ amount: '125000000', currency: 'IRR' });
  });

  it.each([
    [{ ...base, type: 'purchase' }, 'type'],
    [{ ...base, ts: 'yesterday' }, 'ts'],
    [{ ...base, ts: '1999-12-31T00:00:00Z' }, 'ts'],
    [{ ...base, revenue: { amount: 12.5, currency: 'eur' } }, 'revenue.currency'],
    [{ ...base, revenue: { amount: '1e5', currency: 'EUR' } }, 'revenue.amount'],
    [{ ...base, revenue: { amount: '-1', currency: 'EUR' } }, 'revenue.amount'],
    [{ ...base, anonymous_id: '' }, 'anonymous_id'],
    [{ ...base, utm: { source: 7 } }, 'utm.source'],
    [{ ...base, properties: [1, 2] }, 'properties'],
  ])('rejects %j at %s', (input, path) => {
    const res = parseEvent(input);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => e.path)).toContain(path);
  });

  it('rejects timestamps more than a day in the future', () => {
    const res = parseEvent({ ...base, ts: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    expect(res.ok).toBe(false);
  });

  it('keeps the valid events of a batch, drops repeats of an id within it', () => {
    const res = parseBatch({ events: [base, { ...base, id: 'e2', type: 'x' }, base] });
    expect('events' in res && res.events.length).toBe(1);
    expect('rejected' in res && res.rejected).toEqual([{ index: 1, errors: [{ path: 'type', message: expect.stringContaining('must be one of') }] }]);
    expect(parseBatch([])).toEqual({ error: { path: '(body)', message: expect.any(String) } });
  });

  it('refuses an event for its size exactly when its JSON is over 32 KB, escapes and non-ASCII text included (property)', () => {
    const rand = mulberry32(32);
    const chars = ['a', 'é', '\u0001', '"', '\\', '\uD83D\uDE00', '€', ' '];
    const text = (n: number) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
    let over = 0;
    for (let i = 0; i < 300; i++) {
      const size = Math.floor(rand() * 12_000);
      const event = { ...base, url: text(size), properties: { note: text(Math.floor(rand() * 3_000)), list: [1.5e-300, true, null, { deep: text(50) }] } };
      const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
      const issue = eventShapeIssue(event);
      expect(issue?.path === '(event)', `${bytes} bytes`).toBe(bytes > eventLimits.eventBytes);
      if (bytes > eventLimits.eventBytes) over++;
    }
    expect(over).toBeGreaterThan(10);
    expect(over).toBeLessThan(290);
  });
});

describe('order fields of conversion events (issue 16)', () => {
  it('coupon (upper-case), product and category are stored as properties; the fields win', () => {
    const parsed = parseEvent({ id: 'c1', type: 'conversion', ts: '2026-03-01T10:00:00Z', anonymous_id: 'a', order_id: 'o1', revenue: { amount: '10', currency: 'EUR' }, coupon: ' ann10 ', product: 'sku-1', category: 'shoes', properties: { coupon: 'OLD', plan: 'pro' } });
    expect(parsed).toEqual({ ok: true, event: {
      id: 'c1', type: 'conversion', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'a', order_id: 'o1', revenue: { amount: '10', currency: 'EUR' },
      properties: { coupon: 'ANN10', plan: 'pro', product: 'sku-1', category: 'shoes' },
    } });
    expect(parseBySchema({ id: 'c1', type: 'conversion', ts: '2026-03-01T10:00:00Z', anonymous_id: 'a', coupon: 'x' })).toMatchObject({ ok: true, event: { properties: { coupon: 'X' } } });
  });

  it('a coupon longer than 64 characters is refused naming the field', () => {
    expect(parseEvent({ id: 'c2', type: 'conversion', ts: '2026-03-01T10:00:00Z', anonymous_id: 'a', coupon: 'x'.repeat(65) })).toEqual({ ok: false, errors: [{ path: 'coupon', message: 'must be at most 64 characters' }] });
  });
});

describe('the lead_id of lead events', () => {
  const lead = (lead_id: unknown) => ({ id: 'l1', type: 'lead', ts: '2026-03-01T10:00:00Z', anonymous_id: 'a', properties: { lead_id, form: 'demo' } });

  it('an integer lead id is kept as its decimal string, so every engine keys it the same way', () => {
    expect(parseEvent(lead(12345))).toMatchObject({ ok: true, event: { properties: { lead_id: '12345', form: 'demo' } } });
    expect(parseEvent(lead('crm-7'))).toMatchObject({ ok: true, event: { properties: { lead_id: 'crm-7' } } });
  });

  it.each([[''], ['   '], ['x'.repeat(257)], [1.5], [true], [null], [{ id: 1 }], [[1]]])('refuses lead_id %j naming the field', (value) => {
    const parsed = parseEvent(lead(value));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.path)).toEqual(['properties.lead_id']);
  });

  it('a batch keeps the good events beside a bad lead id', () => {
    const batch = parseBatch({ events: [lead(''), { ...lead('k1'), id: 'l2' }] });
    expect('events' in batch && [batch.events.map((e) => e.id), batch.rejected.map((r) => [r.index, r.errors[0].path])]).toEqual([['l2'], [[0, 'properties.lead_id']]]);
  });
});

/**
 * Issue 12 #2 (amount cap), #9 (event shape limits) and #11 (errors in the registry's format)
 * through a real server (on the embedded store, and on PostgreSQL + ClickHouse: test/helpers/security-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountLimits, parseAmount } from '../../src/money/currency.js';
import { eventLimits, parseEvent } from '../../src/ingest/event-schema.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const now = Date.now();
const iso = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();

/** The path of the first container past the depth limit in `nested(n)`, n > 8. */
const deepPath = `properties${'.a'.repeat(8)}`;

/** JSON text of an event whose properties nest `depth` objects deep (JSON.stringify itself overflows on such depth). */
function deepEventJson(id: string, depth: number): string {
  return `{"id":"${id}","type":"custom","ts":"${iso(-2)}","anonymous_id":"deep-visitor","properties":${'{"a":'.repeat(depth - 1)}{"leaf":1}${'}'.repeat(depth - 1)}}`;
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe('input limits and errors', () => {
  let server: SecurityServer;
  const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer wk' }) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const admin = (path: string) => fetch(server.url + path, { headers: { authorization: 'Bearer adm' } });

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('#2 amounts are capped at 12 integer digits and 6 decimals', () => {
    it('parseAmount states the cap', () => {
      expect(amountLimits).toEqual({ integerDigits: 12, decimals: 6 });
      expect(parseAmount('999999999999.999999')).toEqual({ amount: '999999999999.999999' });
      expect(parseAmount('000999999999999.5')).toEqual({ amount: '999999999999.5' });
      expect(parseAmount('12.500000000')).toEqual({ amount: '12.5' });
      expect(parseAmount('1000000000000')).toHaveProperty('error', expect.stringMatching(/at most 12 digits before the decimal point/));
      expect(parseAmount('1.0000001')).toHaveProperty('error', expect.stringMatching(/at most 6 digits after/));
      expect(parseAmount(1e15)).toHaveProperty('error');
      // Exchange rates keep 12 decimals.
      expect(parseAmount('0.000023809524', { decimals: 12 })).toEqual({ amount: '0.000023809524' });
    });

    it("the issue's 20 events of 31-digit amounts are rejected with a field error and KPIs still answer", async () => {
      const huge = '9'.repeat(31);
      const events = Array.from({ length: 20 }, (_, i) => ({
        id: `huge-${i}`, type: 'conversion', ts: iso(-30 - i), anonymous_id: `h-${i}`, order_id: `HUGE-${i}`, revenue: { amount: huge, currency: 'EUR' },
      }));
      const res = await post('/v1/events', { events: [...events, { id: 'ok-1', type: 'conversion', ts: iso(-5), anonymous_id: 'ok', order_id: 'OK-1', revenue: { amount: '999999999999.99', currency: 'EUR' } }] });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.accepted).toBe(1);
      expect(body.rejected).toHaveLength(20);
      for (const r of body.rejected) expect(r.errors).toEqual([{ path: 'revenue.amount', message: expect.stringMatching(/less than 10\^12/) }]);
      await server.settle();
      const kpis = await admin('/v1/kpis?days=7');
      expect(kpis.status).toBe(200);
    });
  });

  describe('#9 one event breaking a limit is rejected alone, with its path', () => {
    it('states the limits', () => {
      expect(eventLimits).toEqual({ propertyDepth: 8, propertyValues: 500, eventBytes: 32 * 1024 });
      const base = { id: 'e', type: 'custom', ts: iso(0), anonymous_id: 'a' };
      expect(parseEvent({ ...base, properties: nested(8) }).ok).toBe(true);
      expect(parseEvent({ ...base, properties: nested(9) })).toEqual({ ok: false, errors: [{ path: deepPath, message: expect.stringMatching(/deeper than 8/) }] });
      expect(parseEvent({ ...base, properties: { list: [[[[[[[[1]]]]]]]] } })).toEqual({ ok: false, errors: [{ path: 'properties.list.0.0.0.0.0.0.0', message: expect.stringMatching(/deeper than 8/) }] });
      expect(parseEvent({ ...base, properties: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) }).ok).toBe(true);
      expect(parseEvent({ ...base, properties: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, i])) })).toEqual({ ok: false, errors: [{ path: 'properties', message: expect.stringMatching(/more than 500/) }] });
      expect(parseEvent({ ...base, properties: { text: 'x'.repeat(32 * 1024) } })).toEqual({ ok: false, errors: [{ path: '(event)', message: expect.stringMatching(/at most 32768/) }] });
    });

    it('a depth-8000 property does not lose the batch', async () => {
      const batch = `{"events":[${JSON.stringify({ id: 'deep-ok', type: 'page_view', ts: iso(-3), anonymous_id: 'deep-visitor', url: 'https://shop.example/' })},${deepEventJson('deep-bad', 8000)},${JSON.stringify({ id: 'deep-ok-2', type: 'custom', ts: iso(-1), anonymous_id: 'deep-visitor', name: 'x', properties: { plan: { tier: 'pro' } } })}]}`;
      const res = await post('/v1/events', batch);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.accepted).toBe(2);
      expect(body.rejected).toEqual([{ index: 1, errors: [{ path: deepPath, message: expect.stringMatching(/deeper than 8/) }] }]);
      await server.settle();
      const stored = await (await admin('/v1/events?anonymous_id=deep-visitor')).json();
      expect(stored.events.map((e: { id: string }) => e.id).sort()).toEqual(['deep-ok', 'deep-ok-2']);
      // A single beacon with the same property is refused by field, not with 500.
      const beacon = await fetch(`${server.url}/v1/events?key=wk`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `{"events":[${deepEventJson('deep-b', 100_000)}]}` });
      expect(beacon.status).toBe(400);
      expect((await beacon.json()).rejected[0].errors[0].path).toBe(deepPath);
    });
  });

  describe('#11 every error in the registry format', () => {
    it('a repeated query parameter answers 400 naming it', async () => {
      for (const path of ['/v1/postback?key=wk&click_id=a&click_id=b&order_id=o1&amount=5&currency=EUR', '/p.gif?key=wk&anonymous_id=a&anonymous_id=b', '/v1/kpis?days=7&days=8']) {
        const res = await fetch(server.url + path, { headers: { authorization: 'Bearer adm' } });
        expect(res.status, path).toBe(400);
        const body = await res.json();
        expect(body.error).toBe('invalid_input');
        expect(body.issues[0].path).toBe(new URLSearchParams(path.split('?')[1]).getAll('click_id').length > 1 ? 'click_id' : path.includes('anonymous_id=b') ? 'anonymous_id' : 'days');
      }
      // A tracking link reads no parameter: a repeated one still gets the visitor redirected (here: no link, the neutral page).
      expect((await fetch(`${server.url}/c/no-such-link?gclid=a&gclid=b`, { redirect: 'manual' })).status).toBe(404);
    });

    it('a NUL character in an id or a query value answers 400 naming it (PostgreSQL cannot hold one)', async () => {
      for (const [path, name] of [['/v1/segments/%00/count', 'id'], ['/v1/segments/a%00b/export', 'id'], ['/v1/kpis?by=channel&metrics=spend%00', 'metrics']]) {
        const res = await admin(path);
        expect(res.status, path).toBe(400);
        const body = await res.json();
        expect(body.error).toBe('invalid_input');
        expect(body.issues[0].path, path).toBe(name);
      }
    });

    it('101–256-character user ids answer in the registry format, longer ones name the field', async () => {
      for (const length of [101, 256]) {
        const res = await admin(`/v1/customers/${'u'.repeat(length)}`);
        expect(res.status, String(length)).toBe(404);
        expect((await res.json()).error).toBe('not_found');
      }
      const long = await admin(`/v1/customers/${'u'.repeat(257)}`);
      expect(long.status).toBe(400);
      const longBody = await long.json();
      expect(longBody.error).toBe('invalid_input');
      expect(longBody.issues[0].path).toMatch(/id/);
      const huge = await admin(`/v1/customers/${'u'.repeat(5000)}`);
      expect(huge.status).toBe(400);
      expect(await huge.json()).toEqual({ error: 'invalid_input', message: expect.any(String), issues: [{ path: '(url)', message: expect.stringMatching(/longer than 2048/) }] });
      const badUrl = await admin('/v1/customers/%E0%A4%A');
      expect(badUrl.status).toBe(400);
      expect((await badUrl.json()).error).toBe('invalid_input');
    });

    it('a NUL character in a stored text is 400 naming the field (PostgreSQL refuses it: it was a 500 on the scale store); events keep theirs', async () => {
      const adminPost = (path: string, body: unknown) => post(path, body, { authorization: 'Bearer adm' });
      const refused: [string, unknown, string][] = [
        ['/v1/segments', { name: 'a\u0000b', conditions: [{ kind: 'orders', min_count: 1 }] }, 'body.name'],
        ['/v1/experiments', { key: 'nul-exp', name: 'Nul', status: 'running', variants: [{ name: 'control' }, { name: 'b\u0000' }] }, 'body.variants.1.name'],
        ['/v1/postback-sources', { name: 'network\u0000' }, 'body.name'],
      ];
      for (const [path, body, field] of refused) {
        const res = await adminPost(path, body);
        expect(res.status, path).toBe(400);
        expect(await res.json(), path).toEqual({ error: 'invalid_input', message: expect.stringContaining(field), issues: [{ path: field, message: expect.stringMatching(/NUL/) }] });
      }
      expect((await (await admin('/v1/segments')).json()).segments).toEqual([]);
      const ok = await adminPost('/v1/segments', { name: 'a b', conditions: [{ kind: 'orders', min_count: 1 }] });
      expect(ok.status).toBe(201);
      const event = await post('/v1/events', { events: [{ id: 'nul-prop', type: 'page_view', ts: iso(-3), anonymous_id: 'nul-visitor', properties: { note: 'x\u0000y' } }] });
      expect(await event.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    });

    it('unknown routes and unsupported bodies use registry codes', async () => {
      const missing = await admin('/v1/nothing-here');
      expect(missing.status).toBe(404);
      expect((await missing.json()).error).toBe('not_found');
      const media = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/xml' }, body: '<x/>' });
      expect(media.status).toBe(415);
      expect((await media.json()).error).toBe('unsupported_media_type');
    });
  });
});

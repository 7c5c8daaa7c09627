/**
 * GET /v1/onboarding against the real server on an empty DuckDB file (no
 * demo): every step starts open and turns done only when its own data
 * arrives — a server-side event does not count as the snippet, a browser
 * batch with ?key= does; spend, orders and a conversion tick their steps.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
let temp: ReturnType<typeof tempDir>;

interface Answer {
  steps: Array<{ id: string; done: boolean; at: string | null }>;
  complete: boolean;
}

async function onboarding(): Promise<Record<string, boolean> & { complete: boolean }> {
  const res = await fetch(`${server.url}/v1/onboarding`, { headers: { authorization: 'Bearer adm' } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Answer;
  expect(body.steps.map((s) => s.id)).toEqual(['snippet', 'first_event', 'spend', 'orders_or_leads', 'first_conversion']);
  for (const step of body.steps) expect(step.at === null).toBe(!step.done);
  return { ...Object.fromEntries(body.steps.map((s) => [s.id, s.done])), complete: body.complete } as Record<string, boolean> & { complete: boolean };
}

const today = new Date().toISOString().slice(0, 10);
const event = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ id, type, ts: new Date().toISOString(), anonymous_id: 'a1', ...extra });

beforeAll(async () => {
  temp = tempDir('roilens-onboarding-');
  server = await startServer({ dbPath: join(temp.dir, 'empty.duckdb'), port: 0, demo: false, quiet: true, adminToken: 'adm' });
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp?.cleanup();
});

describe('GET /v1/onboarding', () => {
  it('needs the admin token', async () => {
    expect((await fetch(`${server.url}/v1/onboarding`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/onboarding`, { headers: { authorization: `Bearer ${server.writeKey}` } })).status).toBe(403);
  });

  it('starts with every step open on an empty store', async () => {
    expect(await onboarding()).toEqual({ snippet: false, first_event: false, spend: false, orders_or_leads: false, first_conversion: false, complete: false });
  });

  it('a server-side event is the first event but not the snippet', async () => {
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event('e1', 'page_view', { url: 'https://shop.example/' })] }),
    });
    expect(res.status).toBe(200);
    expect(await onboarding()).toMatchObject({ snippet: false, first_event: true, spend: false, first_conversion: false });
  });

  it('a rejected browser batch does not count; an accepted one is the snippet', async () => {
    const bad = await fetch(`${server.url}/v1/events?key=${server.writeKey}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events: [{ id: 'x' }] }) });
    expect(bad.status).toBe(400);
    expect((await onboarding()).snippet).toBe(false);
    const good = await fetch(`${server.url}/v1/events?key=${server.writeKey}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ events: [event('e2', 'page_view', { session_id: 's1', url: 'https://shop.example/p' })] }),
    });
    expect(good.status).toBe(200);
    expect((await onboarding()).snippet).toBe(true);
  });

  it('spend, then orders, tick their steps; the order is the first conversion', async () => {
    const spend = await fetch(`${server.url}/v1/import/spend`, {
      method: 'POST',
      headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' },
      body: `date,channel,campaign,cost,currency\n${today},paid_search,brand,40.00,EUR\n`,
    });
    expect(spend.status).toBe(200);
    expect(await onboarding()).toMatchObject({ spend: true, orders_or_leads: false, first_conversion: false, complete: false });
    const orders = await fetch(`${server.url}/v1/import/orders`, {
      method: 'POST',
      headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' },
      body: `order_id,customer_id,date,amount,currency\no1,a1,${today},25.00,EUR\n`,
    });
    expect(orders.status).toBe(200);
    expect(await onboarding()).toEqual({ snippet: true, first_event: true, spend: true, orders_or_leads: true, first_conversion: true, complete: true });
  });

  it('keeps a done step done (its first time) after a restart', async () => {
    const before = (await (await fetch(`${server.url}/v1/onboarding`, { headers: { authorization: 'Bearer adm' } })).json()) as Answer;
    const dbPath = join(temp.dir, 'empty.duckdb');
    await server.close();
    server = await startServer({ dbPath, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    const after = (await (await fetch(`${server.url}/v1/onboarding`, { headers: { authorization: 'Bearer adm' } })).json()) as Answer;
    expect(after).toEqual(before);
  });
});

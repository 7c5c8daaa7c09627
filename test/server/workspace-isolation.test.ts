/**
 * Issue 15: postbacks, onboarding and retention act in their own workspace, not in `default`; a write
 * key with allowed origins refuses requests that carry no Origin (a GET pixel is taken on an allowed
 * Referer). A real server on a DuckDB file with two workspaces, A (`default`) and B.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, serverInfoPath, type RunningServer } from '../../src/server/start.js';
import { applyRetentionEverywhere, setRetentionDays } from '../../src/privacy/retention.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
let temp: ReturnType<typeof tempDir>;
let keyB: string;
let writeKeyB: string;
const keyA = 'adm';

async function call(path: string, key: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> & { [k: string]: never } };
}

/** Conversions and revenue of a workspace's KPIs from an hour ago to today. */
async function sales(key: string): Promise<{ conversions: number; revenue: number }> {
  const from = new Date(Date.now() - 3_600_000).toISOString().slice(0, 10);
  const to = new Date().toISOString().slice(0, 10);
  const res = await call(`/v1/kpis?from=${from}&to=${to}`, key);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const totals = (res.body as unknown as { totals: { conversions: number; revenue: number } }).totals;
  return { conversions: totals.conversions, revenue: totals.revenue };
}

beforeAll(async () => {
  temp = tempDir('roilens-isolation-');
  const dbPath = join(temp.dir, 'two.duckdb');
  server = await startServer({ dbPath, port: 0, demo: false, quiet: true, adminToken: keyA });
  const operator = (JSON.parse(readFileSync(serverInfoPath(dbPath), 'utf8')) as { operator_key: string }).operator_key;
  const created = await call('/v1/workspaces', operator, { method: 'POST', body: { name: 'B', currency: 'USD' } });
  expect(created.status).toBe(201);
  writeKeyB = String(created.body.write_key);
  const key = await call('/v1/keys', operator, { method: 'POST', body: { kind: 'secret', scopes: ['admin'] }, headers: { 'x-roilens-workspace': String(created.body.id) } });
  keyB = String(key.body.key);
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp?.cleanup();
});

describe('postbacks act in their source\'s workspace', () => {
  it('a postback for B is stored in B and never shows in A; A\'s source does not know B\'s click', async () => {
    expect((await call('/v1/links', keyB, { method: 'POST', body: { slug: 'b-offer', destination: 'https://b.example/' } })).status).toBe(201);
    const click = await fetch(`${server.url}/c/b-offer`, { redirect: 'manual' });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('rl_cid')!;
    const sourceB = (await call('/v1/postback-sources', keyB, { method: 'POST', body: { name: 'network' } })).body;
    const sourceA = (await call('/v1/postback-sources', keyA, { method: 'POST', body: { name: 'network' } })).body;
    // A's source with B's click: the click is not in A's workspace.
    const wrong = await fetch(`${server.url}/v1/postback?source=${sourceA.id}&secret=${sourceA.secret}&click_id=${clickId}&order_id=B-1&amount=40&currency=USD`);
    expect(wrong.status).toBe(422);
    // B's source with A's secret: refused.
    expect((await fetch(`${server.url}/v1/postback?source=${sourceB.id}&secret=${sourceA.secret}&click_id=${clickId}&order_id=B-1&amount=40`)).status).toBe(401);
    const ok = await fetch(`${server.url}/v1/postback?source=${sourceB.id}&secret=${sourceB.secret}&click_id=${clickId}&order_id=B-1&amount=40&currency=USD`);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await sales(keyB)).toEqual({ conversions: 1, revenue: 40 });
    expect(await sales(keyA)).toEqual({ conversions: 0, revenue: 0 });
    // The event list of A holds nothing of B's postback.
    expect(JSON.stringify((await call('/v1/events?limit=100', keyA)).body)).not.toContain('B-1');
    expect(JSON.stringify((await call('/v1/events?limit=100', keyB)).body)).toContain('B-1');
  });
});

describe('onboarding acts in the request\'s workspace', () => {
  it('the snippet sending to B ticks B\'s step, not A\'s', async () => {
    const batch = { events: [{ id: 'snip-b-1', type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'v-b', url: 'https://b.example/' }] };
    const sent = await fetch(`${server.url}/v1/events?key=${writeKeyB}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(sent.status).toBe(200);
    const step = async (key: string) => ((await call('/v1/onboarding', key)).body as unknown as { steps: { id: string; done: boolean }[] }).steps.find((s) => s.id === 'snippet')!.done;
    expect(await step(keyB)).toBe(true);
    expect(await step(keyA)).toBe(false);
  });
});

describe('a write key with allowed origins', () => {
  let key: string;
  const page = { events: [{ type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'v-o' }] };
  const post = (headers: Record<string, string>) => fetch(`${server.url}/v1/events?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ events: page.events.map((e) => ({ ...e, id: `o-${Math.random()}` })) }) });
  const pixel = (headers: Record<string, string>) => fetch(`${server.url}/p.gif?key=${key}&id=px-${Math.random()}`, { headers });
  beforeAll(async () => {
    key = String((await call('/v1/keys', keyB, { method: 'POST', body: { kind: 'write', allowed_origins: ['https://b.example'] } })).body.key);
  });

  it('refuses a POST without Origin (403 naming it) and one from another origin; takes its own origin', async () => {
    const bare = await post({});
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { message: string }).message).toMatch(/no Origin header/);
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: 'https://b.example' })).status).toBe(200);
  });

  it('takes a pixel without Origin only when its Referer is on an allowed origin', async () => {
    expect((await pixel({ referer: 'https://b.example/checkout?x=1' })).status).toBe(200);
    const foreign = await pixel({ referer: 'https://evil.example/' });
    expect([foreign.status, ((await foreign.json()) as { message: string }).message]).toEqual([403, expect.stringMatching(/Referer is on https:\/\/evil\.example/)]);
    expect((await pixel({})).status).toBe(403);
  });

  it('a write key without allowed origins takes any request, with or without Origin', async () => {
    const batch = { events: [{ id: 'any-1', type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'v-any' }] };
    expect((await fetch(`${server.url}/v1/events?key=${writeKeyB}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) })).status).toBe(200);
  });
});

describe('retention runs over every workspace with its own period', () => {
  it('A\'s period deletes A\'s old events only; B keeps its own until its period says so', async () => {
    const store = await DuckDbStore.open(':memory:');
    try {
      const base = { name: 'x', currency: 'EUR', timezone: 'UTC', margin: '1' };
      await store.ensureWorkspace({ ...base, id: 'a', write_key: 'wk-a' });
      await store.ensureWorkspace({ ...base, id: 'b', write_key: 'wk-b' });
      const now = new Date('2026-05-10T12:00:00.000Z');
      const old = (id: string, daysAgo: number) => enrichEvent({ id, type: 'page_view', ts: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(), anonymous_id: 'v' } as EventRecord, defaultChannelRules);
      for (const ws of ['a', 'b']) await store.insertEvents(ws, [old(`${ws}-3`, 3), old(`${ws}-1`, 0.5)]);
      await setRetentionDays(store, 'a', 1);
      await setRetentionDays(store, 'b', 10);
      const runs = await applyRetentionEverywhere(store, undefined, now);
      expect([runs.a.deleted, runs.b.deleted]).toEqual([1, 0]);
      expect([await store.countEvents('a'), await store.countEvents('b')]).toEqual([1, 2]);
      await setRetentionDays(store, 'b', 2);
      const again = await applyRetentionEverywhere(store, undefined, now);
      expect([again.a.deleted, again.b.deleted]).toEqual([0, 1]);
      expect((await store.listEvents('b', {})).map((e) => e.id)).toEqual(['b-1']);
    } finally {
      await store.close();
    }
  });
});

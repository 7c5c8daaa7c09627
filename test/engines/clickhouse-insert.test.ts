/**
 * The ClickHouse insert path (TabSeparated rows, the id look-up sent as external
 * data and limited to the batch's time range) on a real 18.16 server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';
import type { StoredEvent } from '../../src/records/events.js';
import { readEngines } from './engines.js';

const awkward = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', "quote ' and \"", 'ünïcödé 😀 فارسی', '', ' lead and trail '];

describe('ClickHouse insert path', () => {
  const engines = readEngines();
  const name = `roilens_i_${randomBytes(5).toString('hex')}`;
  const raw = new ClickHouseClient(engines.clickhouse.single.url);
  const ws = 'ins';
  let store: ScaleStore;
  /** Rows as stored, without FINAL: a copy would show here. */
  const rows = async () => Number((await raw.query<{ n: string }>(`SELECT count() AS n FROM ${name}.events WHERE workspace_id = 'ins'`))[0].n);

  beforeAll(async () => {
    store = await ScaleStore.open({ postgres: { url: engines.postgres.url, schema: name }, clickhouse: { kind: 'single', url: engines.clickhouse.single.url, database: name } });
  });
  afterAll(async () => {
    await store?.events.drop();
    await store?.meta.dropSchema();
    await store?.close();
  });

  it('stores every string as sent (tabs, line breaks, backslashes, \\N, Unicode)', async () => {
    const events: StoredEvent[] = awkward.map((s, i) => ({
      id: `aw-${i}-${s}`, type: 'custom', name: s, ts: `2026-02-01T10:00:0${i}.000Z`, anonymous_id: 'awkward', url: `https://shop.example/?q=${s}`,
      utm: { source: s, campaign: s }, properties: { text: s, nested: { s } }, revenue: { amount: '12.3456789', currency: 'EUR' }, channel: 'direct',
    }));
    expect(await store.insertEvents(ws, events)).toBe(awkward.length);
    const back = await store.listEvents(ws, { anonymous_id: 'awkward' });
    expect(back.map((e) => [e.id, e.name, e.url, e.utm?.source, e.properties])).toEqual(
      events.map((e) => [e.id, e.name, e.url, e.utm?.source, e.properties]),
    );
    // Decimal(6) rounds half away from zero: 12.3456789 → 12.345679.
    expect(back.every((e) => e.revenue?.amount === '12.345679')).toBe(true);
  });

  it('a batch delivered again is found by the look-up: no new rows, none counted new', async () => {
    const ts = (s: number) => `2026-02-02T10:00:${String(s).padStart(2, '0')}.000Z`;
    const batch: StoredEvent[] = Array.from({ length: 3_000 }, (_, i) => ({ id: `re-${i}`, type: 'page_view', ts: ts(i % 60), anonymous_id: `v${i}`, channel: 'direct' }));
    const before = await rows();
    expect(await store.insertEvents(ws, batch)).toBe(3_000);
    // Retried as a whole, and mixed with new events in another order.
    expect(await store.insertEvents(ws, batch)).toBe(0);
    const mixed = [...batch.slice(0, 1_000).reverse(), { id: 're-new', type: 'page_view' as const, ts: ts(5), anonymous_id: 'vn', channel: 'direct' }];
    expect(await store.insertEvents(ws, mixed)).toBe(1);
    expect((await rows()) - before).toBe(3_001);
  });

  it('an id re-sent with another time outside the batch range is one event on every read', async () => {
    const first: StoredEvent = { id: 'moved', type: 'page_view', ts: '2026-03-01T00:00:00.000Z', anonymous_id: 'mover', channel: 'direct' };
    await store.insertEvents(ws, [first]);
    const count = await store.countEvents(ws);
    // The look-up only sees its own time range, so the copy goes in (counted new) …
    expect(await store.insertEvents(ws, [{ ...first, ts: '2026-05-01T00:00:00.000Z' }])).toBe(1);
    // … and reads still see the id once: the newer row replaces it.
    expect(await store.countEvents(ws)).toBe(count);
    expect((await store.listEvents(ws, { anonymous_id: 'mover' })).map((e) => e.ts)).toEqual(['2026-05-01T00:00:00.000Z']);
  });
});

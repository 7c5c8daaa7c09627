/**
 * Packed journeys (issue 12 #7): packing keeps every string and number as it
 * was (quotes, line breaks, Persian and Vietnamese text, emoji), lives on
 * shared memory, and the embedded store's chunked read gives the journeys in
 * order across result chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { enrichEvent } from '../ingest/enrich.js';
import type { EventRecord } from '../records/events.js';
import { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Journey } from './journeys.js';
import { packedConversions, packJourneyColumns, packJourneys, unpackJourneys } from './packed-journeys.js';

describe('packed journeys', () => {
  it('unpack gives back the rows: strings escaped, touches as their JSON, no conversion without an id, a missing value 0', () => {
    const touches = '[{"ts":"2026-03-02T10:00:00.000Z","channel":"email","campaign":"تخفیف \\"ویژه\\"","ad":"(not set)","kind":"click"}]';
    const chunk = packJourneyColumns({
      person: ['a "quoted"\nperson', 'người mua 🛒', 'c', 'd'],
      conversionId: ['o\\1', null, '', 'o4'],
      conversionTs: ['2026-03-03T10:00:00.000Z', null, '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'],
      value: [0.1 + 0.2, null, 7, null],
      touches: [touches, touches, null, ''],
    });
    expect(chunk.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(chunk.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(chunk.conversions).toBe(2);
    const touch = { ts: '2026-03-02T10:00:00.000Z', channel: 'email', campaign: 'تخفیف "ویژه"', ad: '(not set)', kind: 'click' };
    expect(unpackJourneys({ chunks: [chunk] })).toEqual([
      { person: 'a "quoted"\nperson', conversion: { id: 'o\\1', ts: '2026-03-03T10:00:00.000Z', value: 0.30000000000000004 }, touches: [touch] },
      { person: 'người mua 🛒', conversion: null, touches: [touch] },
      { person: 'c', conversion: null, touches: [] },
      { person: 'd', conversion: { id: 'o4', ts: '2026-03-06T00:00:00.000Z', value: 0 }, touches: [] },
    ]);
  });

  it('journeys built as objects pack and unpack to themselves', () => {
    const journeys: Journey[] = [
      { person: 'p1', conversion: { id: 'x', ts: '2026-01-02T00:00:00.000Z', value: 12.5 }, touches: [{ ts: '2026-01-01T00:00:00.000Z', channel: 'display', campaign: 'c', ad: 'a', kind: 'view' }] },
      { person: 'p2', conversion: null, touches: [] },
    ];
    const packed = packJourneys(journeys);
    expect(packedConversions(packed)).toBe(1);
    expect(unpackJourneys(packed)).toEqual(journeys);
  });
});

describe('packed journeys read from DuckDB in chunks', () => {
  // 2,500 people (more than one 2,048-row result chunk): person i visits from email at minute i and buys at minute i + 1 when i is even.
  const people = 2500;
  let store: DuckDbStore;
  const ws = { id: 'ws_packed', name: 'packed', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_packed' };
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2) + minute * 60_000).toISOString();
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace(ws);
    const events: EventRecord[] = [];
    for (let i = 0; i < people; i++) {
      const person = `p${String(i).padStart(4, '0')}`;
      events.push({ id: `v${i}`, type: 'page_view', ts: at(i), anonymous_id: person, session_id: `s${i}`, url: 'https://shop.example/', utm: { source: 'news', medium: 'email', campaign: 'spring' } } as EventRecord);
      if (i % 2 === 0) events.push({ id: `c${i}`, type: 'conversion', ts: at(i + 1), anonymous_id: person, session_id: `s${i}`, order_id: `o${i}`, revenue: { amount: '10', currency: 'EUR' } } as EventRecord);
    }
    await store.insertEvents(ws.id, events.map((e) => enrichEvent(e, defaultChannelRules)));
  }, 120_000);
  afterAll(async () => store?.close());

  it('every journey once, conversions by time then the people without one, across chunks', async () => {
    const packed = await store.packedJourneys(ws.id, { from: '2026-03-01', to: '2026-03-31', lookbackDays: 30, includeNonConverting: true });
    expect(packed.chunks.length).toBeGreaterThan(1);
    expect(packedConversions(packed)).toBe(people / 2);
    const journeys = unpackJourneys(packed);
    expect(journeys).toHaveLength(people);
    const converting = journeys.slice(0, people / 2);
    expect(converting.map((j) => j.person)).toEqual(Array.from({ length: people / 2 }, (_, k) => `p${String(2 * k).padStart(4, '0')}`));
    expect(converting.every((j, k) => j.conversion?.ts === at(2 * k + 1) && j.conversion.value === 10 && j.touches.length === 1 && j.touches[0].channel === 'email')).toBe(true);
    expect(journeys.slice(people / 2).map((j) => j.person)).toEqual(Array.from({ length: people / 2 }, (_, k) => `p${String(2 * k + 1).padStart(4, '0')}`));
    expect(journeys.slice(people / 2).every((j) => j.conversion === null && j.touches.length === 1)).toBe(true);
    expect(await store.journeys(ws.id, { from: '2026-03-01', to: '2026-03-31', lookbackDays: 30, includeNonConverting: true })).toEqual(journeys);
  });
});

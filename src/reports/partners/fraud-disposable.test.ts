/**
 * The disposable e-mail signal from the store to the ledger (issue 16 "Fraud"): ingest records
 * whether an address is a throw-away provider's before it hashes it (`email_disposable`,
 * `privacy/pseudonymize.ts`); the store's partner facts carry it to the conversion; fraud scoring
 * gives it its documented weight (`disposable_email` 30, `partners/fraud/signals.ts`), and the
 * ledger sync holds a commission at or over the programme's threshold with its reasons.
 *
 * The world (March 2026, UTC, real DuckDB): three visitors each click the partner's link (a server
 * click with a browser's user agent), identify with an e-mail address and buy for 100.00 an hour
 * after the click, each on its own day (no bursts; too few of anything for a partner signal).
 *   v1 buyer@mailinator.com (disposable), landed          → disposable_email 30                 → 30
 *   v2 buyer@gmail.com, landed                             → nothing                             → 0
 *   v3 other@mailinator.com, no page view after the click  → no_landing_view 40, disposable 30  → 100 × (1 − 0.6 × 0.7) = 58
 * Threshold 50: only v3's commission (10.00) is held; each commission's note names its reasons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../ingest/enrich.js';
import { pseudonymizeEvent } from '../../privacy/pseudonymize.js';
import type { EventRecord, StoredEvent } from '../../records/events.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { partner, program } from '../../partners/ledger/__fixtures__/programme.js';
import { syncPartnerLedger } from './money/ledger-sync.js';

const ws = 'w1';
const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const at = (day: number, hh: string) => `2026-03-${String(day).padStart(2, '0')}T${hh}:00.000Z`;

/** Visitor `v` on March `day`: a server click at 09:00, a page view at 09:02 when it landed, an identify with `email` at 09:05 (pseudonymised as ingest does), and order `o-v` at 10:00. */
function buyer(v: string, day: number, email: string, landed: boolean): { events: StoredEvent[]; order: Parameters<DuckDbStore['upsertOrders']>[1][number] } {
  const cid = `cid-${v}`;
  const events = [
    ev({ id: `clk-${v}`, type: 'click', ts: at(day, '09:00'), anonymous_id: v, click_id: cid, properties: { link: 'a-link', rl_cid: cid, rl_server_click: true, ip_prefix: '198.51.100.0/24', user_agent: chrome } }),
    ...(landed ? [ev({ id: `pv-${v}`, type: 'page_view', ts: at(day, '09:02'), anonymous_id: v, url: 'https://shop.example/' })] : []),
    ev(pseudonymizeEvent('salt', { id: `id-${v}`, type: 'custom', name: 'identify', ts: at(day, '09:05'), anonymous_id: v, properties: { email } } as EventRecord)),
  ];
  return { events, order: { order_id: `o-${v}`, customer_id: `cust-${v}`, ts: at(day, '10:00'), amount: { amount: '100.00', currency: 'EUR' }, click_id: cid } };
}

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('disposable e-mail domains as a fraud signal', () => {
  it('scores each commission by hand from the documented weights and holds the one over the threshold', async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk' });
    await store.putProgram(program({ hold_days: 0, fraud_threshold: 50 }));
    await store.createPartner(partner('a', { links: ['a-link'] }));
    const buyers = [buyer('v1', 2, 'buyer@mailinator.com', true), buyer('v2', 3, 'buyer@gmail.com', true), buyer('v3', 4, 'other@mailinator.com', false)];
    // Ingest kept the trait and hashed the address.
    expect(buyers.map((b) => [b.events.at(-1)!.properties!.email_disposable, b.events.at(-1)!.properties!.email])).toEqual([[true, undefined], [false, undefined], [true, undefined]]);
    await store.insertEvents(ws, buyers.flatMap((b) => b.events));
    await store.upsertOrders(ws, buyers.map((b) => b.order));

    await syncPartnerLedger(store, ws, { now: new Date('2026-03-31T00:00:00.000Z') });
    const entries = await store.listLedger(ws, { partner_id: 'a' });
    expect(entries.map((e) => [e.order_id, e.amount, e.fraud_score, e.held, e.note]).sort()).toEqual([
      ['o-v1', '10.00', 30, false, 'disposable_email'],
      ['o-v2', '10.00', 0, false, null],
      ['o-v3', '10.00', 58, true, 'no_landing_view; disposable_email'],
    ]);
  }, 60_000);
});

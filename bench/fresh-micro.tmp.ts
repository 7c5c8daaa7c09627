import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { enrichEvent } from '../src/ingest/enrich.js';
import { defaultChannelRules } from '../src/tracking/channel-rules.js';
import type { EventRecord } from '../src/records/events.js';
import { rmSync } from 'node:fs';
const path = '/tmp/fresh-micro/m.duckdb'; rmSync(path, { force: true }); rmSync(path + '.wal', { force: true });
const store = await DuckDbStore.open(path);
if (process.env.THREADS) await (store as never as { db: { write(s: string): Promise<unknown> } }).db.write(`SET threads = ${process.env.THREADS}`);
await store.ensureWorkspace({ id: 'ws', name: 'ws', currency: 'EUR', timezone: 'UTC', margin: '0.4', write_key: 'wk' });
const now = Date.now(); let n = 0;
const batch = (size: number) => Array.from({ length: size }, () => { const k = n++; return enrichEvent({ id: `b${k}`, type: 'page_view', ts: new Date(now - 3_600_000 + (k % 3_000_000)).toISOString(), anonymous_id: `a${k % 2000}`, session_id: `s${k % 5000}`, url: `https://shop.example/p/${k % 50}`, utm: { source: 'google', medium: 'cpc', campaign: `c${k % 7}` } } as EventRecord, defaultChannelRules); });
const world = Number(process.env.WORLD ?? 90000);
for (let i = 0; i < world; i += 10000) await store.insertEvents('ws', batch(10000));
const today = new Date(now).toISOString().slice(0, 10);
const q = { by: null, from: today, to: today, lookbackDays: 30 } as never;
let t = performance.now(); await store.kpiFacts('ws', q); console.log('build', (performance.now() - t).toFixed(0));
for (const size of [100, 300, 1000, 100, 300]) {
  await store.insertEvents('ws', batch(size));
  t = performance.now(); await store.kpiFacts('ws', q); console.log('refresh+read after', size, (performance.now() - t).toFixed(0));
}
await store.close();

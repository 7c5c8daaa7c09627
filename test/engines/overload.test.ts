import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWriterSettings } from '../../src/config/queue-config.js';
import { QueueWriter, type EventWriteTarget } from '../../src/queue/queue-writer.js';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';
import { tempDir } from '../helpers/temp.js';
import { readEngines } from './engines.js';
import { createQueue, deleteQueue, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';
import { freePort } from '../helpers/free-port.js';

/** What the writer can absorb: it stores at most this many events per second (a slow store, made exact). */
const capacityPerSecond = 2_000;
/** Offered load: twice the capacity, in batches of 100. */
const batchSize = 100;
const requestsPerSecond = (2 * capacityPerSecond) / batchSize;
const loadSeconds = 20;
/** The queue holds about 20 batches (~25 kB each) before JetStream refuses new ones. */
const streamBytes = 512 * 1024;
const rssLimitMb = 400;
const queryLimitMs = 5_000;

const root = new URL('../../', import.meta.url).pathname;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** Stores through the real store, but never faster than `perSecond` events per second. */
function throttled(store: ScaleStore, perSecond: number): EventWriteTarget {
  return {
    async insertEvents(workspaceId, events) {
      const started = Date.now();
      const inserted = await store.insertEvents(workspaceId, events);
      const rest = (events.length / perSecond) * 1000 - (Date.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      return inserted;
    },
  };
}

/**
 * Overload at twice capacity: a scale-mode ingest node (`roilens start
 * --config`, its own process) in front of a small JetStream stream and a
 * writer that stores at most 2,000 events/s, driven with 4,000 events/s.
 * It must refuse with 429 + Retry-After (never 5xx), stay up with bounded
 * memory, keep answering queries, and store every acknowledged event once.
 */
describe('overload: twice what the queue and writer can absorb', () => {
  const tmp = tempDir();
  const engines = readEngines();
  const name = `roilens_o_${randomBytes(5).toString('hex')}`;
  const config = uniqueQueueConfig({ servers: [engines.nats.url], maxStreamBytes: streamBytes });
  let store: ScaleStore;
  let writer: QueueWriter;

  beforeAll(async () => {
    await createQueue(config);
    store = await ScaleStore.open({ postgres: { url: engines.postgres.url, schema: name }, clickhouse: { kind: 'single', url: engines.clickhouse.single.url, database: name } });
    writer = await QueueWriter.connect(config, throttled(store, capacityPerSecond), { ...defaultWriterSettings, batchMessages: capacityPerSecond / batchSize });
    writer.start();
  });

  afterAll(async () => {
    await writer?.stop();
    await store?.events.drop();
    await store?.meta.dropSchema();
    await store?.close();
    await deleteQueue(config);
    tmp.cleanup();
  });

  it('answers 429 with Retry-After, never 5xx; memory bounded; queries answer; every 200 stored once', async () => {
    const configFile = `${tmp.dir}/roilens.scale.yaml`;
    writeFileSync(configFile, [
      `postgres: { url: "${engines.postgres.url}", schema: ${name} }`,
      `clickhouse: { url: "${engines.clickhouse.single.url}", database: ${name} }`,
      `nats: { servers: "${engines.nats.url}", stream: ${config.stream} }`,
    ].join('\n'));
    const port = await freePort();
    const node = spawn(process.execPath, [`${root}bin/roilens`, 'start', '--config', configFile, '--port', String(port), '--host', '127.0.0.1', '--no-demo'], {
      cwd: root,
      env: {
        ...process.env, ROILENS_FROM_SOURCE: '1', ROILENS_WRITE_KEY: 'wk', ROILENS_ADMIN_TOKEN: 'adm',
        ROILENS_QUEUE_SUBJECT: config.subjectPrefix, ROILENS_QUEUE_CONSUMER: config.durable,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    const nodeExit = new Promise<number | null>((resolve) => node.once('exit', (code) => resolve(code)));

    const statuses = new Map<number, number>();
    const acked: string[] = [];
    const refused: string[] = [];
    const retryAfter = new Set<string | null>();
    let networkErrors = 0;
    let maxRss = 0;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    let stopped = false;

    try {
      await waitUntil('the ingest node to answer /health', async () => {
        if (node.exitCode !== null) throw new Error(`the ingest node exited with ${node.exitCode}`);
        return fetch(`${url}/health`).then((r) => r.ok, () => false);
      }, 60_000);
      const rssAtStart = rssMb(node.pid!);
      const ts = new Date(Date.now() - 60_000).toISOString();
      const today = ts.slice(0, 10);

      const post = async (n: number) => {
        const ids = Array.from({ length: batchSize }, (_, i) => `o${n}-e${i}`);
        const body = JSON.stringify({ events: ids.map((id) => ({ id, type: 'page_view', ts, anonymous_id: `visitor-${n % 50}`, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' })) });
        try {
          const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) acked.push(...ids);
          if (res.status === 429) {
            refused.push(...ids);
            retryAfter.add(res.headers.get('retry-after'));
          }
        } catch {
          networkErrors += 1;
        }
      };
      const sampler = setInterval(() => {
        if (node.exitCode === null) maxRss = Math.max(maxRss, rssMb(node.pid!));
      }, 200);
      /** A query endpoint polled through the overload: its status codes and answer times. */
      const probe = (path: string, everyMs: number) => {
        const result = { ms: [] as number[], statuses: new Map<number, number>() };
        const done = (async () => {
          while (!stopped) {
            const t0 = Date.now();
            const res = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer adm' }, signal: AbortSignal.timeout(60_000) });
            await res.arrayBuffer();
            result.ms.push(Date.now() - t0);
            result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, everyMs));
          }
        })();
        return { result, done };
      };
      // A cheap query (one deduplicating read of a visitor's events) and the KPI report (many, heavy on a loaded machine).
      const listing = probe('/v1/events?anonymous_id=visitor-1&limit=5', 500);
      const kpis = probe(`/v1/kpis?by=channel&from=${today}&to=${today}`, 1000);

      // Open loop: a batch every 1/requestsPerSecond s, whatever the answers (clients do not slow down).
      const started = Date.now();
      while (Date.now() - started < loadSeconds * 1000) {
        const due = started + (sent * 1000) / requestsPerSecond;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const p: Promise<void> = post(sent++).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      const offeredPerSecond = (sent * batchSize) / ((Date.now() - started) / 1000);
      await Promise.all(inFlight);
      stopped = true;
      await Promise.all([listing.done, kpis.done]);
      clearInterval(sampler);
      const alive = node.exitCode === null;
      const health = await fetch(`${url}/health`);
      await waitQueueStored(config);

      const ch = new ClickHouseClient(engines.clickhouse.single.url);
      const [raw] = await ch.query<{ rows: string; ids: string }>(`SELECT count() AS rows, uniqExact(id) AS ids FROM ${name}.events WHERE workspace_id = 'default'`);
      const finalIds = new Set((await ch.query<{ id: string }>(`SELECT id FROM ${name}.events FINAL WHERE workspace_id = 'default'`)).map((r) => r.id));
      const twice = await ch.query(`SELECT id, count() AS n FROM (SELECT id FROM ${name}.events FINAL WHERE workspace_id = 'default') GROUP BY id HAVING n > 1 LIMIT 10`);
      const missing = acked.filter((id) => !finalIds.has(id));
      const storedRefused = refused.filter((id) => finalIds.has(id));
      console.log(`overload: offered ${Math.round(offeredPerSecond)} events/s for ${loadSeconds} s (capacity ${capacityPerSecond}/s); ${sent} requests: ` +
        `${JSON.stringify(Object.fromEntries(statuses))}, ${networkErrors} network errors, Retry-After ${[...retryAfter].join('/')}; ` +
        `RSS ${Math.round(rssAtStart)} MB at start, max ${Math.round(maxRss)} MB; ` +
        `${listing.result.ms.length} event listings ${JSON.stringify(Object.fromEntries(listing.result.statuses))}, slowest ${Math.max(...listing.result.ms)} ms; ` +
        `${kpis.result.ms.length} KPI reports ${JSON.stringify(Object.fromEntries(kpis.result.statuses))}, ms ${kpis.result.ms.join(' ')}; acked ${acked.length} events, stored rows ${raw.rows} (distinct ${raw.ids}), missing ${missing.length}; writer ${writer.stats.inserted} stored`);

      expect(offeredPerSecond).toBeGreaterThan(1.9 * capacityPerSecond);
      expect(alive).toBe(true);
      expect(health.status).toBe(200);
      expect(networkErrors).toBe(0);
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect([...statuses.keys()].sort()).toEqual([200, 429]);
      expect(statuses.get(429)).toBeGreaterThan(sent / 10);
      expect([...retryAfter].every((v) => v !== null && Number(v) >= 1)).toBe(true);
      expect(maxRss).toBeLessThan(rssLimitMb);
      expect(listing.result.ms.length).toBeGreaterThanOrEqual(loadSeconds / 2);
      expect([...listing.result.statuses.keys()]).toEqual([200]);
      expect(Math.max(...listing.result.ms)).toBeLessThan(queryLimitMs);
      expect(kpis.result.ms.length).toBeGreaterThan(0);
      expect([...kpis.result.statuses.keys()]).toEqual([200]);
      // Every 200 is stored, once; a 429 stored nothing (the client may send it again).
      expect(missing).toEqual([]);
      expect(twice).toEqual([]);
      expect(Number(raw.rows)).toBe(acked.length);
      expect(Number(raw.ids)).toBe(acked.length);
      expect(await store.countEvents('default')).toBe(acked.length);
      expect(storedRefused).toEqual([]);
      // The node acknowledged what the writer stored during the load plus what the queue holds (a batch is
      // at least 20 kB) plus one batch in the writer's hands: the excess was refused, not buffered.
      const absorbable = capacityPerSecond * loadSeconds + (streamBytes / 20_000) * batchSize + capacityPerSecond;
      expect(acked.length).toBeLessThanOrEqual(absorbable);
      expect(acked.length).toBeGreaterThan(capacityPerSecond * loadSeconds * 0.5);
    } finally {
      stopped = true;
      await Promise.all(inFlight);
      node.kill('SIGTERM');
      const code = await Promise.race([nodeExit, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
      if (code === null && node.exitCode === null) node.kill('SIGKILL');
    }
  });
});

/**
 * The scale-out mode end to end: a DuckDB workspace migrated into PostgreSQL +
 * a two-shard ClickHouse (totals verified), then `startServer` as an ingest node
 * on NATS JetStream with a writer, answering the same HTTP contract.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScaleSettings } from '../../src/config/scale-config.js';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { loadWorld } from '../../src/demo/load-world.js';
import { defaultWriterSettings, queueConfigFromScale } from '../../src/config/queue-config.js';
import { QueueWriter } from '../../src/queue/queue-writer.js';
import { openScaleStore, openWorkspace, startServer, type RunningServer } from '../../src/server/start.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { migrateStore } from '../../src/store/migrate.js';
import type { ScaleStore } from '../../src/store/scale/scale-store.js';
import { tempDir } from '../helpers/temp.js';
import { readEngines } from './engines.js';
import { deleteQueue, waitUntil } from './queue-fixtures.js';

const engines = readEngines();
const name = `roilens_s_${randomBytes(4).toString('hex')}`;
const settings: ScaleSettings = {
  postgres: { url: engines.postgres.url, schema: name },
  clickhouse: { url: engines.clickhouse.cluster.url, database: name, cluster: engines.clickhouse.cluster.name, shards: engines.clickhouse.cluster.shards },
  nats: { servers: engines.nats.url.replace(/^nats:\/\//, ''), stream: `RL_${name}` },
};

describe('scale-out mode: migrate, ingest node, writer', () => {
  const tmp = tempDir();
  let target: ScaleStore;
  let server: RunningServer;
  let writer: QueueWriter;
  let range: { from: string; to: string };

  beforeAll(async () => {
    const source = await DuckDbStore.open(`${tmp.dir}/source.duckdb`);
    const { workspace } = await openWorkspace(source, { writeKey: 'wk', adminToken: 'adm' });
    const world = generateDemoWorld({ seed: 3, days: 14, visitors: 500 });
    await loadWorld(source, workspace.id, world);
    range = { from: world.truth.start_date, to: world.truth.end_date };
    target = await openScaleStore(settings);
    const report = await migrateStore(source, target);
    await source.close();
    expect(report.workspaces).toHaveLength(1);
    const verified = report.workspaces[0].verified!;
    expect(verified.conversions[1]).toBe(verified.conversions[0]);
    expect(Number(verified.spend[1])).toBe(Number(verified.spend[0]));
    expect(verified.unique_visitors[1]).toBe(verified.unique_visitors[0]);
    expect(report.workspaces[0].events).toBe(world.events.length);

    server = await startServer({ dbPath: `${tmp.dir}/unused.duckdb`, scale: settings, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    writer = await QueueWriter.connect(queueConfigFromScale(settings.nats), target, { ...defaultWriterSettings, flushIntervalMs: 1000 });
    writer.start();
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await writer?.stop();
    await target?.close();
    await deleteQueue(queueConfigFromScale(settings.nats)).catch(() => undefined);
    tmp.cleanup();
  });

  it('serves the migrated workspace: KPIs equal to the embedded store', async () => {
    const res = await fetch(`${server.url}/v1/kpis?by=channel&from=${range.from}&to=${range.to}`, { headers: { authorization: 'Bearer adm' } });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.rows.length).toBeGreaterThan(3);
    expect(report.totals.conversions).toBeGreaterThan(0);
  });

  it('acknowledges events after JetStream has them; the writer stores each once', async () => {
    const ts = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 50 }, (_, i) => ({ id: `scale-${i}`, type: 'page_view', ts, anonymous_id: 'scale-visitor', session_id: 'scale-s', url: 'https://shop.example/?utm_source=google&utm_medium=cpc' }));
    const post = () => fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    const first = await post();
    expect(first.status).toBe(200);
    expect((await first.json()).accepted).toBe(50);
    expect((await post()).status).toBe(200);
    let stored: { id: string; channel: string }[] = [];
    await waitUntil('events stored by the writer', async () => {
      const res = await fetch(`${server.url}/v1/events?anonymous_id=scale-visitor`, { headers: { authorization: 'Bearer adm' } });
      stored = (await res.json()).events;
      return stored.length >= 50;
    });
    expect(stored).toHaveLength(50);
    expect(new Set(stored.map((e) => e.id)).size).toBe(50);
    expect(stored.every((e) => e.channel === 'paid_search')).toBe(true);
  });
});

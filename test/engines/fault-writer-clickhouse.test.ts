import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamSink } from '../../src/queue/jetstream-sink.js';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';
import { tempDir } from '../helpers/temp.js';
import { readEngines } from './engines.js';
import { createQueue, deleteQueue, makeEvents, TsProcess, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';

/**
 * The writer against the real scale store (PostgreSQL + one ClickHouse server):
 * killed with SIGKILL after its second ClickHouse insert and before the acks,
 * then killed again in the middle of the load; every acknowledged event is in
 * ClickHouse once (with and without FINAL).
 */
describe('fault: kill -9 a queue writer that writes to ClickHouse', () => {
  const tmp = tempDir();
  const engines = readEngines();
  const name = `roilens_q_${randomBytes(5).toString('hex')}`;
  const config = uniqueQueueConfig({ servers: [engines.nats.url] });
  const configFile = `${tmp.dir}/roilens.scale.yaml`;
  let sink: JetStreamSink;
  let store: ScaleStore;

  beforeAll(async () => {
    writeFileSync(configFile, [
      `postgres: { url: "${engines.postgres.url}", schema: ${name} }`,
      `clickhouse: { url: "${engines.clickhouse.single.url}", database: ${name} }`,
      `nats: { servers: "${engines.nats.url}", stream: ${config.stream} }`,
    ].join('\n'));
    await createQueue(config);
    sink = await JetStreamSink.connect(config);
    store = await ScaleStore.open({ postgres: { url: engines.postgres.url, schema: name }, clickhouse: { kind: 'single', url: engines.clickhouse.single.url, database: name } });
  });
  afterAll(async () => {
    await sink?.close();
    await store?.events.drop();
    await store?.meta.dropSchema();
    await store?.close();
    await deleteQueue(config);
    tmp.cleanup();
  });

  const startWriter = (extra: string[] = []) => TsProcess.start('src/app/writer-main.ts', [
    '--config', configFile, '--subject', config.subjectPrefix, '--consumer', config.durable, '--batch-messages', '200', ...extra,
  ]);

  it('every acknowledged event is stored once after a lost-ack crash and a mid-load crash', async () => {
    const acked: string[] = [];
    let sent = 0;
    let stopped = false;
    // About 5,000 events/s from 4 publishers, bounded at 1,000 batches.
    const publisher = async () => {
      while (!stopped && sent < 1_000) {
        const events = makeEvents(`ch-b${sent++}`, 100);
        await sink.append('default', events);
        acked.push(...events.map((e) => e.id));
        await new Promise((r) => setTimeout(r, 80));
      }
    };
    const load = Promise.all([publisher(), publisher(), publisher(), publisher()]);
    const writers: TsProcess[] = [];
    try {
      const first = startWriter(['--crash-after-insert', '2']);
      writers.push(first);
      await first.exited;
      expect(first.child.signalCode).toBe('SIGKILL');

      const second = startWriter();
      writers.push(second);
      await second.ready();
      await waitUntil('the second writer to store 3 batches', () => second.batches().length >= 3);
      await second.kill9();

      const third = startWriter();
      writers.push(third);
      await third.ready();
      await waitUntil('the third writer to store 2 batches', () => third.batches().length >= 2);
      stopped = true;
      await load;
      await waitQueueStored(config);
      expect(await third.terminate()).toBe(0);
    } finally {
      stopped = true;
      await load;
      for (const w of writers) if (w.child.exitCode === null && w.child.signalCode === null) await w.kill9();
    }

    const ch = new ClickHouseClient(engines.clickhouse.single.url);
    const [raw] = await ch.query<{ rows: string; ids: string }>(`SELECT count() AS rows, uniqExact(id) AS ids FROM ${name}.events WHERE workspace_id = 'default'`);
    const finalIds = new Set((await ch.query<{ id: string }>(`SELECT id FROM ${name}.events FINAL WHERE workspace_id = 'default'`)).map((r) => r.id));
    const missing = acked.filter((id) => !finalIds.has(id));
    const again = writers.flatMap((w) => w.batches()).reduce((s, b) => s + b.events - b.inserted, 0);
    console.log(`ClickHouse writer SIGKILL ×2: acked ${acked.length}, rows ${raw.rows} (distinct ids ${raw.ids}), FINAL ${finalIds.size}, missing ${missing.length}, ` +
      `events delivered again and dropped by the store ${again}`);
    expect(missing).toEqual([]);
    expect(finalIds.size).toBe(acked.length);
    expect(Number(raw.ids)).toBe(acked.length);
    expect(Number(raw.rows)).toBe(acked.length);
    expect(await store.countEvents('default')).toBe(acked.length);
    expect(again).toBeGreaterThan(0);
  });
});

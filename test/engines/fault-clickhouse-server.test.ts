import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamSink } from '../../src/queue/jetstream-sink.js';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { chValue } from '../../src/store/clickhouse/sql-literal.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';
import { tempDir } from '../helpers/temp.js';
import { ClickHouseFaultProxy } from './clickhouse-fault-proxy.js';
import { ClickHouseServerProcess } from './clickhouse-server-process.js';
import { readEngines } from './engines.js';
import { createQueue, deleteQueue, makeEvents, queueState, TsProcess, uniqueQueueConfig, waitQueueStored, waitUntil } from './queue-fixtures.js';
import { freePort } from '../helpers/free-port.js';

const clients = 4;
const batchesPerClient = 120;
const batchSize = 100;
/** Seconds ClickHouse stays dead while the load goes on. */
const outageMs = 4_000;

/**
 * Scale mode end to end (HTTP ingest node → NATS JetStream → writer process →
 * ClickHouse) with the ClickHouse server itself killed by SIGKILL: once in the
 * middle of a sustained load, at the moment an insert is in flight, and once
 * right after it committed an insert whose answer the writer never got. The
 * ClickHouse server is this test's own (own ports and data folder); the writer
 * reaches it through a proxy that picks the moment of the kill.
 */
describe('fault: kill -9 the ClickHouse server under load (scale mode)', () => {
  const tmp = tempDir();
  const engines = readEngines();
  const name = `roilens_k_${randomBytes(5).toString('hex')}`;
  const config = uniqueQueueConfig({ servers: [engines.nats.url] });
  const clickhouse = new ClickHouseServerProcess(join(tmpdir(), 'roilens-fault-clickhouse-18133'), { http: 18133, tcp: 19020, interserver: 19021 });
  const ch = new ClickHouseClient(clickhouse.url);
  let proxy: ClickHouseFaultProxy;
  let store: ScaleStore;
  let writer: TsProcess;
  /** Every event id answered 200 (part 1) or published to JetStream (part 2). */
  const acked: string[] = [];

  beforeAll(async () => {
    await clickhouse.start();
    proxy = await ClickHouseFaultProxy.start(clickhouse.url, () => clickhouse.kill9());
    const configFile = `${tmp.dir}/roilens.scale.yaml`;
    writeFileSync(configFile, [
      `postgres: { url: "${engines.postgres.url}", schema: ${name} }`,
      `clickhouse: { url: "${proxy.url}", database: ${name} }`,
      `nats: { servers: "${engines.nats.url}", stream: ${config.stream} }`,
    ].join('\n'));
    await createQueue(config);
    store = await ScaleStore.open({ postgres: { url: engines.postgres.url, schema: name }, clickhouse: { kind: 'single', url: clickhouse.url, database: name } });
    writer = TsProcess.start('src/app/writer-main.ts', [
      '--config', configFile, '--subject', config.subjectPrefix, '--consumer', config.durable, '--batch-messages', '200',
    ]);
    await writer.ready();
  });

  afterAll(async () => {
    if (writer && writer.child.exitCode === null && writer.child.signalCode === null) await writer.kill9();
    await proxy?.close();
    await store?.meta.dropSchema();
    await store?.close();
    await clickhouse.stop();
    clickhouse.remove();
    await deleteQueue(config);
    tmp.cleanup();
  });

  /** What ClickHouse holds: raw rows, distinct ids, and ids seen more than once through the deduplicating (FINAL) read. */
  const stored = async () => {
    const [raw] = await ch.query<{ rows: string; ids: string }>(`SELECT count() AS rows, uniqExact(id) AS ids FROM ${name}.events WHERE workspace_id = 'default'`);
    const finalIds = new Set((await ch.query<{ id: string }>(`SELECT id FROM ${name}.events FINAL WHERE workspace_id = 'default'`)).map((r) => r.id));
    const twice = await ch.query<{ id: string; n: string }>(
      `SELECT id, count() AS n FROM (SELECT id FROM ${name}.events FINAL WHERE workspace_id = 'default') GROUP BY id HAVING n > 1 LIMIT 10`,
    );
    return { rows: Number(raw.rows), ids: Number(raw.ids), finalIds, twice };
  };

  it('killed while an insert is in flight in the middle of the load: every event answered 200 is stored once', async () => {
    const port = await freePort();
    const node = TsProcess.start('src/app/ingest-node-main.ts', [
      '--db', `${tmp.dir}/meta.duckdb`, '--port', String(port), '--nats', config.servers.join(','),
      '--stream', config.stream, '--subject', config.subjectPrefix, '--consumer', config.durable,
    ], { ROILENS_WRITE_KEY: 'wk', ROILENS_ADMIN_TOKEN: 'adm' });
    const { url } = (await node.ready()) as { url: string };
    const ts = new Date(Date.now() - 60_000).toISOString();
    let ackedBatches = 0;
    let refused = 0;
    let ackedDuringOutage = 0;
    let down = false;

    /** A client sending its batches at a bounded pace, re-sending one until it is answered 200. */
    const client = async (c: number) => {
      for (let b = 0; b < batchesPerClient; b++) {
        const ids = Array.from({ length: batchSize }, (_, i) => `c${c}-b${b}-e${i}`);
        const body = JSON.stringify({ events: ids.map((id) => ({ id, type: 'page_view', ts, anonymous_id: `visitor-${c}`, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' })) });
        for (let attempt = 1; ; attempt++) {
          if (attempt > 100) throw new Error(`batch c${c}-b${b} was never accepted`);
          const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body });
          await res.arrayBuffer();
          if (res.status === 200) break;
          refused += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
        acked.push(...ids);
        ackedBatches += 1;
        if (down) ackedDuringOutage += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const load = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    let killedAt = 0;
    let inFlight: string[] = [];
    let storedBefore = 0;
    try {
      await waitUntil('the writer to store a batch and 20 acknowledged batches', () => writer.batches().length >= 1 && ackedBatches >= 20);
      const kill = await proxy.arm('during-insert');
      killedAt = ackedBatches;
      inFlight = kill.ids;
      down = true;
      // (An answer ClickHouse gave just before it died may still reach the writer.)
      await new Promise((r) => setTimeout(r, 500));
      storedBefore = writer.batches().length;
      await new Promise((r) => setTimeout(r, outageMs));
      // The writer lives through the outage and stores nothing while the server is dead.
      expect(writer.child.exitCode).toBeNull();
      expect(writer.batches().length).toBe(storedBefore);
      down = false;
      await clickhouse.start();
      await waitUntil('the writer to store a batch after the restart', () => writer.batches().length > storedBefore, 30_000);
      await load;
      await waitQueueStored(config);
    } finally {
      down = false;
      await load.catch(() => undefined);
      await node.terminate();
    }

    const s = await stored();
    const missing = acked.filter((id) => !s.finalIds.has(id));
    const afterRestart = writer.batches().slice(storedBefore);
    console.log(`ClickHouse SIGKILL during an insert of ${inFlight.length} events, after ${killedAt} acked batches; ` +
      `${ackedDuringOutage} batches acked while it was down (${refused} refused attempts); acked ${acked.length}, ` +
      `rows ${s.rows}, distinct ${s.ids}, FINAL ${s.finalIds.size}, missing ${missing.length}; ` +
      `after the restart the writer stored ${afterRestart.length} batches, ${afterRestart.reduce((n, b) => n + b.events - b.inserted, 0)} events of them already there`);
    expect(killedAt).toBeLessThan(clients * batchesPerClient / 2);
    expect(inFlight.length).toBeGreaterThan(0);
    // Ingest does not depend on ClickHouse: the load went on while it was dead.
    expect(ackedDuringOutage).toBeGreaterThan(0);
    expect(refused).toBe(0);
    expect(acked.length).toBe(clients * batchesPerClient * batchSize);
    expect(missing).toEqual([]);
    expect(s.twice).toEqual([]);
    expect(s.finalIds.size).toBe(acked.length);
    expect(s.ids).toBe(acked.length);
    expect(s.rows).toBe(acked.length);
    expect(await store.countEvents('default')).toBe(acked.length);
    // The in-flight insert's events came back (redelivered after the nak) and are stored once.
    expect(afterRestart.some((b) => b.redelivered > 0)).toBe(true);
  });

  it('killed after it committed an insert, before the writer learned of it: the retry stores nothing twice', async () => {
    const sink = await JetStreamSink.connect(config);
    const before = await stored();
    // The writer prints a batch's line after its acks: wait for the lines of part 1's last batches.
    await waitUntil('the writer to report every stored batch', () => writer.batches().reduce((n, b) => n + b.inserted, 0) === before.rows);
    const storedBefore = writer.batches().length;
    const ids: string[] = [];
    let report;
    try {
      const kill = proxy.arm('after-commit');
      for (let b = 0; b < 5; b++) {
        const events = makeEvents(`commit-b${b}`, batchSize, 'commit-visitor');
        await sink.append('default', events);
        ids.push(...events.map((e) => e.id));
      }
      report = await kill;
      expect(report.status).toBe(200);
      expect(await clickhouse.alive()).toBe(false);
      // The writer cannot store while the server is down; it must not have acknowledged the committed batch.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(writer.batches().length).toBe(storedBefore);
      expect((await queueState(config)).ackFloor).toBeLessThan((await queueState(config)).lastSeq);
      await clickhouse.start();
      // The rows of the insert that was answered after the kill survived the kill.
      const [kept] = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${name}.events WHERE workspace_id = 'default' AND id IN (${report.ids.map(chValue).join(', ')})`);
      expect(Number(kept.n)).toBe(report.ids.length);
      await sink.waitStored(60_000);
      await waitQueueStored(config);
    } finally {
      await sink.close();
    }
    acked.push(...ids);

    const s = await stored();
    const retried = writer.batches().slice(storedBefore);
    const dropped = retried.reduce((n, b) => n + b.events - b.inserted, 0);
    console.log(`ClickHouse SIGKILL after committing ${report!.ids.length} events: the writer then stored ${retried.length} batches ` +
      `(${retried.reduce((n, b) => n + b.redelivered, 0)} messages redelivered), ${dropped} events already there; ` +
      `rows ${s.rows} (before ${before.rows}), distinct ${s.ids}, FINAL ${s.finalIds.size}`);
    expect(report!.ids.length).toBeGreaterThan(0);
    expect(report!.ids.every((id) => ids.includes(id))).toBe(true);
    // Every event of the committed insert was delivered again and recognised as stored: only the others were new.
    expect(dropped).toBeGreaterThanOrEqual(report!.ids.length);
    expect(retried.reduce((n, b) => n + b.inserted, 0)).toBe(ids.length - report!.ids.length);
    expect(retried.some((b) => b.redelivered > 0)).toBe(true);
    expect(s.twice).toEqual([]);
    expect(s.rows).toBe(before.rows + ids.length);
    expect(s.ids).toBe(acked.length);
    expect(s.rows).toBe(acked.length);
    expect(acked.filter((id) => !s.finalIds.has(id))).toEqual([]);
    expect(await store.countEvents('default')).toBe(acked.length);

    expect(await writer.terminate()).toBe(0);
    const stats = writer.lines.find((l) => l.stopped)?.stopped as { failures: number; lastError?: string };
    // One process lived through both outages: its failed inserts were retried, not fatal.
    expect(stats.failures).toBeGreaterThan(0);
  });
});

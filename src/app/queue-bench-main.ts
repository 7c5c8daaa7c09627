/**
 * Measures the queue on this machine: `tsx src/app/queue-bench-main.ts
 * [--events N] [--concurrency C] [--batch-messages M] [--db FILE | --config SCALE.yaml] [--nats …]`.
 * Publishes N events in batches of 100 through `JetStreamSink` (C batches in
 * flight) to a stream of its own, then drains them with one `QueueWriter` into
 * a DuckDB file (or the scale store of `--config`: use fresh, empty namespaces), and prints one JSON document: acknowledged publishes per second
 * and stored events per second. The stream is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from 'nats';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { Store } from '../store/store.js';
import type { StoredEvent } from '../records/events.js';
import { ScaleStore } from '../store/scale/scale-store.js';
import { clickhouseTopology, readScaleConfig } from '../config/scale-config.js';
import { JetStreamSink } from '../queue/jetstream-sink.js';
import { defaultWriterSettings, intSetting, loadQueueConfig } from '../config/queue-config.js';
import { QueueWriter } from '../queue/queue-writer.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, events: { type: 'string' }, concurrency: { type: 'string' }, 'batch-messages': { type: 'string' }, db: { type: 'string' }, nats: { type: 'string' } },
  });
  const total = intSetting('--events', values.events, 200_000, 100);
  const concurrency = intSetting('--concurrency', values.concurrency, 32, 1);
  const run = randomBytes(4).toString('hex');
  const config = { ...loadQueueConfig({ nats: values.nats, stream: `RLBENCH_${run}`, subject: `rlbench.${run}` }), ackWaitMs: 60_000 };
  const db = values.db ?? join(tmpdir(), `roilens-queue-bench-${run}.duckdb`);
  const sink = await JetStreamSink.connect(config);
  const ts = new Date().toISOString();
  const batch = (b: number): StoredEvent[] => Array.from({ length: 100 }, (_, i) => ({
    id: `b${b}-e${i}`, type: 'page_view', ts, anonymous_id: `v${(b * 100 + i) % 5000}`, url: 'https://shop.example/landing?utm_source=google',
    utm: { source: 'google', medium: 'cpc', campaign: 'spring' }, channel: 'paid_search', landing_page: '/landing',
  }));

  let next = 0;
  const batches = Math.ceil(total / 100);
  const publishStart = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batches) await sink.append('default', batch(next++));
  }));
  const publishSeconds = (performance.now() - publishStart) / 1000;

  const store: Store = values.config
    ? await (async () => { const scale = readScaleConfig(values.config!); return ScaleStore.open({ postgres: scale.postgres, clickhouse: clickhouseTopology(scale) }); })()
    : await DuckDbStore.open(db);
  const writer = await QueueWriter.connect(config, store, {
    ...defaultWriterSettings,
    batchMessages: intSetting('--batch-messages', values['batch-messages'], defaultWriterSettings.batchMessages, 1),
  });
  const writeStart = performance.now();
  writer.start();
  await sink.waitStored(600_000, 20);
  const writeSeconds = (performance.now() - writeStart) / 1000;
  await writer.stop();
  const stored = await store.countEvents('default');
  await store.close();
  await sink.close();

  const nc = await connect({ servers: config.servers });
  await (await nc.jetstreamManager()).streams.delete(config.stream);
  await nc.close();
  if (!values.db && !values.config) {
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
  }

  process.stdout.write(`${JSON.stringify({
    events: batches * 100, stored, concurrency,
    publish: { seconds: round(publishSeconds), events_per_second: Math.round((batches * 100) / publishSeconds) },
    writer: { seconds: round(writeSeconds), events_per_second: Math.round(stored / writeSeconds), inserts: writer.stats.batches, events_per_insert: Math.round(stored / writer.stats.batches) },
  }, null, 2)}\n`);
}

const round = (x: number) => Math.round(x * 100) / 100;

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`roilens queue bench: ${err.message}\n`);
  process.exit(1);
});

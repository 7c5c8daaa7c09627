/**
 * A queue writer process: `tsx src/app/writer-main.ts (--config roilens.scale.yaml | --db FILE) [--nats HOST:PORT,…]
 * [--stream NAME] [--subject PREFIX] [--consumer NAME] [--batch-messages N]
 * [--flush-ms MS] [--quiet]`. It moves event batches from the
 * JetStream queue into the store until SIGTERM/SIGINT, then finishes the batch in
 * hand and exits 0. stdout carries JSON lines: `{"ready":true}` once consuming,
 * then one `{"batch":{messages,redelivered,events,inserted}}` per stored batch
 * (unless `--quiet`). `--crash-after-insert N` (fault tests only) kills the
 * process with SIGKILL after the N-th insert, before its acknowledgements.
 *
 * `--config` writes into the scale store (PostgreSQL + ClickHouse) and takes the
 * queue from its `nats:` section; `--db` writes into a DuckDB file (tests and
 * single-machine trials). The writer only needs `Store.insertEvents`.
 */
import { parseArgs } from 'node:util';
import { duckdbMemory } from '../config/config.js';
import { clickhouseTopology, readScaleConfig } from '../config/scale-config.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { ScaleStore } from '../store/scale/scale-store.js';
import type { Store } from '../store/store.js';
import { defaultWriterSettings, intSetting, loadQueueConfig, queueConfigFromScale, type QueueConfig, type WriterSettings } from '../config/queue-config.js';
import { QueueWriter } from '../queue/queue-writer.js';
import { invalidArgument } from '../shared/errors.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      config: { type: 'string' },
      nats: { type: 'string' },
      stream: { type: 'string' },
      subject: { type: 'string' },
      consumer: { type: 'string' },
      'batch-messages': { type: 'string' },
      'flush-ms': { type: 'string' },
      'crash-after-insert': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.db === !values.config) throw invalidArgument('--config', '--config FILE.yaml (scale store) or --db FILE (DuckDB): exactly one is required');
  const flags = { nats: values.nats, stream: values.stream, subject: values.subject, consumer: values.consumer };
  let config: QueueConfig = loadQueueConfig(flags);
  let store: Store;
  if (values.config) {
    const scale = readScaleConfig(values.config);
    const fromFile = queueConfigFromScale(scale.nats);
    // The file names servers and stream; flags still win.
    config = { ...config, servers: values.nats ? config.servers : fromFile.servers, stream: values.stream ?? fromFile.stream };
    store = await ScaleStore.open({ postgres: scale.postgres, clickhouse: clickhouseTopology(scale) });
  } else {
    store = await DuckDbStore.open(values.db!, { memoryLimit: duckdbMemory() });
  }
  const settings: WriterSettings = {
    ...defaultWriterSettings,
    batchMessages: intSetting('--batch-messages', values['batch-messages'], defaultWriterSettings.batchMessages, 1),
    flushIntervalMs: intSetting('--flush-ms', values['flush-ms'], defaultWriterSettings.flushIntervalMs, 1000),
  };
  const crashAfter = intSetting('--crash-after-insert', values['crash-after-insert'], 0, 0);

  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  let inserts = 0;
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  try {
    const writer = await QueueWriter.connect(config, store, settings, {
      onBatch: (batch) => values.quiet || print({ batch }),
      afterInsert: () => {
        inserts += 1;
        if (crashAfter > 0 && inserts === crashAfter) process.kill(process.pid, 'SIGKILL');
      },
      log: (m) => process.stderr.write(`${m}\n`),
    });
    writer.start();
    print({ ready: true });
    await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
    await writer.stop();
    print({ stopped: writer.stats });
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`roilens writer: ${err.message}\n`);
  process.exit(1);
});

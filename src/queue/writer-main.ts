/**
 * A queue writer process: `tsx src/queue/writer-main.ts --db FILE [--nats HOST:PORT,…]
 * [--stream NAME] [--subject PREFIX] [--consumer NAME] [--batch-messages N]
 * [--flush-ms MS] [--quiet]`. It moves event batches from the
 * JetStream queue into the store until SIGTERM/SIGINT, then finishes the batch in
 * hand and exits 0. stdout carries JSON lines: `{"ready":true}` once consuming,
 * then one `{"batch":{messages,redelivered,events,inserted}}` per stored batch
 * (unless `--quiet`). `--crash-after-insert N` (fault tests only) kills the
 * process with SIGKILL after the N-th insert, before its acknowledgements.
 *
 * Today the store is the DuckDB file of `--db`; a scale store (ClickHouse) plugs
 * into `QueueWriter` unchanged, since the writer only needs `insertEvents`.
 */
import { parseArgs } from 'node:util';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { defaultWriterSettings, intSetting, loadQueueConfig, type WriterSettings } from './queue-config.js';
import { QueueWriter } from './queue-writer.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
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
  if (!values.db) throw new Error('--db: the DuckDB file to write events into is required');
  const config = loadQueueConfig({ nats: values.nats, stream: values.stream, subject: values.subject, consumer: values.consumer });
  const settings: WriterSettings = {
    ...defaultWriterSettings,
    batchMessages: intSetting('--batch-messages', values['batch-messages'], defaultWriterSettings.batchMessages, 1),
    flushIntervalMs: intSetting('--flush-ms', values['flush-ms'], defaultWriterSettings.flushIntervalMs, 1000),
  };
  const crashAfter = intSetting('--crash-after-insert', values['crash-after-insert'], 0, 0);

  const store = await DuckDbStore.open(values.db, { memoryLimit: process.env.ROILENS_DUCKDB_MEMORY || '1GB' });
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

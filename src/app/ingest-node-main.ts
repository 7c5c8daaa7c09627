/**
 * A stateless scale-mode ingest node: the HTTP API with the JetStream-backed
 * `QueueIngestor`, so `POST /v1/events` answers 200 only after JetStream has
 * the batch. `tsx src/app/ingest-node-main.ts --db FILE --port N [--nats …]
 * [--stream NAME] [--subject PREFIX] [--consumer NAME]`; the write key and admin
 * token come from `ROILENS_WRITE_KEY` / `ROILENS_ADMIN_TOKEN`. stdout carries
 * `{"ready":true,"url":…}` once listening. SIGTERM/SIGINT close it cleanly.
 *
 * `--db` is the metadata store (workspaces, write keys, channel rules); in the
 * full scale mode it is the PostgreSQL + ClickHouse composite store.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.js';
import { openWorkspace } from '../server/start.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { duckdbMemory, fixedCredentials } from '../config/config.js';
import { intSetting, loadQueueConfig } from '../config/queue-config.js';
import { JetStreamSink } from '../queue/jetstream-sink.js';
import { QueueIngestor } from '../queue/queue-ingestor.js';
import { invalid } from '../shared/errors.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      nats: { type: 'string' },
      stream: { type: 'string' },
      subject: { type: 'string' },
      consumer: { type: 'string' },
    },
    strict: true,
  });
  if (!values.db) throw invalid('--db', 'the metadata database file is required');
  const port = intSetting('--port', values.port, 8080, 0);
  const config = loadQueueConfig({ nats: values.nats, stream: values.stream, subject: values.subject, consumer: values.consumer });

  const store = await DuckDbStore.open(values.db, { memoryLimit: duckdbMemory() });
  const { workspace, adminToken } = await openWorkspace(store, fixedCredentials());
  const sink = await JetStreamSink.connect(config, { name: `roilens-ingest-${process.pid}` });
  const ingestor = new QueueIngestor(store, sink, { log: (m) => process.stderr.write(`${m}\n`) });
  const app = await buildApp({ store, ingestor, adminToken, workspaceId: workspace.id, webDir: '/nonexistent', sdkFile: '/nonexistent' });
  await app.listen({ port, host: values.host ?? '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  process.stdout.write(`${JSON.stringify({ ready: true, url })}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await app.close();
  await sink.close();
  await store.close();
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`roilens ingest node: ${err.message}\n`);
  process.exit(1);
});

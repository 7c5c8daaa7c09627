/**
 * A scale-mode installation for a bench (issue 7 layout): an ingest node (`roilens start --config`)
 * and a writer (`roilens writer --config`) on NATS JetStream, PostgreSQL and the ClickHouse "single"
 * server of scripts/engines.sh, in a fresh namespace of their own (schema, database, stream and
 * subject), all dropped by `stop`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connect, type JetStreamManager } from 'nats';
import { defaultQueueConfig, type QueueConfig } from '../../src/config/queue-config.js';
import { ensureTopology } from '../../src/queue/topology.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';
import { readEngines } from '../../test/engines/engines.js';
import { tempDir } from '../../test/helpers/temp.js';
import { spawnRoilens, waitReady, type RoilensProcess } from './scale-processes.js';
import { freePort } from './server-process.js';

/** A running scale-mode installation: its URL, namespace, queue and processes. */
export interface ScaleServer {
  url: string;
  /** This run's random id and the namespace named after it (PostgreSQL schema, ClickHouse database). */
  run: string;
  name: string;
  queue: QueueConfig;
  jsm: JetStreamManager;
  node: RoilensProcess;
  writer: RoilensProcess;
  stop: () => Promise<void>;
}

/** Starts the writer, then the ingest node (`nodeArgs`: extra Node flags for both, e.g. `--cpu-prof`). */
export async function startScaleServer(nodeArgs: string[] = []): Promise<ScaleServer> {
  const run = randomBytes(4).toString('hex');
  const name = `roilens_bench_${run}`;
  const engines = readEngines();
  const queue: QueueConfig = { ...defaultQueueConfig, servers: [engines.nats.url.replace(/^nats:\/\//, '')], stream: `RLBENCH_${run}`, subjectPrefix: `rlbench.${run}` };
  const tmp = tempDir('roilens-bench-scale-');
  const configFile = `${tmp.dir}/roilens.scale.yaml`;
  writeFileSync(configFile, [
    `postgres: { url: "${engines.postgres.url}", schema: ${name} }`,
    `clickhouse: { url: "${engines.clickhouse.single.url}", database: ${name} }`,
    `nats: { servers: "${queue.servers.join(',')}", stream: ${queue.stream} }`,
  ].join('\n'));
  const env = { ROILENS_QUEUE_SUBJECT: queue.subjectPrefix, ROILENS_WRITE_KEY: 'wk', ROILENS_ADMIN_TOKEN: 'adm', ROILENS_DEMO: '0' };
  const store = await ScaleStore.open({ postgres: { url: engines.postgres.url, schema: name }, clickhouse: { kind: 'single', url: engines.clickhouse.single.url, database: name } });
  const nc = await connect({ servers: queue.servers });
  const jsm = await nc.jetstreamManager();
  await ensureTopology(jsm, queue);
  const processes: RoilensProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
    await jsm.streams.delete(queue.stream).catch(() => undefined);
    await nc.close();
    await store.events.drop();
    await store.meta.dropSchema();
    await store.close();
    tmp.cleanup();
  };
  try {
    const writer = spawnRoilens(['writer', '--config', configFile], env, nodeArgs);
    processes.push(writer);
    await waitReady(writer, 'roilens writer', () => writer.lines.some((l) => l.startsWith('roilens writer: consuming')));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = spawnRoilens(['start', '--config', configFile, '--port', String(port), '--host', '127.0.0.1', '--no-demo'], env, nodeArgs);
    processes.push(node);
    await waitReady(node, 'roilens start', async () => (await fetch(`${url}/health`)).ok);
    return { url, run, name, queue, jsm, node, writer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

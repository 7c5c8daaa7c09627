/**
 * The server the security suite (test/security) runs against, on the store the environment
 * selects: the embedded DuckDB file by default, or, with `ROILENS_TEST_STORE=scale`
 * (`scale-2-shards` for the two-shard ClickHouse cluster), an ingest node on PostgreSQL +
 * ClickHouse 18.16 + NATS JetStream in fresh namespaces, with a queue writer of its own
 * (`vitest.security-scale.config.ts` sets it; the engines come from scripts/engines.sh).
 *
 * `settle()` returns once every event the server accepted is stored and visible to queries: on
 * scale once the writer acknowledged every batch of the stream (the JetStream consumer's ack
 * floor reached the stream's last sequence, nothing pending); on the embedded store at once
 * (its server drains the spool before every read). `stop()`/`start()` restart the server on the
 * same data; `close()` also drops the PostgreSQL schema, the ClickHouse database and the stream.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import type { ScaleSettings } from '../../src/config/scale-config.js';
import { defaultWriterSettings, queueConfigFromScale, type QueueConfig } from '../../src/config/queue-config.js';
import { QueueWriter } from '../../src/queue/queue-writer.js';
import { openScaleStore, startServer, type RunningServer, type StartOptions } from '../../src/server/start.js';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import type { ScaleStore } from '../../src/store/scale/scale-store.js';
import { readEngines } from '../engines/engines.js';
import { createQueue, deleteQueue, queueState, waitUntil } from '../engines/queue-fixtures.js';
import { tempDir } from './temp.js';

export type TestStore = 'embedded' | 'scale' | 'scale-2-shards';

/** The store this run of the security suite uses (`ROILENS_TEST_STORE`). */
export const testStore: TestStore = (() => {
  const chosen = process.env.ROILENS_TEST_STORE ?? 'embedded';
  if (chosen !== 'embedded' && chosen !== 'scale' && chosen !== 'scale-2-shards') throw new Error(`ROILENS_TEST_STORE: embedded, scale or scale-2-shards, got "${chosen}"`);
  return chosen;
})();

/** True on PostgreSQL + ClickHouse: for the few checks that only exist on one store (each says why). */
export const onScale = testStore !== 'embedded';

export type SecurityServerOptions = Omit<StartOptions, 'dbPath' | 'scale'>;

export interface SecurityServer extends RunningServer {
  readonly store: TestStore;
  /** The DuckDB file (embedded; on scale a path nothing is written to). */
  readonly dbPath: string;
  /** The scale settings (undefined on the embedded store). */
  readonly scale?: ScaleSettings;
  /** Resolves when every accepted event is stored and visible to queries. */
  settle(): Promise<void>;
  /** Stops the server (and its writer), keeping the data. */
  stop(): Promise<void>;
  /** Starts it again on the same data, with these options changed. */
  start(changes?: Partial<SecurityServerOptions>): Promise<void>;
  /**
   * Everything the store keeps, as text: the bytes of the DuckDB file, its WAL and the spool
   * (embedded; call it with the server stopped), or every row of every table in the ClickHouse
   * database (each shard's local tables) and the PostgreSQL schema, with the messages still queued.
   */
  storedText(): Promise<string>;
  /** A stored setting, read past the server (embedded: from the file, with the server stopped). */
  setting(key: string): Promise<string | undefined>;
}

/** A batch waits at most the client's shortest pull (1 s) before the writer stores it. */
const writerSettings = { ...defaultWriterSettings, flushIntervalMs: 1000 };

function scaleSettingsFor(store: TestStore, name: string): ScaleSettings {
  const engines = readEngines();
  const ch = engines.clickhouse;
  return {
    postgres: { url: engines.postgres.url, schema: name },
    clickhouse: store === 'scale-2-shards' ? { url: ch.cluster.url, database: name, cluster: ch.cluster.name, shards: ch.cluster.shards } : { url: ch.single.url, database: name },
    // RLTEST_ streams an interrupted run left are removed by createQueue after an hour.
    nats: { servers: engines.nats.url.replace(/^nats:\/\//, ''), stream: `RLTEST_${name}`, subject: `rltest.${name}` },
  };
}

/** Starts a server for a security test on the selected store (see the file's comment). */
export async function startSecurityServer(options: SecurityServerOptions): Promise<SecurityServer> {
  const tmp = tempDir('roilens-sec-');
  const dbPath = `${tmp.dir}/db.duckdb`;
  const name = `roilens_sec_${randomBytes(5).toString('hex')}`;
  const scale = onScale ? scaleSettingsFor(testStore, name) : undefined;
  const queue: QueueConfig | undefined = scale ? queueConfigFromScale(scale.nats) : undefined;
  let opts = options;
  let server: RunningServer | undefined;
  let writerStore: ScaleStore | undefined;
  let writer: QueueWriter | undefined;
  let dropped = false;

  const start = async (changes: Partial<SecurityServerOptions> = {}) => {
    opts = { ...opts, ...changes };
    if (scale && queue) {
      if (!writerStore) {
        await createQueue(queue);
        writerStore = await openScaleStore(scale);
      }
      writer = await QueueWriter.connect(queue, writerStore, writerSettings, { name: `writer-${name}` });
      writer.start();
    }
    server = await startServer({ ...opts, dbPath, scale });
  };
  const stop = async () => {
    // The server first: on scale it waits (bounded) for the writer to store what it acknowledged.
    await server?.close();
    server = undefined;
    await writer?.stop();
    writer = undefined;
  };

  const settle = async () => {
    if (!queue) return;
    await waitUntil('the writer to store every accepted batch', async () => {
      const s = await queueState(queue);
      return s.pending === 0 && s.ackPending === 0 && s.ackFloor === s.lastSeq;
    }, 60_000);
  };

  const storedText = async (): Promise<string> => {
    if (!scale || !queue) {
      const parts = [dbPath, `${dbPath}.wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
      const spool = `${dbPath}.spool`;
      if (existsSync(spool)) for (const f of readdirSync(spool)) parts.push(readFileSync(`${spool}/${f}`).toString('latin1'));
      return parts.join('\n');
    }
    const parts: string[] = [];
    for (const url of scale.clickhouse.shards ?? [scale.clickhouse.url]) {
      const ch = new ClickHouseClient(url);
      const tables = await ch.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${scale.clickhouse.database}' AND engine != 'Distributed'`);
      for (const t of tables) parts.push(...(await ch.query(`SELECT * FROM ${scale.clickhouse.database}.${t.name}`)).map((r) => JSON.stringify(r)));
    }
    await withPostgres(scale, async (client) => {
      const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [scale.postgres.schema]);
      for (const t of tables.rows) {
        const rows = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${scale.postgres.schema}"."${t.table_name}" t`);
        parts.push(...rows.rows.map((r) => r.j));
      }
    });
    parts.push(`queued messages: ${(await queueState(queue)).messages}`);
    return parts.join('\n');
  };

  const setting = async (key: string): Promise<string | undefined> => {
    if (!scale) {
      const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
      const conn = await instance.connect();
      try {
        const rows = (await conn.runAndReadAll(`SELECT value FROM settings WHERE key = '${key.replace(/'/g, "''")}'`)).getRowObjectsJS();
        return rows[0] === undefined ? undefined : String(rows[0].value);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    }
    return withPostgres(scale, async (client) => {
      const rows = await client.query<{ value: string }>(`SELECT value FROM "${scale.postgres.schema}".settings WHERE key = $1`, [key]);
      return rows.rows[0]?.value;
    });
  };

  const current = () => {
    if (!server) throw new Error('the security server is stopped');
    return server;
  };
  const handle: SecurityServer = {
    store: testStore,
    dbPath,
    scale,
    get url() { return current().url; },
    get adminToken() { return current().adminToken; },
    get writeKey() { return current().writeKey; },
    get ready() { return current().ready; },
    signInLink: () => current().signInLink(),
    settle,
    stop,
    start,
    storedText,
    setting,
    async close() {
      if (dropped) return;
      dropped = true;
      try {
        await stop();
      } finally {
        if (writerStore && scale) {
          // ClickHouse 18.16 can deadlock a DROP against a SELECT still reading the tables (one a
          // closed server left running, e.g. for a browser that went away): drop once none is left.
          await noQueriesOn(scale).catch(() => undefined);
          await writerStore.events.drop().catch(() => undefined);
          await writerStore.meta.dropSchema().catch(() => undefined);
          await writerStore.close();
        }
        if (queue) await deleteQueue(queue).catch(() => undefined);
        tmp.cleanup();
      }
    },
  };
  try {
    await start();
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  return handle;
}

async function withPostgres<T>(scale: ScaleSettings, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: scale.postgres.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Waits (60 s at most) until no query on any ClickHouse node mentions the test's database. */
async function noQueriesOn(scale: ScaleSettings): Promise<void> {
  const db = scale.clickhouse.database;
  await waitUntil(`queries on ${db} to finish`, async () => {
    for (const url of scale.clickhouse.shards ?? [scale.clickhouse.url]) {
      const running = await new ClickHouseClient(url, 10_000).query<{ n: number }>(
        `SELECT count() AS n FROM system.processes WHERE position(query, '${db}.') > 0 AND position(query, 'system.processes') = 0`,
      );
      if (Number(running[0]?.n) > 0) return false;
    }
    return true;
  }, 60_000);
}

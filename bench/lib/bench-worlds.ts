/**
 * The synthetic worlds of the large KPI benchmark, kept outside the repository
 * (generation takes minutes) and reused when they hold the expected rows: one
 * DuckDB file per size, and one ClickHouse database per size on the single server.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ClickHouseEventStore } from '../../src/store/clickhouse/clickhouse-event-store.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { clickhouseDialect, duckdbDialect, type Dialect, eventColumns, eventsSelect, leadsSelect, ratesSelect, spendSelect } from './synthetic-world.js';

export const benchWorkspace = 'bench';
/** Bump when the generator changes, so stale worlds are regenerated. */
export const worldVersion = 'synthetic-v4';
const chunk = 5_000_000;

/**
 * Runs a long statement (an INSERT … SELECT of millions of rows, an OPTIMIZE) on the ClickHouse
 * server at `url` through node:http, which waits for the answer as long as it takes: fetch gives
 * up when no response headers came within 300 s, and ClickHouse sends them when it has finished.
 */
function longExec(url: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`ClickHouse ${res.statusCode}: ${body.slice(0, 500)}`))));
    });
    req.on('error', reject);
    req.end(sql);
  });
}

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

export const sizeLabel = (events: number) => (events >= 1e6 ? `${events / 1e6}m` : `${events}`);

/**
 * The bench world's events table without the primary key on (workspace_id, id) and the index on
 * id: they serve ingestion's duplicate check, which the generated world never meets, and their ART
 * indexes over 100M ids would take most of the generation and several GB of memory. The KPI reads
 * never use them.
 */
async function withoutIdIndexes(conn: DuckDBConnection): Promise<void> {
  const [[ddl]] = (await conn.runAndReadAll(`SELECT sql FROM duckdb_tables() WHERE table_name = 'events' AND schema_name = 'main'`)).getRows();
  await conn.run('DROP INDEX IF EXISTS events_id');
  await conn.run('DROP TABLE events');
  await conn.run(String(ddl).replace(/,\s*PRIMARY KEY\s*\([^)]*\)/i, ''));
}

/** A DuckDB file holding the world of `events` events (generated when missing or different). */
/** How a world was generated: wall and (DuckDB, in-process) CPU milliseconds, the 1-minute load before and after. */
export interface Generation {
  wall_ms: number;
  cpu_ms?: number;
  /** ClickHouse: the INSERTs, and the OPTIMIZE that merges their parts. */
  insert_ms?: number;
  optimize_ms?: number;
  load_1m: number[];
  at: string;
}

const load = () => Math.round(loadavg()[0] * 100) / 100;

/** A DuckDB file holding the world of `events` events (generated when missing or different); `generated`: this call generated it. */
export async function duckdbWorld(dir: string, events: number): Promise<{ path: string; generated: boolean; generation: Generation | null }> {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/kpi-${sizeLabel(events)}.duckdb`;
  const marker = `${worldVersion}:${events}`;
  if (existsSync(path)) {
    const store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
    const ok = (await store.getSetting('bench_world')) === marker && (await store.countEvents(benchWorkspace)) === events;
    const generation = await store.getSetting('bench_world_generation');
    await store.close();
    if (ok) return { path, generated: false, generation: generation ? (JSON.parse(generation) as Generation) : null };
    log(`${path} is not the expected world; regenerating`);
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  const loadBefore = load();
  const store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  await store.ensureWorkspace({ id: benchWorkspace, name: 'bench', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_bench' });
  await store.close();
  const instance = await DuckDBInstance.create(path, { memory_limit: '4GB' });
  const conn = await instance.connect();
  const ws = `'${benchWorkspace}'`;
  await withoutIdIndexes(conn);
  // The rows' numbers from a table, whose scan runs on every thread (range() is one thread).
  await conn.run(`CREATE TEMP TABLE bench_numbers AS SELECT range AS n FROM range(${Math.min(chunk, events)})`);
  const dialect: Dialect = { ...duckdbDialect, numbers: (from, count) => (count <= chunk ? `(SELECT n + ${from} AS n FROM bench_numbers WHERE n < ${count})` : duckdbDialect.numbers(from, count)) };
  for (let from = 0; from < events; from += chunk) {
    await conn.run(`INSERT INTO events (workspace_id, ${eventColumns.join(', ')}) ${eventsSelect(dialect, ws, from, Math.min(chunk, events - from))}`);
    log(`duckdb ${sizeLabel(events)}: ${Math.min(from + chunk, events)} events`);
  }
  await conn.run(`INSERT INTO leads ${leadsSelect(dialect, ws, events)}`);
  await conn.run(`INSERT INTO spend ${spendSelect(dialect, ws)}`);
  await conn.run(`INSERT INTO rates ${ratesSelect(dialect, ws)}`);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
  const used = process.cpuUsage(cpu);
  const generation: Generation = {
    wall_ms: Math.round(performance.now() - started), cpu_ms: Math.round((used.user + used.system) / 1000), load_1m: [loadBefore, load()], at: new Date().toISOString(),
  };
  const done = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  await done.setSetting('bench_world', marker);
  await done.setSetting('bench_world_generation', JSON.stringify(generation));
  await done.close();
  return { path, generated: true, generation };
}

/**
 * Replicates a DuckDB file's events `copies` times in all (new ids, people, sessions, click and
 * order ids; the same instants and amounts) with the imported orders and leads that name them,
 * written around the store: the rollups see the count move and rebuild. Spend and rates stay as
 * they are (the world's cost does not grow). The file must be closed.
 */
export async function replicateEvents(path: string, copies: number): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  // By name, every other column copied as it is: a column added to a table later is copied too.
  const copy = (table: string, renamed: string[]) =>
    conn.run(`INSERT INTO ${table} BY NAME
      SELECT * EXCLUDE (r) REPLACE (${renamed.map((c) => `${c} || '_r' || r AS ${c}`).join(', ')})
      FROM ${table}, range(1, ${copies}) AS copies(r)`);
  await copy('events', ['id', 'anonymous_id', 'user_id', 'session_id', 'click_id', 'order_id']);
  await copy('orders', ['order_id', 'customer_id', 'click_id']);
  await copy('leads', ['lead_id', 'user_id', 'click_id']);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
}

/** A ClickHouse database on the server at `url` holding the world (generated when missing or different). */
export async function clickhouseWorld(url: string, events: number): Promise<{ store: ClickHouseEventStore; database: string; generated: boolean; generation: Generation | null; parts: number }> {
  const database = `roilens_bench_${sizeLabel(events)}`;
  const store = new ClickHouseEventStore({ kind: 'single', url, database });
  const client = new ClickHouseClient(url);
  const marker = `${worldVersion}:${events}`;
  const counts = async () => {
    const [row] = await client.query<{ n: string; m: string; g: string }>(
      `SELECT (SELECT count() FROM ${database}.events) AS n, (SELECT count() FROM ${database}.bench_world WHERE marker = '${marker}') AS m,
        (SELECT any(generation) FROM ${database}.bench_world WHERE marker = '${marker}') AS g`,
    );
    return row;
  };
  const have = await counts().catch(() => undefined);
  let generation: Generation | null = have?.g ? (JSON.parse(have.g) as Generation) : null;
  const generated = !have || Number(have.n) !== events || Number(have.m) !== 1;
  if (generated) {
    log(`clickhouse ${database}: generating ${events} events`);
    const started = performance.now();
    const loadBefore = load();
    await store.drop();
    await store.migrate();
    const ws = `'${benchWorkspace}'`;
    const extra = { person_key: 'ifNull(user_id, anonymous_id)', version: 'toUInt64(1)' };
    const columns = ['workspace_id', ...eventColumns, 'person_key', 'version'].join(', ');
    for (let from = 0; from < events; from += chunk) {
      await longExec(url, `INSERT INTO ${database}.events (${columns}) ${eventsSelect(clickhouseDialect, ws, from, Math.min(chunk, events - from), extra)}`);
      log(`clickhouse ${sizeLabel(events)}: ${Math.min(from + chunk, events)} events`);
    }
    // The SELECTs give every column of their table in order, but `deleted` and `version`.
    await longExec(url, `INSERT INTO ${database}.leads SELECT *, toUInt64(1) AS version FROM (${leadsSelect(clickhouseDialect, ws, events)})`);
    await client.exec(`INSERT INTO ${database}.spend SELECT *, toUInt8(0) AS deleted, toUInt64(1) AS version FROM (${spendSelect(clickhouseDialect, ws)})`);
    await client.exec(`INSERT INTO ${database}.rates SELECT *, toUInt64(1) AS version FROM (${ratesSelect(clickhouseDialect, ws)})`);
    const inserted = performance.now();
    // A loaded table settles into a few large parts by background merges; do it now so FINAL reads what a steady server holds.
    await longExec(url, `OPTIMIZE TABLE ${database}.events FINAL`);
    const done = performance.now();
    generation = {
      wall_ms: Math.round(done - started), insert_ms: Math.round(inserted - started), optimize_ms: Math.round(done - inserted), load_1m: [loadBefore, load()], at: new Date().toISOString(),
    };
    await client.exec(`CREATE TABLE ${database}.bench_world (marker String, generation String) ENGINE = TinyLog`);
    await client.exec(`INSERT INTO ${database}.bench_world VALUES ('${marker}', '${JSON.stringify(generation)}')`);
  }
  const [p] = await client.query<{ parts: string }>(`SELECT count() AS parts FROM system.parts WHERE database = '${database}' AND table = 'events' AND active`);
  return { store, database, generated, generation, parts: Number(p.parts) };
}

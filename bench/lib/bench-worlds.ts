/**
 * The synthetic worlds of the large KPI benchmark, kept outside the repository
 * (generation takes minutes) and reused when they hold the expected rows: one
 * DuckDB file per size, and one ClickHouse database per size on the single server.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { ClickHouseEventStore } from '../../src/store/clickhouse/clickhouse-event-store.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { clickhouseDialect, duckdbDialect, eventColumns, eventsSelect, leadsSelect, ratesSelect, spendSelect } from './synthetic-world.js';

export const benchWorkspace = 'bench';
/** Bump when the generator changes, so stale worlds are regenerated. */
const worldVersion = 'synthetic-v2';
const chunk = 5_000_000;

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

export const sizeLabel = (events: number) => (events >= 1e6 ? `${events / 1e6}m` : `${events}`);

/** A DuckDB file holding the world of `events` events (generated when missing or different). */
export async function duckdbWorld(dir: string, events: number): Promise<{ path: string; generatedMs: number | null }> {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/kpi-${sizeLabel(events)}.duckdb`;
  const marker = `${worldVersion}:${events}`;
  if (existsSync(path)) {
    const store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
    const ok = (await store.getSetting('bench_world')) === marker && (await store.countEvents(benchWorkspace)) === events;
    await store.close();
    if (ok) return { path, generatedMs: null };
    log(`${path} is not the expected world; regenerating`);
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
  }
  const started = performance.now();
  const store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  await store.ensureWorkspace({ id: benchWorkspace, name: 'bench', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_bench' });
  await store.close();
  const instance = await DuckDBInstance.create(path, { memory_limit: '8GB' });
  const conn = await instance.connect();
  const ws = `'${benchWorkspace}'`;
  for (let from = 0; from < events; from += chunk) {
    await conn.run(`INSERT INTO events (workspace_id, ${eventColumns.join(', ')}) ${eventsSelect(duckdbDialect, ws, from, Math.min(chunk, events - from))}`);
    log(`duckdb ${sizeLabel(events)}: ${Math.min(from + chunk, events)} events`);
  }
  await conn.run(`INSERT INTO leads ${leadsSelect(duckdbDialect, ws, events)}`);
  await conn.run(`INSERT INTO spend ${spendSelect(duckdbDialect, ws)}`);
  await conn.run(`INSERT INTO rates ${ratesSelect(duckdbDialect, ws)}`);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
  const done = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  await done.setSetting('bench_world', marker);
  await done.close();
  return { path, generatedMs: Math.round(performance.now() - started) };
}

/** A ClickHouse database on the single server holding the world (generated when missing or different). */
export async function clickhouseWorld(url: string, events: number): Promise<{ store: ClickHouseEventStore; database: string; generatedMs: number | null; parts: number }> {
  const database = `roilens_bench_${sizeLabel(events)}`;
  const store = new ClickHouseEventStore({ kind: 'single', url, database });
  const client = new ClickHouseClient(url);
  const marker = `${worldVersion}:${events}`;
  const counts = async () => {
    const [row] = await client.query<{ n: string; m: string }>(
      `SELECT (SELECT count() FROM ${database}.events) AS n, (SELECT count() FROM ${database}.bench_world WHERE marker = '${marker}') AS m`,
    );
    return row;
  };
  const have = await counts().catch(() => undefined);
  let generatedMs: number | null = null;
  if (!have || Number(have.n) !== events || Number(have.m) !== 1) {
    log(`clickhouse ${database}: generating ${events} events`);
    const started = performance.now();
    await store.drop();
    await store.migrate();
    const ws = `'${benchWorkspace}'`;
    const extra = { person_key: 'ifNull(user_id, anonymous_id)', version: 'toUInt64(1)' };
    const columns = ['workspace_id', ...eventColumns, 'person_key', 'version'].join(', ');
    for (let from = 0; from < events; from += chunk) {
      await client.exec(`INSERT INTO ${database}.events (${columns}) ${eventsSelect(clickhouseDialect, ws, from, Math.min(chunk, events - from), extra)}`);
      log(`clickhouse ${sizeLabel(events)}: ${Math.min(from + chunk, events)} events`);
    }
    // The SELECTs give every column of their table in order, but `deleted` and `version`.
    await client.exec(`INSERT INTO ${database}.leads SELECT *, toUInt64(1) AS version FROM (${leadsSelect(clickhouseDialect, ws, events)})`);
    await client.exec(`INSERT INTO ${database}.spend SELECT *, toUInt8(0) AS deleted, toUInt64(1) AS version FROM (${spendSelect(clickhouseDialect, ws)})`);
    await client.exec(`INSERT INTO ${database}.rates SELECT *, toUInt64(1) AS version FROM (${ratesSelect(clickhouseDialect, ws)})`);
    // A loaded table settles into a few large parts by background merges; do it now so FINAL reads what a steady server holds.
    await client.exec(`OPTIMIZE TABLE ${database}.events FINAL`);
    await client.exec(`CREATE TABLE ${database}.bench_world (marker String) ENGINE = TinyLog`);
    await client.exec(`INSERT INTO ${database}.bench_world VALUES ('${marker}')`);
    generatedMs = Math.round(performance.now() - started);
  }
  const [p] = await client.query<{ parts: string }>(`SELECT count() AS parts FROM system.parts WHERE database = '${database}' AND table = 'events' AND active`);
  return { store, database, generatedMs, parts: Number(p.parts) };
}

import { chIdentifier, chValue } from './sql-literal.js';

/**
 * Where the event tables live: one server, or a cluster of shards behind
 * Distributed tables. Queries name the same tables (`db.events`, …) on both;
 * only the DDL differs.
 */
export type ClickHouseTopology =
  | { kind: 'single'; url: string; database: string }
  | {
      kind: 'cluster';
      /** The node queries and inserts go to (any shard: each carries the Distributed tables). */
      url: string;
      database: string;
      /** The `remote_servers` cluster name in the servers' configuration. */
      cluster: string;
      /** HTTP URLs of every shard, for DDL (18.16 has no ON CLUSTER without ZooKeeper). */
      shards: string[];
    };

interface TableSpec {
  name: string;
  columns: string;
  /** ReplacingMergeTree sorting key: rows with the same key are one row (highest `version` wins). */
  key: string;
  partition?: string;
  /**
   * Distributed sharding expression. It depends only on columns that never change for a
   * row's key, so a replacing row always lands on the shard of the row it replaces.
   */
  shardBy: string;
}

const spendColumnsDdl = `workspace_id String, date Date, channel String, campaign String, ad String, source String, account String,
      cost Decimal128(6), currency String, impressions Int64, clicks Int64, pricing_model String,
      deleted UInt8, version UInt64`;

/** Timestamps are Int64 epoch milliseconds (18.16 has no DateTime64); money Decimal128 with a currency column. */
const tables: TableSpec[] = [
  {
    name: 'events',
    columns: `workspace_id String, id String, type String, ts Int64, anonymous_id String,
      user_id Nullable(String), session_id Nullable(String), name Nullable(String), url Nullable(String), referrer Nullable(String),
      utm_source Nullable(String), utm_medium Nullable(String), utm_campaign Nullable(String), utm_content Nullable(String), utm_term Nullable(String),
      click_id Nullable(String), order_id Nullable(String), revenue_amount Nullable(Decimal128(6)), revenue_currency Nullable(String),
      properties Nullable(String), channel String, landing_page Nullable(String), country Nullable(String), device Nullable(String),
      person_key String, version UInt64`,
    key: '(workspace_id, id)',
    partition: 'intDiv(ts, 2592000000)',
    // The person as the event itself knows it: the user id when present, else the device.
    shardBy: 'cityHash64(workspace_id, person_key)',
  },
  {
    name: 'spend',
    columns: spendColumnsDdl,
    // Source and account are part of a row's identity: one row per (source, account, date, channel, campaign, ad).
    key: '(workspace_id, date, channel, campaign, ad, source, account)',
    shardBy: 'cityHash64(workspace_id, toString(date), channel, campaign, ad)',
  },
  {
    name: 'orders',
    columns: `workspace_id String, order_id String, customer_id String, ts Int64, amount Decimal128(6), currency String,
      email_hash Nullable(String), click_id Nullable(String), coupon Nullable(String), product Nullable(String), category Nullable(String),
      version UInt64`,
    key: '(workspace_id, order_id)',
    shardBy: 'cityHash64(workspace_id, order_id)',
  },
  {
    name: 'leads',
    columns: `workspace_id String, lead_id String, user_id Nullable(String), email_hash Nullable(String), click_id Nullable(String),
      created_at Int64, mql_at Nullable(Int64), sql_at Nullable(Int64), opportunity_at Nullable(Int64), customer_at Nullable(Int64),
      version UInt64`,
    key: '(workspace_id, lead_id)',
    shardBy: 'cityHash64(workspace_id, lead_id)',
  },
  {
    name: 'rates',
    columns: `workspace_id String, date Date, currency String, rate Decimal128(12), version UInt64`,
    key: '(workspace_id, currency, date)',
    shardBy: 'cityHash64(workspace_id, currency)',
  },
];

/** Names of the tables queries read and insert into. */
export const tableNames = tables.map((t) => t.name);

const mergeTree = (t: TableSpec) =>
  `ENGINE = ReplacingMergeTree(version) ${t.partition ? `PARTITION BY ${t.partition} ` : ''}ORDER BY ${t.key}`;

/** DDL per node URL, in order; every statement is idempotent (IF NOT EXISTS). */
export function schemaStatements(topology: ClickHouseTopology): { url: string; sql: string }[] {
  const db = chIdentifier(topology.database);
  if (topology.kind === 'single') {
    return [
      { url: topology.url, sql: `CREATE DATABASE IF NOT EXISTS ${db}` },
      ...tables.map((t) => ({ url: topology.url, sql: `CREATE TABLE IF NOT EXISTS ${db}.${t.name} (${t.columns}) ${mergeTree(t)}` })),
    ];
  }
  const cluster = chIdentifier(topology.cluster);
  return topology.shards.flatMap((url) => [
    { url, sql: `CREATE DATABASE IF NOT EXISTS ${db}` },
    ...tables.flatMap((t) => [
      { url, sql: `CREATE TABLE IF NOT EXISTS ${db}.${t.name}_local (${t.columns}) ${mergeTree(t)}` },
      { url, sql: `CREATE TABLE IF NOT EXISTS ${db}.${t.name} AS ${db}.${t.name}_local ENGINE = Distributed(${cluster}, ${db}, ${t.name}_local, ${t.shardBy})` },
    ]),
  ]);
}

/** Statements that drop every table (tests start from an empty database). */
export function dropStatements(topology: ClickHouseTopology): { url: string; sql: string }[] {
  const db = chIdentifier(topology.database);
  const urls = topology.kind === 'single' ? [topology.url] : topology.shards;
  return urls.map((url) => ({ url, sql: `DROP DATABASE IF EXISTS ${db}` }));
}

/**
 * Moves a spend table created before sources existed (no `account` column, the
 * key without source and account) to the current layout, on one node: live rows
 * are copied with source `legacy` and account "", the old table is swapped out
 * and dropped; in a cluster the Distributed table is recreated over the new
 * local table. Sharding is unchanged (it hashes the same columns), so each
 * shard copies its own rows. Run only when {@link spendNeedsMigrationSql} finds
 * the old table.
 */
export function spendMigrationStatements(topology: ClickHouseTopology, url: string): { url: string; sql: string }[] {
  const db = chIdentifier(topology.database);
  const spec = tables.find((t) => t.name === 'spend')!;
  const local = topology.kind === 'single' ? 'spend' : 'spend_local';
  const copy = `workspace_id, date, channel, campaign, ad, 'legacy' AS source, '' AS account, cost, currency, impressions, clicks, pricing_model, deleted, version`;
  const out = [
    { url, sql: `DROP TABLE IF EXISTS ${db}.spend_migrating` },
    { url, sql: `CREATE TABLE ${db}.spend_migrating (${spec.columns}) ${mergeTree(spec)}` },
    { url, sql: `INSERT INTO ${db}.spend_migrating SELECT ${copy} FROM ${db}.${local} FINAL WHERE deleted = 0` },
    { url, sql: `RENAME TABLE ${db}.${local} TO ${db}.spend_before_sources, ${db}.spend_migrating TO ${db}.${local}` },
    { url, sql: `DROP TABLE ${db}.spend_before_sources` },
  ];
  if (topology.kind === 'cluster') {
    out.push(
      { url, sql: `DROP TABLE IF EXISTS ${db}.spend` },
      { url, sql: `CREATE TABLE ${db}.spend AS ${db}.spend_local ENGINE = Distributed(${chIdentifier(topology.cluster)}, ${db}, spend_local, ${spec.shardBy})` },
    );
  }
  return out;
}

/** Counts 1 when the node holds a spend table without the `account` column (the layout before sources). */
export function spendNeedsMigrationSql(topology: ClickHouseTopology): string {
  const local = topology.kind === 'single' ? 'spend' : 'spend_local';
  return `SELECT count() AS n FROM system.tables WHERE database = ${chValue(topology.database)} AND name = ${chValue(local)}
    AND name NOT IN (SELECT table FROM system.columns WHERE database = ${chValue(topology.database)} AND table = ${chValue(local)} AND name = 'account')`;
}

/**
 * Columns added to existing tables after they were first created (ClickHouse 18.16 has no
 * `ADD COLUMN IF NOT EXISTS`): `addedColumnStatements` adds each one a node's table lacks, so
 * migrating again changes nothing. A new table is created with them already (`tables`).
 */
export const addedColumns: { table: string; column: string; type: string }[] = [
  // Issue 16: the order's coupon (credits its partner), product and category (limit commission rules).
  { table: 'orders', column: 'coupon', type: 'Nullable(String)' },
  { table: 'orders', column: 'product', type: 'Nullable(String)' },
  { table: 'orders', column: 'category', type: 'Nullable(String)' },
];

/** Which (table, column) of `addedColumns` a node already has: rows `table`, `name` (the local table's name in a cluster). */
export function existingAddedColumnsSql(topology: ClickHouseTopology): string {
  const names = [...new Set(addedColumns.flatMap((c) => (topology.kind === 'single' ? [c.table] : [c.table, `${c.table}_local`])))];
  return `SELECT table, name FROM system.columns WHERE database = ${chValue(topology.database)}
    AND table IN (${names.map(chValue).join(', ')}) AND name IN (${[...new Set(addedColumns.map((c) => c.column))].map(chValue).join(', ')})`;
}

/**
 * The ALTERs that add the missing `addedColumns` on one node, given the columns it has
 * (`existingAddedColumnsSql`): in a cluster the local table first, then its Distributed table.
 */
export function addedColumnStatements(topology: ClickHouseTopology, existing: readonly { table: string; name: string }[]): string[] {
  const db = chIdentifier(topology.database);
  const has = new Set(existing.map((r) => `${r.table}.${r.name}`));
  const out: string[] = [];
  for (const c of addedColumns) {
    const targets = topology.kind === 'single' ? [c.table] : [`${c.table}_local`, c.table];
    for (const t of targets) if (!has.has(`${t}.${c.column}`)) out.push(`ALTER TABLE ${db}.${chIdentifier(t)} ADD COLUMN ${chIdentifier(c.column)} ${c.type}`);
  }
  return out;
}

/** Adds the `addedColumns` one node lacks (idempotent: a second run finds them and adds nothing). */
export async function addMissingColumns(topology: ClickHouseTopology, node: { query<T>(sql: string): Promise<T[]>; exec(sql: string): Promise<unknown> }): Promise<void> {
  const existing = await node.query<{ table: string; name: string }>(existingAddedColumnsSql(topology));
  for (const sql of addedColumnStatements(topology, existing)) await node.exec(sql);
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseTopology } from '../../src/store/clickhouse/clickhouse-schema.js';
import { ScaleStore } from '../../src/store/scale/scale-store.js';

/** What scripts/engines.sh started (it fails the run when an engine is missing; nothing here skips). */
interface EnginesFile {
  postgres: { url: string };
  nats: { url: string };
  clickhouse: { single: { url: string }; current: { url: string }; cluster: { url: string; name: string; shards: string[] } };
}

export function readEngines(): EnginesFile {
  const path = process.env.ROILENS_ENGINES_FILE ?? join(process.env.ROILENS_ENGINES_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'roilens-engines'), 'engines.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EnginesFile;
  } catch (err) {
    throw new Error(`engine ports not found at ${path}: run scripts/engines.sh first (npm run test:engines does) — ${(err as Error).message}`);
  }
}

/** One ClickHouse 18.16 server, two 18.16 shards, and one current release (chDB). */
export type ScaleSetup = 'pg+clickhouse' | 'pg+clickhouse-2-shards' | 'pg+clickhouse-current';

/** The ClickHouse topology of a setup, in a fresh database. */
export function topology(setup: ScaleSetup, database: string): ClickHouseTopology {
  const ch = readEngines().clickhouse;
  if (setup === 'pg+clickhouse') return { kind: 'single', url: ch.single.url, database };
  if (setup === 'pg+clickhouse-current') return { kind: 'single', url: ch.current.url, database };
  return { kind: 'cluster', url: ch.cluster.url, database, cluster: ch.cluster.name, shards: ch.cluster.shards };
}

/**
 * Opens a scale store on fresh namespaces (a PostgreSQL schema and a ClickHouse
 * database named for this run); closing it drops both.
 */
export async function openScaleStore(setup: ScaleSetup): Promise<ScaleStore> {
  const name = `roilens_t_${randomBytes(5).toString('hex')}`;
  const store = await ScaleStore.open({ postgres: { url: readEngines().postgres.url, schema: name }, clickhouse: topology(setup, name) });
  const close = store.close.bind(store);
  store.close = async () => {
    await store.events.drop();
    await store.meta.dropSchema();
    await close();
  };
  return store;
}

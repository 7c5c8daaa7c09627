import { runStoreContract } from '../store/contract.case.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/** The shared store contract, unchanged, on PostgreSQL + ClickHouse: one 18.16 server, two 18.16 shards behind Distributed tables, and a current release. */
const setups: Record<ScaleSetup, () => Promise<import('../../src/store/store.js').Store>> = {
  'pg+clickhouse': () => openScaleStore('pg+clickhouse'),
  'pg+clickhouse-2-shards': () => openScaleStore('pg+clickhouse-2-shards'),
  'pg+clickhouse-current': () => openScaleStore('pg+clickhouse-current'),
};

for (const [engine, open] of Object.entries(setups)) runStoreContract(engine, open);

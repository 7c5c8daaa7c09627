import { runStoreContract } from '../../src/store/contract.case.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/** The shared store contract, unchanged, on PostgreSQL + ClickHouse: one server, and two shards behind Distributed tables. */
const setups: Record<ScaleSetup, () => Promise<import('../../src/store/store.js').Store>> = {
  'pg+clickhouse': () => openScaleStore('pg+clickhouse'),
  'pg+clickhouse-2-shards': () => openScaleStore('pg+clickhouse-2-shards'),
};

for (const [engine, open] of Object.entries(setups)) runStoreContract(engine, open);

import { runAgencyView } from '../server/agency.case.js';
import { openScaleStore } from './engines.js';

/** The agency view's hand-computed figures on PostgreSQL + ClickHouse with two shards. */
runAgencyView('pg+clickhouse-2-shards', () => openScaleStore('pg+clickhouse-2-shards'), 600_000);

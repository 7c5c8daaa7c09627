import { runAccessMatrix } from '../security/access-matrix.case.js';
import { openScaleStore } from './engines.js';

/** Issue 15's access matrix on PostgreSQL + ClickHouse with two shards (the metadata and keys in PostgreSQL); ClickHouse 18.16's attribution comparison takes minutes for eight calls on a loaded machine. */
runAccessMatrix('pg+clickhouse-2-shards', () => openScaleStore('pg+clickhouse-2-shards'), 600_000);

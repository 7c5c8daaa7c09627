import { backupRestoreCases } from '../store/backup-restore.case.js';
import { openScaleStore } from './engines.js';

// The same cases as on DuckDB, on PostgreSQL + ClickHouse 18.16 with two shards (each store in fresh namespaces).
backupRestoreCases('pg+clickhouse-2-shards', () => openScaleStore('pg+clickhouse-2-shards'), 900_000);

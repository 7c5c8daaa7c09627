import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { backupRestoreCases } from './backup-restore.case.js';

backupRestoreCases('duckdb', () => DuckDbStore.open(':memory:'));

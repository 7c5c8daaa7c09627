import { runStoreContract } from '../contract.case.js';
import { DuckDbStore } from './duckdb-store.js';

runStoreContract('duckdb', () => DuckDbStore.open(':memory:'));

import { runStoreContract } from '../../../test/store/contract.case.js';
import { DuckDbStore } from './duckdb-store.js';

runStoreContract('duckdb', () => DuckDbStore.open(':memory:'));

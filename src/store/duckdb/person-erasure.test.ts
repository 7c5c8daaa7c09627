import { afterAll, beforeAll, describe } from 'vitest';
import { personErasureCases } from '../../../test/store/person-erasure.case.js';
import { DuckDbStore } from './duckdb-store.js';

describe('person erasure on DuckDB', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
  });
  afterAll(() => store.close());
  // In memory there is no file to compact.
  personErasureCases(() => store, { compacts: false });
});

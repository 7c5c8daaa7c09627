import { afterAll, beforeAll, describe } from 'vitest';
import { reportTimeZoneCases } from '../../../test/store/report-time-zone.case.js';
import { DuckDbStore } from './duckdb-store.js';

describe('report time zones: duckdb', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
  });
  afterAll(async () => store?.close());
  reportTimeZoneCases(() => store);
});

import { afterAll, beforeAll, describe } from 'vitest';
import { personErasureCases } from '../store/person-erasure.case.js';
import type { ScaleStore } from '../../src/store/scale/scale-store.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

const setups: Record<Exclude<ScaleSetup, 'pg+clickhouse-current'>, true> = { 'pg+clickhouse': true, 'pg+clickhouse-2-shards': true };

for (const setup of Object.keys(setups) as ScaleSetup[]) {
  describe(`person erasure on ${setup}`, () => {
    let store: ScaleStore;
    beforeAll(async () => {
      store = await openScaleStore(setup);
    }, 60_000);
    afterAll(() => store?.close());
    // ClickHouse rewrites the parts a mutation touches; there is no file to compact.
    personErasureCases(() => store, { compacts: false });
  });
}

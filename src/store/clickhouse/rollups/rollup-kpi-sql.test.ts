import { describe, expect, it } from 'vitest';
import { factMeasures } from '../../meanings/kpi-measures.js';
import { context } from '../base-sql.js';
import { clicksBuildSql, creditsBuildSql, sessionsBuildSql, wholeContext } from './rollup-build-sql.js';
import { kpiRollupSql, rollupClickMeasures, rollupSessionMeasures } from './rollup-kpi-sql.js';

/**
 * The rollups' measures cover exactly the full query's (a measure added to the registry must be
 * summed ahead too), and the exact SQL of a build and a read for fixed inputs (`__sql__/`, as
 * kpi-sql.test.ts); what they answer is held to the full query by
 * test/engines/clickhouse-rollups.property.test.ts.
 */
describe('ClickHouse KPI rollups SQL', () => {
  it('sums ahead every measure of the sessions and tracked clicks facts', () => {
    expect(Object.keys(rollupSessionMeasures).sort()).toEqual(Object.keys(factMeasures('clickhouse', 'sessions')).sort());
    expect(Object.keys(rollupClickMeasures).sort()).toEqual(Object.keys(factMeasures('clickhouse', 'tracked')).sort());
  });
  it('builds a generation in Europe/Berlin', async () => {
    const c = wholeContext('roilens', 'ws1', 'Europe/Berlin');
    await expect([sessionsBuildSql(c, 7), clicksBuildSql(c, 7), creditsBuildSql(c, 7)].join(';\n\n')).toMatchFileSnapshot('./__sql__/rollup-build-berlin.sql');
  });
  it('reads by channel, verified sales', async () => {
    const c = { ...context('roilens', 'ws1', 'EUR', '2026-03-01', '2026-03-31', 30, 'Europe/Berlin'), revenueSources: 'verified' as const };
    await expect(kpiRollupSql(c, 'channel', 7)).toMatchFileSnapshot('./__sql__/rollup-kpi-by-channel.sql');
  });
});

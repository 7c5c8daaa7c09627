import { describe, expect, it } from 'vitest';
import { segmentStatsRollupSql } from './aggregates/customer-sales-sql.js';
import { compileSegment, crmFunnelSql, customerProfilesSql, customerTransactionsSql, peopleStatsSql, segmentNeeds, segmentStatsSql } from './customers-sql.js';

/**
 * Exact SQL of the embedded store's customer queries for fixed inputs (as Kysely's `testSql`):
 * the expected text is in `__sql__/` beside this file; what they answer is held to the other
 * engines by test/engines/cross-engine.test.ts and the store contract cases.
 */
const repeatBuyers = compileSegment({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }, {}, '2026-01-31', 'UTC');

describe('DuckDB customer SQL', () => {
  it('profiles and people stats of a segment; transactions; the CRM funnel', async () => {
    await expect(customerProfilesSql(repeatBuyers, true, 'Asia/Tehran')).toMatchFileSnapshot('./__sql__/customer-profiles.sql');
    await expect(peopleStatsSql(repeatBuyers)).toMatchFileSnapshot('./__sql__/people-stats.sql');
    // A segment's count reads only what its rules compare: the repeat buyers, only their sales; German mobile users or email-acquired buyers, traits, everyone and first sales.
    await expect(segmentStatsSql(repeatBuyers, segmentNeeds({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }))).toMatchFileSnapshot('./__sql__/segment-stats-repeat-buyers.sql');
    await expect(segmentStatsRollupSql('verified', repeatBuyers)).toMatchFileSnapshot('./__sql__/segment-stats-repeat-buyers-rollups.sql');
    const rules = { match: 'any' as const, conditions: [{ kind: 'trait' as const, trait: 'country', values: ['DE'] }, { kind: 'acquisition_channel' as const, values: ['email'] }] };
    await expect(segmentStatsSql(compileSegment(rules, {}, '2026-01-31', 'UTC'), segmentNeeds(rules))).toMatchFileSnapshot('./__sql__/segment-stats-traits.sql');
    await expect(customerTransactionsSql('UTC')).toMatchFileSnapshot('./__sql__/customer-transactions.sql');
    await expect(crmFunnelSql('campaign')).toMatchFileSnapshot('./__sql__/crm-funnel-by-campaign.sql');
  });
});

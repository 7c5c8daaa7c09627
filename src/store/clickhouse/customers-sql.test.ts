import { describe, expect, it } from 'vitest';
import { context } from './base-sql.js';
import { compileSegment, crmFunnelSql, customerProfilesSql, customerTransactionsSql, peopleStatsSql } from './customers-sql.js';

/**
 * Exact SQL of the ClickHouse customer queries for fixed inputs (as Kysely's `testSql`): the
 * expected text is in `__sql__/` beside this file; what they answer is held to DuckDB by
 * test/engines/cross-engine.test.ts and the store contract cases.
 */
const c = context('roilens', 'ws1', 'EUR', '1970-01-01', '2026-01-31', 30, 'Asia/Tehran');
const active = compileSegment({ match: 'any', conditions: [{ kind: 'orders', min_count: 2 }, { kind: 'event', name: 'login', min_count: 3, days: 30 }] }, '2026-01-31', 'Asia/Tehran');

describe('ClickHouse customer SQL', () => {
  it('profiles and people stats of a segment; transactions; the CRM funnel', async () => {
    await expect(customerProfilesSql(c, active, '1', 50)).toMatchFileSnapshot('./__sql__/customer-profiles.sql');
    await expect(peopleStatsSql(c, active)).toMatchFileSnapshot('./__sql__/people-stats.sql');
    await expect(customerTransactionsSql(c)).toMatchFileSnapshot('./__sql__/customer-transactions.sql');
    await expect(crmFunnelSql(c, 'campaign')).toMatchFileSnapshot('./__sql__/crm-funnel-by-campaign.sql');
  });
});

import { describe, expect, it } from 'vitest';
import { calendarBuckets } from '../../metrics/calendar-buckets.js';
import { kpiFactsSql } from './kpi-sql.js';
import { channelDailySql } from './aggregates/channel-daily-sql.js';

/**
 * Exact SQL of the embedded store's KPI fact queries for fixed inputs (as Kysely's `testSql`):
 * the expected text is in `__sql__/` beside this file; what these queries answer is held to the
 * other engines by test/engines/cross-engine.test.ts. Any change to the generated SQL shows here
 * as a diff to review (`npx vitest run -u FILE` rewrites the expected files).
 */
const jalali = calendarBuckets('jalali', '2026-11-01', '2027-01-31');

describe('DuckDB KPI SQL', () => {
  it('totals only, UTC, revenue sources from the settings', async () => {
    await expect(kpiFactsSql(null, 'UTC', null)).toMatchFileSnapshot('./__sql__/kpi-facts-totals.sql');
  });
  it('by ad (keyed by channel, campaign, ad) in Europe/Berlin, verified sales', async () => {
    await expect(kpiFactsSql('ad', 'Europe/Berlin', 'verified')).toMatchFileSnapshot('./__sql__/kpi-facts-by-ad.sql');
  });
  it('by country (also per channel), every sale', async () => {
    await expect(kpiFactsSql('country', 'UTC', 'all')).toMatchFileSnapshot('./__sql__/kpi-facts-by-country.sql');
  });
  it('by day in UTC', async () => {
    await expect(kpiFactsSql('day', 'UTC', null)).toMatchFileSnapshot('./__sql__/kpi-facts-by-day.sql');
  });
  it('by Jalali week and month in Asia/Tehran', async () => {
    await expect(kpiFactsSql('week', 'Asia/Tehran', null, jalali)).toMatchFileSnapshot('./__sql__/kpi-facts-by-jalali-week.sql');
    await expect(kpiFactsSql('month', 'Asia/Tehran', null, jalali)).toMatchFileSnapshot('./__sql__/kpi-facts-by-jalali-month.sql');
  });
  it('channel days', async () => {
    await expect(channelDailySql('UTC', null)).toMatchFileSnapshot('./__sql__/channel-daily-utc.sql');
    await expect(channelDailySql('Asia/Tehran', 'all')).toMatchFileSnapshot('./__sql__/channel-daily-tehran-all.sql');
  });
});

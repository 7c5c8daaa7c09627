import { describe, expect, it } from 'vitest';
import { calendarBuckets } from '../../metrics/calendar-buckets.js';
import { context } from './base-sql.js';
import { channelDailySql, kpiFactsSql } from './kpi-sql.js';

/**
 * Exact SQL of the ClickHouse KPI fact queries for fixed inputs (as Kysely's `testSql`): the
 * expected text is in `__sql__/` beside this file; what these queries answer is held to DuckDB by
 * test/engines/cross-engine.test.ts. Any change to the generated SQL shows here as a diff to
 * review (`npx vitest run -u FILE` rewrites the expected files).
 */
const utc = context('roilens', 'ws1', 'EUR', '2026-01-01', '2026-01-31', 30);
const berlin = { ...context('roilens', 'ws1', 'EUR', '2026-03-01', '2026-03-31', 7, 'Europe/Berlin'), revenueSources: 'verified' as const };
const tehran = { ...context('roilens', 'ws1', 'IRR', '2026-11-01', '2027-01-31', 30, 'Asia/Tehran'), buckets: calendarBuckets('jalali', '2026-11-01', '2027-01-31') };

describe('ClickHouse KPI SQL', () => {
  it('totals only, UTC, revenue sources from the settings', async () => {
    await expect(kpiFactsSql(utc, null)).toMatchFileSnapshot('./__sql__/kpi-facts-totals.sql');
  });
  it('by ad (keyed by channel, campaign, ad) in Europe/Berlin, verified sales', async () => {
    await expect(kpiFactsSql(berlin, 'ad')).toMatchFileSnapshot('./__sql__/kpi-facts-by-ad.sql');
  });
  it('by country (also per channel), every sale', async () => {
    await expect(kpiFactsSql({ ...utc, revenueSources: 'all' }, 'country')).toMatchFileSnapshot('./__sql__/kpi-facts-by-country.sql');
  });
  it('by day in UTC', async () => {
    await expect(kpiFactsSql(utc, 'day')).toMatchFileSnapshot('./__sql__/kpi-facts-by-day.sql');
  });
  it('by Jalali week and month in Asia/Tehran', async () => {
    await expect(kpiFactsSql(tehran, 'week')).toMatchFileSnapshot('./__sql__/kpi-facts-by-jalali-week.sql');
    await expect(kpiFactsSql(tehran, 'month')).toMatchFileSnapshot('./__sql__/kpi-facts-by-jalali-month.sql');
  });
  it('channel days', async () => {
    await expect(channelDailySql(utc)).toMatchFileSnapshot('./__sql__/channel-daily-utc.sql');
    await expect(channelDailySql({ ...tehran, revenueSources: 'all' })).toMatchFileSnapshot('./__sql__/channel-daily-tehran-all.sql');
  });
});

import { describe, expect, it } from 'vitest';
import { emptyMeasures } from './kpi-query.js';
import { changeBetween, previousPeriod } from './kpi-report.js';
import { computeMetrics, metricRegistry } from './registry.js';

const ctx = { margin: 1, moneyDigits: 2 };

describe('metric registry', () => {
  it('computes every KPI from base measures (hand-computed)', () => {
    const m = { ...emptyMeasures(), spend: '250.00', impressions: 50_000, clicks: 1_000, sessions: 800, page_views: 2_400, session_seconds: 96_000, bounces: 200, leads: 50, mqls: 20, sqls: 10, opportunities: 5, won: 2, conversions: 25, new_customers: 20, revenue: '1000.00', unique_visitors: 700 };
    const k = computeMetrics(m, ctx);
    expect(k).toMatchObject({
      spend: 250, ctr: 0.02, cpc: 0.25, cpm: 5, pages_per_session: 3, time_per_session: 120, bounce_rate: 0.25,
      cpl: 5, lead_to_mql_rate: 0.4, mql_to_sql_rate: 0.5, sql_to_opportunity_rate: 0.5, opportunity_to_customer_rate: 0.4,
      cost_per_mql: 12.5, cost_per_sql: 25, conversion_rate: 0.03125, cpa: 10, cac: 12.5, revenue: 1000, profit: 750,
      aov: 40, value_per_visit: 1.25, roas: 4, roi: 3,
    });
  });

  it('applies the margin to profit and ROI', () => {
    const m = { ...emptyMeasures(), spend: '100', revenue: '400' };
    expect(computeMetrics(m, { margin: 0.3, moneyDigits: 2 })).toMatchObject({ profit: 20, roi: 0.2, roas: 4 });
  });

  it('returns null, not Infinity or NaN, where a ratio is undefined', () => {
    const k = computeMetrics(emptyMeasures(), ctx);
    for (const name of ['ctr', 'cpc', 'cpm', 'cpa', 'cac', 'roas', 'roi', 'aov', 'conversion_rate']) expect(k[name]).toBeNull();
    expect(k.spend).toBe(0);
  });

  it('gives null, not 0, for every cost ratio when nothing was spent (issue 11 #5)', () => {
    // A direct channel: 2 sales, 10 clicks, 1 lead, no cost. Old code answered CPA 0.
    const m = { ...emptyMeasures(), spend: '0.000000', impressions: 100, clicks: 10, leads: 1, mqls: 1, sqls: 1, conversions: 2, new_customers: 2, revenue: '50' };
    const k = computeMetrics(m, ctx);
    for (const name of ['cpc', 'cpm', 'cpl', 'cost_per_mql', 'cost_per_sql', 'cpa', 'cac', 'roas', 'roi']) expect(k[name], name).toBeNull();
    expect(k).toMatchObject({ spend: 0, revenue: 50, aov: 25, ctr: 0.1, profit: 50 });
  });

  it('rounds money to the minor unit of the currency (IRR has none) with exact decimals', () => {
    const m = { ...emptyMeasures(), spend: '1000000', conversions: 3, revenue: '0.1', clicks: 3 };
    expect(computeMetrics(m, { margin: 1, moneyDigits: 0 }).cpa).toBe(333333);
    // 0.1 + 0.2 as decimals, not floats
    expect(computeMetrics({ ...emptyMeasures(), revenue: '0.3' }, ctx).revenue).toBe(0.3);
  });

  it('defines each metric once with a description and direction', () => {
    const names = metricRegistry.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of metricRegistry) {
      expect(m.description.length).toBeGreaterThan(5);
      expect(['up', 'down']).toContain(m.good);
    }
  });

  it('compares with the previous period of equal length', () => {
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(changeBetween({ a: 150, b: 1, c: null }, { a: 100, b: 0, c: 3 })).toEqual({ a: 0.5, b: null, c: null });
  });
});

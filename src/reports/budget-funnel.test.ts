import { describe, expect, it } from 'vitest';
import { funnelForward, funnelGoalSeek } from '../budget/index.js';
import { emptyMeasures, type BaseMeasures, type KpiFacts } from '../metrics/kpi-query.js';
import { assumptionsFromKpis, plainAssumptions, withOverrides } from './budget-funnel.js';

const row = (key: string, m: Partial<BaseMeasures>) => ({ key, measures: { ...emptyMeasures(), ...m } });

const facts: KpiFacts = {
  currency: 'EUR',
  warnings: [],
  totals: emptyMeasures(),
  rows: [
    row('search', { spend: '100.000000', impressions: 10_000, clicks: 200, sessions: 180, leads: 18, conversions: 6, revenue: '300.000000' }),
    row('social', { spend: '50.000000', impressions: 40_000, clicks: 200, sessions: 220, leads: 2, conversions: 4, revenue: '200.000000' }),
    row('organic_search', { spend: '0.000000', sessions: 1000, leads: 50, conversions: 20, revenue: '999.000000' }),
  ],
};

describe('funnel assumptions from KPIs', () => {
  it('takes the paid channels only and reproduces their window when run forward', () => {
    const a = assumptionsFromKpis(facts);
    // Paid: spend 150, impressions 50,000, clicks 400, sessions 400, leads 20, sales 10, revenue 500.
    expect(a.cpm.value).toBeCloseTo(3, 12);
    expect(a.ctr.value).toBeCloseTo(0.008, 12);
    expect(a.visit_rate.value).toBeCloseTo(1, 12);
    expect(a.cvr.value).toBeCloseTo(0.05, 12);
    expect(a.close_rate.value).toBeCloseTo(0.5, 12);
    expect(a.aov.value).toBeCloseTo(50, 12);
    const forward = funnelForward(150, plainAssumptions(a));
    expect(forward.customers).toBeCloseTo(10, 9);
    expect(forward.revenue).toBeCloseTo(500, 9);
    // 500 sales at 15 per sale (150 / 10).
    expect(funnelGoalSeek({ customers: 500 }, plainAssumptions(a)).budget).toBeCloseTo(7500, 6);
  });

  it('caps rates above 1, treats sales as leads when no leads exist, and lets overrides win', () => {
    const noLeads: KpiFacts = { ...facts, rows: [row('search', { spend: '10', impressions: 1000, clicks: 10, sessions: 12, conversions: 3, revenue: '90' })] };
    const a = assumptionsFromKpis(noLeads);
    expect(a.visit_rate).toMatchObject({ value: 1, source: 'kpis' });
    expect(a.visit_rate.basis).toMatch(/capped at 1/);
    expect(a.cvr.value).toBeCloseTo(0.25, 12);
    expect(a.close_rate.value).toBe(1);
    const o = withOverrides(a, { aov: 45 });
    expect(o.aov).toMatchObject({ value: 45, source: 'override' });
    expect(o.cpm.source).toBe('kpis');
  });

  it('marks what the window cannot give', () => {
    const a = assumptionsFromKpis({ ...facts, rows: [row('search', { spend: '10', clicks: 5 })] });
    expect(a.cpm).toMatchObject({ value: null, source: 'missing' });
    expect(Number.isNaN(plainAssumptions(a).cpm)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { funnelForward, funnelGoalSeek } from '../../budget/index.js';
import { emptyMeasures, type BaseMeasures, type KpiFacts } from '../../metrics/kpi-query.js';
import type { CrmFunnelRow } from '../../store/customers.js';
import { funnelBasis, plainAssumptions, withOverrides } from './budget-funnel.js';

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

const range = { from: '2026-01-01', to: '2026-01-30' };
const crmRow = (key: string, leads: number, customers: number): CrmFunnelRow => ({
  key,
  stages: [
    { stage: 'lead', count: leads, median_days: null },
    { stage: 'mql', count: leads, median_days: null },
    { stage: 'sql', count: customers, median_days: null },
    { stage: 'opportunity', count: customers, median_days: null },
    { stage: 'customer', count: customers, median_days: null },
  ],
});
const total = (leads: number, customers: number): CrmFunnelRow => ({ ...crmRow('x', leads, customers), key: null });

describe('funnel assumptions from one source (issue 11 #10)', () => {
  it('plans through leads when the paid sales come from leads: close rate from the CRM, and the window reproduces itself', () => {
    // Paid: spend 150, impressions 50,000, clicks 400, sessions 400, sales 10, revenue 500. CRM: 20 leads of search and
    // social created in the window, 8 of them customers (8 of 10 sales) → leads path; organic's 50 leads do not count.
    const crm = [total(70, 9), crmRow('search', 18, 6), crmRow('social', 2, 2), crmRow('organic_search', 50, 1)];
    const b = funnelBasis(facts, crm, range);
    expect(b.path).toBe('leads');
    expect(b.path_message).toMatchObject({ id: 'budget.msg.path_leads', params: { sales_from_leads: 8, sales: 10, share_pct: 80 } });
    const a = b.assumptions;
    expect(a.cpm.value).toBeCloseTo(3, 12);
    expect(a.ctr.value).toBeCloseTo(0.008, 12);
    expect(a.visit_rate.value).toBeCloseTo(1, 12);
    expect(a.cvr).toMatchObject({ source: 'crm' });
    expect(a.cvr.value).toBeCloseTo(0.05, 12); // 20 CRM leads / 400 sessions
    expect(a.close_rate.value).toBeCloseTo(0.4, 12); // 8 / 20
    expect(a.close_rate.basis).toBe('CRM: 8 of the 20 leads created 2026-01-01–2026-01-30 became customers');
    expect(a.sales_rate.value).toBeCloseTo(0.025, 12); // 10 / 400
    expect(a.aov.value).toBeCloseTo(50, 12);
    // 150 → 50,000 impressions → 400 clicks → 400 visits → 20 leads → 8 sales → 400 revenue.
    const forward = funnelForward(150, plainAssumptions(a, b.path));
    expect(forward.leads).toBeCloseTo(20, 9);
    expect(forward.customers).toBeCloseTo(8, 9);
    // 500 sales at 150 / 8 per sale.
    expect(funnelGoalSeek({ customers: 500 }, plainAssumptions(a, b.path)).budget).toBeCloseTo(9375, 6);
  });

  it('plans sales from visits when they do not come through leads: the CRM close rate is shown, not chained', () => {
    // The shape: 1,000 paid leads of which 17 became customers (1.7%), against 373 paid sales. The old planner
    // took sales / leads = 37.3% as the close rate; here 17 of 373 sales (5%) were by leads → the visits path.
    const shop: KpiFacts = { ...facts, rows: [row('search', { spend: '3000', impressions: 300_000, clicks: 10_000, sessions: 10_000, leads: 1000, conversions: 373, revenue: '29840' })] };
    const b = funnelBasis(shop, [total(1000, 17), crmRow('search', 1000, 17)], range);
    expect(b.path).toBe('visits');
    expect(b.path_message.text).toBe('only 17 of 373 paid sales (5%) were by leads created 2026-01-01–2026-01-30, so sales are planned from visits (sales per visit) and leads are counted beside them');
    expect(b.assumptions.close_rate.value).toBeCloseTo(0.017, 12);
    expect(b.assumptions.sales_rate.value).toBeCloseTo(0.0373, 12);
    const plain = plainAssumptions(b.assumptions, b.path);
    // 3000 → 10,000 visits → 373 sales (not 10,000 × 0.1 × 0.017 = 17), 1,000 leads beside.
    const forward = funnelForward(3000, plain);
    expect(forward.customers).toBeCloseTo(373, 9);
    expect(forward.leads).toBeCloseTo(1000, 9);
    expect(forward.revenue).toBeCloseTo(29_840, 6);
    // A forced path is said to be given.
    expect(funnelBasis(shop, [crmRow('search', 1000, 17)], range, 'leads').path_message.id).toBe('budget.msg.path_given');
  });

  it('caps rates above 1, plans from visits when no leads exist, and lets overrides win', () => {
    const noLeads: KpiFacts = { ...facts, rows: [row('search', { spend: '10', impressions: 1000, clicks: 10, sessions: 12, conversions: 3, revenue: '90' })] };
    const b = funnelBasis(noLeads, [], range);
    expect(b.path).toBe('visits');
    expect(b.assumptions.visit_rate).toMatchObject({ value: 1, source: 'kpis', capped_from: 1.2 });
    expect(b.assumptions.visit_rate.basis).toMatch(/capped at 1/);
    expect(b.assumptions.cvr).toMatchObject({ value: 0, source: 'crm' });
    expect(b.assumptions.sales_rate.value).toBeCloseTo(0.25, 12);
    const o = withOverrides(b.assumptions, { aov: 45 });
    expect(o.aov).toMatchObject({ value: 45, source: 'override' });
    expect(o.cpm.source).toBe('kpis');
  });

  it('marks what the window cannot give', () => {
    const b = funnelBasis({ ...facts, rows: [row('search', { spend: '10', clicks: 5 })] }, [], range);
    expect(b.assumptions.cpm).toMatchObject({ value: null, source: 'missing' });
    expect(Number.isNaN(plainAssumptions(b.assumptions).cpm)).toBe(true);
  });
});
